"""The PDF's shape: transforms of the book the LaTeX builder assembles.

Sphinx's LaTeX builder joins every page into one doctree, the home page at the
top; these post-transforms run on it, and on nothing else.

- **The lead is the first chapter.** Sphinx spends the home page's title on
  the title page, and typesets the text before its first table of contents
  (the opening paragraphs and the infobox) before chapter 1, with no heading
  and missing from the contents. :class:`LeadChapter` puts that text, and
  what the page ends with, in a chapter of its own, titled like the home
  page, unnumbered, listed first.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

# Around the lead's chapter: no number, and the numbering of the chapters after
# it as it was (a chapter typeset while secnumdepth is -1 gets no number, and
# is still listed in the contents).
UNNUMBERED = r"\edef\starlightsecnumdepth{\the\value{secnumdepth}}\setcounter{secnumdepth}{-1}"
NUMBERED = r"\setcounter{secnumdepth}{\starlightsecnumdepth}"


class LeadChapter(SphinxPostTransform):
    """The home page's own text, as an unnumbered first chapter titled like the home
    page: what stands before its first table of contents, and what follows its
    section at the end of the page (its footnotes' place, where the references of
    a page's citations go when its last citation is in a footnote)."""

    default_priority = 800  # after Sphinx's LaTeX transforms (footnotes: 600, citations: 750)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        root = next((child for child in self.document.children
                     if isinstance(child, nodes.section)), None)
        if root is None or not len(root) or not isinstance(root[0], nodes.title):
            return
        lead = []
        for child in root.children[1:]:
            if isinstance(child, nodes.section) or _holds_pages(child):
                break  # the first included page: the opening text has ended
            lead.append(child)
        after = self.document.children[self.document.index(root) + 1:]
        if not any(isinstance(node, nodes.Element) and not isinstance(node, nodes.target)
                   for node in lead):
            return
        chapter = nodes.section("", nodes.title("", "", *root[0].deepcopy().children),
                                classes=["lead"])
        for node in lead + after:
            node.parent.remove(node)
            if not (isinstance(node, nodes.transition) and "footnotes" in node["classes"]):
                chapter += node  # (the rule above the footnotes, which LaTeX sets on their pages)
        chapter += nodes.raw("", NUMBERED, format="latex")
        root.insert(1, nodes.raw("", UNNUMBERED, format="latex"))
        root.insert(2, chapter)


def _holds_pages(node: nodes.Node) -> bool:
    """Whether *node* holds an included page (a table of contents, in the book)."""
    return isinstance(node, nodes.Element) and \
        next(iter(node.findall(addnodes.start_of_file)), None) is not None


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(LeadChapter)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
