"""Splitting a block of text into sentences, each of which is one claim.

A sentence ends at ``.``, ``!``, ``?`` or an ellipsis (with any closing quotes
or brackets), followed by space and something that can start a sentence. It
does not end after an abbreviation ("e.g.", "Dr."), an initial ("J. Park"),
inside a number ("2.5") or before a lower-case word ("… and more").

Citations are represented by marker characters (see :data:`MARKER_BASE`). A
citation written after the full stop (``2050. [cite]``) still belongs to the
sentence before it.
"""

from __future__ import annotations

import re

CELL_MARK = "¦"
"""Joins the cells of a table row into one text; a cell starts where one stands."""
CELL_SEPARATOR = f" {CELL_MARK} "

MARKER_BASE = 0xE000
"""Citation *i* is the private-use character ``chr(MARKER_BASE + i)``."""
MARKER_COUNT = 0x1000
"""How many citations one block can hold (the private-use area has room)."""

ABBREVIATIONS = frozenset(
    """
    al approx ca cf co corp dept dr e.g ed eds esp est etc fig ft gen i.e inc
    jr lt ltd mr mrs ms mt no nos p pp prof rev sr st u.k u.s vol vols vs
    """.split()
)

_END = re.compile(r"(?:\.{3}|[.!?…]+)[\"”’')\]]*(?=\s)")
_LONGEST_WORD = 64
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.]*)$")


MARKER = re.compile(f"[{chr(MARKER_BASE)}-{chr(MARKER_BASE + MARKER_COUNT - 1)}]")
"""Any citation marker; for scanning whole strings at C speed."""


def is_marker(char: str) -> bool:
    return MARKER_BASE <= ord(char) < MARKER_BASE + MARKER_COUNT


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in "\"“‘'([" or is_marker(char)


def _is_abbreviation(text: str, end: int) -> bool:
    # Only the word just before the full stop matters; searching a short tail
    # keeps this linear in the length of a paragraph.
    match = _WORD_BEFORE.search(text[max(0, end - _LONGEST_WORD) : end])
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Park"
    return word.lower().rstrip(".") in ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the sentences of *text*, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        rest = text[match.end() :].lstrip()
        if not rest or not _starts_sentence(rest[0]):
            continue
        if (
            text[match.start()] == "."
            and match.group().startswith(".")
            and not match.group().startswith("...")
            and _is_abbreviation(text, match.start())
        ):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    spans = _attach_leading_markers(text, spans)
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _attach_leading_markers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Move citations that open a sentence to the end of the sentence before it."""
    result: list[tuple[int, int]] = []
    for start, end in spans:
        position = start
        while position < end and (
            text[position].isspace()
            or is_marker(text[position])
            or (text[position] in ".,;" and position > start)
        ):
            position += 1
        if result and MARKER.search(text, start, position):
            previous_start, _ = result[-1]
            result[-1] = (previous_start, position)
            start = position
        result.append((start, end))
    return result


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
