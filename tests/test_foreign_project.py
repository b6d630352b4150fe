"""The claim checker in another Sphinx project: only the generic extension.

A small project about something else (an invented lighthouse, two invented
sources, the default theme, its own BibTeX file) adds ``starlight.claims.sphinx``
to its extensions with nothing but ``claims_sources``: its claims are checked,
a wrong figure is a located finding, and the honest page passes clean.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import STARLIGHT


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            "-n",
            str(project),
            str(project / "_build"),
        ],
        capture_output=True,
        text=True,
    )


def test_a_foreign_project_uses_only_the_generic_extension(rootdir, tmp_path):
    project = tmp_path / "foreign"
    shutil.copytree(rootdir / "test-foreign", project)
    conf = (project / "conf.py").read_text()
    assert '"starlight.claims.sphinx"' in conf and "starlight.extension" not in conf
    clean = build(project)
    assert clean.returncode == 0, clean.stderr
    assert "WARNING" not in clean.stderr and "Traceback" not in clean.stderr
    data = json.loads((project / "_build" / "claims.json").read_text(encoding="utf-8"))
    assert data["totals"]["verified"] == 3 and data["totals"]["findings"] == 0

    page = project / "index.md"
    page.write_text(page.read_text().replace("first lit in 1874", "first lit in 1875"))
    wrong = build(project)
    assert (
        f"{page}:4: WARNING: number 1875 not found in [keeper L2] "
        "[claims.ungrounded_number]" in wrong.stderr
    )


def test_a_foreign_project_without_its_sources_file_is_told_in_one_line(rootdir, tmp_path):
    project = tmp_path / "foreign"
    shutil.copytree(rootdir / "test-foreign", project)
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
