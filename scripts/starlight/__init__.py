"""Tools for the Lost in Starlight Wiki: sources, citations and the Sphinx extension.

Every module here does one thing; the Sphinx extension (:mod:`starlight.extension`)
and the command-line scripts in ``scripts/`` share them, so no rule is written twice.
"""

import os
import shutil
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent
REPO = SCRIPTS.parent
PROJECT_FOLDERS = ("docs", "sources", "scripts")
"""What a build needs: a copy of these folders builds like the checkout."""


def subprocess_env() -> dict[str, str]:
    """The environment for a ``python -m sphinx`` child: it can import ``starlight``."""
    paths = [str(SCRIPTS), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def copy_project(target: Path) -> Path:
    """Copy the project's :data:`PROJECT_FOLDERS` into *target*, without build leftovers."""
    for name in PROJECT_FOLDERS:
        shutil.copytree(REPO / name, target / name,
                        ignore=shutil.ignore_patterns("__pycache__", "_build"))
    return target
