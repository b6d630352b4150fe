"""The tables the data directives render ({timeline}, {infobox}).

Both turn entries of a YAML data file into a two-column table whose cells are
parsed as MyST Markdown, so their citations are real citations; every node
keeps the data file's line, so a claim's warning points into the data file.
"""

from __future__ import annotations

from typing import TypeVar

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

E = TypeVar("E", bound=nodes.Element)


def data_table(
    classes: list[str], headings: tuple[str, str] | None, widths: tuple[int, int]
) -> tuple[nodes.table, nodes.tbody]:
    """An empty two-column table; rows go into the returned body.

    With *headings* the table has a head row. Without, its first column is
    the row headers (``<th scope="row">``), as in an infobox, where a head
    such as "Field / Value" would tell the reader nothing.
    """
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=2)
    table += group
    group += [
        nodes.colspec(colwidth=width, stub=not headings and index == 0)
        for index, width in enumerate(widths)
    ]
    if headings:
        head = nodes.thead()
        head += nodes.row("", *(nodes.entry("", nodes.paragraph("", title)) for title in headings))
        group += head
    body = nodes.tbody()
    group += body
    return table, body


def markdown_cell(directive: SphinxDirective, markdown: str, path: str, line: int) -> nodes.entry:
    """A cell holding *markdown*, parsed, its nodes located at *path*:*line*."""
    cell = nodes.entry()
    directive.state.nested_parse(
        StringList(markdown.split("\n"), source=path), directive.content_offset, cell
    )
    return located(cell, path, line)


def located(node: E, path: str, line: int) -> E:
    """*node*, it and its descendants said to come from *path*:*line*."""
    for child in node.findall(nodes.Element):
        child.source, child.line = path, line
    return node
