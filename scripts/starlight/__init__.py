"""Tools for the Lost in Starlight Wiki: sources, citations, claims, two Sphinx extensions.

The package is installed with the project (``make venv``, an editable install of
``pyproject.toml``). Its folders follow the pipeline, from the archived sources to
the published site. Two Sphinx extensions share them: the generic claim checker
(:mod:`starlight.claims.sphinx`, for any project) and the wiki's site built on it
(:mod:`starlight.extension`); the command-line tools (``starlight COMMAND``,
:mod:`starlight.cli`) use the same modules, so no rule is written twice. The
README's Architecture section walks through the stages.
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
