"""Every patch of an upstream internal, in one place, each with a probe of its behaviour.

The wiki leans on parts of Sphinx, docutils, sphinxcontrib-bibtex, pybtex and
Furo that are not public API. Each such patch or read lives here, beside a
probe that *uses* the internal the way the patch does and says whether it
still behaves as the patch expects (no probe reads upstream source text).
``COUPLINGS`` lists each one with the versions it was written for, whether the
build can go on without it, and when it is in use.

At ``builder-inited`` (late, once themes and extensions have set up the builder)
the probes of the couplings in use run: a Furo probe only with Furo, the PDF's
only for LaTeX. When an **optional** one fails after an upgrade, the build warns
once (``starlight.compat``, which ``suppress_warnings`` can silence) naming the
coupling, the versions it was written for, the version installed and what it
falls back to, and goes on without the patch. When an **essential** one fails,
the build stops with one line. ``tests/test_compat.py`` runs each probe on the
locked versions, shows a failing probe warning or stopping the build, and checks
what each patch does.

Two extensions use this module: the claim checker installs the couplings it
needs (:func:`install` with :data:`CHECKER`), the wiki's site extension all of
them (``starlight.compat`` as an extension). Where a public way exists, it is
used instead: the bibliography's styles are entry points (``pyproject.toml``);
Furo's search page is changed by a template that extends it
(``docs/_templates/search.html``); the search page's number query
(``starlight/static/search-numbers.js``) tests ``searchtools.js`` in the browser
and leaves the query alone when it is not what it expects, which the browser
tests check on the locked Sphinx (:data:`IN_THE_BROWSER`).
"""

from __future__ import annotations

import pickle
import tempfile
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

# The versions each package's couplings were written for (one range per package).
SPHINX = ("sphinx", ">=9.0,<10")
DOCUTILS = ("docutils", ">=0.22,<0.23")
BIBTEX = ("sphinxcontrib-bibtex", ">=2.6,<3")
PYBTEX = ("pybtex", ">=0.24,<0.27")
FURO = ("furo", ">=2024.1,<2027")


# When each coupling is needed, and what the build does without it --------------


class Need(Enum):
    """What the build does when a coupling's probe fails."""

    essential = "stops the build: nothing sensible can be made without it"
    optional = "warns once and goes on without the patch"


class Moment(Enum):
    """When a coupling's probe runs."""

    setup = "when the extension is set up, before its patch is installed"
    builder_inited = "once the builder is set up (themes and extensions included)"
    build_finished = "after a successful build, on what it wrote"


def always(app) -> bool:
    return True


def html_pages(app) -> bool:
    return app.builder.format == "html"


def latex_pages(app) -> bool:
    return app.builder.format == "latex"


def furo_pages(app) -> bool:
    return html_pages(app) and app.config.html_theme == "furo"


def design_pages(app) -> bool:
    return html_pages(app) and "sphinx_design" in app.extensions


def furo_search_template(app) -> bool:
    """Furo's search page, overridden by the project's ``search.html`` (the wiki's
    ``docs/_templates/search.html``)."""
    return furo_pages(app) and any(
        Path(app.confdir, folder, "search.html").is_file() for folder in app.config.templates_path
    )


# Sphinx: the application behind an environment -------------------------------


def app_of(env):
    """The application, from a post-transform or a domain: ``env.app`` is deprecated
    in Sphinx 9 and transforms no longer carry one, so the builder is reached
    through the environment's private ``_app``."""
    return env._app


def _env_app(app) -> bool:
    return app_of(app.env) is app


# Sphinx: where each page's doctree is pickled --------------------------------


def doctree_file(env, docname: str) -> Path:
    """The file Sphinx pickles *docname*'s doctree into after reading it, which
    ``BuildEnvironment.get_doctree`` reads back: the claims' worker reads the pages
    there instead of the build sending it the claims (taken in the main process,
    they cost it 5% of a clean build)."""
    return Path(env.doctreedir, f"{docname}.doctree")


def _doctree_files(app) -> bool:
    """A doctree written by ``Builder.write_doctree`` is in :func:`doctree_file`, and
    ``BuildEnvironment.get_doctree`` reads it back from there."""
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import new_document

    document = new_document("probe")
    document += nodes.paragraph("", "probe")
    with tempfile.TemporaryDirectory() as folder:
        # Stand-ins with just what the two methods use.
        env: Any = SimpleNamespace(doctreedir=Path(folder), _pickled_doctree_cache={}, doc2path=str)
        builder: Any = SimpleNamespace(doctreedir=Path(folder), env=env)
        Builder.write_doctree(builder, "probe", document, _cache=False)
        written = pickle.loads(doctree_file(env, "probe").read_bytes())
        return written.astext() == BuildEnvironment.get_doctree(env, "probe").astext() == "probe"


# Sphinx: the assets in each page's head --------------------------------------

PYGMENTS_CSS = "_static/pygments.css"
DESIGN_CSS = "_static/sphinx-design.min.css"  # sphinx-design's, added to every page


def deferred(scripts: list) -> list:
    """The page's scripts, each deferred (their order kept), asynchronous ones left alone.

    Sphinx gives the template private ``_JavaScript`` objects; each is rebuilt
    with the same file, priority and attributes, plus ``defer``.
    """
    return [
        type(script)(
            script.filename, priority=script.priority, **{**script.attributes, "defer": "defer"}
        )
        if hasattr(script, "attributes") and not script.attributes.get("async")
        else script
        for script in scripts
    ]


def without_style_sheets(css_files: list, names: set[str]) -> list:
    """The page's style sheets less those named (``_static/…``, as Sphinx names them)."""
    return [css for css in css_files if str(getattr(css, "filename", css)) not in names]


def _javascript_assets(app) -> bool:
    from sphinx.builders.html._assets import _JavaScript

    (script,) = deferred([_JavaScript("a.js", priority=500, id="a")])
    return (script.filename, script.priority, script.attributes) == (
        "a.js",
        500,
        {"id": "a", "defer": "defer"},
    )


def _asset_names(app) -> bool:
    """The builder's style sheets carry the names the pages' heads leave out."""
    names = {str(getattr(css, "filename", css)) for css in getattr(app.builder, "_css_files", [])}
    return PYGMENTS_CSS in names and ("sphinx_design" not in app.extensions or DESIGN_CSS in names)


# Sphinx: the search index of an incremental build ----------------------------


def drop_empty_search_terms(path: Path) -> bool:
    """Make an incremental build's search index equal a clean build's.

    When a word disappears from a page, Sphinx's incremental build prunes the
    page from the word's entry but keeps the word, with an empty list
    (``"onc":[]``), which a clean build never writes. Such entries are
    dropped, and the index is written back with Sphinx's own serializer, so
    it is byte-identical to a clean build's. True when the file changed.
    """
    from sphinx.search import js_index

    data = js_index.loads(path.read_text(encoding="utf-8"))
    changed = False
    for table in ("terms", "titleterms"):
        terms = data.get(table, {})
        empty = [word for word, pages in terms.items() if pages == []]
        for word in empty:
            del terms[word]
        changed = changed or bool(empty)
    if changed:
        path.write_text(js_index.dumps(data), encoding="utf-8")
    return changed


def _on_build_finished(app, exception) -> None:
    index = Path(app.outdir, "searchindex.js")
    if (
        exception is None
        and html_pages(app)
        and index.is_file()
        and holds(app, "drop_empty_search_terms")
    ):
        drop_empty_search_terms(index)


def _search_index(app) -> bool:
    """The index round-trips through ``js_index``, an emptied word included."""
    from sphinx.search import js_index

    with tempfile.TemporaryDirectory() as folder:
        index = Path(folder, "searchindex.js")
        index.write_text(js_index.dumps({"terms": {"onc": [], "star": 0}}), encoding="utf-8")
        return drop_empty_search_terms(index) and js_index.loads(
            index.read_text(encoding="utf-8")
        ) == {"terms": {"star": 0}}


# Sphinx and docutils: HTML that browsers' audits (Lighthouse) accept ---------


class AccessibleHTML:
    """Two details of the HTML writer, changed for accessibility audits; mixed into
    whichever translator the builder has (a theme's included), not put in its place.

    - Toctree captions are ``<p role="heading">``; ARIA requires an
      ``aria-level`` on such an element, so it gets one.
    - docutils marks bibliography entries ``role="doc-biblioentry"`` inside a
      ``role="list"``, roles that ARIA 1.2 deprecates or that need list items;
      the entries are plain ``div.citation`` elements in a ``div.citation-list``.

    Each visitor lets the translator write its markup, then changes the tags it
    just wrote: markup written otherwise after an upgrade is left as it is (and
    the probe, which renders both, says so).
    """

    body: list[str]

    def visit_title(self, node: nodes.title) -> None:
        start = len(self.body)
        super().visit_title(node)  # type: ignore[misc]
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
            self.body[start:] = [
                part.replace('<p class="caption" role="heading">', _CAPTION, 1)
                for part in self.body[start:]
            ]

    def visit_citation(self, node: nodes.citation) -> None:
        start = len(self.body)
        super().visit_citation(node)  # type: ignore[misc]
        self.body[start:] = [
            part.replace(' role="list"', "", 1).replace(' role="doc-biblioentry"', "", 1)
            for part in self.body[start:]
        ]


_CAPTION = '<p aria-level="2" class="caption" role="heading">'


def accessible(translator: type) -> type:
    """*translator* with :class:`AccessibleHTML` mixed in (once)."""
    if issubclass(translator, AccessibleHTML):
        return translator
    return type(f"Accessible{translator.__name__}", (AccessibleHTML, translator), {})


def _rendered(app, translator: type, content: list[nodes.Node]) -> str:
    from docutils.frontend import get_default_settings
    from sphinx.util.docutils import new_document
    from sphinx.writers.html import HTMLWriter

    settings = get_default_settings(HTMLWriter(app.builder))
    settings.env = app.env
    page = new_document("probe", settings)
    page.extend(content)
    visitor = translator(page, app.builder)
    page.walkabout(visitor)
    return "".join(visitor.body)


def _html_translator(app) -> bool:
    """The builder's translator, with :class:`AccessibleHTML` mixed in, writes a
    caption with its level and two entries in one plain list, every ``div`` closed."""
    caption = addnodes.compact_paragraph(toctree=True)
    caption += nodes.title("", "Contents")
    entries = [
        nodes.citation("", nodes.label("", label), nodes.paragraph("", label)) for label in "ab"
    ]
    translator = accessible(app.registry.get_translator_class(app.builder))
    html = _rendered(app, translator, [caption, *entries])
    return (
        _CAPTION in html
        and html.count('<div class="citation-list">') == 1
        and html.count('<div class="citation"') == 2
        and "role=" not in html.replace(_CAPTION, "")
        and html.count("<div") == html.count("</div>")
    )


def compose_translator(app) -> None:
    """Mix :class:`AccessibleHTML` into the translator the HTML builder has now."""
    if html_pages(app) and holds(app, "compose_translator"):
        translator = app.registry.get_translator_class(app.builder)
        app.set_translator(app.builder.name, accessible(translator), override=True)


# Sphinx: the PDF's bibliography on the wiki's Bibliography page --------------

# Inside the group, the bibliography opens no chapter and adds nothing to the
# table of contents; ``thebibliography`` calls ``\chapter*{\bibname}``.
_BEGIN = r"""\begingroup
\renewenvironment{sphinxthebibliography}[1]%
  {\renewcommand{\chapter}[2]{}\begin{thebibliography}{#1}}%
  {\end{thebibliography}}
"""
_END = "\\endgroup\n"


class BibliographyInPlace(SphinxPostTransform):
    """Sphinx's LaTeX builder moves every citation to one ``thebibliography`` at
    the end of the book, typeset as a chapter of its own, also called
    "Bibliography": the table of contents listed the wiki's Bibliography page
    (holding only its editor's note) and, after it, the entries. The entries
    are moved into the wiki's page and typeset there without a heading."""

    default_priority = 760  # after Sphinx's BibliographyTransform (750) gathered the entries
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        from sphinx.builders.latex.nodes import thebibliography

        if not holds(app_of(self.env), "BibliographyInPlace"):
            return
        entries = next(iter(self.document.findall(thebibliography)), None)
        page = self._bibliography_page()
        if entries is None or page is None:
            return
        entries.parent.remove(entries)
        page += nodes.raw("", _BEGIN, format="latex")
        page += entries
        page += nodes.raw("", _END, format="latex")

    def _bibliography_page(self) -> nodes.section | None:
        docname = self.config.starlight_bibliography_doc
        for start in self.document.findall(addnodes.start_of_file):
            if start.get("docname") == docname:
                return next(iter(start.findall(nodes.section)), None)
        return None


def _latex_bibliography(app) -> bool:
    """Sphinx gathers the entries into a ``thebibliography`` node before this
    transform runs, and the builder's translator typesets that node as the
    ``sphinxthebibliography`` environment the group redefines."""
    from sphinx.builders.latex.nodes import thebibliography
    from sphinx.builders.latex.transforms import BibliographyTransform

    entries = thebibliography("", nodes.citation("", nodes.label("", "a")))
    writer = SimpleNamespace(body=[], encode=str)
    translator = app.registry.get_translator_class(app.builder)
    translator.visit_thebibliography(writer, entries)
    translator.depart_thebibliography(writer, entries)
    tex = "".join(writer.body)
    return (
        BibliographyTransform.default_priority < BibliographyInPlace.default_priority
        and r"\begin{sphinxthebibliography}{a}" in tex
        and r"\end{sphinxthebibliography}" in tex
    )


# sphinxcontrib-bibtex: citations as the build saw them ----------------------


def citation_targets(reftarget: str) -> list[tuple[str, str]]:
    """``(key, pinpoint)`` for each source a citation role names, in order;
    ``ValueError`` when the target is malformed."""
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets

    return [(target.key, target.post) for target in parse_citation_targets(reftarget)]


def citation_refs(env) -> Iterable:
    """Every citation of the project: ``.docname`` and ``.targets`` (``.key``, ``.post``)."""
    return env.get_domain("cite").citation_refs


def tolerant_roles(app) -> None:
    """Citation roles that show a malformed role as text instead of crashing the build.

    sphinxcontrib-bibtex's roles raise ``ValueError`` on a malformed target
    (say, a closing backtick missing further on), which stops Sphinx with the
    error reported against ``conf.py``. Shown as text, the role's residue is
    found in its sentence and reported as ``claims.malformed_citation`` at the
    page and line it is on.
    """
    for domain_name in ("cite", "footcite"):
        domain = app.registry.domains.get(domain_name)
        if domain is None:
            continue
        for name, role in list(domain.roles.items()):
            app.add_role_to_domain(domain_name, name, _tolerant(type(role))(), override=True)
    # The bare roles, {cite} and {footcite}, are registered apart, as plain roles.
    from sphinxcontrib.bibtex.foot_roles import FootCiteRole
    from sphinxcontrib.bibtex.roles import CiteRole

    app.add_role("cite", _tolerant(CiteRole)(), override=True)
    app.add_role("footcite", _tolerant(FootCiteRole)(), override=True)


def _tolerant(role_class: type) -> type:
    class TolerantRole(role_class):
        def run(self):
            try:
                return super().run()
            except ValueError:
                return [nodes.inline(self.rawtext, self.rawtext)], []

    TolerantRole.__name__ = f"Tolerant{role_class.__name__}"
    return TolerantRole


def _citation_targets(app) -> bool:
    return citation_targets("alpha{L1},beta") == [("alpha", "L1"), ("beta", "")]


def _bibtex_domain(app) -> bool:
    return isinstance(citation_refs(app.env), list)


def _bibtex_roles(app) -> bool:
    """The cite domain's roles are classes with ``run``, and a malformed target
    raises ``ValueError``: what ``tolerant_roles`` catches."""
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets
    from sphinxcontrib.bibtex.foot_roles import FootCiteRole
    from sphinxcontrib.bibtex.roles import CiteRole

    cite = app.registry.domains.get("cite")
    roles = [CiteRole, FootCiteRole, *(type(role) for role in getattr(cite, "roles", {}).values())]
    if cite is None or not all(callable(getattr(role, "run", None)) for role in roles):
        return False
    try:
        list(parse_citation_targets("alpha{L1"))
    except ValueError:
        return True
    return False


def _bibtex_bibfiles(app) -> bool:
    """The site names the bibliography it generates in ``bibtex_bibfiles`` at
    ``config-inited``; sphinxcontrib-bibtex has read it by now (``builder-inited``)."""
    named = {Path(app.confdir, name).resolve() for name in app.config.bibtex_bibfiles}
    read = set(app.env.get_domain("cite").bibdata.bibfiles)
    return bool(named) and named <= read


# pybtex: the plaintext backend, looked up for every citation -----------------


def register_plaintext_backend() -> None:
    """sphinxcontrib-bibtex looks the plaintext backend up for every citation it
    resolves; found among the installed entry points, each look-up scans every
    package's metadata (about half of a build's time). Registered at run time
    (``force``: pybtex already knows it by that name) it is a dict look-up."""
    from pybtex.backends.plaintext import Backend
    from pybtex.plugin import register_plugin

    register_plugin("pybtex.backends", "plaintext", Backend, force=True)


def _pybtex_plugins(app) -> bool:
    """Registering the backend again, by force, makes it the one found: the probe is the
    patch, so a build whose probe passed has it installed."""
    from pybtex.backends.plaintext import Backend
    from pybtex.plugin import find_plugin

    register_plaintext_backend()
    return find_plugin("pybtex.backends", "plaintext") is Backend


# Furo: its search page's robots meta tag (docs/_templates/search.html) ----------


def _furo_search_meta(app) -> bool:
    """The search page as written has no robots ``noindex``: the template that
    removes Furo's still finds it where Furo writes it."""
    search = Path(app.outdir, "search.html")
    return not search.is_file() or 'name="robots" content="noindex"' not in search.read_text(
        encoding="utf-8"
    )


# Furo: its navigation, built from context["toctree"] at html-page-context -------


def _furo_navigation(app) -> bool:
    """Furo builds the sidebar by calling ``context["toctree"]`` from its own
    ``html-page-context`` handler: ``starlight.pages.sidebar`` hands it a
    collapsing one first, so Furo's handler must run after the sidebar's."""
    from starlight.pages.sidebar import BEFORE_FURO

    listeners = app.events.listeners.get("html-page-context", [])
    return any(
        getattr(listener.handler, "__module__", "").split(".")[0] == "furo"
        and listener.priority > BEFORE_FURO
        for listener in listeners
    )


# Quiet builds: nothing in the normal output that did not happen ---------------
#
# Sphinx compares the configuration with the last build's (pickled with the
# environment) right after config-inited, before it creates the builder: a
# value changed, or an option registered, at builder-inited is reported at every
# incremental build ("The configuration has changed"), though nothing did. And
# myst-parser prints its whole configuration, on one line, at every build.

MYST = ("myst-parser", ">=4,<6")
DESIGN = ("sphinx-design", ">=0.7,<0.9")
MYST_LOGGER = "sphinx.myst_parser.sphinx_ext.main"  # Sphinx's prefix, then myst's __name__


def _demote_myst_config(record) -> bool:
    """myst-parser's ``myst vX: MdParserConfig(...)``, from INFO to VERBOSE: shown
    with ``-v``, not in every build's output. myst logs it at INFO at every
    builder-inited and has no setting to silence it (``-q`` silences every line)."""
    import logging

    from sphinx.util.logging import VERBOSE

    if record.levelno == logging.INFO and _carries_myst_config(record):
        record.levelno, record.levelname = VERBOSE, "VERBOSE"
    return True


def _carries_myst_config(record) -> bool:
    from myst_parser.config.main import MdParserConfig

    args = record.args if isinstance(record.args, tuple) else ()
    return any(isinstance(arg, MdParserConfig) for arg in args)


def quiet_myst_config() -> None:
    """Filter myst-parser's logger, once per process."""
    import logging

    logger = logging.getLogger(MYST_LOGGER)
    if _demote_myst_config not in logger.filters:
        logger.addFilter(_demote_myst_config)


def _myst_config_line(app) -> bool:
    """myst's ``create_myst_config`` still logs its configuration at INFO through that
    logger, and the filter demotes it: run on a stand-in application (myst's
    defaults), its line kept out of the build's output."""
    import logging
    from logging.handlers import BufferingHandler
    from types import SimpleNamespace

    from myst_parser.config.main import MdParserConfig
    from myst_parser.sphinx_ext.main import create_myst_config
    from sphinx.util.logging import VERBOSE

    quiet_myst_config()
    config = {f"myst_{name}": default for name, default, _ in MdParserConfig().as_triple()}
    catch = BufferingHandler(capacity=100)
    logger = logging.getLogger(MYST_LOGGER)
    logger.addHandler(catch)
    logger.propagate = False
    try:
        create_myst_config(SimpleNamespace(config=config, env=SimpleNamespace()))
    finally:
        logger.removeHandler(catch)
        logger.propagate = True
    return any(r.levelno == VERBOSE and _carries_myst_config(r) for r in catch.buffer)


def design_static_dir() -> str:
    """The folder sphinx-design appends to ``html_static_path`` at builder-inited
    (HTML builders), named as it names it: by its absolute path, after the
    comparison. ``starlight.extension`` serves its files from its own folder and
    takes this one out again."""
    from sphinx_design.extension import STATIC_DIR

    return str(STATIC_DIR)


def _design_static(app) -> bool:
    """sphinx-design's builder-inited handler appends exactly that folder."""
    from sphinx_design.extension import add_static_assets

    stand_in: Any = SimpleNamespace(
        builder=SimpleNamespace(format="html"),
        config=SimpleNamespace(html_static_path=[]),
        env=SimpleNamespace(sd_config=SimpleNamespace(tabs_storage_prefix="sd-")),
        add_css_file=lambda *args, **kwargs: None,
        add_js_file=lambda *args, **kwargs: None,
    )
    add_static_assets(stand_in)
    return stand_in.config.html_static_path == [design_static_dir()]


def forget_late_options(config, seen: set[str]) -> None:
    """Keep out of the comparison the options registered after config-inited (not in
    *seen*): the HTML theme's, registered when the builder loads it (Furo's
    ``pygments_dark_style``). The next build's comparison, before the theme is
    loaded, cannot see them, so the pickled configuration must not hold them
    either; their values stay readable."""
    for name in [option.name for option in config if option.name not in seen]:
        value = config[name]
        del config._options[name]
        setattr(config, name, value)


def _late_options(app) -> bool:
    """An option forgotten so is gone from the configuration and from its pickle,
    its value still read as before."""
    from sphinx.config import Config

    config = Config({"late_option": "from conf.py"})
    seen = {option.name for option in config}
    config.add("late_option", "default", "env", frozenset({str}))
    forget_late_options(config, seen)
    pickled = pickle.loads(pickle.dumps(config))
    return (
        config.late_option == "from conf.py"
        and "late_option" not in config
        and {option.name for option in pickled} == seen
    )


def quiet_builds(app) -> None:
    """A second build with nothing changed says nothing changed (and no myst line)."""
    quiet_myst_config()
    # The options as the comparison sees them: the last config-inited handler. Those
    # registered since are forgotten once the theme has read them (Furo: at 500).
    seen: set[str] = set()
    app.connect("config-inited", lambda app, config: seen.update(o.name for o in config), 999)
    app.connect("builder-inited", lambda app: forget_late(app, seen), 920)


def forget_late(app, seen: set[str]) -> None:
    """:func:`forget_late_options`, after its probe (builder-inited at 900)."""
    if holds(app, "forget_late_options"):
        forget_late_options(app.config, seen)


# The couplings and their check ------------------------------------------------

CHECKER = "the claim checker (starlight.claims.sphinx)"
SITE = "the wiki's site (starlight.extension)"


@dataclass(frozen=True)
class Coupling:
    name: str
    """What of the upstream package we rely on."""
    package: str
    """The distribution that provides it."""
    versions: str
    """The versions it was written and tested for."""
    patch: str
    """What of ours relies on it (in this module unless a path is given)."""
    probe: Callable[..., bool]
    """True while the internal behaves as the patch expects; called with the application."""
    need: Need
    """What the build does when the probe fails."""
    fallback: str
    """What the build does without the patch (for an optional one)."""
    user: str = SITE
    """Which extension installs it."""
    moment: Moment = Moment.builder_inited
    """When the probe runs."""
    in_use: Callable[..., bool] = always
    """Whether the feature it guards is in use in this build; else it is not probed."""

    @property
    def where(self) -> str:
        if "/" in self.patch or "." in self.patch:
            return self.patch
        return f"starlight.compat.{self.patch}"


COUPLINGS = (
    Coupling(
        "BuildEnvironment._app (the builder, from a post-transform)",
        *SPHINX,
        "app_of",
        _env_app,
        Need.essential,
        "",
        CHECKER,
    ),
    Coupling(
        "doctrees pickled at doctreedir/<docname>.doctree",
        *SPHINX,
        "doctree_file",
        _doctree_files,
        Need.essential,
        "",
        CHECKER,
    ),
    Coupling(
        "citation_target.parse_citation_targets",
        *BIBTEX,
        "citation_targets",
        _citation_targets,
        Need.essential,
        "",
        CHECKER,
    ),
    Coupling(
        "the cite domain's role classes, through app.registry.domains",
        *BIBTEX,
        "tolerant_roles",
        _bibtex_roles,
        Need.optional,
        "sphinxcontrib-bibtex's own roles: a malformed citation role stops the build",
        CHECKER,
        Moment.setup,
    ),
    Coupling(
        "pybtex.plugin.register_plugin(force=True)",
        *PYBTEX,
        "register_plaintext_backend",
        _pybtex_plugins,
        Need.optional,
        "the plaintext backend found through entry points, a slower build",
        CHECKER,
        Moment.setup,
    ),
    Coupling(
        "BibtexDomain.citation_refs",
        *BIBTEX,
        "citation_refs",
        _bibtex_domain,
        Need.essential,
        "",
    ),
    Coupling(
        "bibtex_bibfiles read at builder-inited, after config-inited",
        *BIBTEX,
        "starlight.extension.on_config_inited",
        _bibtex_bibfiles,
        Need.essential,
        "",
    ),
    Coupling(
        "html._assets._JavaScript rebuilt with defer",
        *SPHINX,
        "deferred",
        _javascript_assets,
        Need.optional,
        "scripts load as Sphinx adds them, not deferred",
        in_use=html_pages,
    ),
    Coupling(
        "asset names _static/pygments.css and _static/sphinx-design.min.css",
        *SPHINX,
        "without_style_sheets",
        _asset_names,
        Need.optional,
        "every page loads every style sheet",
        in_use=html_pages,
    ),
    Coupling(
        "sphinx.search.js_index loads/dumps (search index rewritten)",
        *SPHINX,
        "drop_empty_search_terms",
        _search_index,
        Need.optional,
        "an incremental build's search index may differ from a clean build's",
        in_use=html_pages,
    ),
    Coupling(
        "the HTML translator's toctree captions and citation entries",
        *DOCUTILS,
        "compose_translator",
        _html_translator,
        Need.optional,
        "the translator's own markup (captions without a level, deprecated roles)",
        in_use=html_pages,
    ),
    Coupling(
        "LaTeX thebibliography node, BibliographyTransform before ours, sphinxthebibliography",
        *SPHINX,
        "BibliographyInPlace",
        _latex_bibliography,
        Need.optional,
        "the bibliography is a chapter of its own at the end of the PDF",
        in_use=latex_pages,
    ),
    Coupling(
        "Furo's search.html adding robots noindex in block site_meta",
        *FURO,
        "docs/_templates/search.html",
        _furo_search_meta,
        Need.optional,
        "the search page stays out of search engines (Lighthouse's SEO audit drops)",
        moment=Moment.build_finished,
        in_use=furo_search_template,
    ),
    Coupling(
        "Furo's html-page-context handler after the sidebar's, calling context['toctree']",
        *FURO,
        "starlight.pages.sidebar",
        _furo_navigation,
        Need.optional,
        "Furo's own navigation, every section expanded",
        in_use=furo_pages,
    ),
    Coupling(
        "myst-parser logging its configuration at INFO (myst_parser.sphinx_ext.main)",
        *MYST,
        "quiet_myst_config",
        _myst_config_line,
        Need.optional,
        "myst-parser's configuration is printed at every build",
    ),
    Coupling(
        "sphinx-design appending its static folder to html_static_path",
        *DESIGN,
        "starlight.extension.serve_static",
        _design_static,
        Need.optional,
        "incremental builds may say the configuration has changed",
        in_use=design_pages,
    ),
    Coupling(
        "Config._options: a late option kept out of the comparison and the pickle",
        *SPHINX,
        "forget_late_options",
        _late_options,
        Need.optional,
        "incremental builds may say the configuration has changed",
    ),
)

# Couplings checked by the browser tests (tests/test_browser.py), where the code that
# relies on them runs: a script on the page, which tests what it finds there and
# leaves the page's behaviour alone when it is not what it expects.
IN_THE_BROWSER = (
    Coupling(
        "searchtools.js skipping a query's numbers in Search._parseQuery",
        *SPHINX,
        "starlight/static/search-numbers.js",
        always,
        Need.optional,
        "a query's numbers are not searched for",
        moment=Moment.build_finished,
        in_use=html_pages,
    ),
)

# The couplings found gone in each build, by application: their patches stand down.
_GONE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def holds(app, patch: str) -> bool:
    """Whether *patch* may be used in this build: its coupling was not found gone."""
    return patch not in _GONE.get(app, set())


def broken(app, couplings: Iterable[Coupling] = COUPLINGS) -> list[Coupling]:
    """The couplings among *couplings* whose probe fails in this build."""
    return [coupling for coupling in couplings if not _probed(app, coupling)]


def _probed(app, coupling: Coupling) -> bool:
    try:
        return bool(coupling.probe(app))
    except UPSTREAM_CHANGED:
        return False


# How a renamed, moved or reshaped internal fails when a probe uses it. Any other
# exception is a mistake in the probe, and is not hidden.
UPSTREAM_CHANGED = (ImportError, AttributeError, TypeError, ValueError, LookupError, OSError)


def problem(coupling: Coupling) -> str:
    """One line: what is gone, in which version, and what to update."""
    from importlib import metadata  # only to name the version installed

    try:
        installed = metadata.version(coupling.package)
    except metadata.PackageNotFoundError:
        installed = "not installed"
    line = (
        f"starlight.compat: {coupling.name} is gone ({coupling.package} {installed}; "
        f"written for {coupling.versions}): update {coupling.where}"
    )
    return line if coupling.need is Need.essential else f"{line}; meanwhile {coupling.fallback}"


def check(app, couplings: Iterable[Coupling]) -> None:
    """Probe *couplings* where in use: stop the build, in one line, on an essential one
    gone; warn once for each optional one gone, and let its patch stand down."""
    gone = broken(app, [c for c in couplings if c.in_use(app)])
    _GONE.setdefault(app, set()).update(c.patch for c in gone)
    essential = [problem(c) for c in gone if c.need is Need.essential]
    if essential:
        raise ExtensionError("; ".join(essential))
    for coupling in gone:
        logger.warning(problem(coupling), type="starlight", subtype="compat", once=True)


# The patches installed when the extension is set up, probed just before.
_AT_SETUP: dict[str, Callable[..., None]] = {
    "register_plaintext_backend": lambda app: None,  # installed by its probe
    "tolerant_roles": tolerant_roles,
}


def install(app, user: str) -> None:
    """Install the patches of *user* (:data:`CHECKER` or :data:`SITE`), each probed."""
    mine = [c for c in COUPLINGS if c.user == user]
    at = {moment: [c for c in mine if c.moment is moment] for moment in Moment}
    check(app, at[Moment.setup])
    for coupling in at[Moment.setup]:
        if holds(app, coupling.patch):
            _AT_SETUP[coupling.patch](app)
    # Late, once themes and extensions have set up the builder and its translator.
    app.connect("builder-inited", lambda app: check(app, at[Moment.builder_inited]), priority=900)

    def after_build(app, exception) -> None:
        if exception is None:
            check(app, at[Moment.build_finished])

    app.connect("build-finished", after_build, priority=900)
    if user == SITE:
        app.connect("builder-inited", compose_translator, priority=910)
        app.add_post_transform(BibliographyInPlace)
        app.connect("build-finished", _on_build_finished)


def setup(app) -> dict:
    """The site's patches (the checker installs its own with :func:`install`)."""
    app.setup_extension("sphinxcontrib.bibtex")
    install(app, SITE)
    quiet_builds(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
