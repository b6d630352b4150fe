"""Quantities in other units: "twenty years" for the lines' "two decades", "23 lb" beside
the lines' "10.5 kg".

A figure the cited lines do not state fails the hard tier, unless it is the lines'
quantity converted to another unit: an honest writer gives a conversion beside the
source's figure, or says it in other units. The conversion is pint's, loaded only when a
clause needs it (it takes about half a second).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from starlight.claims.text import number_value, words

_OWN_UNITS = {"decade": "10 * year", "decades": "10 * year"}
"""Words pint reads otherwise: its "decade" is the logarithmic one."""


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str


@cache
def _registry():
    import pint

    return pint.UnitRegistry()


def warm() -> None:
    """Load pint and its units now (about half a second), so that the first clause with
    a unit does not pay for it."""
    _registry()


@lru_cache(maxsize=4096)
def _unit(word: str):
    """The unit a word names (pint's), or ``None``: a word that is no unit, or one without
    a dimension ("percent", "dozen")."""
    if not word.isalpha() or len(word) < 2:
        return None
    registry = _registry()
    try:
        unit = registry.parse_expression(_OWN_UNITS.get(word.lower(), word.lower()))
    except Exception:  # pint raises many kinds of error for a word it does not know
        return None
    if not hasattr(unit, "dimensionality") or unit.dimensionless:
        return None
    return unit


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
        for stated in theirs:
            source = _unit(stated.unit)
            if source is None or source.dimensionality != target.dimensionality or source == target:
                continue  # the same unit: the figure itself must be the lines'; no rounding
            value = (stated.value * source).to(target).magnitude
            if abs(value - claimed.value) <= _rounding(number) + 1e-9:
                return True
    return False


def is_unit(word: str) -> bool:
    """Whether *word* names a unit of measure ("weeks", "km")."""
    return _unit(word) is not None


def is_duration(word: str) -> bool:
    """Whether *word* names a span of time ("years", "decades")."""
    unit = _unit(word)
    return unit is not None and unit.dimensionality == _registry().second.dimensionality


def measured_alike(word: str, lines: str) -> bool:
    """Whether *word* is a unit and the lines state a quantity of the same dimension:
    "years" where they say "two decades" (the figure itself is proved by conversion)."""
    unit = _unit(word)
    return unit is not None and any(
        (theirs := _unit(q.unit)) is not None and theirs.dimensionality == unit.dimensionality
        for q in quantities(lines)
    )
