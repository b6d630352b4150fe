"""The archived page of a source: its metadata and its full text, line by line.

The text is put into the page as plain text nodes, never parsed, so a source
holding ``<script>``, MyST roles or LaTeX shows them literally. Every line gets
the anchor ``L<n>`` that pinpoint citations link to. Which pages cite the
source is only known once every page is read, so the directive leaves a
placeholder that :class:`CitedByResolver` fills in.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from starlight import compat
from starlight.claims.extract import ancestors
from starlight.errors import InputError
from starlight.pages.links import raw_uri
from starlight.sources.catalog import NOT_STATED, Source, cached_catalog
from starlight.sources.pinpoint import PinpointError, line_anchor, parse_pinpoint

logger = logging.getLogger(__name__)


class cited_by(nodes.General, nodes.Element):
    """Placeholder for the list of pages that cite a source."""


class source_line(nodes.paragraph):
    """One line of an archived source; its id is the target of pinpoint links."""


def visit_source_line_latex(translator, node: source_line) -> None:
    # LaTeX paragraphs drop their ids; anchor the line explicitly for \hyperref.
    translator.body.append(
        "\n" + "".join(translator.hypertarget(i, anchor=True) for i in node["ids"])
    )
    translator.visit_paragraph(node)


def _visit_as_paragraph(translator, node) -> None:
    translator.visit_paragraph(node)


def _depart_as_paragraph(translator, node) -> None:
    translator.depart_paragraph(node)


SOURCE_LINE_VISITORS = {
    builder: (
        visit_source_line_latex if builder == "latex" else _visit_as_paragraph,
        _depart_as_paragraph,
    )
    for builder in ("html", "latex", "text", "man", "texinfo")
}


def _field(name: str, *body: nodes.Node) -> nodes.field:
    return nodes.field(
        "", nodes.field_name("", name), nodes.field_body("", nodes.paragraph("", "", *body))
    )


def _text(value: str | None) -> nodes.Node:
    return nodes.Text(value) if value else nodes.emphasis("", NOT_STATED)


def _line_list(numbers) -> nodes.Node:
    if not numbers:
        return nodes.emphasis("", "none")
    parts: list[nodes.Node] = []
    for number in sorted(numbers):
        if parts:
            parts.append(nodes.Text(", "))
        parts.append(nodes.reference("", f"L{number}", refid=line_anchor(number)))
    return nodes.inline("", "", *parts)


def metadata_fields(source: Source, line_count: int) -> nodes.field_list:
    """The metadata of *source*, as a field list ("not stated" where the text is silent)."""
    links: list[nodes.Node] = []
    for link in source.links:
        if links:
            links.append(nodes.Text("; "))
        links += [
            nodes.reference("", link.url, refuri=link.url),
            nodes.Text(" (line "),
            nodes.reference("", f"L{link.line}", refid=line_anchor(link.line)),
            nodes.Text(")"),
        ]
    raw = nodes.reference(
        "", "", nodes.literal("", source.file), refuri=raw_uri(source.file, source.docname)
    )
    return nodes.field_list(
        "",
        _field("Label", nodes.Text(source.label)),
        _field("Citation key", nodes.literal("", source.key)),
        _field("Kind", _text(source.kind)),
        _field("Headline", _text(source.headline)),
        _field("Publisher", _text(source.publisher)),
        _field("Date", _text(source.date)),
        _field("File", raw, nodes.Text(f" ({line_count} lines, raw text)")),
        _field("SHA-256", nodes.literal("", source.sha256)),
        _field("Links in the text", *(links or [nodes.emphasis("", "none")])),
        _field("Lines not about the film", _line_list(source.off_topic)),
        _field("Section headings", _line_list(source.structure)),
        _field("Cited by", cited_by(key=source.key)),
        classes=["source-metadata"],
        support_smartquotes=False,
    )


def text_block(lines: list[str], key: str) -> nodes.container:
    """The full text, one element per line with its anchor and number."""
    block = nodes.container(classes=["source-text"], source_key=key)
    for number, text in enumerate(lines, start=1):
        anchor = line_anchor(number)
        block += source_line(
            "",
            "",
            # "no-search": the line's number is not the source's word (the index skips it).
            nodes.reference("", str(number), refid=anchor, classes=["lineno", "no-search"]),
            nodes.Text(" "),
            nodes.inline("", text, classes=["line-text"]),
            ids=[anchor],
            classes=["source-line"],
            support_smartquotes=False,  # evidence is shown as it is
        )
    return block


class SourceArchiveDirective(SphinxDirective):
    """``{source-archive} key``: the whole archived page of one source."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        catalog = cached_catalog(self.config.claims_sources_file)
        key = self.arguments[0]
        source = catalog.get(key)
        if source is None:
            raise self.error(f"unknown source '{key}' (not in {catalog.path.name})")
        try:
            lines = source.lines()
        except InputError as exc:
            raise self.error(str(exc)) from None
        self.env.note_dependency(str(source.path))
        self.env.note_dependency(str(catalog.path))
        section = nodes.section(
            ids=[f"source-{key}"], names=[f"source-{key}"], classes=["source-archive"]
        )
        section += nodes.title("", f"Archived source: {source.label}")
        if source.summary:
            section += nodes.paragraph("", source.summary, classes=["source-summary"])
        section += metadata_fields(source, len(lines))
        heading = nodes.rubric("", "Full text, exactly as archived")
        section += heading
        section += text_block(lines, key)
        return [section]


def citations_by_line(env, key: str) -> dict[int, list[tuple[str, str, int]]]:
    """For each line of source *key*: (page, citation id, its number on the page) citing it."""
    by_line: dict[int, list[tuple[str, str, int]]] = {}
    counts: dict[str, int] = {}
    for ref in compat.citation_refs(env):
        counts[ref.docname] = counts.get(ref.docname, 0) + 1
        for target in ref.targets:
            if target.key != key:
                continue
            try:
                lines = parse_pinpoint(target.post).lines
            except PinpointError:
                continue
            for line in dict.fromkeys(lines):
                by_line.setdefault(line, []).append(
                    (ref.docname, ref.citation_ref_id, counts[ref.docname])
                )
    # Incremental builds re-append a re-read page's citations at the end: sort.
    return {line: sorted(citers, key=lambda c: (c[0], c[2])) for line, citers in by_line.items()}


def page_title(env, docname: str) -> str:
    """A page's title as the archived pages name it (its name when it has none)."""
    return env.titles[docname].astext() if docname in env.titles else docname


def citing_pages(env, key: str) -> list[str]:
    """The pages that cite source *key*, in name order."""
    return sorted(
        {
            ref.docname
            for ref in compat.citation_refs(env)
            if any(target.key == key for target in ref.targets)
        }
    )


def citing_state(env, keys: list[str]) -> dict[str, tuple]:
    """What the archived page of each source of *keys* shows of its citations: the
    pages citing it, and per line each citation's page, id, number and section, with
    the pages' titles. An archived page need be written again only when this changes."""
    places = env.get_domain("citeplaces").data["sections"]
    shown = {}
    for key in keys:
        pages = citing_pages(env, key)
        by_line = citations_by_line(env, key)
        shown[key] = (
            [(docname, page_title(env, docname)) for docname in pages],
            {
                line: [
                    (docname, ref_id, number, places.get(docname, {}).get(ref_id, ""))
                    for docname, ref_id, number in citers
                ]
                for line, citers in by_line.items()
            },
        )
    return shown


class CitationPlaces(Domain):
    """Where each citation stands: the title of the section around it, per page.

    Read at ``doctree-read`` so that an archived line can say "Plot: Synopsis"
    instead of "Plot, citation 64"; a domain, so parallel and incremental
    builds keep it right.
    """

    name = "citeplaces"
    label = "Citation places"
    initial_data: ClassVar[dict] = {"sections": {}}

    def clear_doc(self, docname: str) -> None:
        self.data["sections"].pop(docname, None)

    def merge_domaindata(self, docnames, otherdata) -> None:
        for docname in docnames:
            if docname in otherdata["sections"]:
                self.data["sections"][docname] = otherdata["sections"][docname]

    def resolve_any_xref(self, *args):
        return []


def record_citation_places(app, doctree: nodes.document) -> None:
    """Remember the section title around each citation of the page just read."""
    places = {}
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("refdomain") not in ("cite", "footcite") or not xref.get("ids"):
            continue
        section = next((a for a in ancestors(xref) if isinstance(a, nodes.section)), None)
        title = (
            section[0].astext()
            if section is not None and len(section) and isinstance(section[0], nodes.title)
            else ""
        )
        if any(isinstance(a, nodes.footnote) for a in ancestors(xref)):
            title = "notes"
        places[xref["ids"][0]] = title
    app.env.get_domain("citeplaces").data["sections"][app.env.docname] = places


class CitedByResolver(SphinxPostTransform):
    """Fill in who cites a source: the pages, and for each line the citations."""

    default_priority = 15

    def run(self, **kwargs) -> None:
        self._lines()
        for placeholder in list(self.document.findall(cited_by)):
            body: list[nodes.Node] = []
            for docname in citing_pages(self.env, placeholder["key"]):
                if body:
                    body.append(nodes.Text(", "))
                body.append(
                    make_refnode(
                        compat.app_of(self.env).builder,
                        self.env.docname,
                        docname,
                        "",
                        nodes.Text(page_title(self.env, docname)),
                    )
                )
            placeholder.replace_self(body or [nodes.emphasis("", "no page yet")])

    def _lines(self) -> None:
        """Each archived line lists the citations that rest on it, with links back.

        HTML only: the PDF does not anchor citations, so it keeps the page-level
        "Cited by" list instead.
        """
        builder = compat.app_of(self.env).builder
        if builder.format != "html":
            return
        for block in self.document.findall(nodes.container):
            key = block.get("source_key")
            if not key or "source-text" not in block["classes"]:
                continue
            by_line = citations_by_line(self.env, key)
            for line in block.findall(source_line):
                number = int(line["ids"][0][1:])
                citers = by_line.get(number, [])
                if not citers:
                    continue
                line += self._listing(builder, citers)

    def _listing(self, builder, citers: list[tuple[str, str, int]]) -> nodes.inline:
        """ "cited by: Plot (2): notes; Characters: Jay, Nan-young", grouped per page (the
        page's own text first, with how many citations), each section linked to its
        first citation of the line."""
        places = self.env.get_domain("citeplaces").data["sections"]
        grouped: dict[str, dict[str, list[str]]] = {}
        for docname, ref_id, _ in citers:
            title = places.get(docname, {}).get(ref_id, "")
            grouped.setdefault(docname, {}).setdefault(title, []).append(ref_id)
        # "no-search": the titles and counts of the pages citing a line are not the
        # source's words (Sphinx's index skips them).
        listing = nodes.inline(
            "", "", nodes.Text("cited by: "), classes=["line-cited-by", "no-search"]
        )
        for page_index, (docname, sections) in enumerate(grouped.items()):
            if page_index:
                listing += nodes.Text("; ")
            heading = page_title(self.env, docname)
            top = sections.pop(heading, []) + sections.pop("", [])
            first = top[0] if top else next(iter(sections.values()))[0]
            listing += make_refnode(
                builder,
                self.env.docname,
                docname,
                first,
                nodes.Text(heading + (f" ({len(top)})" if len(top) > 1 else "")),
            )
            for index, (title, ref_ids) in enumerate(sections.items()):
                listing += nodes.Text(": " if index == 0 else ", ")
                shown = title + (f" ({len(ref_ids)})" if len(ref_ids) > 1 else "")
                listing += make_refnode(
                    builder, self.env.docname, docname, ref_ids[0], nodes.Text(shown)
                )
        return listing
