"""The lexicons' tables, decoded once per installation rather than once per process.

Every build and every ``check-claims`` is a new process, and decoding simplemma's
English dictionary and TextBlob's Brill lexicon costs it about 0.45 s of CPU: more
than the rest of a small project's check. A pickle of the decoded table loads in
about a sixth of that. Tables are kept in the virtual env (``sys.prefix``), filed
under what they are made from: the Python, the decoding function's code and what
the caller names (the package's version, the data file's size and time), so a
change of any of them decodes afresh. Outside a virtual env, where nothing can be
written, or when a kept file is damaged, the table is decoded as before.

The package's own tables (``data/*.tsv``) are read row by row with :func:`rows`.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import CodeType
from typing import TypeVar

from starlight.claims.cache import unpickled, write_whole

T = TypeVar("T")
_FORMAT = 1  # raised when what a file holds changes
DATA = Path(__file__).with_name("data")
"""The package's tables (``scales.tsv``, ``antonyms.tsv``, ``wordnet-*.tsv`` …)."""


def rows(name: str) -> Iterator[list[str]]:
    """The fields of each row of the tab-separated table *name* in :data:`DATA`; blank
    lines and ``#`` comments (the headers) left out."""
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def folder() -> Path | None:
    """Where tables are kept: the virtual env's own folder, never a system-wide one."""
    if sys.prefix == sys.base_prefix:
        return None
    return Path(sys.prefix) / "var" / "cache" / "starlight"


def _fingerprint(code: CodeType) -> tuple:
    """What a function's code is, as a key: its bytecode, names and constants, with each
    nested function's (a comprehension's) code by the same, not by the code object's
    repr, which holds its address in this process."""
    return (
        code.co_code,
        code.co_names,
        tuple(
            _fingerprint(const) if isinstance(const, CodeType) else const
            for const in code.co_consts
        ),
    )


def kept(name: str, decode: Callable[[], T], *made_from: object) -> T:
    """*decode()*, or what it returned in an earlier process from the same *made_from*."""
    where = folder()
    if where is None:
        return decode()
    key = hashlib.sha256(
        repr(
            (_FORMAT, sys.implementation.cache_tag, _fingerprint(decode.__code__), made_from)
        ).encode()
    ).hexdigest()
    path = where / f"{name}-{key[:16]}.pickle"
    try:
        return unpickled(path.read_bytes())
    except Exception:  # none yet, or damaged: decoded again, and written over
        pass
    table = decode()
    try:
        where.mkdir(parents=True, exist_ok=True)
        for old in where.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)  # made from something else
    except OSError:
        return table
    write_whole(path, pickle.dumps(table, pickle.HIGHEST_PROTOCOL))
    return table
