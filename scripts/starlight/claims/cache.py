"""What a build can reuse from the last: each page's claims and their verdicts.

Every build judges the claims of every page, for the project-wide checks need
them all; reading and judging a page costs the worker about 30 ms, which an
incremental build that changed one page would pay for every page. So the worker
keeps, beside each page's pickled doctree, a file ``<docname>.claims`` holding
what it read from that doctree and the verdict of each of its claims and labels.
The next build reads a page's doctree again only when the doctree's bytes
changed, and judges again only the claims and labels it has no verdict for:
a verdict is kept only while the checker's code, the installed packages, the
source metadata, the sources, the allow-list and the synonyms are the same
(:func:`inputs_digest`). A claim's verdict does not depend on where it is, so
a sentence that moved keeps its verdict, at its new line.

A clean build has no such files and judges every claim, even one written twice:
the benchmark's synthetic wikis repeat the real pages, and reusing verdicts
within one build would flatter its figures.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from starlight.claims.codes import Code
from starlight.claims.model import Claim, Finding, Flag, Label

SUFFIX = ".claims"
_FORMAT = 3  # raised when what a file holds changes


@cache
def code_digest() -> str:
    """The checker's code and data, the Python it runs on and every installed package's
    version: a change of any of them may change a verdict."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{_FORMAT} {sys.version} {sys.implementation.cache_tag}".encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    digest.update(repr(_installed()).encode())
    return digest.hexdigest()


def _installed() -> list[str]:
    """Every installed package, by the name of its metadata folder, which holds its
    version ("Sphinx-9.0.4.dist-info"): listing the folders costs a millisecond,
    reading each package's metadata a fifth of a second."""
    return sorted(
        name
        for folder in sys.path
        if os.path.isdir(folder)
        for name in os.listdir(folder)
        if name.endswith((".dist-info", ".egg-info"))
    )


def files_digest(files: list[Path | str]) -> str:
    """The bytes of *files* (a missing or unreadable file counts as such). The build
    hashes a file before it parses it, so that an edit made in between leaves verdicts
    filed under the old digest, which the next build does not reuse."""
    digest = hashlib.sha256()
    for name in files:
        path = Path(name)
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()


def inputs_digest(files: str) -> str:
    """What every verdict depends on: the checker's code and the input files' digest."""
    return hashlib.sha256(f"{code_digest()} {files}".encode()).hexdigest()


def _claim_key(claim: Claim) -> tuple:
    """What a claim's verdict depends on besides the inputs: not its page or line."""
    return (
        "claim",
        claim.text,
        claim.checked,
        tuple(claim.citations),
        claim.malformed,
        claim.clauses,
        claim.tail,
        claim.shown,
    )


def _label_key(label: Label) -> tuple:
    return ("label", label.kind, label.text, tuple(label.citations))


# status, (code, message) of each finding, the flags
Verdict = tuple[str, tuple[tuple[Code, str], ...], tuple[Flag, ...]]


@dataclass
class PageRead:
    """What was read from one page's doctree (see :func:`.extract.read_pages`)."""

    claims: list
    exemptions: list
    labels: list
    empty: bool


@dataclass
class _Entry:
    doctree: str  # SHA-256 of the doctree's bytes
    flags: tuple  # what else the reading depended on (path, editorial, notes allowed)
    read: PageRead | None  # None until this build has read the page
    verdicts: dict[tuple, Verdict] = field(default_factory=dict)


_PRELOADED: dict[Path, tuple[tuple[int, int, int], tuple[str, object]]] = {}
"""Files unpickled ahead (:func:`preload`), with the inode, time and size they had then
(a file is always replaced whole, :func:`write_whole`, so a new one has a new inode)."""


def _identity(stat: os.stat_result) -> tuple[int, int, int]:
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def preload(doctrees: Path | str) -> None:
    """Unpickle every page's file in *doctrees* while Sphinx reads: the worker is idle
    then in an incremental build, whose writing otherwise waits for it to load every
    unchanged page's file (about half a second at 850 pages). A file changed since is
    read again when the page asks for it."""
    _PRELOADED.clear()
    for path in Path(doctrees).rglob("*" + SUFFIX):
        try:
            stat = path.stat()
            _PRELOADED[path] = (_identity(stat), unpickled(path.read_bytes()))
        except Exception:  # being written, or from another version: read when asked for
            continue


class VerdictCache:
    """The files of one build's pages: loaded when the pages are read, saved once
    judged. *inputs* is :func:`inputs_digest`: a file kept with other inputs is not used."""

    def __init__(self, inputs: str) -> None:
        self.inputs = inputs
        self._pages: dict[str, tuple[Path, _Entry]] = {}  # this build's, file and entry
        self._reused: set[str] = set()  # pages taken whole from their files
        self._previous: dict[tuple, Verdict] = {}  # kept by earlier builds: the only ones reused
        self._judged: dict[tuple, Verdict] = {}  # this build's

    def read(self, docname: str, doctree: Path, digest: str, flags: tuple) -> PageRead | None:
        """The page as read before, if its doctree (*digest*: the SHA-256 of its bytes)
        and flags are unchanged; otherwise ``None``, and the caller reads it and hands it
        to :meth:`note`."""
        path = doctree.with_suffix(SUFFIX)
        entry = _Entry(digest, flags, None)
        self._pages[docname] = (path, entry)
        kept = self._load(path)
        if kept is None:
            return None
        self._previous.update(kept.verdicts)
        if (kept.doctree, kept.flags) != (entry.doctree, entry.flags):
            return None
        entry.read = kept.read
        self._reused.add(docname)
        return kept.read

    def _load(self, path: Path) -> _Entry | None:
        preloaded = _PRELOADED.pop(path, None)
        try:
            stat = path.stat()
            if preloaded is not None and preloaded[0] == _identity(stat):
                inputs, entry = preloaded[1]
            else:
                inputs, entry = unpickled(path.read_bytes())
        except Exception:  # missing, partly written or from another version: read again
            return None
        return entry if inputs == self.inputs and isinstance(entry, _Entry) else None

    def note(self, docname: str, read: PageRead) -> None:
        """What this build read afresh from the page."""
        self._pages[docname][1].read = read

    def judged(
        self, item: Claim | Label, judge: Callable[..., list[Finding]], *args: object
    ) -> list[Finding]:
        """The findings of a claim or label (its status and flags set): as judged in the
        last build, at its own place now, or by ``judge(item, *args)``."""
        key = _claim_key(item) if isinstance(item, Claim) else _label_key(item)
        known = self._previous.get(key)
        if known is None:
            findings = judge(item, *args)
            self._judged[key] = (
                item.status,
                tuple((f.code, f.message) for f in findings),
                tuple(item.flags),
            )
            return findings
        status, found, flags = known
        findings = [Finding(code, item.path, item.line, message) for code, message in found]
        item.status = status
        item.findings = [finding.code.qualified for finding in findings]
        item.flags = list(flags)
        return findings

    def save(self) -> None:
        """Write the file of each page read afresh or holding a claim judged afresh."""
        for docname, (path, entry) in self._pages.items():
            if entry.read is None:
                continue
            keys = [_claim_key(c) for c in entry.read.claims] + [
                _label_key(label) for label in entry.read.labels
            ]
            if docname in self._reused and not self._judged.keys() & set(keys):
                continue  # nothing new to keep
            entry.verdicts = {
                key: self._judged.get(key) or self._previous[key]
                for key in keys
                if key in self._judged or key in self._previous
            }
            write_whole(path, pickle.dumps((self.inputs, entry), pickle.HIGHEST_PROTOCOL))


def unpickled(data: bytes) -> Any:
    """*data* unpickled with the garbage collector paused: a kept table or page is
    thousands to millions of dicts and tuples, and each collection their allocations
    set off would walk all those made before (WordNet's tables load in half the time)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if paused:
            gc.enable()


def write_whole(path: Path, data: bytes) -> None:
    """All of *data* or nothing (a reader finds the old file or none, never half of one)."""
    handle = None
    try:
        with tempfile.NamedTemporaryFile(
            "wb", dir=path.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(data)
        os.replace(handle.name, path)
    except OSError:
        if handle is not None:
            Path(handle.name).unlink(missing_ok=True)
