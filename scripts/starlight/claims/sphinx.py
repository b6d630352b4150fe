"""The claim checker inside Sphinx: findings become located, typed warnings.

Once all pages are read (``env-updated``), a second process reads the claims
from the doctrees Sphinx pickled and judges the whole project while Sphinx
writes (see :mod:`.background` and :func:`.extract.read_pages`), reusing what
the last build read and judged where nothing changed (:mod:`.cache`): the build
itself only lists the pages, so parallel and incremental builds judge every
page as it is now, and the claims cost the writing pages nothing. The verdicts are
collected when the verification page or the build's end needs them, and every
finding is logged with its ``file:line`` and type ``claims.<code>``, so ``-W``
fails the build and ``suppress_warnings`` can silence a code on purpose.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.domains import Domain
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import FileAvoidWrite

from starlight import buildstate, compat
from starlight.claims import ledger, quantities, registry, settings
from starlight.claims.addresses import site_base
from starlight.claims.annotations import ANNOTATIONS_NAME, BUILDERS, Site, annotations_json
from starlight.claims.background import Judge, settle
from starlight.claims.builder import ClaimsBuilder
from starlight.claims.cache import (
    VerdictCache,
    code_digest,
    files_digest,
    inputs_digest,
    preload,
)
from starlight.claims.codes import WARNING_TYPE, Code, FlagKind
from starlight.claims.engine import check
from starlight.claims.extract import (
    EDITORIAL_CLASS,
    PageToRead,
    ReadAhead,
    read_ahead,
    read_pages,
)
from starlight.claims.lexicon import Synonyms, load_synonyms
from starlight.claims.lexicon import warm as warm_lexicon
from starlight.claims.measures import Policy
from starlight.claims.report import dataset_json
from starlight.claims.rules import Report, load_allowlist, reviewable
from starlight.errors import InputError
from starlight.sources.catalog import cached_catalog

logger = logging.getLogger(__name__)

DATASET_NAME = "claims.json"


class ClaimsDomain(Domain):
    """The pages that hold the verification summary (rebuilt whenever a page changes)."""

    name = "claims"
    label = "Claims"
    initial_data: ClassVar[dict[str, Any]] = {"collectors": {}}

    def clear_doc(self, docname: str) -> None:
        self.data["collectors"].pop(docname, None)

    def merge_domaindata(self, docnames, otherdata) -> None:
        for docname in docnames:
            if docname in otherdata["collectors"]:
                self.data["collectors"][docname] = otherdata["collectors"][docname]

    def resolve_any_xref(self, *args):
        return []


def _page_is_editorial(config, docname: str) -> bool:
    """Whether the page is about the wiki itself: only ``conf.py`` says so
    (``claims_editorial_pages``), so that no page can exempt itself."""
    return docname in config.claims_editorial_pages


def on_doctree_read(app, doctree: nodes.document) -> None:
    """Pages exempt as a whole say so under their title (their claims are read later).

    Sphinx pickles a page's doctree once it has read it, so when it reads the next
    page the worker can read the last one's claims (:func:`.extract.read_ahead`): on
    two cores, reading the claims then costs the build nothing, and the pages being
    written wait less for their reviews. A parallel reader's children send nothing."""
    if not app.config.claims_check:
        return
    if _page_is_editorial(app.config, app.env.docname):
        _show_editorial_banner(doctree)
    state = buildstate.of(app)
    if state.last_read is not None:
        _judge(app).prepare(_read_ahead, _page(app, state.last_read))
    state.last_read = app.env.docname


def editors_note(*paragraphs: nodes.Node) -> nodes.admonition:
    """An Editor's note: visibly the wiki speaking about itself, not about its subject."""
    note = nodes.admonition(classes=["note", EDITORIAL_CLASS])
    note += nodes.title("", "Editor's note")
    note.extend(paragraphs)
    return note


def _show_editorial_banner(doctree: nodes.document) -> None:
    """Pages exempt as a whole say so to the reader, under their title."""
    banner = editors_note(
        nodes.paragraph(
            "",
            "This page is about the wiki itself, not about its subject: its sentences "
            "are editorial and are not checked as claims.",
        )
    )
    insert_under_title(doctree, banner)


def insert_under_title(doctree: nodes.document, node: nodes.Node) -> None:
    """Put *node* first on the page, under its title."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and len(section) and isinstance(section[0], nodes.title):
        section.insert(1, node)
    else:
        doctree.insert(0, node)


def _page(app, docname: str) -> PageToRead:
    env = app.env
    return PageToRead(
        docname,
        str(env.doc2path(docname)),
        compat.doctree_file(env, docname),
        _page_is_editorial(app.config, docname),
    )


def _pages(app) -> list[PageToRead]:
    """Every page read, in name order, for the worker to read its claims from."""
    return [_page(app, docname) for docname in sorted(app.env.all_docs)]


def _check_inputs(app) -> tuple[tuple, dict[str, Any]]:
    """What :func:`judge_claims` needs, read in this process (input errors surface here).
    Each file is hashed before it is parsed (see :func:`.cache.files_digest`); the
    sources are read later, by the worker."""
    allow_file = Path(app.confdir, app.config.claims_allowlist)
    synonyms_file = Path(app.confdir, app.config.claims_synonyms)
    files = files_digest([app.config.claims_sources_file, allow_file, synonyms_file])
    catalog = cached_catalog(app.config.claims_sources_file)
    allow = load_allowlist(allow_file, catalog)
    synonyms = load_synonyms(synonyms_file)
    files += files_digest([source.path for source in catalog.sources])
    reviews = (
        ledger.load(Path(app.confdir, app.config.claims_reviews))
        if app.config.claims_reviews
        else None
    )
    return (
        (_pages(app), catalog, allow),
        {
            "synonyms": synonyms,
            "files": files,
            "min_coverage": app.config.claims_min_coverage,
            "policy": Policy.from_config(app.config),
            "reviews": reviews,
        },
    )


@dataclass(frozen=True)
class Outputs:
    """What an HTML build publishes from the verdicts: ``claims.json`` (paths relative
    to *root*) and, when *site* is given, ``claims.jsonld``. Made in the worker after
    judging (:func:`publish_claims`), while Sphinx writes the last pages; the build
    gets the report back without its claims (read them in ``claims.json``)."""

    root: Path
    site: Site | None


_JUDGED: dict[str, tuple[VerdictCache, Report, Any, Outputs | None]] = {}
"""What :func:`judge_claims` judged, by build, for :func:`publish_claims`: the cache to
save, the whole report, the catalog and what to publish."""

_READ: dict[str, tuple[VerdictCache, Any, ledger.Summary | None]] = {}
"""What :func:`review_claims` read, by build, for :func:`judge_claims` in the same
process (the worker runs one task at a time, in order), with the reviews' summary
(``None``: no ledger)."""


_AHEAD: ReadAhead = {}
"""Pages the worker read while Sphinx read others (:func:`on_doctree_read`)."""


def _read_ahead(page: PageToRead) -> None:
    read_ahead(page, _AHEAD)


def _read(pages: list[PageToRead], files: str) -> tuple[VerdictCache, Any]:
    """The verdict cache and the pages' claims, read now (or taken from what was read
    ahead from the same bytes)."""
    cache = VerdictCache(inputs_digest(files))
    try:
        return cache, read_pages(pages, cache, _AHEAD)
    finally:
        _AHEAD.clear()


def review_claims(
    build: str, pages: list[PageToRead], catalog, *, files: str, reviews: list | None
) -> ledger.Summary | None:
    """The build's first task in the worker: the pages' claims read, and what readers
    are told of their reviews. The pages being written show the reviews on their
    citation markers, so Sphinx waits for this, not for the verdicts; a review's state
    needs only the claims' words and lines, which reading gives."""
    _READ.clear()  # a build that failed before judging leaves its reading behind
    cache, read = _read(pages, files)
    _READ[build] = cache, read, None  # read, even if the ledger cannot be matched
    if reviews is None:
        return None
    items = reviewable(read.claims, read.labels)
    ledger.assign(items, catalog, reviews)
    summary = ledger.summary(items)
    _READ[build] = cache, read, summary
    return summary


def judge_claims(
    build: str,
    pages: list[PageToRead],
    catalog,
    allow,
    *,
    synonyms: Synonyms,
    files: str,
    outputs: Outputs | None,
    **options: Any,
) -> Report:
    """The pages' claims read (by :func:`review_claims`, when it ran first) and judged
    by :func:`.engine.check` (the ledger matched once, by the first task, when it
    could): the report, without its claims when the build publishes them. What earlier
    builds read and judged is reused where nothing it depends on changed
    (:mod:`.cache`; *files*: the input files' digest)."""
    cache, read, reviewed = _READ.pop(build) if build in _READ else (*_read(pages, files), None)
    report = check(
        read.claims,
        read.exemptions,
        catalog,
        allow,
        read.empty,
        labels=read.labels,
        synonyms=synonyms,
        cache=cache,
        reviewed=reviewed,
        **options,
    )
    _JUDGED.clear()  # a build that failed before publishing leaves its verdicts behind
    _JUDGED[build] = cache, report, catalog, outputs
    # A build that publishes reads the claims in its files; ``check-claims`` (no
    # outputs) prints them from the report.
    return report.without_claims() if outputs is not None else report


def publish_claims(build: str) -> dict[str, str]:
    """The build's last task: the verdicts kept for the next build (:mod:`.cache`), and
    the text of each file published from the report, by name."""
    if build not in _JUDGED:
        return {}  # the judgement failed, and the build reported why
    cache, report, catalog, outputs = _JUDGED.pop(build)
    cache.save()
    if outputs is None:
        return {}
    published = {DATASET_NAME: dataset_json(report, outputs.root)}
    if outputs.site is not None:
        published[ANNOTATIONS_NAME] = annotations_json(report.claims, catalog, outputs.site)
    return published


def _outputs(app) -> Outputs | None:
    """The files this build publishes; a page's address is looked up, not computed
    by the builder in the worker (a plain dict pickles, a builder does not)."""
    if app.builder.format != "html":
        return None
    site = None
    if app.builder.name in BUILDERS:
        uris = {docname: app.builder.get_target_uri(docname) for docname in app.env.all_docs}
        site = Site(site_base(app.config), uris.__getitem__, app.config.project or "")
    return Outputs(Path(app.srcdir).parent, site)


def _judge(app) -> Judge:
    state = buildstate.of(app)
    if state.judge is None:
        state.judge = Judge.in_background()
    return state.judge


def warm_worker(doctrees: Path | str) -> None:
    """What the worker loads while Sphinx reads: the lexicons, the table of units, the
    digest of the checker's code that decides which verdicts of the last build hold,
    and the pages' files those verdicts are kept in (in the *doctrees* folder)."""
    warm_lexicon()
    quantities.warm()
    code_digest()
    preload(doctrees)
    settle()


def on_config_inited(app, config) -> None:
    """A wrong ``claims_*`` value stops the build with one line that names it; the
    sources file is found (as an absolute path) and read."""
    conf = Path(app.confdir, "conf.py")
    settings.check(conf, config)
    if not config.claims_sources:
        if not config.claims_check:
            return
        raise ConfigError(
            f"{conf}: claims_sources names no sources file: set it to the "
            f"YAML file that lists the sources (key, label, file, sha256)"
        )
    config.claims_sources_file = str(Path(app.confdir, config.claims_sources).resolve())
    try:
        cached_catalog(config.claims_sources_file)
    except InputError as exc:
        raise ConfigError(str(exc)) from None


def on_builder_inited(app) -> None:
    """Start the worker now, so it loads the lexicons while Sphinx reads the pages."""
    if app.config.claims_check:
        _judge(app).prepare(warm_worker, app.doctreedir)


def _log_input_error(exc: InputError) -> None:
    """``path:line: ERROR: message [claims.input]``, located as every finding is."""
    logger.error(
        exc.message,
        location=f"{exc.path}:{exc.line}" if exc.line else exc.path,
        type=WARNING_TYPE,
        subtype="input",
    )


def on_env_updated(app, env) -> None:
    """All pages are read (or none needed reading): start judging, in the worker,
    while Sphinx writes. Every build judges, even one that reads nothing: a build
    into an empty output folder with the doctrees kept writes every page, the
    verification page and ``claims.json`` included."""
    if not app.config.claims_check:
        return
    state = buildstate.of(app)
    state.last_read = None  # the last page is read with the rest
    # An app that builds again judges again: nothing of its last build's verdicts
    # stands, not even when this build's inputs cannot be read.
    state.report = None
    conf = Path(app.confdir, "conf.py")
    for name, problem in settings.unknown_pages(app.config, env.all_docs):
        _log_input_error(InputError(str(conf), settings.line_of(conf, name), problem))
    try:
        args, kwargs = _check_inputs(app)
    except InputError as exc:
        _log_input_error(exc)
        return
    build = uuid.uuid4().hex  # names this build's three tasks
    pages, catalog, _ = args
    judge = _judge(app)
    judge.ahead(
        review_claims, build, pages, catalog, files=kwargs["files"], reviews=kwargs["reviews"]
    )
    judge.start(judge_claims, build, *args, outputs=_outputs(app), **kwargs)
    judge.then(publish_claims, build)


def review_summary(app) -> ledger.Summary | None:
    """What readers are told of the reviews (waiting for the claims to be read, not
    judged); ``None`` without a ledger or when the checks did not run."""
    state = buildstate.of(app)
    if state.report is not None:
        return state.report.reviewed
    judge = state.judge
    if judge is None or not judge.started:
        return None
    try:
        return judge.ahead_result()
    except InputError:
        return None  # the verdicts report it, located


def claims_report(app) -> Report | None:
    """The verdicts of this build (waiting for them), their findings logged once as
    located, typed warnings; ``None`` when the checks did not run."""
    state = buildstate.of(app)
    judge = state.judge
    if state.report is not None or judge is None or not judge.started:
        return state.report
    try:
        report = judge.result()
    except InputError as exc:
        _log_input_error(exc)
        state.judge = None
        return None
    state.report = report
    for finding in report.findings:
        logger.warning(
            finding.message,
            location=f"{finding.path}:{finding.line}" if finding.line else finding.path,
            type=WARNING_TYPE,
            subtype=finding.code.name,
        )
    return report


def on_build_finished(app, exception) -> None:
    """Log the findings and publish the claims dataset beside the HTML pages, and
    the same claims as W3C Web Annotations (:mod:`.annotations`)."""
    state = buildstate.of(app)
    if exception is not None:
        if state.judge is not None:
            state.judge.close()
            state.judge = None
        return
    if claims_report(app) is None:
        return
    judge, state.judge = state.judge, None
    published = (judge.after_result() if judge is not None else None) or {}
    for name, text in published.items():
        with FileAvoidWrite(str(Path(app.outdir, name))) as published:
            published.write(text)


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


def _definitions(entries, classes: list[str]) -> nodes.definition_list:
    """A definition list of (term in code, text)."""
    table = nodes.definition_list(classes=classes)
    for term, text in entries:
        table += nodes.definition_list_item(
            "",
            nodes.term("", "", nodes.literal("", term)),
            nodes.definition("", nodes.paragraph("", text)),
        )
    return table


def _rule_text(rule: registry.Rule) -> str:
    """What the About page says of a rule: its code, tier, scope, inputs and purpose."""
    inputs = ", ".join(name.replace("_", " ") for name in rule.inputs)
    scope = rule.scope.name.replace("_", " ")
    return f"{rule.code.qualified} ({rule.tier.value}); per {scope}; reads {inputs}. {rule.about}"


class ClaimCodesDirective(SphinxDirective):
    """``{claim-codes}``: the finding codes and the kinds of flag, generated from
    :class:`Code` and :class:`FlagKind`, then the rules that report them, in the order
    the checker runs them, generated from :data:`.registry.RULES`."""

    def run(self) -> list[nodes.Node]:
        rules = ((rule.name, _rule_text(rule)) for rule in registry.RULES)
        elsewhere = (
            (code.qualified, f"reported by {where}") for code, where in registry.ELSEWHERE.items()
        )
        return [
            nodes.rubric("", "Findings (they fail the build)"),
            _definitions(((code.qualified, code.value) for code in Code), ["claim-codes"]),
            nodes.rubric("", "Flags (a person confirms them)"),
            _definitions(((kind.qualified, kind.value) for kind in FlagKind), ["claim-flags"]),
            nodes.rubric("", "Rules, in the order the checker runs them"),
            _definitions(rules, ["claim-rules"]),
            nodes.rubric("", "Reported outside the rules"),
            _definitions(elsewhere, ["claim-rules"]),
            nodes.rubric("", "What the rules judge"),
            _definitions(
                ((scope.name.replace("_", " "), scope.value) for scope in registry.Scope),
                ["claim-rules"],
            ),
            nodes.rubric("", "What the rules read"),
            _definitions(
                ((name.replace("_", " "), text) for name, text in registry.INPUTS.items()),
                ["claim-rules"],
            ),
        ]


class SettingsDirective(SphinxDirective):
    """``{claims-settings}``: the options ``conf.py`` may set and the rules' thresholds,
    generated from :mod:`.settings`."""

    def run(self) -> list[nodes.Node]:
        options = (
            (f"{option.name} = {option.default!r}", option.help) for option in settings.OPTIONS
        )
        thresholds = (
            (f"{name} = {value!r}", text) for name, value, text in settings.THRESHOLDS.explained()
        )
        return [
            nodes.rubric("", "Options (docs/conf.py)"),
            _definitions(options, ["claims-options"]),
            nodes.rubric("", "Thresholds (the same in every project)"),
            _definitions(thresholds, ["claims-thresholds"]),
        ]


class PolicyDirective(SphinxDirective):
    """``{claims-policy}``: the editorial limits, rendered from ``conf.py``."""

    def run(self) -> list[nodes.Node]:
        from starlight.claims.report import policy_nodes

        return policy_nodes(Policy.from_config(self.config), self.config.claims_min_coverage)


class VerificationDirective(SphinxDirective):
    """``{claims-verification}``: per-source coverage and totals, filled in after reading."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("claims").data["collectors"][self.env.docname] = True
        return [claims_placeholder(kind="verification")]


def _may_hold(env, docname: str, collectors: dict) -> bool:
    """Whether the tree resolved for *docname* may hold a placeholder: the page's own,
    or (LaTeX, single-page HTML) one assembled from every page its table of contents
    includes. Searching only those trees spares the others a walk through every node."""
    todo, seen = [docname], set()
    while todo:
        current = todo.pop()
        if current in collectors:
            return True
        if current not in seen:
            seen.add(current)
            todo.extend(env.toctree_includes.get(current, ()))
    return False


class VerificationResolver(SphinxPostTransform):
    default_priority = 15

    def run(self, **kwargs) -> None:
        from starlight.claims.report import verification_nodes

        collectors = self.env.get_domain("claims").data["collectors"]
        if not _may_hold(self.env, self.env.docname, collectors):
            return
        for placeholder in list(self.document.findall(claims_placeholder)):
            report = claims_report(compat.app_of(self.env))
            placeholder.replace_self(verification_nodes(report))


def setup(app) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.bibtex")
    compat.install(app, compat.CHECKER)  # the upstream internals the checker relies on
    app.setup_extension("starlight.claims.onpage")
    settings.register(app)  # every claims_* value conf.py may set
    # The sources file as an absolute path, set when the configuration is read;
    # rebuild "" keeps this checkout's path out of the configuration hash.
    app.add_config_value("claims_sources_file", "", "", str)
    app.setup_extension("starlight.buildstate")
    app.connect("config-inited", on_config_inited)
    app.add_domain(ClaimsDomain)
    app.add_builder(ClaimsBuilder)
    app.add_node(claims_placeholder)
    app.add_directive("editors-note", EditorsNote)
    app.add_directive("claim-codes", ClaimCodesDirective)
    app.add_directive("claims-settings", SettingsDirective)
    app.add_directive("claims-verification", VerificationDirective)
    app.add_directive("claims-policy", PolicyDirective)
    app.add_post_transform(VerificationResolver)
    app.connect("builder-inited", on_builder_inited)
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-updated", on_env_updated)
    app.connect("build-finished", on_build_finished)
    # env_version 4: the claims domain holds only the verification pages (the claims
    # are read from the doctrees). Older pickles are re-read.
    return {
        "version": "1.0",
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
