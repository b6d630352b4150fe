"""Tools for the Lost in Starlight Wiki: sources, citations, claims and the Sphinx extension.

The package is installed with the project (``make venv``, an editable install of
``pyproject.toml``). Its folders follow the pipeline, from the archived sources to
the published site; the Sphinx extension (:mod:`starlight.extension`) and the
command-line tools (``starlight COMMAND``, :mod:`starlight.cli`) share them, so no
rule is written twice. The README's Architecture section walks through the stages.
"""

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
PROJECT_FOLDERS = ("docs", "sources")
"""What a build needs besides the installed package: a copy of these folders builds
like the checkout."""


def copy_project(target: Path, root: Path = REPO) -> Path:
    """Copy the :data:`PROJECT_FOLDERS` that *root* has into *target*, without build
    leftovers."""
    for name in PROJECT_FOLDERS:
        if (root / name).is_dir():
            shutil.copytree(
                root / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "_build")
            )
    return target
