"""HTML output fixes that browsers' audits (Lighthouse) ask for.

- Toctree captions are ``<p role="heading">``; ARIA requires an
  ``aria-level`` on such an element, so it gets one.
- docutils marks bibliography entries ``role="doc-biblioentry"``, a role that
  ARIA 1.2 deprecates; the entries are plain ``div.citation`` elements.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.writers.html5 import HTML5Translator


class StarlightHTMLTranslator(HTML5Translator):
    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
            self.body.append(self.starttag(node, "p", "", CLASS="caption", ROLE="heading",
                                           **{"aria-level": "2"}))
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
        else:
            super().visit_title(node)

    def visit_citation(self, node: nodes.citation) -> None:
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname]))
