"""starlight.compat: each upstream internal the wiki relies on is there on the locked
versions, a missing one stops the build with one line saying what to update, and
each patch does what it is there for."""

from __future__ import annotations

import pickle
import shutil
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


@pytest.mark.sphinx("html", testroot="claims-quote-good")
@pytest.mark.parametrize("coupling", compat.COUPLINGS, ids=lambda c: c.probe.__name__)
def test_each_coupling_holds_on_the_locked_versions(app, coupling):
    assert coupling.probe(app), coupling.name


@pytest.mark.sphinx("html", testroot="claims-quote-good")
def test_the_build_checks_every_coupling(app):
    assert compat.broken(app) == []
    assert "starlight.compat" in app.extensions


def test_a_missing_internal_stops_the_build_with_one_line(make_app, project, monkeypatch):
    """As if an upgrade of docutils changed the visitor our HTML writer matches."""
    owner = next(c for c in HTML5Translator.__mro__ if "depart_citation" in vars(c))
    monkeypatch.setattr(owner, "depart_citation", lambda self, node: None)
    with pytest.raises(ExtensionError) as error:
        make_app("html", srcdir=project)
    message = str(error.value)
    assert "\n" not in message
    assert "HTMLTranslator.depart_citation closing the entry and the list is gone" in message
    assert f"(docutils {metadata.version('docutils')}; written for >=0.22,<0.23)" in message
    assert "update starlight.compat.HTMLTranslator" in message


# What each patch does -----------------------------------------------------------


@pytest.fixture
def project(rootdir, tmp_path) -> Path:
    """A mini project whose table of contents has a caption (a heading in the sidebar)."""
    docs = tmp_path / "docs"
    shutil.copytree(Path(rootdir) / "test-hostile", docs)
    index = docs / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "```{toctree}\n", "```{toctree}\n:caption: Contents\n"
        ),
        encoding="utf-8",
    )
    return docs


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


def test_html_caption_has_a_level_and_entries_no_deprecated_role(make_app, project):
    app = make_app("html", srcdir=project)
    app.build()
    index = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    bibliography = (Path(app.outdir) / "bibliography.html").read_text(encoding="utf-8")
    assert '<p aria-level="2" class="caption" role="heading">' in index
    assert '<div class="citation-list">' in bibliography
    assert '<div class="citation"' in bibliography and "doc-biblioentry" not in bibliography
    assert compat.app_of(app.env) is app


def test_the_pdfs_bibliography_is_typeset_on_its_page(make_app, project):
    app = make_app("latex", srcdir=project)
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    page = tex.index(r"\chapter{Bibliography}")
    group = tex.index(r"\renewenvironment{sphinxthebibliography}")
    entries = tex.index(r"\begin{sphinxthebibliography}")
    assert page < group < entries < tex.index(r"\endgroup", entries)
    assert tex.count(r"\begin{sphinxthebibliography}") == 1


def test_citation_targets_and_references_as_the_build_saw_them(make_app, project):
    assert compat.citation_targets("alpha{L1-2},beta") == [("alpha", "L1-2"), ("beta", "")]
    app = make_app("html", srcdir=project)
    app.build()
    refs = list(compat.citation_refs(app.env))
    assert {(ref.docname, target.key, target.post) for ref in refs for target in ref.targets} == {
        ("index", "hostile", "L1"),
        ("index", "hostile", "L5"),
        ("index", "hostile", "L1-6"),
    }


def test_each_pages_doctree_is_where_the_claims_worker_reads_it(make_app, project):
    app = make_app("html", srcdir=project)
    app.build()
    for docname in app.env.all_docs:
        doctree = pickle.loads(compat.doctree_file(app.env, docname).read_bytes())
        assert doctree.astext() == app.env.get_doctree(docname).astext()
    assert not compat.doctree_file(app.env, "no-such-page").exists()


def test_citation_roles_survive_a_malformed_role(make_app, project):
    """The role's residue stays in the text, for the claim check to report at its line."""
    index = project / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8") + "\nBroken {cite:p}`hostile{L1`.\n", encoding="utf-8"
    )
    app = make_app("html", srcdir=project)
    assert all(
        type(role).__name__.startswith("Tolerant")
        for role in app.env.get_domain("cite").roles.values()
    )
    app.build()
    assert "hostile{L1" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


def test_the_plaintext_backend_is_found_without_scanning_entry_points(
    make_app, project, monkeypatch
):
    monkeypatch.setitem(pybtex.plugin._RUNTIME_PLUGINS, "pybtex.backends", {})
    make_app("html", srcdir=project)  # setup() registers it

    def no_scan(**kwargs):
        raise AssertionError("entry points scanned")

    monkeypatch.setattr(pybtex.plugin, "entry_points", no_scan)
    assert pybtex.plugin.find_plugin("pybtex.backends", "plaintext") is PlaintextBackend


# The public way: styles named in conf.py ------------------------------------------


def test_the_styles_are_installed_entry_points_named_in_conf(make_app, project):
    app = make_app("html", srcdir=project)
    assert app.config.bibtex_default_style == "starlight"
    assert type(app.env.get_domain("cite").reference_style).__name__ == "PinpointReferenceStyle"


def test_a_conf_without_the_wikis_styles_fails_in_one_line(make_app, project):
    conf = project / "conf.py"
    with conf.open("a", encoding="utf-8") as settings:  # sphinxcontrib-bibtex's default
        settings.write('bibtex_reference_style = "label"\n')
    with pytest.raises(ConfigError) as error:
        make_app("html", srcdir=project)
    assert str(error.value) == (
        f"{conf}: bibtex_reference_style must be 'starlight-pinpoint' "
        "(the wiki's pages need it), not 'label'"
    )


def test_styles_not_installed_say_how_to_install_them(make_app, project, monkeypatch):
    """As in a virtual env made before the styles were entry points."""
    from importlib.metadata import EntryPoints

    import starlight.extension

    monkeypatch.setattr(starlight.extension, "entry_points", lambda: EntryPoints(()))
    with pytest.raises(ConfigError) as error:
        make_app("html", srcdir=project)
    assert str(error.value) == (
        f"{project / 'conf.py'}: the bibliography style 'starlight' is "
        "not installed: run make venv (or pip install --editable .)"
    )


def test_a_patch_installed_at_setup_is_probed_before_it_is_installed(
    make_app, project, monkeypatch
):
    """As if pybtex dropped register_plugin's force: one line, not a TypeError."""

    def register_plugin(plugin_group, name, klass):
        raise AssertionError("the patch ran before its probe")

    monkeypatch.setattr(pybtex.plugin, "register_plugin", register_plugin)
    with pytest.raises(ExtensionError) as error:
        make_app("html", srcdir=project)
    assert "pybtex.plugin.register_plugin(force=True) is gone" in str(error.value)
    assert "update starlight.compat.register_plaintext_backend" in str(error.value)
