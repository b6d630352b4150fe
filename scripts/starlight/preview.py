"""Citation previews: each pinpoint carries its source's label and the cited words.

The pinpoint of a citation (``L9`` in ``[Resonate, L9]``) becomes a
:class:`pinpoint_reference`: in HTML an ``<a class="pinpoint">`` whose
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

import json

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .errors import InputError
from .pinpoint import PinpointError, parse_pinpoint
from .sources import cached_catalog

PIN_SCHEME = "wiki-pin:"


def pin_uri(key: str, pinpoint: str) -> str:
    return f"{PIN_SCHEME}{key}#{pinpoint}"


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
    translator.body.append(translator.starttag(node, "a", "", **attributes))


def depart_pinpoint_html(translator, node: pinpoint_reference) -> None:
    translator.body.append("</a>")


class PinpointResolver(SphinxPostTransform):
    """Turn ``wiki-pin:`` links into links to the cited lines, with preview data."""

    default_priority = 20

    def run(self, **kwargs) -> None:
        builder = self.env._app.builder
        catalog = cached_catalog(self.config.starlight_sources_file)
        for node in list(self.document.findall(nodes.reference)):
            uri = node.get("refuri", "")
            if not uri.startswith(PIN_SCHEME):
                continue
            key, _, text = uri[len(PIN_SCHEME):].partition("#")
            source = catalog.get(key)
            try:
                pinpoint = parse_pinpoint(text)
                lines = source.lines() if source else []
            except (PinpointError, InputError):
                node.replace_self(node.children)  # the claim checks report it
                continue
            page = builder.get_relative_uri(self.env.docname, source.docname)
            if builder.format != "html":
                node["refuri"] = f"{page}#{pinpoint.anchor}"
                node["internal"] = True
                continue
            query = f"?lines={','.join(map(str, pinpoint.lines))}" if len(pinpoint.lines) > 1 else ""
            excerpt = json.dumps([lines[n - 1] for n in pinpoint.lines if 0 < n <= len(lines)],
                                 ensure_ascii=False)
            replacement = pinpoint_reference(
                "", "", *node.children,
                refuri=f"{page}{query}#{pinpoint.anchor}", internal=True,
                # "“Broken devices” (review)": the label, and what kind of text it names
                source_label=f"{source.label} ({source.kind})" if source.kind else source.label,
                lines_label=text, excerpt=excerpt,
                support_smartquotes=False,
            )
            node.replace_self(replacement)
