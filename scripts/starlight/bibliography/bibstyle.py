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

# Their names as pyproject.toml's entry points give them and docs/conf.py uses them.
LABEL_STYLE = "starlight-shorthand"
FORMAT_STYLE = "starlight"


class ShorthandLabelStyle(BaseLabelStyle):
    """Label each entry with its ``shorthand`` field (the source's short label)."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield unescape(entry.fields.get("shorthand", entry.key))


class SourceStyle(BaseStyle):
    """One line per source: its label, its name as readers see it, where the label comes
    from, its summary, and links to its archived copy and raw text."""

    default_label_style = LABEL_STYLE
    default_sorting_style = "none"

    def format_entry(self, label, entry, bib_data=None):
        key = entry.key
        file_path = entry.fields.get("file", "")
        file_name = file_path.rsplit("/", 1)[-1]
        parts = [Tag("strong", Text(unescape(label))), Text(". ")]
        # The words the pages' reference lists use: kind, publisher, headline and date
        # where the text states them (bibfile.py writes it for every source); the
        # file and its SHA-256 are on the source's archived page.
        parts += [Text(unescape(entry.fields.get("readertitle", ""))), Text(". ")]
        origin = entry.fields.get("labelorigin")
        if origin:  # what the label is: a reader may take it for a title
            parts += [Text("Labelled by "), Text(unescape(origin)), Text(". ")]
        if entry.fields.get("note"):
            parts += [Text(unescape(entry.fields["note"])), Text(" ")]
        parts += [
            HRef(doc_uri(f"sources/{key}"), Text("Archived copy")),
            Text(" · "),
            HRef(raw_uri(file_name, f"sources/{key}"), Text("raw text")),
            Text("."),
        ]
        return FormattedEntry(key, Text(*parts), label)
