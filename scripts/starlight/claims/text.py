"""Normalising text so that a claim and its source can be compared fairly.

Case, curly and straight quotes, dashes, whitespace and possessives differ
between how an editor types and how an article was archived; none of them
changes what is said. Numbers are compared as values ("six" = "6"), dates in
any order ("30 May" = "May 30" = "2025-05-30"). Quotation marks are the exception
that counts: :func:`quote_spans` finds what a sentence quotes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set as AbstractSet
from functools import lru_cache

from number_parser import parse_number

DOUBLE_QUOTES = '"“”„‟«»″'
SINGLE_QUOTES = "'‘’‚‛′ʼ"
DASHES = "‐‑‒–—―−"
ELLIPSES = ("…", "...")

_SPACE = re.compile(r"\s+")
WORD = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?")
"""A word: letters and digits, with inner hyphens and apostrophes ("Ji-Won", "K-pop")."""

NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1000000,
    "billion": 1000000000,
    "dozen": 12,
    "millions": 1000000,
    "billions": 1000000000,
    "hundreds": 100,
    "thousands": 1000,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "twentieth": 20,
}
"""Words that state a number. "one" is left out: it is mostly a pronoun."""
ORDINAL_WORDS = frozenset(
    """
    first second third fourth fifth sixth seventh eighth ninth tenth twentieth
""".split()
)
"""Ordinals in words rank rather than count ("her first role"): a claim's are aligned as
words, not proved as numbers; the lines' still ground "4th" and "four"."""


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)(?:st|nd|rd|th)?(?![\d])")
_DIGITS = re.compile(r"^(\d+(?:[.,]\d+)*)(?:st|nd|rd|th|%)?$")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


_FOLD = {ord(c): '"' for c in DOUBLE_QUOTES}
_FOLD.update({ord(c): "'" for c in SINGLE_QUOTES})
_FOLD.update({ord(c): "-" for c in DASHES})


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Fold case, quotes, dashes, ellipses and whitespace for comparing passages."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).replace("…", "...")
    return _SPACE.sub(" ", text).strip().casefold()


def words(text: str) -> list[str]:
    """The words of *text*, keeping inner hyphens and apostrophes (``Ji-Won``, ``K-pop``)."""
    return WORD.findall(unicodedata.normalize("NFKC", text))


def word_key(word: str) -> str:
    """How a word is compared: case-folded, without a possessive ending."""
    key = normalize(word)
    for ending in ("'s", "s'"):
        if key.endswith(ending) and len(key) > len(ending):
            key = key[: -len(ending)] + ("s" if ending == "s'" else "")
            break
    return key


@lru_cache(maxsize=4096)
def word_keys(text: str) -> frozenset[str]:
    """Every comparable form of every word of *text*, hyphen parts and plurals too."""
    keys: set[str] = set()
    for word in words(text):
        key = word_key(word)
        keys.add(key)
        keys.update(part for part in key.split("-") if part)
    keys.update(_singular(key) for key in list(keys))
    return frozenset(keys)


def _singular(key: str) -> str:
    if key.endswith("es") and len(key) > 4:
        return key[:-2]
    if key.endswith("s") and len(key) > 3:
        return key[:-1]
    return key


def name_matches(name: str, keys: AbstractSet[str]) -> bool:
    """Whether the proper name *name* (one word) occurs among *keys*."""
    key = word_key(name)
    return key in keys or _singular(key) in keys


def _value(digits: str) -> str:
    digits = digits.replace(",", "")
    if "." in digits:
        whole, _, fraction = digits.partition(".")
        fraction = fraction.rstrip("0")
        return f"{int(whole)}.{fraction}" if fraction else str(int(whole))
    return str(int(digits))


@lru_cache(maxsize=65536)
def number_value(word: str) -> str | None:
    """The value a single word states ("25", "25th", "88%", "twenty-five", "six"), or None."""
    match = _DIGITS.match(word)
    if match:
        return _value(match.group(1))
    key = normalize(word)
    parts = key.split("-")
    if key in NUMBER_WORDS:
        return str(NUMBER_WORDS[key])
    if len(parts) > 1 and all(part in NUMBER_WORDS or part == "one" for part in parts):
        value = parse_number(key.replace("-", " "))
        return str(value) if value is not None else None
    return None


_ROMAN = re.compile(r"(?<![\w-])(X{0,3})(IX|IV|V?I{0,3})(?![\w-])")
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}


def _romans(text: str) -> set[str]:
    """The values of the Roman numerals in *text* ("VI Championship", "Part II"):
    capitals of at most XXXIX, and at least two letters (a lone "I" or "V" is a
    word or a letter)."""
    found = set()
    for match in _ROMAN.finditer(text):
        if len(match.group()) >= 2:
            tens, units = match.groups()
            found.add(str(10 * len(tens) + _ROMAN_VALUES.get(units, 0)))
    return found


_SHORT_YEAR = re.compile(
    r"\b(?:\d{1,2}\s+(?P<month1>[A-Za-z]{3,9})\.?|(?P<month2>[A-Za-z]{3,9})\.?\s+\d{1,2},)"
    r"\s+'?(?P<year>\d\d)\b(?![:.,]?\d)"
)


def _short_years(text: str) -> set[str]:
    """The years of dates written with two digits ("Fri 15 Feb 19", "Feb 15, 19"):
    a day and a month name must stand beside them. The century is POSIX's ``%y``:
    69 to 99 are 1969 to 1999, 00 to 68 are 2000 to 2068."""
    found = set()
    for match in _SHORT_YEAR.finditer(text):
        if normalize(match.group("month1") or match.group("month2")) in MONTHS:
            year = int(match.group("year"))
            found.add(str(year + (1900 if year >= 69 else 2000)))
    return found


_YEAR_RANGE = re.compile(r"\b((\d\d)(\d\d))([-–—])(\d\d)\b(?![-–—]?\d)")


def _seasons(text: str) -> tuple[list[tuple[str, str]], str]:
    """The two years of each season written "2018–19" in *text*, and *text* without
    them. The second part must follow the first year, and after a plain hyphen be no
    month ("2025-05" is May 2025)."""
    found = []

    def season(match: re.Match) -> str:
        tens, dash, second = match.group(3), match.group(4), match.group(5)
        if int(second) <= int(tens) or (dash == "-" and int(second) <= 12):
            return match.group()
        found.append((match.group(1), match.group(2) + second))
        return " " * len(match.group())

    return found, _YEAR_RANGE.sub(season, text)


@lru_cache(maxsize=4096)
def numbers(text: str) -> frozenset[str]:
    """The numbers *text* states, as canonical strings (``"6"``, ``"2.5"``, ``"2025"``).

    Digits (with ordinal endings, percentages, thousands separators), number
    words and compounds ("twenty-five" is 25, not 20 and 5), Roman numerals
    ("the VI Championship" is the 6th), and the year and day of ISO dates count;
    an ISO date's month counts as a month (:func:`months`); a season written
    "2018–19" states 2018 and 2019; a date written "15 Feb 19" states 2019.
    """
    return _numbers(text, frozenset())


@lru_cache(maxsize=4096)
def claimed_numbers(text: str) -> frozenset[str]:
    """The numbers a claim states, each of which its lines must state: :func:`numbers`
    less ordinals in words ("the fifth film" ranks; the alignment judges it as a word)."""
    return _numbers(text, ORDINAL_WORDS)


def _numbers(text: str, passed_over: frozenset[str]) -> frozenset[str]:
    """:func:`numbers` of *text*, its words in *passed_over* left out."""
    text = unicodedata.normalize("NFKC", text)
    found = _romans(text) | _short_years(text)
    for match in _ISO_DATE.finditer(text):
        found.update((_value(match.group(1)), _value(match.group(3))))
    text = _ISO_DATE.sub(" ", text)
    seasons, text = _seasons(text)
    for first, second in seasons:
        found.update((first, second))
    for match in _NUMBER.finditer(text):
        found.add(_value(match.group(1)))
    for word in words(text):
        if passed_over and normalize(word) in passed_over:
            continue
        value = number_value(word) if not word[:1].isdigit() else None
        if value is not None:
            found.add(value)
        elif "-" in word:
            for part in normalize(word).split("-"):
                if part in NUMBER_WORDS:
                    found.add(str(NUMBER_WORDS[part]))
    return frozenset(found)


def iso_months(text: str) -> set[int]:
    """Months of the ISO dates in *text* only (month names are checked as names)."""
    return {int(match.group(2)) for match in _ISO_DATE.finditer(text)}


@lru_cache(maxsize=4096)
def months(text: str) -> frozenset[int]:
    """Months that *text* names, by word or inside an ISO date (``2025-05-23``)."""
    found = {MONTHS[key] for key in (normalize(w) for w in words(text)) if key in MONTHS}
    found.update(int(match.group(2)) for match in _ISO_DATE.finditer(text))
    return frozenset(found)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Where the outermost quotations of *text* are (their words, without the marks):
    double quotes, then single quotes around words; in the order of the text."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for mark in _DOUBLE_QUOTE.finditer(text):
        index, char = mark.start(), mark.group()
        if char == "“" or (char == '"' and depth == 0):
            if depth == 0:
                start = index
            depth += 1
        elif char in '”"' and depth:
            depth -= 1
            if depth == 0:
                spans.append((start + 1, index))
    outside = list(text)
    for begin, end in spans:
        outside[begin - 1 : end + 1] = " " * (end + 1 - (begin - 1))
    spans += [match.span(1) for match in _SINGLE_QUOTED.finditer("".join(outside))]
    return sorted(span for span in spans if any(c.isalnum() for c in text[span[0] : span[1]]))


def quotes(text: str) -> list[str]:
    """The outermost quotations in *text* (:func:`quote_spans`), as text."""
    return [text[start:end] for start, end in quote_spans(text)]


_DOUBLE_QUOTE = re.compile('[“”"]')
_SINGLE_QUOTED = re.compile(r"(?<![\w])[‘'](\w.*?)[’'](?![\w])")


def blank_quotes(text: str) -> str:
    """*text* with its quotations (:func:`quote_spans`) blanked out; offsets are kept."""
    for start, end in quote_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
