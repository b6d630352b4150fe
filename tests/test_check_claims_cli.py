"""``starlight check-claims``: report format, exit status and bad input.

One test runs the installed command as a program; the others call its ``main`` in
this process (the same code, without a second of interpreter start-up each)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_root, forge_verdicts
from starlight.claims import check as check_claims

COMMAND = Path(sys.executable).with_name("starlight")  # the entry point pip installed


def project(tmp_path: Path, root: str) -> Path:
    return copy_root(root, tmp_path / "project")


def run_program(docs: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(COMMAND), "check-claims", "--docs", str(docs), *args],
        capture_output=True,
        text=True,
        cwd=docs,
    )


@pytest.fixture
def run(monkeypatch, capsys):
    """check_claims.main in this process, from the project's folder, as a program's result."""

    def run(docs: Path, *args: str) -> subprocess.CompletedProcess:
        monkeypatch.chdir(docs)
        status = check_claims.main(["--docs", str(docs), *args])
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["starlight", "check-claims"], status, out, err)

    return run


def test_the_script_runs_as_a_program_and_exits_zero_with_totals(tmp_path):
    result = run_program(project(tmp_path, "claims-grounding-good"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 findings" in result.stdout.splitlines()[-1]
    assert "Allow-list" in result.stdout


def test_findings_exit_one_in_the_documented_format(tmp_path, run):
    result = run(project(tmp_path, "claims-quote-bad"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        'index.md:4: error: quote not found in [alpha L2]: "a luminus voyage" '
        '(closest: "a luminous voyage") [claims.quote_not_found]'
    )


def test_json_dataset_lists_every_claim_verified_or_not(tmp_path, run):
    docs = project(tmp_path, "claims-uncited-bad")
    result = run(docs, "--format", "json", "--output", "claims.json")
    assert result.returncode == 1
    data = json.loads((docs / "claims.json").read_text())
    by_line = {claim["line"]: claim for claim in data["claims"]}
    assert by_line[3]["status"] == "verified"
    assert by_line[3]["cited_keys"] == ["alpha"]
    assert by_line[3]["pinpoints"] == [{"key": "alpha", "pinpoint": "L1"}]
    assert by_line[4]["status"] == "uncited"
    assert by_line[4]["path"] == "index.md"
    assert by_line[3]["flags"] == [] and by_line[3]["kind"] == "sentence"
    assert data["coverage"][0]["key"] == "alpha"
    # Labels have the same fields as claims.
    heading = next(
        label
        for label in data["labels"]
        if label["kind"] == "heading" and label["path"] == "index.md"
    )
    assert set(heading) == set(by_line[3])
    assert (heading["path"], heading["text"]) == ("index.md", "Alpha")


def test_flags_are_listed_with_their_words_and_do_not_fail_the_check(tmp_path, run):
    docs = project(tmp_path, "flags-scale-bad")
    result = run(docs, "--format", "json", "--output", "claims.json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads((docs / "claims.json").read_text())
    flags = [(claim["line"], flag) for claim in data["claims"] for flag in claim["flags"]]
    assert [(line, flag["kind"], flag["word"]) for line, flag in flags] == [
        (4, "scale", "always"),
        (5, "scale", "will"),
        (6, "scale", "best"),
    ]
    texts = {claim["line"]: claim["text"] for claim in data["claims"]}
    for line, flag in flags:
        assert texts[line][flag["start"] : flag["end"]] == flag["word"]
        assert set(flag) == {"word", "start", "end", "kind", "message"}
    assert data["totals"]["flags"] == 3
    assert data["flags_per_file"] == {"index.md": 3}
    text = run(docs)
    assert text.returncode == 0
    assert (
        "index.md:4: flag: 'always': stronger than the cited lines' 'often' (frequency) "
        "[flag.scale]" in text.stdout
    )
    assert "0 findings; 3 flags" in text.stdout


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: (d / "evidence/alpha.txt").write_bytes(b"bad \xff\n"),
            "evidence/alpha.txt:1: error: source is not valid UTF-8",
        ),
        (
            lambda d: (d / "evidence/sources.yaml").write_text("sources: [\n"),
            "evidence/sources.yaml:2: malformed metadata",
        ),
        (
            lambda d: (d / "index.md").write_text("# A\n\nAlpha is a film {cite:p}`alpha{L1}.\n"),
            "index.md:3: error: malformed citation role {cite:p}`alpha{L1}.`: its closing backtick "
            "is missing",
        ),
        (
            lambda d: (d / "index.md").write_text("# A\n\nAlpha is a film {cite:p}`alpha{L0}`.\n"),
            "index.md:3: error: citation of 'alpha': pinpoint 'L0': lines are numbered from 1",
        ),
        (
            lambda d: (d / "index.md").write_text(
                "# A\n\nAlpha is a film {cite:p}`alpha{L9999}`.\n"
            ),
            "index.md:3: error: pinpoint alpha L9999 is outside alpha.txt (3 lines)",
        ),
        (
            lambda d: (d / "bibliography.md").write_text(""),
            "bibliography.md:1: error: page is empty",
        ),
        (
            lambda d: (d / "claims-synonyms.txt").write_text("Mars =\n"),
            "claims-synonyms.txt:1: ERROR: expected 'word = word', got 'Mars ='",
        ),
        (
            lambda d: (d / "conf.py").open("a").write("claims_min_coverage = 2\n"),
            "conf.py:4: claims_min_coverage must be a number from 0 to 1, not 2",
        ),
        (
            lambda d: (d / "conf.py").open("a").write("claims_max_citations_per_line = True\n"),
            "conf.py:4: claims_max_citations_per_line must be a positive whole number, or None, "
            "not True",
        ),
        (
            lambda d: (d / "conf.py").open("a").write("claims_allowlist = 5\nclaims_check = 1\n"),
            "conf.py:5: claims_check must be a bool, not 1 (and 1 more)",
        ),
        (
            lambda d: (d / "conf.py").open("a").write('claims_editorial_pages = ["abuot"]\n'),
            "conf.py:4: ERROR: claims_editorial_pages names 'abuot', which is no page of this "
            "project",
        ),
    ],
)
def test_bad_input_is_one_located_line_and_exit_two(tmp_path, run, mutate, message):
    docs = project(tmp_path, "claims-uncited-good")
    mutate(docs)
    result = run(docs, "--output", "report.txt")
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    report = (docs / "report.txt").read_text() if (docs / "report.txt").exists() else ""
    assert any(line.startswith(message) for line in (output + report).splitlines()), output + report
    assert not list(docs.glob("*.tmp"))


def test_missing_docs_folder_is_a_usage_error(tmp_path, run):
    result = run(tmp_path)
    assert result.returncode == 2
    assert "no conf.py" in result.stderr


@pytest.mark.parametrize("silenced", ["claims.uncited", "claims.*", "claims"])
def test_suppressed_codes_are_silenced_in_the_report_too(tmp_path, run, silenced):
    """Sphinx's own matching: a code, every code of the type, or the type."""
    docs = project(tmp_path, "claims-uncited-bad")
    with (docs / "conf.py").open("a") as conf:
        conf.write(f'suppress_warnings = ["{silenced}"]  # on purpose, for this test\n')
    result = run(docs)
    assert result.returncode == 0, result.stdout
    assert "0 findings" in result.stdout


def test_another_code_silenced_leaves_the_finding(tmp_path, run):
    docs = project(tmp_path, "claims-uncited-bad")
    with (docs / "conf.py").open("a") as conf:
        conf.write('suppress_warnings = ["claims.quote_not_found"]\n')
    assert run(docs).returncode == 1


def test_every_run_reads_every_page_and_keeps_the_verdicts_in_doctrees(tmp_path, run):
    """The kept doctrees spare judging unchanged claims again, never reading: a
    warning Sphinx gives while reading a page shows on every run."""
    docs = project(tmp_path, "claims-quote-bad")
    with (docs / "index.md").open("a") as page:
        page.write("\n```{no-such-directive}\n```\n")
    kept = tmp_path / "kept"
    first = run(docs, "--doctrees", str(kept))
    forge_verdicts(kept / "index.claims", "luminus", "reused")
    second = run(docs, "--doctrees", str(kept))
    for result in (first, second):
        assert result.returncode == 2, result.stdout + result.stderr
        assert "no-such-directive" in result.stderr
        assert "[claims.quote_not_found]" in result.stdout
    assert "index.md:4: error: reused [claims.quote_not_found]" in second.stdout
    assert not (docs.parent / "build").exists()  # --doctrees, not the default, was used
