"""While previewing (``make serve``), each page shows its own claim findings and flags.

An editor who breaks a claim looks at the page, not at the terminal; with
``claims_show_findings`` on, every page with findings opens with a box that
lists them as ``file:line: message [code]``, and every page with flagged
words with a box that lists those (``file:line: 'word': why [flag.kind]``):
the words a person must confirm against the cited lines. The build still
fails with the same warnings (flags never fail it), and the published site
never has these boxes, nor the Editor's notes: only ``make serve`` shows them.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes

from starlight.claims.extract import EDITORIAL_CLASS
from starlight.claims.sphinx import claims_report, insert_under_title

FINDINGS_CLASS = "claims-findings"
FLAGS_CLASS = "claims-flags"


def _box(
    kind: str, css: str, title: str, rows: list[tuple[str, int, str, str]], root: Path
) -> nodes.admonition:
    """An admonition titled *title*, listing (path, line, text, code) rows as
    ``file:line: text [code]``, paths relative to the project *root*."""
    box = nodes.admonition(classes=[kind, css])
    box += nodes.title("", title)
    items = nodes.bullet_list()
    for path, line, text, code in rows:
        items += nodes.list_item(
            "",
            nodes.paragraph(
                "",
                "",
                nodes.literal("", f"{os.path.relpath(path, root)}:{line}"),
                nodes.Text(f": {text} "),
                nodes.literal("", f"[{code}]"),
            ),
        )
    box += items
    return box


def flags_box(flags: list, root: Path) -> nodes.admonition:
    """A note listing the page's flagged words (file, line, flag)."""
    count = len(flags)
    return _box(
        "note",
        FLAGS_CLASS,
        f"Claim check: {count} flagged word"
        f"{'s' if count != 1 else ''} to confirm against the cited lines",
        [
            (path, line, f"‘{flag.word}’: {flag.message}", flag.kind.qualified)
            for path, line, flag in flags
        ],
        root,
    )


def findings_box(findings: list, root: Path) -> nodes.admonition:
    """An error admonition listing *findings*."""
    count = len(findings)
    return _box(
        "error",
        FINDINGS_CLASS,
        f"Claim check: {count} finding{'s' if count != 1 else ''} on this page",
        [(f.path, f.line, f.message, f.code.qualified) for f in findings],
        root,
    )


def hide_editors_notes(doctree: nodes.document) -> None:
    """Editor's notes speak to editors (and search engines), not to readers: the
    published pages leave them out; the preview shows them. The claim checks
    have read them already, from the doctree as it was read."""
    for note in list(doctree.findall(nodes.admonition)):
        if EDITORIAL_CLASS in note["classes"]:
            note.parent.remove(note)


def on_doctree_resolved(app, doctree: nodes.document, docname: str) -> None:
    if not app.config.claims_show_findings:
        hide_editors_notes(doctree)
        return
    if not app.config.claims_check:
        return
    report = claims_report(app)
    if report is None:
        return
    path = str(app.env.doc2path(docname))
    root = Path(app.srcdir).parent
    flags = [flag for flag in report.flags if flag[0] == path]
    if flags:
        insert_under_title(doctree, flags_box(flags, root))
    own = [f for f in report.findings if f.path == path]
    if own:
        insert_under_title(doctree, findings_box(own, root))


def setup(app) -> dict:
    # claims_show_findings (on in `make serve` only) is registered with the other
    # options, in starlight.claims.settings.
    app.connect("doctree-resolved", on_doctree_resolved)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
