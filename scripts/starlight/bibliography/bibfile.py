"""The BibTeX file, generated from the source metadata so nothing is typed twice.

Each entry carries the fields a reader or a reference manager needs (label,
headline, publisher and date only where the text states them, the file name
and its SHA-256) and points back to its file with ``file``.
"""

from __future__ import annotations

import re

from starlight.errors import InputError
from starlight.sources.catalog import Catalog, Source

# BibTeX treats these as markup; "%" would even drop the rest of the line.
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
}


_UNESCAPE = re.compile("|".join(re.escape(code) for code in _ESCAPES.values()))
_PLAIN = {code: char for char, code in _ESCAPES.items()}


def escape(value: str) -> str:
    """Make *value* safe inside a braced BibTeX field."""
    return "".join(_ESCAPES.get(char, char) for char in value)


def unescape(field: str) -> str:
    """The text :func:`escape` was given: fields are shown as typed, never as LaTeX."""
    return _UNESCAPE.sub(lambda match: _PLAIN[match.group()], field)


def entry_text(source: Source) -> str:
    fields = [
        ("shorthand", source.label),
        ("readertitle", source.reader_title),
        ("title", source.headline),
        ("organization", source.publisher),
        ("date", source.date),
        ("type", source.kind),
        ("note", source.summary),
        ("labelorigin", _label_origin(source)),
        ("file", f"sources/{source.file}"),
        ("sha256", source.sha256),
    ]
    body = "".join(f"  {name} = {{{escape(value)}}},\n" for name, value in fields if value)
    return f"@online{{{source.key},\n{body}}}\n"


def _label_origin(source: Source) -> str | None:
    """Where the source's label comes from, when its file can be read."""
    try:
        return source.label_origin(source.lines())
    except InputError:
        return None  # a missing or unreadable file is reported by the checks


def bib_text(catalog: Catalog) -> str:
    header = (
        "% Generated from sources/sources.yaml by starlight.bibfile; edit that file,\n"
        "% not this one.\n\n"
    )
    return header + "\n".join(entry_text(source) for source in catalog.sources)
