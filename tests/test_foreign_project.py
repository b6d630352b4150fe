"""The claim checker in another Sphinx project: only the generic extension.

A small project about something else (an invented lighthouse, two invented
sources, the default theme, its own BibTeX file) adds ``starlight.claims.sphinx``
to its extensions with nothing but ``claims_sources``: its claims are checked,
a wrong figure is a located finding, and the honest page passes clean. Neither
importing the checker nor building with it loads a module of the wiki's site,
so the split between the two extensions cannot regress unnoticed.
"""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import STARLIGHT, copy_root

# The wiki's site extension and what only it uses; the checker may use none of them.
SITE_MODULES = (
    "starlight.extension",
    "starlight.pages",
    "starlight.site",
    "starlight.bibliography",
)
# Runs in a fresh interpreter: the code in argv[1] (argv[2:] its arguments), then
# prints the site's modules it loaded, as JSON on stdout's last line.
PROBE = f"""
import json, sys
try:
    exec(sys.argv[1])
finally:
    site = {SITE_MODULES!r}
    loaded = [m for m in sys.modules if m in site or m.startswith(tuple(s + "." for s in site))]
    print(json.dumps(sorted(loaded)))
"""


def probe(code: str, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run *code* in a fresh interpreter; its result, and the site's modules it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, code, *args], capture_output=True, text=True
    )
    return done, json.loads(done.stdout.splitlines()[-1])


def build(project: Path) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Build *project*'s HTML (``-n``, quiet) in a fresh interpreter."""
    return probe(
        "from sphinx.cmd.build import main\n"
        "raise SystemExit(main(['-q', '-b', 'html', '-n', sys.argv[2], sys.argv[3]]))",
        str(project),
        str(project / "_build"),
    )


def test_importing_the_checker_loads_nothing_of_the_site():
    done, loaded = probe("import starlight.claims.sphinx")
    assert done.returncode == 0, done.stderr
    assert loaded == []
    # The probe sees the site when it is there: the wiki's extension loads its pages.
    done, loaded = probe("import starlight.extension")
    assert done.returncode == 0, done.stderr
    assert {"starlight.extension", "starlight.pages.links"} <= set(loaded)


@pytest.mark.slow  # a whole Sphinx build in a fresh interpreter
def test_a_foreign_project_uses_only_the_generic_extension(tmp_path):
    project = copy_root("foreign", tmp_path / "foreign")
    extensions = runpy.run_path(str(project / "conf.py"))["extensions"]
    assert extensions == ["myst_parser", "sphinxcontrib.bibtex", "starlight.claims.sphinx"]
    clean, loaded = build(project)
    assert clean.returncode == 0, clean.stderr
    assert "WARNING" not in clean.stderr and "Traceback" not in clean.stderr
    assert loaded == []  # a whole build with the checker, and nothing of the site
    data = json.loads((project / "_build" / "claims.json").read_text(encoding="utf-8"))
    assert data["totals"]["verified"] == 3 and data["totals"]["findings"] == 0

    page = project / "index.md"
    page.write_text(page.read_text().replace("first lit in 1874", "first lit in 1875"))
    wrong, _ = build(project)
    assert (
        f"{page}:4: WARNING: number 1875 not found in [keeper L2] "
        "[claims.ungrounded_number]" in wrong.stderr
    )


def test_a_foreign_project_without_its_sources_file_is_told_in_one_line(tmp_path):
    project = copy_root("foreign", tmp_path / "foreign")
    conf = project / "conf.py"
    conf.write_text(conf.read_text().replace('claims_sources = "sources.yaml"\n', ""))
    failed = subprocess.run(
        [
            *STARLIGHT,
            "check-claims",
            "--docs",
            str(project),
            "--doctrees",
            str(tmp_path / "doctrees"),
        ],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 2
    assert failed.stderr.strip().splitlines() == [
        f"{conf}: claims_sources names no sources file: set it to the YAML file that lists "
        "the sources (key, label, file, sha256)"
    ]
