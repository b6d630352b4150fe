"""Reading claims out of a doctree, as the build already parsed it.

The unit is a block: a paragraph, or a whole table row (cells are read
together, so a label cell and its cited value cell make one claim). Each block
is flattened into text in which every citation role (still a ``pending_xref``
of the ``cite`` domain at this stage) becomes one marker character; the text
is then split into sentences, and each sentence with words in it is a claim.

Not claims: titles and headings, card titles, table heads, code, toctrees,
the bibliography, archived source pages, and anything inside an Editor's note
or on a page whose front matter says ``claims: editorial``. Every exemption is
recorded so reports can show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from .model import Citation, Claim, Exemption
from .sentences import MARKER, MARKER_BASE, split_sentences

EDITORIAL_CLASS = "editorial"
# A sentence made only of these words around links is navigation ("See also …").
NAVIGATION_WORDS = frozenset(
    "see also the for more details detail below above and or on page pages this that "
    "in section sections further compare cf read next previous here".split()
)
CELL_SEPARATOR = " ¦ "
_ROLE_RESIDUE = re.compile(r"\{[a-z][\w:-]*\}`")

# Classes of elements whose text is a heading, not a statement.
_HEADING_CLASSES = {"sd-card-title", "sd-card-header", "sd-tab-label", "rubric"}


@dataclass
class _Flat:
    """A block flattened to text, with what is checkable and where citations are.

    ``checked`` is ``text`` with every character that is not checkable
    (citations, links, code) replaced by a space, so offsets are shared.
    """

    text: str = ""
    checked: str = ""
    citations: list[list[Citation]] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    initials: list[int] = field(default_factory=lambda: [0])

    def add(self, text: str, checkable: bool) -> None:
        self.text += text
        self.checked += text if checkable else " " * len(text)

    def add_citation(self, targets: list[Citation]) -> None:
        self.add(chr(MARKER_BASE + len(self.citations)), False)
        self.citations.append(targets)
        self.shown.append("[" + "; ".join(f"{c.key} {c.pinpoint}".strip() for c in targets) + "]")


def _flatten(node: nodes.Node, flat: _Flat) -> None:
    for child in node.children:
        if isinstance(child, nodes.Text):
            flat.add(child.astext(), True)
        elif isinstance(child, addnodes.pending_xref) and child.get("refdomain") in ("cite", "footcite"):
            try:
                targets = [Citation(t.key, t.post) for t in parse_citation_targets(child["reftarget"])]
            except ValueError:
                targets = [Citation(child["reftarget"], "")]
            flat.add_citation(targets)
        elif isinstance(child, (addnodes.pending_xref, nodes.reference)):
            flat.add(child.astext(), False)  # navigation: link text is not a claim
        elif isinstance(child, (nodes.literal, nodes.math, nodes.raw, nodes.image,
                                nodes.footnote_reference, nodes.substitution_reference)):
            flat.add(child.astext(), False)
        elif isinstance(child, nodes.Element):
            _flatten(child, flat)


def _is_exempt(node: nodes.Element) -> str | None:
    """Why *node* is not a claim (or None when it may be one)."""
    for ancestor in _ancestors(node):
        classes = set(ancestor.get("classes", []))
        if EDITORIAL_CLASS in classes:
            return "editor's note"
        if classes & _HEADING_CLASSES:
            return "heading"
        if isinstance(ancestor, (nodes.title, nodes.subtitle, nodes.rubric, nodes.thead,
                                 nodes.literal_block, nodes.comment, nodes.raw,
                                 nodes.citation, nodes.footnote, addnodes.toctree,
                                 nodes.field_name, nodes.term)):
            return "heading"
        if ancestor.tagname == "bibliography" or "toctree-wrapper" in classes:
            return "navigation"
    return None


def _ancestors(node: nodes.Node):
    while node is not None:
        yield node
        node = node.parent


def _block_units(doctree: nodes.document):
    """Yield (node, [parts]) for every block that may hold claims."""
    seen_rows: set[int] = set()
    for paragraph in doctree.findall(nodes.paragraph):
        row = next((a for a in _ancestors(paragraph) if isinstance(a, nodes.row)), None)
        if row is None:
            yield paragraph, [paragraph]
        elif id(row) not in seen_rows:
            seen_rows.add(id(row))
            yield row, [p for p in row.findall(nodes.paragraph)]


def _line_of(node: nodes.Element, parts: list[nodes.Element]) -> tuple[str | None, int]:
    for candidate in [*parts, node]:
        if candidate.line:
            return candidate.source, candidate.line
    for ancestor in _ancestors(node):
        if getattr(ancestor, "line", None):
            return ancestor.source, ancestor.line
    return node.source, 0


def _display(flat: _Flat, start: int, end: int) -> str:
    """The sentence as a reader sees it, citations as ``[key L9]``."""
    shown = MARKER.sub(lambda match: flat.shown[ord(match.group()) - MARKER_BASE],
                       flat.text[start:end])
    return " ".join(shown.split())


def extract_claims(doctree: nodes.document, docname: str, path: str,
                   page_editorial: bool = False) -> tuple[list[Claim], list[Exemption]]:
    """All claims of one page, and the parts of it that are exempt."""
    if page_editorial:
        return [], [Exemption(docname, path, 1, "page marked 'claims: editorial'")]
    claims: list[Claim] = []
    exemptions: list[Exemption] = []
    noted: set[int] = set()
    for node, parts in _block_units(doctree):
        reason = _is_exempt(node)
        source, line = _line_of(node, parts)
        if reason:
            if reason == "editor's note":
                note = next(a for a in _ancestors(node) if EDITORIAL_CLASS in a.get("classes", []))
                if id(note) not in noted:
                    noted.add(id(note))
                    exemptions.append(Exemption(docname, source or path, note.line or line, reason))
            continue
        flat = _Flat()
        for index, part in enumerate(parts):
            if index:
                flat.add(CELL_SEPARATOR, False)
                flat.initials.append(len(flat.text))
            _flatten(part, flat)
        claims += _claims_of_block(flat, docname, source or path, line)
    return claims, exemptions


def _claims_of_block(flat: _Flat, docname: str, path: str, line: int) -> list[Claim]:
    claims = []
    for start, end in split_sentences(flat.text):
        checked = flat.checked[start:end]
        if all(word.lower() in NAVIGATION_WORDS for word in re.findall(r"\w+", checked)):
            continue  # only links, code or citations: navigation, not a statement
        citations = [
            target
            for char in MARKER.findall(flat.text, start, end)
            for target in flat.citations[ord(char) - MARKER_BASE]
        ]
        initials = tuple(sorted({0} | {i - start for i in flat.initials if start < i < end}))
        claims.append(Claim(
            docname=docname,
            path=path,
            line=line + flat.text[:start].count("\n"),
            text=_display(flat, start, end),
            checked=checked,
            citations=citations,
            initial_positions=initials,
            malformed=tuple(_ROLE_RESIDUE.findall(checked)),
        ))
    return claims
