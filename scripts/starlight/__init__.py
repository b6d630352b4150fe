"""Tools for the Lost in Starlight Wiki: sources, citations and the Sphinx extension.

Every module here does one thing; the Sphinx extension (:mod:`starlight.extension`)
and the command-line scripts in ``scripts/`` share them, so no rule is written twice.
"""

import os
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent


def subprocess_env() -> dict[str, str]:
    """The environment for a ``python -m sphinx`` child: it can import ``starlight``."""
    paths = [str(SCRIPTS), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
