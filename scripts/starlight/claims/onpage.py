"""While previewing (``make serve``), each page shows its own claim findings and flags.

An editor who breaks a claim looks at the page, not at the terminal; with
``claims_show_findings`` on, every page with findings opens with a box that
lists them as ``file:line: message [code]``, and every page with flagged
words with a box that lists those (``file:line: 'word': why [flag.kind]``):
the words a person must confirm against the cited lines. The build still
fails with the same warnings (flags never fail it), and the published site
never has these boxes: only ``make serve`` turns them on.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes

from starlight.claims.sphinx import claims_report, insert_under_title

FINDINGS_CLASS = "claims-findings"


FLAGS_CLASS = "claims-flags"


def flags_box(flags: list, root: Path) -> nodes.admonition:
    """A note listing the page's flagged words (file, line, flag), paths relative to
    the project *root*."""
    box = nodes.admonition(classes=["note", FLAGS_CLASS])
    count = len(flags)
    box += nodes.title("", f"Claim check: {count} flagged word{'s' if count != 1 else ''} "
                           "to confirm against the cited lines")
    items = nodes.bullet_list()
    for path, line, flag in flags:
        where = f"{os.path.relpath(path, root)}:{line}"
        items += nodes.list_item("", nodes.paragraph(
            "", "", nodes.literal("", where), nodes.Text(f": ‘{flag.word}’: {flag.message} "),
            nodes.literal("", f"[{flag.kind.qualified}]")))
    box += items
    return box


def findings_box(findings: list, root: Path) -> nodes.admonition:
    """An error admonition listing *findings*, paths relative to the project *root*."""
    box = nodes.admonition(classes=["error", FINDINGS_CLASS])
    count = len(findings)
    box += nodes.title("", f"Claim check: {count} finding{'s' if count != 1 else ''} "
                           "on this page")
    items = nodes.bullet_list()
    for finding in findings:
        where = f"{os.path.relpath(finding.path, root)}:{finding.line}"
        items += nodes.list_item("", nodes.paragraph(
            "", "", nodes.literal("", where), nodes.Text(f": {finding.message} "),
            nodes.literal("", f"[{finding.code.qualified}]")))
    box += items
    return box


def on_doctree_resolved(app, doctree: nodes.document, docname: str) -> None:
    if not app.config.claims_show_findings or not app.config.claims_check:
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
