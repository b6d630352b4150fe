"""Quantities in other units: "twenty years" for the lines' "two decades", "23 lb" beside
the lines' "10.5 kg".

A figure the cited lines do not state fails the hard tier, unless it is the lines'
quantity converted to another unit: an honest writer gives a conversion beside the
source's figure, or says it in other units. Each unit's dimension and size are pint's,
read from the table ``starlight unit-table`` makes from pint's registry
(``data/units.tsv``), so judging needs no pint (importing it and building its registry
costs about 0.35 s of CPU per process).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from starlight.claims.kept import rows
from starlight.claims.text import number_value, words
from starlight.claims.unit_table import TABLE


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str


@dataclass(frozen=True)
class Unit:
    """A unit as pint defines it: a quantity of it is value * factor + offset in SI base
    units; *kind* is "linear", "offset" (temperatures) or "log" (decibels)."""

    name: str
    dimension: str
    factor: float
    offset: float
    kind: str

    def same_as(self, other: Unit) -> bool:
        """Whether the two are one unit under two names ("hr", "hour")."""
        return (
            self.dimension == other.dimension
            and self.kind == other.kind
            and math.isclose(self.factor, other.factor)
            and math.isclose(self.offset, other.offset, abs_tol=1e-12)
        )

    def convert(self, value: float, to: Unit) -> float | None:
        """*value* of this unit in unit *to* (``None`` for decibels: no linear step)."""
        if "log" in (self.kind, to.kind):
            return None
        return (value * self.factor + self.offset - to.offset) / to.factor


@dataclass(frozen=True)
class _Table:
    prefixes: tuple[tuple[str, str, float], ...]
    suffixes: tuple[str, ...]
    units: dict[str, Unit]
    words: dict[str, Unit]
    """Whole words read otherwise than pint reads them ("decade")."""


@cache
def _table() -> _Table:
    prefixes: list[tuple[str, str, float]] = []
    suffixes = [""]
    units: dict[str, Unit] = {}
    own: dict[str, Unit] = {}
    for fields in rows(TABLE):
        if fields[0] == "prefix":
            prefixes.append((fields[1], fields[2], float(fields[3])))
        elif fields[0] == "suffix":
            suffixes.append(fields[1])
        else:
            row, written, name, dimension, factor, offset, kind = fields
            unit = Unit(name, dimension, float(factor), float(offset), kind)
            (own if row == "word" else units)[written] = unit
    return _Table(tuple(prefixes), tuple(suffixes), units, own)


def warm() -> None:
    """Read the table of units now, so that the first clause with a unit does not."""
    _table()


def _reading(word: str) -> Unit | None:
    """The unit *word* names, read as pint's ``get_name`` reads it: the name itself, else
    the first (prefix, unit, plural ending) that makes it, a prefixed reading before the
    same unit unprefixed ("kilogram": kilo + gram)."""
    table = _table()
    if word in table.units:
        return table.units[word]
    candidates: dict[tuple[str, str], tuple[float, Unit]] = {}
    for suffix in table.suffixes:
        if not word.endswith(suffix):
            continue
        for written, prefix, scale in table.prefixes:
            if not word.startswith(written):
                continue
            name = word[len(written) :]
            if suffix:
                name = name[: -len(suffix)]
                if len(name) == 1:
                    continue
            unit = table.units.get(name)
            if unit is not None:
                candidates.setdefault((prefix, unit.name), (scale, unit))
    for prefix, name in list(candidates):
        if prefix:
            candidates.pop(("", prefix + name), None)
    if not candidates:
        return None
    (prefix, name), (scale, unit) = next(iter(candidates.items()))
    if not prefix:
        return unit
    if unit.kind != "linear":
        return None  # pint: "Prefixing a unit requires multiplying the unit"
    return Unit(prefix + name, unit.dimension, unit.factor * scale, 0.0, "linear")


@lru_cache(maxsize=4096)
def _unit(word: str) -> Unit | None:
    """The unit a word names, or ``None``: a word that is no unit, or one without a
    dimension ("percent", "dozen")."""
    if not word.isalpha() or len(word) < 2:
        return None
    lowered = word.lower()
    unit = _table().words.get(lowered) or _reading(lowered)
    return unit if unit is not None and unit.dimension else None


_DIGITS = re.compile(r"(?<![\w.,])(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*-\s*|\s+)([A-Za-z]+)\b")


@lru_cache(maxsize=4096)
def quantities(text: str) -> tuple[Quantity, ...]:
    """Each figure of *text* followed by a unit ("two decades", "6-month", "10.5 kg")."""
    found = [
        Quantity(float(figure.replace(",", "")), unit.lower())
        for figure, unit in _DIGITS.findall(text)
        if _unit(unit) is not None
    ]
    tokens = words(text)
    for index, word in enumerate(tokens):  # figures in words: "two decades", "six-month"
        if word[:1].isdigit():
            continue
        parts = word.split("-")
        if len(parts) == 2 and number_value(parts[0]) is not None:
            value, unit_word = number_value(parts[0]), parts[1]
        elif number_value(word) is not None and index + 1 < len(tokens):
            value, unit_word = number_value(word), tokens[index + 1]
        else:
            continue
        if value and value.isdigit() and _unit(unit_word) is not None:
            found.append(Quantity(float(value), unit_word.lower()))
    return tuple(found)


def _rounding(number: str) -> float:
    """Half the step of the figure's last significant digit: "23" may be 22.5 to 23.5,
    "760" 755 to 765, "10.5" 10.45 to 10.55 (a converted figure is rounded so)."""
    if "." in number:
        return 0.5 * 10 ** -len(number.split(".")[1])
    digits = number.lstrip("-")
    return 0.5 * 10 ** (len(digits) - len(digits.rstrip("0"))) if digits.strip("0") else 0.5


def converted(number: str, clause: str, lines: str) -> bool:
    """Whether the clause's figure *number* (a value, "20") stands with a unit, and is a
    quantity of the lines in another unit, rounded as the figure is written."""
    mine = [q for q in quantities(clause) if q.value == float(number)]
    if not mine:
        return False
    theirs = quantities(lines)
    for claimed in mine:
        target = _unit(claimed.unit)
        if target is None:
            continue
        for stated in theirs:
            source = _unit(stated.unit)
            if source is None or source.dimension != target.dimension or source.same_as(target):
                continue  # the same unit: the figure itself must be the lines'; no rounding
            value = source.convert(stated.value, target)
            if value is not None and abs(value - claimed.value) <= _rounding(number) + 1e-9:
                return True
    return False


def is_unit(word: str) -> bool:
    """Whether *word* names a unit of measure ("weeks", "km")."""
    return _unit(word) is not None


def is_duration(word: str) -> bool:
    """Whether *word* names a span of time ("years", "decades")."""
    unit = _unit(word)
    return unit is not None and unit.dimension == "[time]"


def measured_alike(word: str, lines: str) -> bool:
    """Whether *word* is a unit and the lines state a quantity of the same dimension:
    "years" where they say "two decades" (the figure itself is proved by conversion)."""
    unit = _unit(word)
    return unit is not None and any(
        (theirs := _unit(q.unit)) is not None and theirs.dimension == unit.dimension
        for q in quantities(lines)
    )
