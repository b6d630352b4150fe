"""The real wiki: zero findings, full coverage, and one broken claim anywhere is caught."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from conftest import DOCS, SOURCES, STARLIGHT, sphinx_build

pytestmark = pytest.mark.slow  # builds the real wiki (make test-fast leaves it out)


def test_real_wiki_has_no_findings_and_full_coverage(wiki_html):
    data = json.loads((wiki_html.outdir / "claims.json").read_text(encoding="utf-8"))
    assert data["findings"] == []
    assert data["totals"]["uncited"] == 0 and data["totals"]["failed verification"] == 0
    assert data["totals"]["claims"] > 150
    assert {item["key"]: item["share"] for item in data["coverage"]} == {
        key: 1.0 for key in ("lovestory", "recognition", "resonate", "timeless", "preview")
    }


def first_line(lines: list[str], pattern: str) -> int:
    """Index of the first line matching *pattern* that starts a sentence for sure
    (a list item, or a line opening a paragraph)."""
    return next(
        i
        for i, line in enumerate(lines)
        if (line.startswith("- ") or (i and not lines[i - 1].strip() and line[:1].isalpha()))
        and re.search(pattern, line)
    )


def test_mutations_fail_the_check_and_the_build_at_the_right_line(tmp_path):
    copy = tmp_path / "wiki"
    shutil.copytree(DOCS, copy / "docs")
    shutil.copytree(SOURCES, copy / "sources")
    expected = []

    page = copy / "docs/plot.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    index = first_line(lines, r"^(- )?[^{]*\{cite:p\}`[^`]*`\.$")
    lines[index] = re.sub(r" ?\{cite:p\}`[^`]*`", "", lines[index])
    page.write_text("\n".join(lines), encoding="utf-8")
    expected.append(f"docs/plot.md:{index + 1}: error: uncited claim")

    page = copy / "docs/reception.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    index = first_line(lines, r"88%")
    lines[index] = lines[index].replace("88%", "87%")
    page.write_text("\n".join(lines), encoding="utf-8")
    expected.append(f"docs/reception.md:{index + 1}: error: number 87 not found")

    lines = page.read_text(encoding="utf-8").split("\n")
    index = first_line(lines, r"\"[^\"]*masterpiece[^\"]*\"")
    lines[index] = lines[index].replace("masterpiece", "masterpeice", 1)
    page.write_text("\n".join(lines), encoding="utf-8")
    expected.append(f"docs/reception.md:{index + 1}: error: quote not found")

    result = subprocess.run([*STARLIGHT, "check-claims"], cwd=copy, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    findings = [line for line in errors if not line.endswith("[claims.unreviewed]")]
    for prefix in expected:
        assert any(line.startswith(prefix) for line in findings), (prefix, findings)
    assert len(findings) == len(expected), findings
    # Each edited claim also awaits a person's review again, and no other claim does.
    unreviewed = {line.split(": error: ")[0] for line in errors if line not in findings}
    assert unreviewed == {prefix.split(": error: ")[0] for prefix in expected}, unreviewed

    build = sphinx_build(copy / "docs", tmp_path / "html")
    assert build.returncode != 0
    for prefix in expected:
        warning = prefix.replace(": error: ", ": WARNING: ").replace(
            "docs/", str(copy / "docs") + "/"
        )
        assert warning in build.output, (warning, build.output[-2000:])
