"""What the checker reads and writes: claims, exemptions and findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlight.claims.codes import Code, FlagKind


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited key of a sentence, with its pinpoint (the role's post-text)."""

    key: str
    pinpoint: str


@dataclass(frozen=True, slots=True)
class Flag:
    """A word whose meaning the machine could not prove: where it is in its claim's or
    label's ``text`` (``start``, ``end``: character offsets), why, and in words."""

    kind: FlagKind
    start: int
    end: int
    word: str
    message: str

    def as_json(self) -> dict:
        return {
            "word": self.word,
            "start": self.start,
            "end": self.end,
            "kind": self.kind.name,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class ReviewState:
    """Where a claim stands in the review ledger (:mod:`.ledger`): ``state`` is
    ``reviewed``, ``changed`` or ``unreviewed``; ``key`` its row's (or the one it
    will get); who reviewed it, when and with what note (empty when never)."""

    state: str
    key: str
    reviewer: str = ""
    date: str = ""
    note: str = ""
    text: str = ""  # the text as reviewed (the diff's left side)

    def as_json(self) -> dict:
        return {
            "state": self.state,
            "key": self.key,
            "reviewer": self.reviewer,
            "date": self.date,
            "note": self.note,
        }


@dataclass(slots=True)
class Claim:
    """One sentence that states something, where it was written and what it cites.

    ``text`` is the sentence as a reader sees it (citations as ``[key L9]``);
    ``checked`` is the same sentence without citations, links and code, the
    part whose quotes, numbers and names must be found in the source.

    ``clauses`` binds evidence to the citation that follows it: each entry is
    ``(start, end, first, count)``, the stretch ``checked[start:end]`` and the
    citations ``citations[first:first + count]`` written right after it.
    Empty for a claim made by hand: then the whole text is one clause citing
    everything. ``tail`` is text after the last citation (uncited).
    ``anchor`` is the id on the page nearest the claim's block (its section,
    footnote, timeline row…), for links to it; "" when nothing around it has one.
    ``shown`` maps each offset of ``checked`` to the offset of the same character in
    ``text`` (-1: not shown there), so flags found in ``checked`` point into ``text``;
    empty when the two are the same (a claim made by hand).
    """

    docname: str
    path: str
    line: int
    text: str
    checked: str
    citations: list[Citation] = field(default_factory=list)
    malformed: tuple[str, ...] = ()
    clauses: tuple[tuple[int, int, int, int], ...] = ()
    tail: str = ""
    status: str = ""
    findings: list[str] = field(default_factory=list)
    anchor: str = ""
    shown: tuple[int, ...] = ()
    flags: list[Flag] = field(default_factory=list)
    kind: str = "sentence"
    review: ReviewState | None = None  # set when the project keeps a review ledger

    def in_text(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of ``checked`` as offsets of ``text``."""
        if not self.shown:
            return start, end
        first = next((self.shown[i] for i in range(start, end) if self.shown[i] >= 0), -1)
        last = next(
            (self.shown[i] for i in range(end - 1, start - 1, -1) if self.shown[i] >= 0), -1
        )
        return (first, last + 1) if first >= 0 else (0, 0)

    def as_json(self) -> dict:
        return _as_json(self)


@dataclass(slots=True)
class Label:
    """Rendered text that is not a sentence: a heading, title, term, field name,
    link text, inline code, an editor's note on a content page or a raw block.

    It states no claim of its own, so it may carry no number or proper name
    that the citations of its scope (``citations``: its section's) don't ground.
    ``kind`` says what it is, for the message.
    """

    docname: str
    path: str
    line: int
    kind: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    status: str = ""
    findings: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    review: ReviewState | None = None

    def as_json(self) -> dict:
        """The same fields as a claim's, ``kind`` saying what the label is."""
        return _as_json(self)


def _as_json(item: Claim | Label) -> dict:
    """A claim or a label in the published dataset (``claims.json``)."""
    return {
        "kind": item.kind,
        "page": item.docname,
        "path": item.path,
        "line": item.line,
        "text": item.text,
        "status": item.status,
        "findings": list(item.findings),
        "flags": [flag.as_json() for flag in item.flags],
        "cited_keys": sorted({c.key for c in item.citations}),
        "pinpoints": [{"key": c.key, "pinpoint": c.pinpoint} for c in item.citations],
        **({"review": item.review.as_json()} if item.review is not None else {}),
    }


@dataclass(frozen=True, slots=True)
class Exemption:
    """A block or page that is not checked, and why; shown in every report."""

    docname: str
    path: str
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class Finding:
    code: Code
    path: str
    line: int
    message: str

    def format(self, path: str | None = None) -> str:
        """``docs/plot.md:14: error: … [claims.uncited]``."""
        where = f"{path or self.path}:{self.line}" if self.line else (path or self.path)
        return f"{where}: error: {self.message} [{self.code.qualified}]"
