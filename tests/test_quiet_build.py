"""An incremental build with nothing changed says so, and nothing else: no
"The configuration has changed" for values the build itself changed, and no
myst-parser configuration line; a real change is still reported."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from sphinx.application import ENV_PICKLE_FILENAME

from conftest import DOCS, copy_root, sphinx_build

CHANGED = "The configuration has changed"
MYST_LINE = "MdParserConfig("


def output(project: Path, *options: str) -> str:
    """What ``sphinx-build`` prints building *project* (incremental after the first),
    as the editor sees it (sphinx.testing's application changes the default theme
    after Sphinx has compared the configuration: a change of its own)."""
    build = sphinx_build(project, project.parent / "html", "html", *options)
    assert build.returncode == 0, build.output
    return build.output


@pytest.fixture
def project(request, tmp_path) -> Path:
    """The mini project, copied: sphinx-build (as the editor runs it) builds it twice."""
    return copy_root(request.param, tmp_path / request.param)


# markers: the mini projects' base (the wiki's extension, Sphinx's plain theme);
# incremental: the same with Furo.
@pytest.mark.slow  # three sphinx-build runs in subprocesses, as the editor runs them: 6 s
@pytest.mark.parametrize("project", ["markers", "incremental"], indirect=True)
def test_a_second_build_is_quiet_and_a_changed_one_says_so(project):
    output(project)
    again = output(project)
    assert "loading pickled environment" in again  # incremental: the same environment
    assert CHANGED not in again, again
    assert MYST_LINE not in again, again
    changed = output(project, "-v", "-D", "html_show_copyright=0")
    assert f"{CHANGED} (1 option: 'html_show_copyright')" in changed, changed
    assert MYST_LINE in changed  # demoted, not dropped: -v shows it


@pytest.mark.slow  # three sphinx-build runs in subprocesses: 6 s
@pytest.mark.parametrize("project", ["foreign"], indirect=True)
def test_a_project_without_furo_or_sphinx_design_reports_no_change(project):
    """The claim checker alone, Sphinx's default theme: nothing reported as changed."""
    output(project)
    assert CHANGED not in output(project)
    changed = output(project, "-D", "html_show_copyright=0")
    assert f"{CHANGED} (1 option: 'html_show_copyright')" in changed, changed


@pytest.mark.slow  # two builds of the real wiki: about 10 s
def test_the_wikis_second_build_is_quiet(tmp_path):
    """The real wiki (Furo, sphinx-design, its own style sheet) built twice into one
    folder: the second build names no changed option and no myst configuration, and
    the extensions' scripts and styles are still served."""
    first = sphinx_build(DOCS, tmp_path / "html")
    assert first.returncode == 0, first.output
    second = sphinx_build(DOCS, tmp_path / "html")
    assert second.returncode == 0, second.output
    assert "loading pickled environment" in second.output
    assert CHANGED not in second.output, second.output
    assert MYST_LINE not in second.output, second.output
    static = second.outdir / "_static"
    for name in ("citation-preview.js", "sphinx-design.min.css", "design-tabs.js"):
        assert (static / name).is_file(), name
    # Served from folders named relative to conf.py: no absolute path of this checkout
    # or its virtual env enters .buildinfo's configuration hash.
    with (tmp_path / "html-doctrees" / ENV_PICKLE_FILENAME).open("rb") as kept:
        static_path = pickle.load(kept).config.html_static_path
    assert static_path and not any(Path(folder).is_absolute() for folder in static_path)
