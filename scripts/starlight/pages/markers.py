"""Citations as compact markers, with a reference list at the end of each page.

A citation is written ``{cite:p}`resonate{L9}``` and checked as such; what a
reader sees is a superscript marker, ``[1]``, numbered per page by source in
the order the page first cites it, as in an encyclopedia. The marker links
to the cited lines and carries the preview's data (source, lines, excerpt:
:mod:`starlight.pages.preview`), so the evidence stays one tap away. The page
ends with its references: each source named in words a reader knows (what
kind of text it is, its publisher and headline where the text states them,
else its description) with links to every line the page cites.

In the PDF, whose pages are one document, each chapter numbers its own
markers and ends with its own references.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from starlight import compat
from starlight.errors import InputError
from starlight.pages.links import PIN_SCHEME, pin_uri
from starlight.sources.catalog import Source, cached_catalog
from starlight.sources.pinpoint import PinpointError, lines_text, parse_pinpoint

CITATION_CLASS = "bibtex-citation"
MARKS_CLASS = "cite-marks"
# Sphinx's search index skips nodes of this class: a marker's number and the
# reference list's line numbers are not the page's words.
NO_SEARCH = "no-search"
REFERENCES_TITLE = "References"


def reader_name(source: Source) -> list[nodes.Node]:
    """:meth:`Source.reader_parts` as nodes, the headline in italics (a title, not
    a quotation)."""
    lead, headline, tail = source.reader_parts()
    if not headline:
        return [nodes.Text(lead + tail)]
    return [nodes.Text(f"{lead}: "), nodes.emphasis("", headline), nodes.Text(tail)]


@dataclass
class _Unit:
    """A page (or, in the PDF, a chapter): each source it cites, in the order first
    cited (its marker's number), with the lines cited."""

    node: nodes.Element
    lines: dict[str, set[int]] = field(default_factory=dict)
    last: nodes.Node | None = None

    def number(self, key: str, pinpoint: str) -> int:
        self.lines.setdefault(key, set()).update(parse_pinpoint(pinpoint).lines)
        return list(self.lines).index(key) + 1


def _pins(citation: nodes.Element, entries: dict[str, nodes.reference]) -> list[tuple[str, str]]:
    """The (source key, pinpoint) pairs a resolved citation links to, in order;
    each source's link to its bibliography entry (the label's) goes into *entries*."""
    found = []
    label = None
    for reference in citation.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if not uri.startswith(PIN_SCHEME):
            label = reference
            continue
        key, _, text = uri[len(PIN_SCHEME) :].partition("#")
        found.append((key, text))
        if label is not None:
            entries.setdefault(key, label)
    return found


def _chapters(document: nodes.document) -> dict[int, nodes.Element]:
    """Each citation's chapter in a book (the PDF): its innermost ``start_of_file``.

    Found from above: Sphinx moves a page's nodes into its ``start_of_file``
    without setting their ``parent``."""
    owner: dict[int, nodes.Element] = {}
    for chapter in document.findall(addnodes.start_of_file):  # outer before inner
        for citation in chapter.findall(nodes.inline):
            owner[id(citation)] = chapter
    return owner


def runs(lines: set[int]) -> list[str]:
    """Line numbers as pinpoints of consecutive runs: {1, 7, 8, 9} → L1, L7-9."""
    found: list[str] = []
    ordered = sorted(lines)
    start = previous = ordered[0] if ordered else 0
    for number in ordered[1:] + [0]:
        if number != previous + 1:
            found.append(f"L{start}" if start == previous else f"L{start}-{previous}")
            start = number
        previous = number
    return found if ordered else []


def _references(unit: _Unit, catalog, entries: dict[str, nodes.reference]) -> list[nodes.Element]:
    """The list that ends a page: each source in words a reader knows, linked to its
    bibliography entry (*entries*: the links sphinxcontrib-bibtex made), and its lines."""
    items = nodes.enumerated_list(
        enumtype="arabic", prefix="", suffix=".", classes=["references", NO_SEARCH]
    )
    for key, lines in unit.lines.items():
        source = catalog.get(key)
        entry = nodes.paragraph()
        label = entries.get(key)
        if label is None:
            entry += reader_name(source)
        else:  # the link sphinxcontrib-bibtex made to the entry, with the reader's words
            link = label.copy()
            link += reader_name(source)
            entry += link
        entry += nodes.Text(f". Cited at line{'s' if len(lines) > 1 else ''} ")
        for index, pin in enumerate(runs(lines)):
            if index:
                entry += nodes.Text(", ")
            entry += nodes.reference("", lines_text(pin), refuri=pin_uri(key, pin))
        entry += nodes.Text(".")
        items += nodes.list_item("", entry)
    title = nodes.rubric("", REFERENCES_TITLE, classes=["references-title", NO_SEARCH])
    return [title, items]


class CitationMarkers(SphinxPostTransform):
    """Replace each resolved citation by its markers; end each page with its references.

    Runs after sphinxcontrib-bibtex has resolved the citations (priority 10)
    and before :class:`~starlight.pages.links.PinpointResolver` (20) turns the
    ``wiki-pin:`` links into links to the lines with the preview's data.
    """

    default_priority = 15

    def run(self, **kwargs) -> None:
        catalog = cached_catalog(self.config.claims_sources_file)
        units: dict[int, _Unit] = {}
        chapters = _chapters(self.document)
        entries: dict[str, nodes.reference] = {}
        for citation in list(self.document.findall(nodes.inline)):
            if CITATION_CLASS not in citation["classes"]:
                continue
            pins = [
                (key, text) for key, text in _pins(citation, entries) if _valid(catalog, key, text)
            ]
            if not pins:
                continue  # the claim checks report a citation without a valid pinpoint
            where = chapters.get(id(citation), self.document)
            unit = units.setdefault(id(where), _Unit(where))
            marks = nodes.superscript("", classes=[MARKS_CLASS, NO_SEARCH])
            for key, text in pins:
                number = unit.number(key, text)
                marks += nodes.reference(
                    "",
                    f"[{number}]",
                    refuri=pin_uri(key, text),
                    marker=number,
                    classes=["cite-mark"],
                )
            _close_up(citation)
            citation.replace_self(marks)
            unit.last = marks
        for unit in units.values():
            self._place(unit, _references(unit, catalog, entries))
        if units and compat.app_of(self.env).builder.format == "html":
            _lettered_notes(self.document)  # LaTeX numbers its own footnotes

    def _place(self, unit: _Unit, references: list[nodes.Element]) -> None:
        """At the end of the page or chapter; in a book's opening pages (the PDF's
        root document, whose chapters follow), after the last block that cites."""
        if unit.node is not self.document or not any(self.document.findall(addnodes.start_of_file)):
            unit.node.extend(references)
            return
        block = unit.last
        parent = block.parent if block is not None else None
        while parent is not None and not isinstance(parent, (nodes.section, nodes.document)):
            block, parent = parent, parent.parent
        if block is None or parent is None:  # (a unit has a citing block, in a section)
            unit.node.extend(references)
            return
        index = parent.index(block) + 1
        parent[index:index] = references


def _close_up(citation: nodes.Element) -> None:
    """Drop the space written before a citation: a marker sits on its word."""
    parent = citation.parent
    index = parent.index(citation)
    before = parent[index - 1] if index else None
    if isinstance(before, nodes.Text) and before.endswith((" ", "\n")):
        parent.replace(before, nodes.Text(before.rstrip()))


def _lettered_notes(document: nodes.document) -> None:
    """Number footnotes a, b, c: a note is then never mistaken for reference 1."""
    letters: dict[str, str] = {}
    for footnote in document.findall(nodes.footnote):
        if footnote.get("auto") and footnote.children and isinstance(footnote[0], nodes.label):
            letter = _letter(len(letters))
            for node_id in footnote["ids"]:
                letters[node_id] = letter
            footnote[0].replace_self(nodes.label("", letter))
    for reference in document.findall(nodes.footnote_reference):
        lettered = letters.get(reference.get("refid", ""))
        if lettered:
            reference.children = []
            reference += nodes.Text(lettered)


def _letter(index: int) -> str:
    """0 → a, 25 → z, 26 → aa."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def _valid(catalog, key: str, text: str) -> bool:
    try:
        parse_pinpoint(text)
    except PinpointError:
        return False
    try:
        return catalog.get(key) is not None
    except InputError:
        return False
