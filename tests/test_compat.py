"""starlight.compat: each upstream internal the wiki relies on behaves as its patch
expects on the locked versions; one gone stops the build (essential) or warns once
and falls back (optional); probes run only where their feature is in use; and each
patch does what it is there for.

The versions each patch was written for are named in ``compat.COUPLINGS`` (and
``compat.IN_THE_BROWSER``, guarded by tests/test_browser.py); the first test fails
on an upgrade that changes a guarded internal.
"""

from __future__ import annotations

import dataclasses
import pickle
from importlib import metadata
from pathlib import Path

import pybtex.plugin
import pytest
from pybtex.backends.plaintext import Backend as PlaintextBackend
from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript
from sphinx.errors import ConfigError, ExtensionError
from sphinx.search import js_index
from sphinx.writers.html5 import HTML5Translator

from starlight import compat
from starlight.testing import mini_project

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _marker(coupling: compat.Coupling):
    builder = "latex" if coupling.in_use is compat.latex_pages else "html"
    return pytest.mark.sphinx(builder, testroot="hostile", srcdir=f"compat-{builder}")


@pytest.mark.parametrize(
    "coupling",
    [pytest.param(c, marks=_marker(c), id=c.probe.__name__) for c in compat.COUPLINGS],
)
def test_each_coupling_holds_on_the_locked_versions(app_params, make_app, coupling):
    """Each probe, on the project where its feature is in use (Furo, LaTeX, the
    wiki's search page template); the probes that read what a build wrote, after
    the build."""
    overrides: dict[str, object] = {}
    if coupling.in_use is compat.furo_search_template:
        overrides["templates_path"] = [str(DOCS / "_templates")]
    if coupling.in_use is compat.design_pages:
        overrides["extensions"] = [*mini_project()["extensions"], "sphinx_design"]
    app = make_app(*app_params.args, confoverrides=overrides, **app_params.kwargs)
    assert coupling.in_use(app), coupling.name
    if coupling.moment is compat.Moment.build_finished:
        app.build()
    written_for = f"{coupling.name}: written for {coupling.package} {coupling.versions}"
    assert coupling.probe(app), written_for


@pytest.mark.sphinx("html", testroot="hostile")
def test_the_build_holds_every_coupling_it_uses(app):
    app.build()
    assert "starlight.compat" not in app.warning.getvalue()
    assert all(compat.holds(app, c.patch) for c in compat.COUPLINGS)
    assert issubclass(app.registry.get_translator_class(app.builder), compat.AccessibleHTML)


def _gone(coupling: compat.Coupling) -> compat.Coupling:
    return dataclasses.replace(coupling, probe=lambda app: False)


def _only_gone(monkeypatch, patch: str) -> compat.Coupling:
    """As if an upgrade changed the internal behind *patch*."""
    (coupling,) = [c for c in compat.COUPLINGS if c.patch == patch]
    monkeypatch.setattr(
        compat, "COUPLINGS", tuple(_gone(c) if c is coupling else c for c in compat.COUPLINGS)
    )
    return coupling


@pytest.mark.sphinx("html", testroot="hostile", srcdir="compat-essential")
def test_an_essential_internal_gone_stops_the_build_with_one_line(
    make_app, app_params, monkeypatch
):
    """As if sphinxcontrib-bibtex's citation targets changed: the checker cannot read
    citations, so nothing sensible can be built."""
    monkeypatch.setattr(
        "sphinxcontrib.bibtex.citation_target.parse_citation_targets", lambda text: text
    )
    with pytest.raises(ExtensionError) as error:
        make_app(*app_params.args, **app_params.kwargs)
    message = str(error.value)
    assert "\n" not in message
    assert message == (
        "starlight.compat: citation_target.parse_citation_targets is gone "
        f"(sphinxcontrib-bibtex {metadata.version('sphinxcontrib-bibtex')}; written for "
        ">=2.6,<3): update starlight.compat.citation_targets"
    )


@pytest.mark.sphinx("html", testroot="hostile", srcdir="compat-optional")
def test_an_optional_internal_gone_warns_once_and_falls_back(app_params, make_app, monkeypatch):
    """As if docutils wrote citation entries otherwise: the build warns once, in one
    line, keeps the translator it has, and goes on."""

    def visit_citation(self, node):
        self.body.append(self.starttag(node, "section", role="doc-biblioentry"))

    monkeypatch.setattr(HTML5Translator, "visit_citation", visit_citation)
    monkeypatch.setattr(HTML5Translator, "depart_citation", lambda self, node: None)
    app = make_app(*app_params.args, **app_params.kwargs)
    app.build()
    warnings = [line for line in app.warning.getvalue().splitlines() if "starlight.compat" in line]
    assert len(warnings) == 1, warnings
    assert "the HTML translator's toctree captions and citation entries is gone" in warnings[0]
    assert f"(docutils {metadata.version('docutils')}; written for >=0.22,<0.23)" in warnings[0]
    assert (
        "update starlight.compat.compose_translator; meanwhile the translator's own markup"
        in (warnings[0])
    )
    assert not compat.holds(app, "compose_translator")
    assert not issubclass(app.registry.get_translator_class(app.builder), compat.AccessibleHTML)
    index = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'aria-level="2"' not in index  # upstream's caption, as it is
    assert (Path(app.outdir) / "bibliography.html").is_file()


@pytest.mark.sphinx("html", testroot="hostile", srcdir="compat-unused")
def test_a_probe_runs_only_where_its_feature_is_in_use(app_params, make_app, monkeypatch):
    """Furo's probes do not run with another theme, the PDF's not for HTML."""
    for patch in ("starlight.pages.sidebar", "BibliographyInPlace"):
        _only_gone(monkeypatch, patch)
    app = make_app(*app_params.args, confoverrides={"html_theme": "basic"}, **app_params.kwargs)
    app.build()
    assert "starlight.compat" not in app.warning.getvalue()
    assert compat.holds(app, "starlight.pages.sidebar") and compat.holds(app, "BibliographyInPlace")


@pytest.mark.sphinx("html", testroot="hostile", srcdir="compat-furo")
def test_a_furo_probe_runs_with_furo(app_params, make_app, monkeypatch):
    _only_gone(monkeypatch, "starlight.pages.sidebar")
    app = make_app(*app_params.args, **app_params.kwargs)
    assert "Furo's html-page-context handler" in app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="hostile", srcdir="compat-own-translator")
def test_the_translator_is_composed_with_the_one_registered(app_params, make_app):
    """As pydata-sphinx-theme does: a theme's or extension's translator keeps its
    own visitors, with the accessibility fixes mixed in."""
    srcdir = app_params.kwargs["srcdir"]
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            "from sphinx.writers.html5 import HTML5Translator\n"
            "class Mine(HTML5Translator):\n"
            "    def visit_emphasis(self, node):\n"
            "        self.body.append('<em class=\"mine\">')\n"
            "def setup(app):\n"
            "    app.set_translator('html', Mine)\n"
        )
    app = make_app(*app_params.args, **app_params.kwargs)
    translator = app.registry.get_translator_class(app.builder)
    assert (
        issubclass(translator, compat.AccessibleHTML) and translator.__mro__[2].__name__ == "Mine"
    )


# What each patch does -----------------------------------------------------------


def test_scripts_are_deferred_in_order_and_async_ones_left_alone():
    scripts = [
        _JavaScript("a.js", priority=200),
        _JavaScript("b.js", priority=500, id="b"),
        _JavaScript("c.js", priority=500, **{"async": "async"}),
        "inline.js",
    ]
    deferred = compat.deferred(scripts)
    assert [getattr(s, "filename", s) for s in deferred] == ["a.js", "b.js", "c.js", "inline.js"]
    assert [getattr(s, "attributes", {}).get("defer") for s in deferred] == [
        "defer",
        "defer",
        None,
        None,
    ]
    assert deferred[1].priority == 500 and deferred[1].attributes["id"] == "b"
    assert deferred[2] is scripts[2]


def test_unused_style_sheets_are_left_out_by_their_asset_names():
    sheets = [
        _CascadingStyleSheet(compat.PYGMENTS_CSS),
        _CascadingStyleSheet("_static/a.css"),
        compat.DESIGN_CSS,
    ]
    kept = compat.without_style_sheets(sheets, {compat.PYGMENTS_CSS, compat.DESIGN_CSS})
    assert [getattr(s, "filename", s) for s in kept] == ["_static/a.css"]


def test_an_incremental_builds_empty_search_terms_are_dropped(tmp_path):
    index = tmp_path / "searchindex.js"
    index.write_text(
        js_index.dumps({"terms": {"onc": [], "star": [0]}, "titleterms": {"gone": []}}),
        encoding="utf-8",
    )
    assert compat.drop_empty_search_terms(index)
    assert js_index.loads(index.read_text(encoding="utf-8")) == {
        "terms": {"star": [0]},
        "titleterms": {},
    }
    written = index.read_bytes()
    assert not compat.drop_empty_search_terms(index)
    assert index.read_bytes() == written


@pytest.mark.sphinx("html", testroot="hostile")
def test_html_caption_has_a_level_and_entries_no_deprecated_role(app):
    app.build()
    index = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    bibliography = (Path(app.outdir) / "bibliography.html").read_text(encoding="utf-8")
    assert '<p aria-level="2" class="caption" role="heading">' in index
    assert '<div class="citation-list">' in bibliography
    assert '<div class="citation"' in bibliography and "doc-biblioentry" not in bibliography
    assert compat.app_of(app.env) is app


@pytest.mark.sphinx("latex", testroot="hostile", srcdir="compat-pdf")
def test_the_pdfs_bibliography_is_typeset_on_its_page(app):
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    page = tex.index(r"\chapter{Bibliography}")
    group = tex.index(r"\renewenvironment{sphinxthebibliography}")
    entries = tex.index(r"\begin{sphinxthebibliography}")
    assert page < group < entries < tex.index(r"\endgroup", entries)
    assert tex.count(r"\begin{sphinxthebibliography}") == 1


@pytest.mark.sphinx("html", testroot="hostile")
def test_citation_targets_and_references_as_the_build_saw_them(app):
    assert compat.citation_targets("alpha{L1-2},beta") == [("alpha", "L1-2"), ("beta", "")]
    app.build()
    refs = list(compat.citation_refs(app.env))
    assert {(ref.docname, target.key, target.post) for ref in refs for target in ref.targets} == {
        ("index", "hostile", "L1"),
        ("index", "hostile", "L5"),
        ("index", "hostile", "L1-6"),
    }


@pytest.mark.sphinx("html", testroot="hostile")
def test_each_pages_doctree_is_where_the_claims_worker_reads_it(app):
    app.build()
    for docname in app.env.all_docs:
        doctree = pickle.loads(compat.doctree_file(app.env, docname).read_bytes())
        assert doctree.astext() == app.env.get_doctree(docname).astext()
    assert not compat.doctree_file(app.env, "no-such-page").exists()


@pytest.mark.sphinx("html", testroot="hostile", srcdir="compat-malformed")
def test_citation_roles_survive_a_malformed_role(app_params, make_app):
    """The role's residue stays in the text, for the claim check to report at its line."""
    index = app_params.kwargs["srcdir"] / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8") + "\nBroken {cite:p}`hostile{L1`.\n", encoding="utf-8"
    )
    app = make_app(*app_params.args, **app_params.kwargs)
    assert all(
        type(role).__name__.startswith("Tolerant")
        for role in app.env.get_domain("cite").roles.values()
    )
    app.build()
    assert "hostile{L1" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="hostile")
def test_the_plaintext_backend_is_found_without_scanning_entry_points(
    app_params, make_app, monkeypatch
):
    monkeypatch.setitem(pybtex.plugin._RUNTIME_PLUGINS, "pybtex.backends", {})
    make_app(*app_params.args, **app_params.kwargs)  # the checker's setup registers it

    def no_scan(**kwargs):
        raise AssertionError("entry points scanned")

    monkeypatch.setattr(pybtex.plugin, "entry_points", no_scan)
    assert pybtex.plugin.find_plugin("pybtex.backends", "plaintext") is PlaintextBackend


@pytest.mark.sphinx("html", testroot="hostile", srcdir="compat-pybtex")
def test_a_patch_installed_at_setup_is_probed_first_and_stands_down(
    app_params, make_app, monkeypatch
):
    """As if pybtex dropped register_plugin's force: one warning, and the backend is
    found the slow way, through its entry point."""

    def register_plugin(plugin_group, name, klass):
        raise AssertionError("called without force")

    monkeypatch.setattr(pybtex.plugin, "register_plugin", register_plugin)
    monkeypatch.setitem(pybtex.plugin._RUNTIME_PLUGINS, "pybtex.backends", {})
    app = make_app(*app_params.args, **app_params.kwargs)
    app.build()
    assert "pybtex.plugin.register_plugin(force=True) is gone" in app.warning.getvalue()
    assert "meanwhile the plaintext backend found through entry points" in app.warning.getvalue()
    assert (Path(app.outdir) / "bibliography.html").is_file()


# The public way: styles named in conf.py ------------------------------------------


@pytest.mark.sphinx("html", testroot="hostile")
def test_the_styles_are_installed_entry_points_named_in_conf(app):
    assert app.config.bibtex_default_style == "starlight"
    assert type(app.env.get_domain("cite").reference_style).__name__ == "PinpointReferenceStyle"


@pytest.mark.sphinx("html", testroot="hostile", srcdir="compat-label-style")
def test_a_conf_without_the_wikis_styles_fails_in_one_line(app_params, make_app):
    conf = app_params.kwargs["srcdir"] / "conf.py"
    with pytest.raises(ConfigError) as error:  # sphinxcontrib-bibtex's default
        make_app(
            *app_params.args, confoverrides={"bibtex_reference_style": "label"}, **app_params.kwargs
        )
    assert str(error.value) == (
        f"{conf}: bibtex_reference_style must be 'starlight-pinpoint' "
        "(the wiki's pages need it), not 'label'"
    )


@pytest.mark.sphinx("html", testroot="hostile")
def test_styles_not_installed_say_how_to_install_them(app_params, make_app, monkeypatch):
    """As in a virtual env made before the styles were entry points."""
    from importlib.metadata import EntryPoints

    import starlight.extension

    monkeypatch.setattr(starlight.extension, "entry_points", lambda: EntryPoints(()))
    with pytest.raises(ConfigError) as error:
        make_app(*app_params.args, **app_params.kwargs)
    assert str(error.value) == (
        f"{app_params.kwargs['srcdir'] / 'conf.py'}: the bibliography style 'starlight' is "
        "not installed: run make venv (or pip install --editable .)"
    )


@pytest.mark.parametrize(
    "coupling", compat.COUPLINGS + compat.IN_THE_BROWSER, ids=lambda c: c.name[:40]
)
def test_the_locked_versions_are_those_each_patch_was_written_for(coupling):
    """An upgrade past a coupling's range fails here until its patch is checked with
    the new version and the range widened (the browser's couplings are exercised by
    tests/test_browser.py)."""
    from packaging.specifiers import SpecifierSet

    installed = metadata.version(coupling.package)
    assert installed in SpecifierSet(coupling.versions), (
        f"{coupling.package} {installed}, written for {coupling.versions}: check {coupling.where}"
    )
