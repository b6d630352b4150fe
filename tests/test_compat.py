"""starlight.compat: each upstream internal the wiki relies on is there on the locked
versions, and a missing one stops the build with one line saying what to update."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError
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


def test_a_missing_internal_stops_the_build_with_one_line(make_app, rootdir, tmp_path,
                                                          monkeypatch):
    """As if an upgrade of docutils dropped the visitor our HTML writer extends."""
    owner = next(c for c in HTML5Translator.__mro__ if "visit_citation" in vars(c))
    monkeypatch.delattr(owner, "visit_citation")
    shutil.copytree(Path(rootdir) / "test-claims-quote-good", tmp_path / "docs")
    with pytest.raises(ExtensionError) as error:
        make_app("html", srcdir=tmp_path / "docs")
    message = str(error.value)
    assert "\n" not in message
    assert "HTML5Translator.visit_title/visit_citation branches is gone" in message
    assert "written for >=9.0,<10" in message and "update starlight.pages.htmlwriter" in message
