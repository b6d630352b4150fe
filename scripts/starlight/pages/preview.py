"""Citation previews: each pinpoint carries its source's label and the cited words.

The pinpoint of a citation (``L9`` in ``[Resonate, L9]``) becomes a
:class:`pinpoint_reference` (made by :class:`starlight.pages.links.PinpointResolver`
from its ``wiki-pin:`` address): in HTML an ``<a class="pinpoint">`` whose
``data-`` attributes hold the label, the lines and the text of those lines
(a JSON list of strings),
so ``citation-preview.js`` can show them without fetching anything (it works
offline and from ``file://``), and without JavaScript it is a plain link to
the lines. The data lives in the doctree, so parallel builds get it right. In
other outputs (the PDF) it is an ordinary internal link to the line.

Range pinpoints link to their first line and add ``?lines=7-9`` so the
archived page can highlight every cited line.
"""

from __future__ import annotations

from docutils import nodes


class pinpoint_reference(nodes.reference):
    """A link to the cited lines, with the preview's data."""


def visit_pinpoint_html(translator, node: pinpoint_reference) -> None:
    attributes = {
        "href": node["refuri"],
        "data-source": node["source_label"],
        "data-lines": node["lines_label"],
        "data-excerpt": node["excerpt"],
        "CLASS": "reference internal pinpoint",
    }
    if node.get("review"):  # a person's confirmation (pages.reviewed)
        attributes["data-review"] = node["review"]
    if node.get("marker"):  # "[1]" alone tells a screen reader nothing
        attributes["aria-label"] = f"Reference {node['marker']}, {node['lines_label']}"
    translator.body.append(translator.starttag(node, "a", "", **attributes))


def depart_pinpoint_html(translator, node: pinpoint_reference) -> None:
    translator.body.append("</a>")
