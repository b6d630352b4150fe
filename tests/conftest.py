"""Shared fixtures: the mini projects (Sphinx test roots), and the real wiki built once.

The mini projects follow Sphinx's own test conventions (``sphinx.testing.fixtures``):

- A test builds ``tests/roots/test-NAME`` through the ``app`` fixture, under
  ``@pytest.mark.sphinx("html", testroot="NAME", confoverrides={...})``; a
  parametrized set carries one such marker on each ``pytest.param``. It reads the
  warnings from ``app.warning``, a StringIO.
- The ``app`` fixture builds the root where it is, into one build folder per root
  under ``sphinx_test_tempdir`` (per pytest-xdist worker), shared by that worker's
  tests: a later build there is incremental. So a folder has one configuration: a
  test that builds a root with another builder, other settings or in parallel names
  its own copy, ``srcdir="..."`` in its marker (Sphinx copies the root there); a
  test that shares a folder with one configured otherwise fails
  (:func:`_one_configuration_per_build_folder`). A test that edits its project
  names a ``srcdir`` no other test uses and builds again with
  ``make_app(*app_params.args, **app_params.kwargs)``.
- Each root's ``conf.py`` is ``starlight.testing.mini_project()`` and at most three
  settings of its own; roots that would differ only in a setting are one root,
  configured by the test (``confoverrides``). Two roots are not the wiki and so do
  not start from it: ``test-sidebar`` (the sidebar extension alone) and
  ``test-foreign`` (another project, with only the generic checker).
- A test that runs the project's command-line tools on a mini project copies it
  with :func:`copy_root`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from bs4 import Tag
from sphinx.util.console import strip_escape_sequences

from starlight import copy_project
from starlight.locks import exclusive
from starlight.site import repro
from starlight.site.audit import chromium
from starlight.site.pdf import missing_tex

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
SOURCES = REPO / "sources"
ROOTS = Path(__file__).resolve().parent / "roots"
# The project's command-line tools, as the Makefile runs them (`starlight COMMAND`).
STARLIGHT = [sys.executable, "-m", "starlight"]
HAVE_TEX = not missing_tex()
CHROMIUM = chromium()
HAVE_WORDNET = (Path("/usr/share/wordnet") / "data.noun").is_file()


def one(html: Tag, selector: str) -> Tag:
    """The first element *selector* (CSS) finds in *html*; the test fails without one."""
    found = html.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def attr(tag: Tag, name: str) -> str:
    """*tag*'s attribute *name*, one string (an href, a data-* value; not a class list);
    the test fails without it."""
    value = tag.get(name)
    assert isinstance(value, str), f"<{tag.name}> has no {name}: {value!r}"
    return value


# Tests marked "tex", "browser" or "wordnet" (markers in pyproject.toml) are skipped when
# the tool is missing, unless REQUIRE_PDF=1 / REQUIRE_BROWSER=1 / REQUIRE_WORDNET=1 makes
# its absence a failure.
_MISSING = {
    "wordnet": (
        not HAVE_WORDNET and os.environ.get("REQUIRE_WORDNET") != "1",
        "Debian's wordnet-base is not installed (set REQUIRE_WORDNET=1 to make this a failure)",
    ),
    "tex": (
        not HAVE_TEX and os.environ.get("REQUIRE_PDF") != "1",
        "TeX is not installed (set REQUIRE_PDF=1 to make this a failure)",
    ),
    "browser": (
        CHROMIUM is None and os.environ.get("REQUIRE_BROWSER") != "1",
        "Chromium is not installed (set REQUIRE_BROWSER=1 to make this a failure)",
    ),
}


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        for marker, (missing, reason) in _MISSING.items():
            if missing and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))
    _one_configuration_per_build_folder(items)


_CLASH = pytest.StashKey[str]()


def _one_configuration_per_build_folder(items) -> None:
    """Mark each test that builds in a folder of ``sphinx_test_tempdir`` with markers
    other than the first test's there: its build would be incremental, from the other's
    environment and the claim checker's kept verdicts (``sphinx-build -E`` keeps them
    too), and might test nothing. The markers are merged as ``app_params`` merges them."""
    first: dict[str, tuple[str, str]] = {}
    for item in items:
        if not {"app", "app_params"} & set(getattr(item, "fixturenames", ())):
            continue
        args: dict[int, object] = {}
        kwargs: dict[str, object] = {}
        for marker in reversed(list(item.iter_markers("sphinx"))):
            args |= dict(enumerate(marker.args))
            kwargs.update(marker.kwargs)
        builder = args.pop(0, kwargs.pop("buildername", "html"))
        folder = str(kwargs.pop("srcdir", kwargs.get("testroot", "root")))
        given = sorted((key, value) for key, value in kwargs.items() if value)  # not defaults
        config = repr((builder, sorted(args.items()), given))
        config_before, test_before = first.setdefault(folder, (config, item.nodeid))
        if config != config_before:
            item.stash[_CLASH] = (
                f"builds in {folder}/ as {test_before} does, with other markers: "
                'give it its own srcdir="..."'
            )


@pytest.fixture(autouse=True)
def _own_build_folder(request) -> None:
    """Fail a test that :func:`_one_configuration_per_build_folder` marked."""
    if clash := request.node.stash.get(_CLASH, None):
        pytest.fail(clash, pytrace=False)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the ``test-<name>`` mini projects."""
    return ROOTS


def previewed(root: str) -> pytest.MarkDecorator:
    """The sphinx marker that builds the mini project *root* as ``make serve`` does
    (``claims_show_findings``), in a copy of its own, for a setting of its own."""
    return pytest.mark.sphinx(
        "html",
        testroot=root,
        srcdir=f"{root}-preview",
        confoverrides={"claims_show_findings": True},
    )


def copy_root(name: str, to: Path) -> Path:
    """A copy of the mini project ``tests/roots/test-NAME`` at *to*, for a test that
    runs the project's command-line tools on it: they write into the project (their
    doctrees, the review ledger) or want it laid out as this repository (``docs/``),
    and most such tests then edit a page. The ``app`` fixture needs no copy."""
    shutil.copytree(ROOTS / f"test-{name}", to)
    return to


@dataclass
class Build:
    returncode: int
    output: str
    outdir: Path


def sphinx_build(srcdir: Path, outdir: Path, builder: str = "html", *extra: str) -> Build:
    """Run sphinx-build as the Makefile does (-n -W --keep-going). The tests read its
    output, so it comes without colour or terminal codes, which FORCE_COLOR (as CI
    may set) would add even to a pipe."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "--no-color",
            "-n",
            "-W",
            "--keep-going",
            "-d",
            str(outdir.parent / f"{outdir.name}-doctrees"),
            *extra,
            str(srcdir),
            str(outdir),
        ],
        capture_output=True,
        text=True,
    )
    output = strip_escape_sequences(result.stdout + result.stderr)
    return Build(result.returncode, output, outdir)


def forge_verdicts(kept: Path, finding: str, message: str) -> None:
    """Rewrite, in a page's kept verdicts (``starlight.claims.cache``), the message of
    each finding that holds *finding*: a check that shows *message* reused the verdict."""
    import pickle

    inputs, entry = pickle.loads(kept.read_bytes())
    for key, (status, found, flags) in entry.verdicts.items():
        entry.verdicts[key] = (
            status,
            tuple((code, message if finding in text else text) for code, text in found),
            flags,
        )
    kept.write_bytes(pickle.dumps((inputs, entry)))


def built_once(tmp_path_factory, name: str, build: Callable[[Path], dict]) -> dict:
    """What *build* returns (plain data) for the folder ``NAME``, built once per test
    run: the first pytest-xdist worker to ask builds, the others wait for it and read
    its result (the tests only read a build). pytest-xdist's recipe for a shared
    session fixture, with a lock file (:mod:`starlight.locks`)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    result = root / f"{name}.json"
    with exclusive(root / f"{name}.lock"):
        if not result.is_file():
            result.write_text(json.dumps(build(root / name), default=str), encoding="utf-8")
        return json.loads(result.read_text(encoding="utf-8"))


def _wiki(tmp_path_factory, name: str, *extra: str) -> Build:
    fields = built_once(
        tmp_path_factory,
        name,
        lambda folder: asdict(sphinx_build(DOCS, folder / "html", "html", *extra)),
    )
    return Build(fields["returncode"], fields["output"], Path(fields["outdir"]))


@pytest.fixture(scope="session")
def wiki_html(tmp_path_factory) -> Build:
    """A clean HTML build of the real wiki."""
    return _wiki(tmp_path_factory, "wiki")


# Where the published test build pretends to live (html_baseurl).
PUBLISHED_AT = "https://example.org/wiki/"


@pytest.fixture(scope="session")
def wiki_published(tmp_path_factory) -> Build:
    """The real wiki built as the Pages workflow publishes it: with its address."""
    return _wiki(tmp_path_factory, "wiki-published", "-D", f"html_baseurl={PUBLISHED_AT}")


@dataclass
class Checkout:
    project: Path
    error: str | None  # how the build failed, or None


@pytest.fixture(scope="session")
def checkout(tmp_path_factory) -> Checkout:
    """The real wiki copied and built as ``make repro`` builds it: the HTML, and the
    PDF where TeX is installed. The first of make repro's two builds, and the PDF
    the PDF tests read."""

    def build(folder: Path) -> dict:
        project, error = copy_project(folder / "first-checkout"), None
        try:
            repro.build(project, repro.outputs_with_tex(), repro.reproducible_env())
        except SystemExit as failed:
            error = str(failed)
        return {"project": project, "error": error}

    fields = built_once(tmp_path_factory, "checkout", build)
    return Checkout(Path(fields["project"]), fields["error"])


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright; shared by a module's tests."""
    if CHROMIUM is None:
        pytest.fail("REQUIRE_BROWSER=1 but Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()
