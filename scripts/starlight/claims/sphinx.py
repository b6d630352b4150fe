"""The claim checker inside Sphinx: findings become located, typed warnings.

Claims are read from each doctree as it is read (``doctree-read``) and kept in
a small domain, so parallel and incremental builds keep them right. The whole
project is judged once all pages are read (``env-check-consistency``); every
finding is logged with its ``file:line`` and type ``claims.<code>``, so
``-W`` fails the build and ``suppress_warnings`` can silence a code on purpose.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.domains import Domain
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..errors import InputError
from ..sources import cached_catalog
from .builder import ClaimsBuilder
from .codes import WARNING_TYPE, Code
from .extract import EDITORIAL_CLASS, extract_claims
from .model import Claim, Exemption
from .report import dataset_json
from .rules import Report, check, load_allowlist

logger = logging.getLogger(__name__)

DATASET_NAME = "claims.json"


class ClaimsDomain(Domain):
    """Per-page claims and exemptions, plus the last report (not pickled as truth)."""

    name = "claims"
    label = "Claims"
    initial_data: dict[str, Any] = {"claims": {}, "exemptions": {}, "empty": {}, "collectors": {}}
    _KEYS = ("claims", "exemptions", "empty", "collectors")

    def clear_doc(self, docname: str) -> None:
        for key in self._KEYS:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames, otherdata) -> None:
        for key in self._KEYS:
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    def resolve_any_xref(self, *args):
        return []

    def all_claims(self) -> list[Claim]:
        return [claim for docname in sorted(self.data["claims"])
                for claim in self.data["claims"][docname]]

    def all_exemptions(self) -> list[Exemption]:
        return [item for docname in sorted(self.data["exemptions"])
                for item in self.data["exemptions"][docname]]


def _page_is_editorial(env, docname: str) -> bool:
    return str(env.metadata.get(docname, {}).get("claims", "")).strip() == "editorial"


def _is_archive_or_bibliography(doctree: nodes.document) -> str | None:
    for section in doctree.findall(nodes.section):
        if any(i.startswith("source-") for i in section["ids"]) and \
                "source-archive" in section.get("classes", []):
            return "archived source page"
    return None


def on_doctree_read(app, doctree: nodes.document) -> None:
    if not app.config.claims_check:
        return
    env = app.env
    domain = env.get_domain("claims")
    docname = env.docname
    path = str(env.doc2path(docname))
    why = _is_archive_or_bibliography(doctree)
    if why:
        domain.data["claims"][docname] = []
        domain.data["exemptions"][docname] = [Exemption(docname, path, 1, why)]
        return
    editorial = _page_is_editorial(env, docname)
    if editorial:
        _show_editorial_banner(doctree)
    claims, exemptions = extract_claims(doctree, docname, path, editorial)
    domain.data["claims"][docname] = claims
    domain.data["exemptions"][docname] = exemptions
    has_body = any(not isinstance(n, (nodes.title, nodes.section))
                   for section in doctree.findall(nodes.section) for n in section.children)
    if not has_body and not any(True for _ in doctree.findall(nodes.section)):
        has_body = bool(doctree.astext().strip())
    domain.data["empty"][docname] = not has_body


def editors_note(*paragraphs: nodes.Node) -> nodes.admonition:
    """An Editor's note: visibly the wiki speaking about itself, not about the film."""
    note = nodes.admonition(classes=["note", EDITORIAL_CLASS])
    note += nodes.title("", "Editor's note")
    note.extend(paragraphs)
    return note


def _show_editorial_banner(doctree: nodes.document) -> None:
    """Pages exempt as a whole say so to the reader, under their title."""
    banner = editors_note(nodes.paragraph(
        "", "This page is about the wiki itself, not about the film: its sentences "
            "are editorial and are not checked as claims."))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and len(section) and isinstance(section[0], nodes.title):
        section.insert(1, banner)
    else:
        doctree.insert(0, banner)


def run_checks(app) -> Report:
    """Judge every claim of the project; the CLI calls this too."""
    env = app.env
    domain = env.get_domain("claims")
    catalog = cached_catalog(app.config.starlight_sources_file)
    allow = load_allowlist(Path(app.confdir, app.config.claims_allowlist), catalog)
    empty = [(d, str(env.doc2path(d))) for d, is_empty in sorted(domain.data["empty"].items())
             if is_empty]
    return check(domain.all_claims(), domain.all_exemptions(), catalog, allow, empty)


def on_env_check_consistency(app, env) -> None:
    if not app.config.claims_check:
        return
    try:
        report = run_checks(app)
    except InputError as exc:
        logger.error(str(exc), type=WARNING_TYPE, subtype="input")
        return
    app.claims_report = report
    for finding in report.findings:
        logger.warning(finding.message, location=f"{finding.path}:{finding.line}"
                       if finding.line else finding.path,
                       type=WARNING_TYPE, subtype=finding.code.name)


def on_build_finished(app, exception) -> None:
    """Publish the claims dataset beside the HTML pages."""
    report = getattr(app, "claims_report", None)
    if exception is not None or report is None or app.builder.format != "html":
        return
    target = Path(app.outdir, DATASET_NAME)
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(dataset_json(report, Path(app.srcdir).parent), encoding="utf-8")
    temporary.replace(target)


class EditorsNote(SphinxDirective):
    """``{editors-note}``: text about the wiki itself, shown as an Editor's note, not checked."""

    has_content = True
    option_spec = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        note = editors_note()
        note["classes"] += self.options.get("class", [])
        self.set_source_info(note)
        self.state.nested_parse(self.content, self.content_offset, note)
        return [note]


class claims_placeholder(nodes.General, nodes.Element):
    """Where the verification summary or the list of codes goes."""


class ClaimCodesDirective(SphinxDirective):
    """``{claim-codes}``: the list of finding codes, generated from :class:`Code`."""

    def run(self) -> list[nodes.Node]:
        table = nodes.definition_list(classes=["claim-codes"])
        for code in Code:
            table += nodes.definition_list_item(
                "", nodes.term("", "", nodes.literal("", code.qualified)),
                nodes.definition("", nodes.paragraph("", code.value)))
        return [table]


class VerificationDirective(SphinxDirective):
    """``{claims-verification}``: per-source coverage and totals, filled in after reading."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("claims").data["collectors"][self.env.docname] = True
        return [claims_placeholder(kind="verification")]


class VerificationResolver(SphinxPostTransform):
    default_priority = 15

    def run(self, **kwargs) -> None:
        from .report import verification_nodes

        for placeholder in list(self.document.findall(claims_placeholder)):
            report = getattr(self.env._app, "claims_report", None)
            placeholder.replace_self(verification_nodes(report))


def on_env_get_outdated(app, env, added, changed, removed) -> list[str]:
    """The verification page summarises every page, so it is rebuilt with any of them."""
    if not (added or changed or removed):
        return []
    return sorted(env.get_domain("claims").data["collectors"])


def setup(app) -> dict[str, Any]:
    app.add_config_value("claims_allowlist", "claims-allowlist.txt", "env", str)
    # Off only for measuring what the checks cost (scripts/bench.py).
    app.add_config_value("claims_check", True, "env", bool)
    app.add_domain(ClaimsDomain)
    app.add_builder(ClaimsBuilder)
    app.add_node(claims_placeholder)
    app.add_directive("editors-note", EditorsNote)
    app.add_directive("claim-codes", ClaimCodesDirective)
    app.add_directive("claims-verification", VerificationDirective)
    app.add_post_transform(VerificationResolver)
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-check-consistency", on_env_check_consistency)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
