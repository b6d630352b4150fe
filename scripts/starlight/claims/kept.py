"""The lexicons' tables, decoded once per installation rather than once per process.

Every build and every ``check-claims`` is a new process, and decoding simplemma's
English dictionary and TextBlob's Brill lexicon costs it about 0.7 s of CPU: more
than the rest of a small project's check. A pickle of the decoded table loads in a
tenth of that. Tables are kept in the Python environment (``sys.prefix``), filed
under the digest of the checker's code and the installed packages
(:func:`~starlight.claims.cache.code_digest`), so a change of either decodes afresh.
Where nothing can be written, or a kept file is damaged, the table is decoded as before.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path
from typing import Callable, TypeVar

from starlight.claims.cache import code_digest, write_whole

T = TypeVar("T")


def folder() -> Path:
    return Path(sys.prefix) / "var" / "cache" / "starlight"


def kept(name: str, decode: Callable[[], T]) -> T:
    """*decode()*, or what it returned in an earlier process of this installation."""
    path = folder() / f"{name}-{code_digest()[:16]}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # none yet, or damaged: decoded again, and written over
        pass
    table = decode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)  # an earlier version's
    except OSError:
        return table
    write_whole(path, pickle.dumps(table, pickle.HIGHEST_PROTOCOL))
    return table
