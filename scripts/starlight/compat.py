"""Every patch of an upstream internal, in one place, checked at every build.

The wiki leans on parts of Sphinx, docutils, sphinxcontrib-bibtex, pybtex and
Furo that are not public API. Each such patch or read lives here, beside a
probe that is true while the internal is still there; the rest of the package
calls the functions below and touches no internal itself. ``COUPLINGS`` lists
each one with the versions it was written for. ``setup()`` installs the
patches and registers the check, which runs at ``builder-inited`` (the first
moment the environment exists, which one probe needs): when a probe fails
after an upgrade, the build stops with one line naming the coupling, the
versions it was written for, the version installed and the patch to update,
instead of failing silently later. ``tests/test_compat.py`` runs each probe
on the locked versions, shows a missing internal stopping the build, and
checks what each patch does.

Where a public way exists, it is used instead: the bibliography's styles are
entry points (``pyproject.toml``) that ``docs/conf.py`` names; Furo's search
page is changed by a template that extends it (``docs/_templates/search.html``).
"""

from __future__ import annotations

import importlib.util
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

# The versions each package's couplings were written for (one range per package).
SPHINX = ("sphinx", ">=9.0,<10")
DOCUTILS = ("docutils", ">=0.22,<0.23")
BIBTEX = ("sphinxcontrib-bibtex", ">=2.6,<3")
PYBTEX = ("pybtex", ">=0.24,<0.27")
FURO = ("furo", ">=2024.1,<2027")


# Sphinx: the application behind an environment -------------------------------


def app_of(env):
    """The application, from a post-transform or a domain: ``env.app`` is deprecated
    in Sphinx 9 and transforms no longer carry one, so the builder is reached
    through the environment's private ``_app``."""
    return env._app


def _env_app(app) -> bool:
    return getattr(app.env, "_app", None) is app


# Sphinx: where each page's doctree is pickled --------------------------------


def doctree_file(env, docname: str) -> Path:
    """The file Sphinx pickles *docname*'s doctree into after reading it, which
    ``BuildEnvironment.get_doctree`` reads back: the claims' worker reads the pages
    there instead of the build sending it the claims (taken in the main process,
    they cost it 5% of a clean build)."""
    return Path(env.doctreedir, f"{docname}.doctree")


def _doctree_files(app) -> bool:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    return "self.doctreedir / f'{docname}.doctree'" in inspect.getsource(
        BuildEnvironment.get_doctree
    ) and "self.doctreedir / f'{docname}.doctree'" in inspect.getsource(Builder.write_doctree)


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

    script = _JavaScript("a.js", priority=500, defer="defer")
    return (script.filename, script.priority, script.attributes.get("defer")) == (
        "a.js",
        500,
        "defer",
    )


def _asset_names(app) -> bool:
    import sphinx.builders.html as html_builder

    design = resources.files("sphinx_design") / "static" / "sphinx-design.min.css"
    builder_source = Path(html_builder.__file__).read_text(encoding="utf-8")
    return f"'{Path(PYGMENTS_CSS).name}'" in builder_source and design.is_file()


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
    if exception is None and app.builder.format == "html" and index.is_file():
        drop_empty_search_terms(index)


def _search_index(app) -> bool:
    from sphinx.search import js_index

    data: dict[str, dict[str, list]] = {"terms": {"onc": []}, "titleterms": {}}
    return js_index.loads(js_index.dumps(data)) == data


# Sphinx: the search page's query, which search-numbers.js extends ------------

SEARCHTOOLS = ("themes", "basic", "static", "searchtools.js")


def _searchtools_query(app) -> bool:
    """searchtools.js skips a query's digit-only words in ``Search._parseQuery``,
    which returns ``[query, searchTerms, excludedTerms, highlightTerms, objectTerms]``
    and keeps the highlighted words in localStorage; ``splitQuery`` splits the
    query. ``starlight/static/search-numbers.js`` wraps ``_parseQuery`` to put the
    numbers back (``starlight.pages.search_numbers``)."""
    text = resources.files("sphinx").joinpath(*SEARCHTOOLS).read_text(encoding="utf-8")
    return all(
        part in text
        for part in (
            "const Search = {",
            "_parseQuery: (query) => {",
            "queryTerm.match(/^\\d+$/)",
            "return [query, searchTerms, excludedTerms, highlightTerms, objectTerms];",
            '"sphinx_highlight_terms"',
            "var splitQuery =",
        )
    )


# Sphinx and docutils: HTML that browsers' audits (Lighthouse) accept ---------


class HTMLTranslator(HTML5Translator):
    """Two branches of the HTML writer, changed for accessibility audits.

    - Toctree captions are ``<p role="heading">``; ARIA requires an
      ``aria-level`` on such an element, so it gets one.
    - docutils marks bibliography entries ``role="doc-biblioentry"``, a role
      that ARIA 1.2 deprecates; the entries are plain ``div.citation`` elements.
    """

    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
            self.body.append(
                self.starttag(
                    node, "p", "", False, CLASS="caption", ROLE="heading", **{"aria-level": "2"}
                )
            )
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
        else:
            super().visit_title(node)

    def visit_citation(self, node: nodes.citation) -> None:
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname]))


def _html_translator(app) -> bool:
    """Sphinx still writes a toctree caption through ``visit_title``."""
    return "compact_paragraph" in inspect.getsource(HTML5Translator.visit_title)


def _docutils_citation(app) -> bool:
    """docutils' ``depart_citation`` closes the entry's ``div`` and, after the last
    entry, the list's: what our ``visit_citation`` opens."""
    owner = next(c for c in HTML5Translator.__mro__ if "depart_citation" in vars(c))
    source = inspect.getsource(vars(owner)["depart_citation"])
    return source.count("'</div>\\n'") == 2 and "next_node" in source


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
    from sphinx.builders.latex.nodes import thebibliography
    from sphinx.builders.latex.transforms import BibliographyTransform

    manual = resources.files("sphinx") / "texinputs" / "sphinxmanual.cls"
    return (
        issubclass(thebibliography, nodes.Element)
        and BibliographyTransform.default_priority < BibliographyInPlace.default_priority
        and "{sphinxthebibliography}" in manual.read_text(encoding="utf-8")
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
    from sphinxcontrib.bibtex.domain import BibtexDomain

    return "citation_refs" in {name for name, _ in inspect.getmembers(BibtexDomain)}


def _bibtex_roles(app) -> bool:
    """The cite domain's roles are classes with ``run``, and a malformed target
    raises ``ValueError``: what ``tolerant_roles`` catches."""
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets
    from sphinxcontrib.bibtex.foot_roles import FootCiteRole
    from sphinxcontrib.bibtex.roles import CiteRole

    if not all(callable(getattr(role, "run", None)) for role in (CiteRole, FootCiteRole)):
        return False
    cite = app.registry.domains.get("cite")
    if (
        cite is None
        or not cite.roles
        or not all(callable(getattr(type(role), "run", None)) for role in cite.roles.values())
    ):
        return False
    try:
        list(parse_citation_targets("alpha{L1"))
    except ValueError:
        return True
    return False


def _bibtex_bibfiles(app) -> bool:
    """The extension names the bibliography it generates in ``bibtex_bibfiles`` at
    ``config-inited``; sphinxcontrib-bibtex must read it later, at ``builder-inited``."""
    import sphinxcontrib.bibtex as bibtex

    return "bibtex_bibfiles" in app.config and "bibtex_bibfiles" in inspect.getsource(
        bibtex.builder_inited_cite
    )


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
    from pybtex.plugin import register_plugin

    return "force" in inspect.signature(register_plugin).parameters


# Furo: its search page's robots meta tag (docs/_templates/search.html) ----------


def _furo_file(*parts: str) -> str:
    """A file of Furo's, found without importing Furo (which imports BeautifulSoup,
    0.3 s): the claims builder, run by `starlight check-claims`, has no theme."""
    spec = importlib.util.find_spec("furo")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("No module named 'furo'", name="furo")
    return Path(spec.submodule_search_locations[0], *parts).read_text(encoding="utf-8")


def _furo_search_meta(app) -> bool:
    text = _furo_file("theme", "furo", "search.html")
    block = text[text.find("{% block site_meta %}") :]
    return '<meta name="robots" content="noindex" />' in block.split("{% endblock", 1)[0]


# Furo: its navigation, built from context["toctree"] at html-page-context -------


def _furo_navigation(app) -> bool:
    """Furo builds the sidebar by calling ``context["toctree"]`` from its own
    ``html-page-context`` handler, connected at the default priority (500):
    ``starlight.pages.sidebar`` (priority 400) hands it a collapsing one first."""
    source = _furo_file("__init__.py")
    return (
        'app.connect("html-page-context", _html_page_context)' in source
        and 'context["toctree"]' in source
    )


# The couplings and their check ------------------------------------------------


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
    """True while the internal is there; called with the Sphinx application."""


COUPLINGS = (
    Coupling(
        "BuildEnvironment._app (the builder, from a post-transform)", *SPHINX, "app_of", _env_app
    ),
    Coupling(
        "doctrees pickled at doctreedir/<docname>.doctree", *SPHINX, "doctree_file", _doctree_files
    ),
    Coupling(
        "html._assets._JavaScript rebuilt with defer", *SPHINX, "deferred", _javascript_assets
    ),
    Coupling(
        "asset names _static/pygments.css and _static/sphinx-design.min.css",
        *SPHINX,
        "without_style_sheets",
        _asset_names,
    ),
    Coupling(
        "sphinx.search.js_index loads/dumps (search index rewritten)",
        *SPHINX,
        "drop_empty_search_terms",
        _search_index,
    ),
    Coupling(
        "searchtools.js skipping a query's numbers in Search._parseQuery",
        *SPHINX,
        "starlight/static/search-numbers.js",
        _searchtools_query,
    ),
    Coupling(
        "HTML5Translator.visit_title writing toctree captions",
        *SPHINX,
        "HTMLTranslator",
        _html_translator,
    ),
    Coupling(
        "HTMLTranslator.depart_citation closing the entry and the list",
        *DOCUTILS,
        "HTMLTranslator",
        _docutils_citation,
    ),
    Coupling(
        "LaTeX thebibliography node, BibliographyTransform before ours, sphinxthebibliography",
        *SPHINX,
        "BibliographyInPlace",
        _latex_bibliography,
    ),
    Coupling(
        "citation_target.parse_citation_targets", *BIBTEX, "citation_targets", _citation_targets
    ),
    Coupling("BibtexDomain.citation_refs", *BIBTEX, "citation_refs", _bibtex_domain),
    Coupling(
        "the cite domain's role classes, through app.registry.domains",
        *BIBTEX,
        "tolerant_roles",
        _bibtex_roles,
    ),
    Coupling(
        "bibtex_bibfiles read at builder-inited, after config-inited",
        *BIBTEX,
        "starlight.extension.on_config_inited",
        _bibtex_bibfiles,
    ),
    Coupling(
        "pybtex.plugin.register_plugin(force=True)",
        *PYBTEX,
        "register_plaintext_backend",
        _pybtex_plugins,
    ),
    Coupling(
        "Furo's search.html adding robots noindex in block site_meta",
        *FURO,
        "docs/_templates/search.html",
        _furo_search_meta,
    ),
    Coupling(
        "Furo's html-page-context handler at priority 500 calling context['toctree']",
        *FURO,
        "starlight.pages.sidebar",
        _furo_navigation,
    ),
)

# Patches installed by setup(), before the build's check: their probes run first.
AT_SETUP = ("tolerant_roles", "register_plaintext_backend")


def broken(app, couplings: tuple[Coupling, ...] = COUPLINGS) -> list[str]:
    """One line per coupling whose internal is gone."""
    lines = []
    for coupling in couplings:
        try:
            present = coupling.probe(app)
        except (
            ImportError,
            AttributeError,
            TypeError,
            ValueError,
            OSError,
            IndexError,
            StopIteration,
        ):
            present = False
        if not present:
            from importlib import metadata  # only to name the version installed

            try:
                installed = metadata.version(coupling.package)
            except metadata.PackageNotFoundError:
                installed = "not installed"
            where = (
                coupling.patch
                if "/" in coupling.patch or "." in coupling.patch
                else f"starlight.compat.{coupling.patch}"
            )
            lines.append(
                f"starlight.compat: {coupling.name} is gone ({coupling.package} "
                f"{installed}; written for {coupling.versions}): update {where}"
            )
    return lines


def check(app, couplings: tuple[Coupling, ...] = COUPLINGS) -> None:
    """Stop the build, in one line, when an internal is gone."""
    problems = broken(app, couplings)
    if problems:
        raise ExtensionError("; ".join(problems))


def setup(app) -> dict:
    """Install every patch, and the check that their internals are still there."""
    app.setup_extension("sphinxcontrib.bibtex")
    check(app, tuple(c for c in COUPLINGS if c.patch in AT_SETUP))
    app.connect("builder-inited", check, priority=0)
    register_plaintext_backend()
    tolerant_roles(app)
    for builder in ("html", "dirhtml", "singlehtml"):
        app.set_translator(builder, HTMLTranslator, override=True)
    app.add_post_transform(BibliographyInPlace)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
