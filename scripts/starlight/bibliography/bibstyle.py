"""How a bibliography entry looks: pybtex label and formatting styles.

Labels are the sources' own short labels (``Resonate``), not ``[Ano25]``.
Links point at ``wiki-doc:`` and ``wiki-raw:`` addresses that
:mod:`starlight.pages.links` turns into links relative to the page that shows
them, so they work from pages in subfolders and inside the PDF.
"""

from __future__ import annotations

from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels import BaseLabelStyle

from starlight.bibliography.bibfile import unescape
from starlight.sources.catalog import NOT_STATED
from starlight.pages.links import doc_uri, raw_uri

# Their names as pyproject.toml's entry points give them and docs/conf.py uses them.
LABEL_STYLE = "starlight-shorthand"
FORMAT_STYLE = "starlight"


class ShorthandLabelStyle(BaseLabelStyle):
    """Label each entry with its ``shorthand`` field (the source's short label)."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield unescape(entry.fields.get("shorthand", entry.key))


def _field(entry, name: str) -> Text:
    value = entry.fields.get(name)
    return Text(unescape(value)) if value else Text(NOT_STATED)


class SourceStyle(BaseStyle):
    """One line per source: label, headline, publisher, date, file and links."""

    default_label_style = LABEL_STYLE
    default_sorting_style = "none"

    def format_entry(self, label, entry, bib_data=None):
        key = entry.key
        file_path = entry.fields.get("file", "")
        file_name = file_path.rsplit("/", 1)[-1]
        headline = entry.fields.get("title")
        parts = [Tag("strong", Text(unescape(label))), Text(". ")]
        kind = entry.fields.get("type")
        origin = entry.fields.get("labelorigin")
        if kind or origin:  # what the label is: a reader may take it for a title
            article = "An" if kind and kind[0].lower() in "aeiou" else "A"
            parts += [Text(f"{article} {unescape(kind)}" if kind else "A source")]
            if origin:
                parts += [Text(", cited by "), Text(unescape(origin))]
            parts += [Text(". ")]
        if entry.fields.get("note"):
            parts += [Text(unescape(entry.fields["note"])), Text(" ")]
        if headline:
            parts += [Text("“"), Text(unescape(headline)), Text("”. ")]
        else:
            parts += [Text("Headline: not stated. ")]
        parts += [
            Text("Publisher: "), _field(entry, "organization"), Text(". "),
            Text("Date: "), _field(entry, "date"), Text(". "),
            Text("File "), Tag("tt", Text(file_name)),
            Text(", SHA-256 "), Tag("tt", Text(entry.fields.get("sha256", ""))),
            Text(". "),
            HRef(doc_uri(f"sources/{key}"), Text("Archived copy")),
            Text(" · "),
            HRef(raw_uri(file_name, f"sources/{key}"), Text("raw text")),
            Text("."),
        ]
        return FormattedEntry(key, Text(*parts), label)

