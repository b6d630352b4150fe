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
from starlight.pages.links import doc_uri, raw_uri
from starlight.sources.catalog import long_date

# Their names as pyproject.toml's entry points give them and docs/conf.py uses them.
LABEL_STYLE = "starlight-shorthand"
FORMAT_STYLE = "starlight"


class ShorthandLabelStyle(BaseLabelStyle):
    """Label each entry with its ``shorthand`` field (the source's short label)."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield unescape(entry.fields.get("shorthand", entry.key))


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
        if entry.fields.get("readertitle"):  # the words the pages' reference lists use
            parts += [Text(unescape(entry.fields["readertitle"])), Text(". ")]
        elif kind:
            article = "An" if kind[0].lower() in "aeiou" else "A"
            parts += [Text(f"{article} {unescape(kind)}. ")]
        if origin:  # what the label is: a reader may take it for a title
            parts += [Text("Labelled by "), Text(unescape(origin)), Text(". ")]
        if entry.fields.get("note"):
            parts += [Text(unescape(entry.fields["note"])), Text(" ")]
        # Only what the text states: a headline, publisher or date it does not give
        # is left out (the bibliography page says so once); the file and its
        # SHA-256 are on the source's archived page.
        stated = not entry.fields.get("readertitle")  # which names them already
        if stated and headline:
            parts += [Text("Headline “"), Text(unescape(headline)), Text("”. ")]
        if stated and entry.fields.get("organization"):
            parts += [Text("Publisher: "), Text(unescape(entry.fields["organization"])), Text(". ")]
        if stated and entry.fields.get("date"):
            parts += [Text("Dated "), Text(long_date(unescape(entry.fields["date"]))), Text(". ")]
        parts += [
            HRef(doc_uri(f"sources/{key}"), Text("Archived copy")),
            Text(" · "),
            HRef(raw_uri(file_name, f"sources/{key}"), Text("raw text")),
            Text("."),
        ]
        return FormattedEntry(key, Text(*parts), label)
