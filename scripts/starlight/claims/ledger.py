"""The review ledger: who confirmed each claim against its exact lines, and when.

A machine proves citations, quotes, numbers, dates and names; what a sentence
*means* a person confirms, by reading it beside its cited lines. The ledger
(``docs/reviews.tsv``, ``claims_reviews`` in ``conf.py``) records each such
reading: one row per claim, sorted by page and key so that two branches rarely
touch the same rows. A row holds the claim's page, a stable key, a hash of the
claim's normalised text and one of the text of its cited lines, the reviewer,
the date, a note (required when a flag remains) and the text as reviewed (for
the diff an editor sees when the claim changes).

A claim is *reviewed* when a row of its page has both hashes; *changed* when a
row has its text but other lines (a source or a pinpoint changed), or is the
closest earlier text of the same page; *unreviewed* otherwise. Whitespace and
punctuation do not count: a comma moved keeps the review. Quotation marks do: they
decide whose words a sentence gives, so a quotation opened, closed or moved elsewhere
than the reviewed text has it is a changed claim.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from starlight.claims.model import ReviewState
from starlight.claims.text import quotes
from starlight.errors import InputError
from starlight.sources.catalog import Catalog, long_date
from starlight.sources.pinpoint import PinpointError, lines_phrase, parse_pinpoint

REVIEWED, CHANGED, UNREVIEWED = "reviewed", "changed", "unreviewed"
COLUMNS = ("page", "key", "text_sha", "lines_sha", "reviewer", "date", "note", "text")
HEADER = "\t".join(COLUMNS)
SIMILAR = 0.6
"""How alike an earlier reviewed text must be (difflib's ratio of the normalised
texts) to count as the same claim, changed."""


@dataclass(frozen=True)
class Review:
    page: str
    key: str
    text_sha: str
    lines_sha: str
    reviewer: str
    date: str
    note: str
    text: str

    def row(self) -> str:
        return "\t".join(_cell(getattr(self, name)) for name in COLUMNS)


@dataclass(frozen=True)
class State:
    """A claim's review state, its key (the row's, or a new one) and its row, if any."""

    state: str
    key: str
    review: Review | None = None


def _cell(value: str) -> str:
    return " ".join(value.split())  # a cell holds no tab and no newline


@lru_cache(maxsize=16384)
def normalised(text: str) -> str:
    """The words of *text*, whitespace and punctuation left out (case kept: "US" is
    not "us")."""
    kept = "".join(c if not unicodedata.category(c).startswith("P") else " " for c in text)
    return " ".join(kept.split())


def quotations(text: str) -> tuple[str, ...]:
    """The words of each quotation in *text*, in order: what the hash leaves out of
    the quotation marks that the review must still see unchanged."""
    return tuple(normalised(quote) for quote in quotes(text))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def new_key(page: str, text: str) -> str:
    """The key of a claim first reviewed with *text*; it stays when the claim changes."""
    return sha(f"{page}\n{normalised(text)}")[:10]


def words_of(item) -> str:
    """What a claim says, without its citations (a label's text as it is)."""
    return getattr(item, "checked", "") or item.text


def cited_text(citations, catalog: Catalog, read: dict[str, list[str]] | None = None) -> str:
    """The cited lines, each as ``key Ln: text``, in the order cited: what the
    reviewer read. A line that cannot be read counts as its citation alone. *read*
    keeps each source's lines for the next call (a ledger's every claim cites them)."""
    parts = []
    read = {} if read is None else read
    for citation in citations:
        source = catalog.get(citation.key)
        try:
            numbers = parse_pinpoint(citation.pinpoint).lines
            if citation.key not in read:
                read[citation.key] = source.lines() if source else []
            lines = read[citation.key]
        except (PinpointError, InputError):
            parts.append(f"{citation.key} {citation.pinpoint}")
            continue
        parts += [
            f"{citation.key} L{n}: {lines[n - 1] if 0 < n <= len(lines) else ''}" for n in numbers
        ]
    return "\n".join(parts)


def load(path: Path | str) -> list[Review]:
    """The ledger's rows; a missing file is an empty ledger. A malformed row is an
    :class:`InputError` at its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), None, f"cannot read the review ledger: {exc}") from None
    rows = text.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    if not rows or rows[0] != HEADER:
        raise InputError(str(path), 1, f"the first line must be the header: {HEADER!r}")
    reviews, keys = [], set()
    for number, row in enumerate(rows[1:], start=2):
        cells = row.split("\t")
        if len(cells) != len(COLUMNS):
            raise InputError(
                str(path),
                number,
                f"expected {len(COLUMNS)} tab-separated cells, found {len(cells)}",
            )
        review = Review(*cells)
        if not review.page or not review.key or not review.reviewer or not review.text:
            raise InputError(str(path), number, "page, key, reviewer and text must not be empty")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", review.date):
            raise InputError(str(path), number, f"date {review.date!r} is not YYYY-MM-DD")
        if (review.page, review.key) in keys:
            raise InputError(
                str(path), number, f"key {review.key} appears twice on page {review.page}"
            )
        keys.add((review.page, review.key))
        reviews.append(review)
    return reviews


def save(path: Path | str, reviews: list[Review]) -> None:
    """Write the ledger sorted by page and key, all or nothing."""
    path = Path(path)
    rows = [HEADER] + [r.row() for r in sorted(reviews, key=lambda r: (r.page, r.key))]
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as handle:
        handle.write("\n".join(rows) + "\n")
    os.replace(handle.name, path)


def states(items: list, catalog: Catalog, reviews: list[Review]) -> list[State]:
    """The review state of each claim or label in *items* (each with ``docname``,
    ``text`` and ``citations``), in order. Each row is given to one claim at most:
    an exact match first, then the most alike of the page's rows left over."""
    by_page: dict[str, list[Review]] = {}
    for review in reviews:
        by_page.setdefault(review.page, []).append(review)
    read: dict[str, list[str]] = {}
    hashes = [
        (sha(normalised(words_of(item))), sha(cited_text(item.citations, catalog, read)))
        for item in items
    ]
    found: list[State | None] = [None] * len(items)
    used: set[tuple[str, str]] = set()
    for same_lines in (True, False):  # both hashes first, then the words alone
        for index, (item, (text_sha, lines_sha)) in enumerate(zip(items, hashes, strict=True)):
            if found[index] is not None:
                continue
            for review in by_page.get(item.docname, []):
                if (
                    (review.page, review.key) not in used
                    and review.text_sha == text_sha
                    and (review.lines_sha == lines_sha) == same_lines
                ):
                    same = same_lines and quotations(review.text) == quotations(item.text)
                    found[index] = State(REVIEWED if same else CHANGED, review.key, review)
                    used.add((review.page, review.key))
                    break
    for index, item in enumerate(items):
        if found[index] is not None:
            continue
        text = normalised(item.text)  # the rows keep the text with its citations
        best, best_ratio = None, SIMILAR
        for review in by_page.get(item.docname, []):
            if (review.page, review.key) in used:
                continue
            ratio = difflib.SequenceMatcher(None, normalised(review.text), text).ratio()
            if ratio >= best_ratio:
                best, best_ratio = review, ratio
        if best is not None:
            used.add((best.page, best.key))
            found[index] = State(CHANGED, best.key, best)
    # A new key for each claim without a row; the same words twice on a page (two
    # tables' heads) get two keys.
    taken = {(review.page, review.key) for review in reviews}
    taken |= {(item.docname, state.key) for item, state in zip(items, found, strict=True) if state}
    for index, item in enumerate(items):
        if found[index] is None:
            key, copy = new_key(item.docname, words_of(item)), 1
            while (item.docname, key) in taken:
                copy += 1
                key = new_key(item.docname, f"{words_of(item)}\n{copy}")
            taken.add((item.docname, key))
            found[index] = State(UNREVIEWED, key)
    return [state for state in found if state is not None]


def kept(items: list, catalog: Catalog, reviews: list[Review]) -> list[Review]:
    """The rows that a claim or label of *items* (the whole project's) still answers
    to. A claim rewritten past recognition takes a new key; its old row would stay for
    good, and could later be taken for another claim's."""
    live = {
        (item.docname, state.key)
        for item, state in zip(items, states(items, catalog, reviews), strict=True)
    }
    return [review for review in reviews if (review.page, review.key) in live]


def approved(item, catalog: Catalog, key: str, reviewer: str, date: str, note: str) -> Review:
    """The row, under *key*, that records *reviewer*'s reading of *item* on *date*
    (:meth:`Review.row` keeps each cell on one line)."""
    return Review(
        item.docname,
        key,
        sha(normalised(words_of(item))),
        sha(cited_text(item.citations, catalog)),
        reviewer,
        date,
        note,
        item.text,
    )


def assign(items: list, catalog: Catalog, reviews: list[Review]) -> None:
    """Set each item's ``review``: where it stands in the ledger (:func:`states`)."""
    for item, state in zip(items, states(items, catalog, reviews), strict=True):
        row = state.review
        item.review = ReviewState(
            state.state, state.key, *((row.reviewer, row.date, row.note, row.text) if row else ())
        )


def pending(items: list) -> list[tuple[str, int, str]]:
    """(file, line, message) of a ``claims.unreviewed`` finding for each item (its
    ``review`` set by :func:`assign`) never reviewed or changed since, with its flagged
    words (what to read first): made after judging, which gives the flags."""
    findings = []
    for item in items:
        review = item.review
        if review.state == REVIEWED:
            continue
        flagged = ", ".join(f"'{flag.word}'" for flag in item.flags)
        what = (
            f"changed since {review.reviewer} reviewed it on {review.date}"
            if review.state == CHANGED
            else "never reviewed"
        )
        findings.append(
            (
                item.path,
                item.line,
                f"{item.kind if item.kind != 'sentence' else 'claim'} {what} "
                f"(key {review.key}{'; flags: ' + flagged if flagged else ''}): read it beside "
                f"its lines and record it with make review",
            )
        )
    return findings


def gate(items: list, catalog: Catalog, reviews: list[Review]) -> list[tuple[str, int, str]]:
    """Set each item's ``review``; the ``claims.unreviewed`` findings (:func:`pending`)."""
    assign(items, catalog, reviews)
    return pending(items)


@dataclass
class Summary:
    """What readers are told of the reviews: claims per state, per reviewer, and each
    citation's review in words (``places``: (page, key, pinpoint) → one phrase per
    citation of those lines on that page, in page order), for its preview."""

    states: dict[str, int] = field(default_factory=dict)
    reviewers: dict[str, int] = field(default_factory=dict)
    places: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)


def summary(items: list) -> Summary:
    states = Counter(item.review.state for item in items)
    reviewers = Counter(item.review.reviewer for item in items if item.review.state == REVIEWED)
    places: dict[tuple[str, str, str], list[str]] = {}
    for item in sorted(items, key=lambda i: (i.docname, i.line)):
        for citation in item.citations:
            try:
                lines = lines_phrase(citation.pinpoint)
            except PinpointError:
                continue
            state = item.review
            said = (
                f"confirmed against {lines} by {state.reviewer} on {long_date(state.date)}"
                if state.state == REVIEWED
                else "not yet confirmed by a person"
            )
            places.setdefault((item.docname, citation.key, citation.pinpoint), []).append(said)
    return Summary(dict(states), dict(reviewers), places)
