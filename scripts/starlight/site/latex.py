"""The PDF's shape: transforms of the book the LaTeX builder assembles.

Sphinx's LaTeX builder joins every page into one doctree, the home page at the
top; these post-transforms run on it, and on nothing else.

- **The lead is the first chapter.** Sphinx spends the home page's title on
  the title page, and typesets the text before its first table of contents
  (the opening paragraphs and the infobox) before chapter 1, with no heading
  and missing from the contents. :class:`LeadChapter` puts that text, and
  what the page ends with, in a chapter of its own, titled like the home
  page, unnumbered, listed first.
- **Cross-references name their page, links to a line do not.** With
  ``latex_show_pagerefs`` every cross-reference prints the page it leads to
  ("the plot (p. 3)"), which a printed page needs. :class:`PageNumbers` makes
  two exceptions. A link to a line of an archived source (a citation's
  marker, the lines a reference list names, a line's own number, the lines a
  source's metadata lists) is already a place, and there are hundreds; a
  link from a page to itself (an archived
  source's raw file, which the PDF cannot hold) leads nowhere else: each
  becomes an :class:`unpaged_reference`, with no page. A link that closes a
  parenthesis, "(see the plot)", becomes a
  :class:`parenthetical_reference`, whose page goes inside it: "(see the
  plot, p. 3)", not "(see the plot (p. 3))".
- **The sources' metadata can be styled.** The LaTeX writer drops a field
  list's classes; :class:`MetadataBox` wraps a source's metadata in a
  container whose class (``source-metadata``) ``conf.py``'s preamble sets
  compactly, as it does the full text (``source-text``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from starlight.pages.archive import source_line

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
        root = next(
            (child for child in self.document.children if isinstance(child, nodes.section)), None
        )
        if root is None or not len(root) or not isinstance(root[0], nodes.title):
            return
        lead = []
        for child in root.children[1:]:
            if isinstance(child, nodes.section) or _holds_pages(child):
                break  # the first included page: the opening text has ended
            lead.append(child)
        after = self.document.children[self.document.index(root) + 1 :]
        if not any(
            isinstance(node, nodes.Element) and not isinstance(node, nodes.target) for node in lead
        ):
            return
        chapter = nodes.section(
            "", nodes.title("", "", *root[0].deepcopy().children), classes=["lead"]
        )
        for node in lead + after:
            node.parent.remove(node)
            if not (isinstance(node, nodes.transition) and "footnotes" in node["classes"]):
                chapter += node  # (the rule above the footnotes, which LaTeX sets on their pages)
        chapter += nodes.raw("", NUMBERED, format="latex")
        root.insert(1, nodes.raw("", UNNUMBERED, format="latex"))
        root.insert(2, chapter)


def _holds_pages(node: nodes.Node) -> bool:
    """Whether *node* holds an included page (a table of contents, in the book)."""
    return (
        isinstance(node, nodes.Element)
        and next(iter(node.findall(addnodes.start_of_file)), None) is not None
    )


class unpaged_reference(nodes.reference):
    """A link to a line of an archived source, or to the page it is on: no page number."""


class parenthetical_reference(nodes.reference):
    """A link followed by ")": its page number, if any, goes before the parenthesis."""


def _target(translator, node: nodes.reference) -> str:
    """The label an internal link leads to, as ``LaTeXTranslator.visit_reference`` makes
    it from the LaTeX builder's address (``%docname#id``, or a ``refid`` on this page)."""
    uri = node.get("refuri") or f"%{translator.curfilestack[-1]}#{node['refid']}"
    return uri[1:].replace("#", ":") if "#" in uri else uri[1:] + "::doc"


def visit_internal_reference_latex(translator, node: nodes.reference) -> None:
    """``LaTeXTranslator.visit_reference`` for an internal link, without the page."""
    if not translator.in_title:
        node_ids: list[str] = node.get("ids", [])
        for node_id in node_ids:
            translator.body.append(
                translator.hypertarget(node_id, anchor=not translator.in_caption)
            )
    translator.body.append(translator.hyperlink(_target(translator, node)) + r"\sphinxcrossref{")


def depart_unpaged_reference_latex(translator, node: unpaged_reference) -> None:
    translator.body.append("}}}")


def depart_parenthetical_reference_latex(translator, node: parenthetical_reference) -> None:
    translator.body.append("}}}")
    if translator.config.latex_show_pagerefs:
        translator.body.append(", " + translator.hyperpageref(_target(translator, node)))


def _with_pages(document: nodes.document):
    """Every element of the assembled book with the page it came from. (Walked from
    the top: the builder moves each included page's nodes without updating their
    ``parent``.)"""
    stack: list[tuple[nodes.Element, str]] = [(document, document.get("docname", ""))]
    while stack:
        node, page = stack.pop()
        if isinstance(node, addnodes.start_of_file):
            page = node["docname"]
        yield node, page
        stack.extend(
            (child, page) for child in reversed(node.children) if isinstance(child, nodes.Element)
        )


def _closes_parenthesis(node: nodes.Element) -> bool:
    index = node.parent.index(node)
    following = node.parent[index + 1] if index + 1 < len(node.parent) else None
    return isinstance(following, nodes.Text) and following.astext().startswith(")")


class PageNumbers(SphinxPostTransform):
    """Internal links to a line of an archived source or to their own page become
    :class:`unpaged_reference`, and those that close a parenthesis
    :class:`parenthetical_reference`."""

    default_priority = 900  # after every transform that makes links (pinpoints: 20)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        lines: set[tuple[str, str]] = set()
        links = []
        for node, page in _with_pages(self.document):
            if isinstance(node, source_line):
                lines.update((page, line_id) for line_id in node["ids"])
            elif type(node) is nodes.reference:
                links.append((node, page))
        for node, page in links:
            uri = node.get("refuri", "")
            if uri.startswith("%"):  # the LaTeX builder's address of a page: %docname#id
                target = tuple(uri[1:].partition("#")[::2])
            elif not uri and node.get("refid"):
                target = (page, node["refid"])
            else:
                continue  # a link out of the book
            kind = (
                unpaged_reference
                if target in lines or target == (page, "")
                else parenthetical_reference
                if _closes_parenthesis(node)
                else None
            )
            if kind is not None:
                node.replace_self(kind(node.rawsource, "", *node.children, **node.attributes))


class MetadataBox(SphinxPostTransform):
    """A source's metadata (a field list of class ``source-metadata``) inside a
    container of the same class, which the LaTeX writer passes on."""

    default_priority = 800
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for fields in list(self.document.findall(nodes.field_list)):
            if "source-metadata" in fields["classes"] and not (
                isinstance(fields.parent, nodes.container)
                and "source-metadata" in fields.parent["classes"]
            ):
                box = nodes.container(classes=["source-metadata"])
                fields.replace_self(box)
                box += fields


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        unpaged_reference, latex=(visit_internal_reference_latex, depart_unpaged_reference_latex)
    )
    app.add_node(
        parenthetical_reference,
        latex=(visit_internal_reference_latex, depart_parenthetical_reference_latex),
    )
    app.add_post_transform(LeadChapter)
    app.add_post_transform(PageNumbers)
    app.add_post_transform(MetadataBox)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
