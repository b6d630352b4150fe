"""Pinpoints: which lines of a source a citation rests on.

A pinpoint is the post-text of a citation role, e.g. ``{cite:p}`preview{L15}```.
Forms: ``L7`` (one line), ``L7-9`` (a range), ``L7,9`` (a list), and mixes
such as ``L2,7-9``. An ``L`` may be repeated (``L7-L9``, ``L7, L9``) and an
en dash may stand for the hyphen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_PART = re.compile(r"^L?(\d+)(?:\s*[-–]\s*L?(\d+))?$")


class PinpointError(ValueError):
    """A post-text that is not a valid pinpoint."""


@dataclass(frozen=True)
class Pinpoint:
    """The lines named by one citation target, in the order written."""

    text: str
    lines: tuple[int, ...]

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def anchor(self) -> str:
        """The id of the first line on the archived page."""
        return line_anchor(self.first)

    def __str__(self) -> str:
        return self.text


def line_anchor(number: int) -> str:
    """The id of line *number* on an archived page (``L7``)."""
    return f"L{number}"


@lru_cache(maxsize=4096)
def parse_pinpoint(text: str) -> Pinpoint:
    """Parse a pinpoint; raise :class:`PinpointError` with a readable reason.

    Cached: a wiki cites the same few hundred pinpoints over and over.
    """
    stripped = text.strip()
    if not stripped:
        raise PinpointError("citation has no pinpoint (write e.g. {L7} after the key)")
    if not stripped.startswith("L"):
        raise PinpointError(f"pinpoint '{stripped}' must start with 'L' (e.g. L7 or L7-9)")
    lines: list[int] = []
    for part in stripped.split(","):
        match = _PART.match(part.strip())
        if not match:
            raise PinpointError(f"pinpoint '{stripped}' is not of the form L7, L7-9 or L7,9")
        start = int(match.group(1))
        end = int(match.group(2) or start)
        if start < 1 or end < 1:
            raise PinpointError(f"pinpoint '{stripped}': lines are numbered from 1")
        if end < start:
            raise PinpointError(f"pinpoint '{stripped}': range ends before it starts")
        lines.extend(range(start, end + 1))
    return Pinpoint(text=stripped, lines=tuple(lines))


@lru_cache(maxsize=4096)
def lines_text(text: str) -> str:
    """A pinpoint as a reader reads it: ``L15,17`` is ``15, 17``; ``L7-9`` is ``7–9``."""
    parts = (
        part.strip().replace("L", "").replace(" ", "").replace("-", "–") for part in text.split(",")
    )
    return ", ".join(parts)


@lru_cache(maxsize=4096)
def lines_phrase(text: str) -> str:
    """``line 4``, ``lines 1, 15``: the pinpoint *text* (valid) in words."""
    return ("lines " if len(parse_pinpoint(text).lines) > 1 else "line ") + lines_text(text)
