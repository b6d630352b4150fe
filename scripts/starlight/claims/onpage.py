"""While previewing (``make serve``), each page shows its own claim findings.

An editor who breaks a claim looks at the page, not at the terminal; with
``claims_show_findings`` on, every page with findings opens with a box that
lists them as ``file:line: message [code]``. The build still fails with the
same warnings, and the published site never has this box: only ``make serve``
turns it on.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes

from starlight.claims.sphinx import claims_report, insert_under_title

FINDINGS_CLASS = "claims-findings"


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
    own = [f for f in report.findings if f.path == path]
    if not own:
        return
    insert_under_title(doctree, findings_box(own, Path(app.srcdir).parent))


def setup(app) -> dict:
    # On in `make serve` only: the published site never shows findings.
    app.add_config_value("claims_show_findings", False, "html", bool)
    app.connect("doctree-resolved", on_doctree_resolved)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
