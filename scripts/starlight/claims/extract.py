"""Reading claims out of a doctree, as the build already parsed it.

The unit is a block: a paragraph, or a whole table row (cells are read
together, so a label cell and its cited value cell make one claim). Each block
is flattened into text in which every citation role (still a ``pending_xref``
of the ``cite`` domain at this stage) becomes one marker character; the text
is then split into sentences, and each sentence with words in it is a claim.

Nothing rendered escapes: paragraphs, list items, table rows, admonition
bodies and footnotes are claims. Text that is not a sentence (headings and
titles, card titles, table heads, definition terms, field names, link text,
inline code, raw blocks, and Editor's notes on pages that are not editorial)
becomes a :class:`~.model.Label`, which may carry no number or proper name
that its section's citations don't ground. Only code blocks, comments,
toctrees, the bibliography, archived source pages and the pages ``conf.py``
lists in ``claims_editorial_pages`` are exempt, and every exemption is recorded so
reports can show it.

The claims are read in the worker that judges them (:mod:`.background`), from
the doctrees Sphinx pickled while reading (:func:`read_pages`): taken in the
main process at ``doctree-read``, kept in the environment and sent to the
worker, they cost the build itself about 5% of a clean build.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx import addnodes

from starlight import compat
from starlight.claims.cache import PageRead, VerdictCache
from starlight.claims.model import Citation, Claim, Exemption, Label
from starlight.claims.sentences import CELL_SEPARATOR, MARKER, MARKER_BASE, split_sentences
from starlight.errors import InputError

EDITORIAL_CLASS = "editorial"
# A sentence made only of these words around links is navigation ("See also …").
NAVIGATION_WORDS = frozenset(
    "see also the for more details detail below above and or on page pages this that "
    "in section sections further compare cf read next previous here".split()
)
# A role that did not parse, left as text: MyST's {cite:p}`…` (backtick unclosed) or,
# from a role whose target was malformed, its raw text :cite:p:`…`.
_ROLE_RESIDUE = re.compile(
    r"(?:\{(?P<braced>[a-z][\w:-]*)\}|:(?P<colon>[a-z][\w-]*(?::[\w-]+)?):)"
    r"`(?P<target>[^`]*)(?P<closed>`?)"
)


def malformed_roles(text: str) -> tuple[str, ...]:
    """Each role left as text in *text*, as one phrase naming the role and what is
    wrong with it."""
    found = []
    for match in _ROLE_RESIDUE.finditer(text):
        role = match.group("braced") or match.group("colon")
        target = match.group("target").strip()
        if not match.group("closed"):
            why = "its closing backtick is missing"
            target = target.split(" ")[0]
        elif target.count("{") != target.count("}"):
            why = "a brace is not closed"
        else:
            why = "the target is not of the form key{L7}"
        found.append(f"{{{role}}}`{target}`: {why}")
    return tuple(found)


# Text before a link that makes it navigation: "(see the [plot](plot.md))", "See the [plot]".
_NAVIGATION = re.compile(r"(?:^|\(|[.!?]\s)\s*(?:see|compare|cf\.?)\b[^().!?]*$", re.IGNORECASE)

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
    labels: list[tuple[str, str, int]] = field(default_factory=list)

    def add(self, text: str) -> None:
        """Text the claim states: checked against its lines."""
        self.text += text
        self.checked += text

    def add_unchecked(self, text: str) -> None:
        """Text shown but not checked (a marker, a navigation link, raw content): blank
        in the checked text, so offsets are shared."""
        self.text += text
        self.checked += " " * len(text)

    def add_citation(self, targets: list[Citation]) -> None:
        self.add_unchecked(chr(MARKER_BASE + len(self.citations)))
        self.citations.append(targets)
        self.shown.append("[" + "; ".join(f"{c.key} {c.pinpoint}".strip() for c in targets) + "]")


def _flatten(node: nodes.Node, flat: _Flat, targets: dict[int, list[Citation]]) -> None:
    for child in node.children:
        if isinstance(child, nodes.Text):
            flat.add(child.astext())
        elif isinstance(child, addnodes.pending_xref) and child.get("refdomain") in (
            "cite",
            "footcite",
        ):
            flat.add_citation(targets[id(child)])
        elif isinstance(child, (addnodes.pending_xref, nodes.reference, nodes.literal, nodes.math)):
            kind = (
                "link text"
                if isinstance(child, (addnodes.pending_xref, nodes.reference))
                else "inline code"
            )
            alone = node.astext().strip() == child.astext().strip()  # a link paragraph
            if alone or _NAVIGATION.search(flat.text):  # "(see the plot)": navigation
                flat.add_unchecked(child.astext())
                flat.labels.append((kind, child.astext(), child.line or 0))
            else:  # link text and code in running text say what the sentence says
                flat.add(child.astext())
        elif isinstance(
            child, (nodes.raw, nodes.image, nodes.footnote_reference, nodes.substitution_reference)
        ):  # raw: a label of its own
            flat.add_unchecked(child.astext())
        elif isinstance(child, nodes.Element):
            _flatten(child, flat, targets)


# What a label is, by the node that holds it.
_LABEL_KINDS = (
    (nodes.title, "heading"),
    (nodes.subtitle, "heading"),
    (nodes.rubric, "heading"),
    (nodes.thead, "table head"),
    (nodes.term, "definition term"),
    (nodes.field_name, "field name"),
)
# Labels that are not inside a paragraph, so not seen as blocks; raw blocks too.
_TITLE_KINDS = (*(cls for cls, _ in _LABEL_KINDS if issubclass(cls, nodes.TextElement)), nodes.raw)


def _is_exempt(node: nodes.Element) -> str | None:
    """Why *node* is not a claim (or None when it may be one).

    "editor's note" and the label kinds ("heading", "table head", …) are not
    exemptions: the caller checks them as labels.
    """
    for ancestor in ancestors(node):
        classes = set(ancestor.get("classes", []))
        if EDITORIAL_CLASS in classes:
            return "editor's note"
        if classes & _HEADING_CLASSES:
            return "heading"
        for kind, label_kind in _LABEL_KINDS:
            if isinstance(ancestor, kind):
                return label_kind
        if isinstance(
            ancestor,
            (
                nodes.literal_block,
                nodes.comment,
                nodes.raw,
                nodes.citation,
                addnodes.toctree,
                nodes.system_message,
            ),
        ):
            return "code"
        if ancestor.tagname == "bibliography" or "toctree-wrapper" in classes:
            return "navigation"
    return None


class _Page:
    """One walk of the doctree: its blocks' paragraphs, its titles and raw blocks, and
    the citations of each section (for judging the labels inside it), each citation
    parsed once. Walking the tree once instead of once per purpose and per section
    is most of what reading the claims costs."""

    def __init__(
        self, doctree: nodes.document, label_kinds: tuple[type[nodes.Element], ...]
    ) -> None:
        self.paragraphs: list[nodes.paragraph] = []
        self.titles: list[nodes.Element] = []
        self.targets: dict[int, list[Citation]] = {}
        self._by_scope: dict[int, list[Citation]] = {}
        stack: list[nodes.Node] = [doctree]
        while stack:
            node = stack.pop()
            if isinstance(node, nodes.paragraph):
                self.paragraphs.append(node)
            if isinstance(node, label_kinds):
                self.titles.append(node)
            elif isinstance(node, addnodes.pending_xref) and node.get("refdomain") in (
                "cite",
                "footcite",
            ):
                self._note_citation(node)
            if isinstance(node, nodes.Element):
                stack.extend(reversed(node.children))

    def _note_citation(self, xref: addnodes.pending_xref) -> None:
        targets = self.targets[id(xref)] = _targets(xref)
        for ancestor in ancestors(xref):
            if isinstance(ancestor, nodes.section) or ancestor.parent is None:
                self._by_scope.setdefault(id(ancestor), []).extend(targets)

    def scope_citations(self, node: nodes.Node) -> list[Citation]:
        """The citations of the section around *node* (or of the page, outside sections)."""
        scope = next((a for a in ancestors(node) if isinstance(a, nodes.section)), None)
        if scope is None:
            scope = next(a for a in ancestors(node) if a.parent is None)
        return self._by_scope.get(id(scope), [])


def _targets(xref: addnodes.pending_xref) -> list[Citation]:
    try:
        return [Citation(key, post) for key, post in compat.citation_targets(xref["reftarget"])]
    except ValueError:
        return [Citation(xref["reftarget"], "")]


def ancestors(node: nodes.Node):
    """*node*, its parent, and so on up to the document."""
    while node is not None:
        yield node
        node = node.parent


def _block_units(paragraphs: list[nodes.paragraph]):
    """Yield (node, [parts]) for every block that may hold claims."""
    seen_rows: set[int] = set()
    for paragraph in paragraphs:
        row = next((a for a in ancestors(paragraph) if isinstance(a, nodes.row)), None)
        if row is None:
            yield paragraph, [paragraph]
        elif id(row) not in seen_rows:
            seen_rows.add(id(row))
            yield row, [p for p in row.findall(nodes.paragraph)]


def _line_of(node: nodes.Element, parts: list[nodes.Element]) -> tuple[str | None, int]:
    for candidate in [*parts, node]:
        if candidate.line:
            return candidate.source, candidate.line
    if isinstance(node, nodes.row):
        located = _row_line(node)
        if located:
            return located
    for ancestor in ancestors(node):
        if getattr(ancestor, "line", None):
            return ancestor.source, ancestor.line
    return node.source, 0


def _row_line(row: nodes.row) -> tuple[str | None, int] | None:
    """The line of a Markdown table row: one row a line, after the head and its rule."""
    table = next((a for a in ancestors(row) if isinstance(a, nodes.table)), None)
    if table is None or not table.line:
        return None
    head = [r for part in table.findall(nodes.thead) for r in part.children]
    body = [r for part in table.findall(nodes.tbody) for r in part.children]
    if row in head:
        return table.source, table.line + head.index(row)
    if row in body:
        return table.source, table.line + len(head) + (1 if head else 0) + body.index(row)
    return None


def _display(flat: _Flat, start: int, end: int) -> tuple[str, tuple[int, ...]]:
    """The sentence as a reader sees it, citations as ``[key L9]`` and white space
    folded, and where each character of ``flat.text[start:end]`` went in it (-1: not
    there, a citation marker or folded space)."""
    out = ""
    where: list[int] = []
    space = False
    for char in flat.text[start:end]:
        if char.isspace():
            space = True
            where.append(-1)
            continue
        if space and out:
            out += " "  # a run of white space, folded into one
        space = False
        if MARKER.match(char):
            where.append(-1)
            out += flat.shown[ord(char) - MARKER_BASE]
        else:
            where.append(len(out))
            out += char
    return out, tuple(where)


def extract_claims(
    doctree: nodes.document, docname: str, path: str
) -> tuple[list[Claim], list[Exemption], list[Label]]:
    """All claims of one page, its labels, and the parts of it that are exempt. (A page
    about the wiki, ``claims_editorial_pages``, is exempt as a whole, Editor's notes
    included: :func:`read_pages` exempts it unread; on any other page an Editor's note is
    a label.)
    """
    claims: list[Claim] = []
    exemptions: list[Exemption] = []
    labels: list[Label] = []
    page = _Page(doctree, _TITLE_KINDS)
    noted: set[int] = set()
    for node, parts in _block_units(page.paragraphs):
        reason = _is_exempt(node)
        source, line = _line_of(node, parts)
        if reason == "editor's note":
            note = next(a for a in ancestors(node) if EDITORIAL_CLASS in a.get("classes", []))
            if id(note) not in noted:
                noted.add(id(note))
                exemptions.append(Exemption(docname, source or path, note.line or line, reason))
            labels.append(Label(docname, source or path, line, reason, node.astext()))
            continue
        if reason in ("code", "navigation"):
            continue
        if reason:  # a heading, table head, term or field name inside a paragraph
            labels.append(
                Label(
                    docname,
                    source or path,
                    line,
                    reason,
                    CELL_SEPARATOR.join(p.astext() for p in parts),
                    page.scope_citations(node),
                )
            )
            continue
        flat = _Flat()
        for index, part in enumerate(parts):
            if index:
                flat.add_unchecked(CELL_SEPARATOR)
            _flatten(part, flat, page.targets)
        claims += _claims_of_block(
            flat, docname, source or path, line, anchor_of(node), block_kind(node)
        )
        labels += [
            Label(docname, source or path, own or line, kind, text, page.scope_citations(node))
            for kind, text, own in flat.labels
            if text.strip()
        ]
    labels += _title_labels(page, docname, path)
    return claims, exemptions, labels


def _title_labels(page: _Page, docname: str, path: str) -> list[Label]:
    """Headings and titles (not paragraphs, so not seen as blocks), and raw blocks."""
    labels = []
    for node in page.titles:
        if _is_exempt(node.parent or node) in (
            "code",
            "navigation",
            "editor's note",
        ) and not isinstance(node, nodes.raw):
            continue
        kind = next((label for cls, label in _LABEL_KINDS if isinstance(node, cls)), None)
        if isinstance(node, nodes.raw):
            kind = "raw HTML" if "html" in node.get("format", "").split() else "raw block"
        if kind is None or (kind != "raw HTML" and not node.astext().strip()):
            continue
        source, line = _line_of(node, [])
        labels.append(
            Label(docname, source or path, line, kind, node.astext(), page.scope_citations(node))
        )
    return labels


def anchor_of(node: nodes.Node) -> str:
    """The first id of *node* or of its nearest ancestor that has ids (a section, a
    footnote, a timeline row…): where a link to the block should land ("" if none)."""
    return next(
        (a["ids"][0] for a in ancestors(node) if isinstance(a, nodes.Element) and a.get("ids")), ""
    )


def block_kind(node: nodes.Node) -> str:
    """What kind of block a claim comes from, for reports: a sentence of running text, a
    footnote, a list item, an admonition, a table row (timeline and infobox rows named)."""
    for ancestor in ancestors(node):
        if isinstance(ancestor, nodes.footnote):
            return "footnote"
        if isinstance(ancestor, nodes.table):
            classes: list[str] = ancestor.get("classes", [])
            if "timeline" in classes:
                return "timeline event"
            return "infobox row" if "infobox-table" in classes else "table row"
        if isinstance(ancestor, nodes.list_item):
            return "list item"
        if isinstance(ancestor, nodes.Admonition):
            return "admonition"
    return "sentence"


def _claims_of_block(
    flat: _Flat, docname: str, path: str, line: int, anchor: str, kind: str = "sentence"
) -> list[Claim]:
    claims = []
    for start, end in split_sentences(flat.text):
        checked = flat.checked[start:end]
        if all(word.lower() in NAVIGATION_WORDS for word in re.findall(r"\w+", checked)):
            continue  # only links, code or citations: navigation, not a statement
        citations, clauses, tail = _clauses(flat, start, end)
        text, shown = _display(flat, start, end)
        claims.append(
            Claim(
                docname=docname,
                path=path,
                line=line + flat.text[:start].count("\n"),
                text=text,
                shown=shown,
                kind=kind,
                checked=checked,
                citations=citations,
                malformed=malformed_roles(checked),
                clauses=clauses,
                tail=tail,
                anchor=anchor,
            )
        )
    return claims


def _clauses(flat: _Flat, start: int, end: int):
    """The sentence's citations, its clauses (text up to each citation) and its tail.

    Citations with nothing but space or punctuation between them cite the
    same clause together.
    """
    citations: list[Citation] = []
    clauses: list[tuple[int, int, int, int]] = []
    clause_start = 0
    for match in MARKER.finditer(flat.text, start, end):
        offset = match.start() - start
        targets = flat.citations[ord(match.group()) - MARKER_BASE]
        between = flat.checked[start + clause_start : match.start()]
        if clauses and not any(c.isalnum() for c in between):
            first_start, first_end, first, count = clauses[-1]
            clauses[-1] = (first_start, first_end, first, count + len(targets))
        else:
            clauses.append((clause_start, offset, len(citations), len(targets)))
        citations.extend(targets)
        clause_start = offset + 1
    tail = flat.checked[start + clause_start : end] if clauses else ""
    return citations, tuple(clauses), tail.strip() if any(c.isalnum() for c in tail) else ""


@dataclass(frozen=True)
class PageToRead:
    """A page whose claims the worker reads: where its doctree was pickled, and what
    only the environment knows (front matter, configuration)."""

    docname: str
    path: str
    doctree: Path
    editorial: bool


@dataclass
class Pages:
    """Everything read from the pages, in page order: what :func:`.engine.check` judges."""

    claims: list[Claim] = field(default_factory=list)
    exemptions: list[Exemption] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    empty: list[tuple[str, str]] = field(default_factory=list)  # (docname, path)


ReadAhead = dict[Path, tuple[PageToRead, str, PageRead]]
"""Pages read while Sphinx was still reading others: by doctree file, the page, the
SHA-256 of the bytes it was read from, and what they held (see :func:`read_ahead`)."""


def read_ahead(page: PageToRead, into: ReadAhead) -> None:
    """Read *page* before the rest, into *into*; a doctree that cannot be read is left
    for :func:`read_pages` to report."""
    try:
        data = page.doctree.read_bytes()
        into[page.doctree] = (page, _digest(data), _parsed(page, data))
    except (OSError, InputError):
        into.pop(page.doctree, None)


def read_pages(
    pages: list[PageToRead], cache: VerdictCache | None = None, ahead: ReadAhead | None = None
) -> Pages:
    """The claims, exemptions and labels of *pages*, and which of them are empty; a
    page whose doctree is unchanged is taken from *cache*, or from *ahead* when it was
    read ahead from the same bytes, instead of read again."""
    read = Pages()
    for page in pages:
        one = _read_page(page, cache, ahead or {})
        read.claims += one.claims
        read.exemptions += one.exemptions
        read.labels += one.labels
        if one.empty:
            read.empty.append((page.docname, page.path))
    return read


def _read_page(page: PageToRead, cache: VerdictCache | None, ahead: ReadAhead) -> PageRead:
    try:
        data = page.doctree.read_bytes()
    except OSError as exc:
        raise _unreadable(page, exc) from None
    flags, digest = (page.path, page.editorial), _digest(data)
    known = cache.read(page.docname, page.doctree, digest, flags) if cache is not None else None
    if known is not None:
        return known
    early = ahead.pop(page.doctree, None)
    if early is not None and early[:2] == (page, digest):
        one = early[2]
    else:
        one = _parsed(page, data)
    if cache is not None:
        cache.note(page.docname, one)
    return one


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _unreadable(page: PageToRead, exc: Exception) -> InputError:
    return InputError(
        page.path,
        None,
        f"its doctree {page.doctree} cannot be read ({type(exc).__name__}: {exc}): build "
        f"again with -E",
    )


def _parsed(page: PageToRead, data: bytes) -> PageRead:
    """What the page's pickled doctree (*data*) holds for the checks."""
    try:
        doctree = pickle.loads(data)
        if not isinstance(doctree, nodes.document):
            raise TypeError("not a document")
    except Exception as exc:  # any damage to the file: unpickling can raise anything
        raise _unreadable(page, exc) from None
    archive = _archive_page(doctree)
    if archive:
        return PageRead([], [Exemption(page.docname, page.path, 1, archive)], [], False)
    if page.editorial:
        exempt = Exemption(page.docname, page.path, 1, "page listed in claims_editorial_pages")
        return PageRead([], [exempt], [], not _has_body(doctree))
    claims, exemptions, labels = extract_claims(doctree, page.docname, page.path)
    return PageRead(claims, exemptions, labels, not _has_body(doctree))


def _archive_page(doctree: nodes.document) -> str | None:
    for section in doctree.findall(nodes.section):
        if any(i.startswith("source-") for i in section["ids"]) and "source-archive" in section.get(
            "classes", []
        ):
            return "archived source page"
    return None


def _has_body(doctree: nodes.document) -> bool:
    """Whether the page shows anything besides its titles."""
    sections = list(doctree.findall(nodes.section))
    if not sections:
        return bool(doctree.astext().strip())
    return any(
        not isinstance(n, (nodes.title, nodes.section))
        for section in sections
        for n in section.children
    )
