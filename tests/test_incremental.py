"""After any single edit, an incremental build's HTML equals a clean build's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import copy_root, sphinx_build
from starlight.site.repro import differences

pytestmark = pytest.mark.slow  # two builds per edit (make test-fast leaves it out)


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit *path*; an edit whose text is gone would test nothing, so that fails."""
    text = path.read_text()
    assert old in text, f"{path} does not contain {old!r}"
    path.write_text(text.replace(old, new))


def add_citation(root: Path) -> None:
    page = root / "sub/page.md"
    page.write_text(page.read_text() + "Alpha premiered with stars {cite:p}`alpha{L1}`.\n")


def remove_citation(root: Path) -> None:
    replace_in(root / "sub/page.md", "It has bold stars and a link {cite:p}`alpha{L3-4}`.\n", "")


def move_citation(root: Path) -> None:
    """One source loses a citation and the other gains one: both archived pages change."""
    replace_in(
        root / "sub/page.md",
        "Alpha is about stars {cite:p}`alpha{L1}`.",
        "Beta is about the sea {cite:p}`beta{L1}`.",
    )


def insert_citation_first(root: Path) -> None:
    """Every later citation of the page moves down one: the archived lines link to them."""
    replace_in(
        root / "sub/page.md",
        "# A page in a subfolder\n",
        "# A page in a subfolder\n\nBeta is about the sea {cite:p}`beta{L1}`.\n",
    )


def retitle_citing_page(root: Path) -> None:
    """The archived lines name the pages that cite them."""
    replace_in(root / "sub/page.md", "# A page in a subfolder", "# Stars, and a subfolder")


def edit_bib_field(root: Path) -> None:
    """The bibliography is generated from the metadata: its headline is a .bib field."""
    replace_in(root / "evidence/sources.yaml", "headline: null", "headline: Alpha, a film")


def edit_metadata(root: Path) -> None:
    replace_in(root / "evidence/sources.yaml", "off_topic: []", "off_topic: [2]")


def edit_timeline(root: Path) -> None:
    replace_in(root / "timeline.yaml", 'when: "Once"', 'when: "Later"')


def add_page(root: Path) -> None:
    (root / "sub/new.md").write_text("# A new page\n\nAlpha is a film {cite:p}`alpha{L1}`.\n")
    replace_in(root / "index.md", "sub/page\n", "sub/page\nsub/new\n")


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> tuple[Path, Path]:
    """The unedited project built once (per test process), kept as a snapshot: each
    edit starts from a copy put back in the same place, with its files' times, so that
    Sphinx finds its environment current (a copy elsewhere would be a clean build)."""
    work = tmp_path_factory.mktemp("incremental") / "work"
    copy_root("incremental", work / "docs")
    first = sphinx_build(work / "docs", work / "out-incremental")
    assert first.returncode == 0, first.output
    snapshot = work.with_name("snapshot")
    shutil.copytree(work, snapshot)  # copy2: contents and modification times
    return work, snapshot


@pytest.mark.parametrize(
    "edit",
    [
        add_citation,
        remove_citation,
        move_citation,
        insert_citation_first,
        retitle_citing_page,
        edit_bib_field,
        edit_metadata,
        edit_timeline,
        add_page,
    ],
    ids=lambda f: f.__name__,
)
def test_incremental_build_equals_clean_build(first_build, tmp_path, edit):
    work, snapshot = first_build
    shutil.rmtree(work)
    shutil.copytree(snapshot, work)
    clean = copy_root("incremental", tmp_path / "clean" / "docs")
    for project in (work / "docs", clean):
        edit(project)
    again = sphinx_build(work / "docs", work / "out-incremental")
    assert again.returncode == 0, again.output
    # Incremental: the kept environment was used ("failed: source directory has changed"
    # and "[new config]" would mean a clean build).
    assert "updating environment: [" not in again.output, again.output
    fresh = sphinx_build(clean, tmp_path / "out-clean")
    assert fresh.returncode == 0, fresh.output
    # .buildinfo hashes the configuration, which names each build's own doctree
    # folder (out-incremental-doctrees, out-clean-doctrees); it is no page.
    assert differences(again.outdir, fresh.outdir, ignore=(".buildinfo",)) == []


def test_only_the_archived_sources_whose_citations_change_are_written(first_build):
    """A citation of alpha added: alpha's archived page is written again, beta's is not
    (the test above shows the result equals a clean build)."""
    work, snapshot = first_build
    shutil.rmtree(work)
    shutil.copytree(snapshot, work)
    add_citation(work / "docs")
    again = sphinx_build(work / "docs", work / "out-incremental")
    assert again.returncode == 0, again.output
    written = [line for line in again.output.splitlines() if line.startswith("writing output")]
    assert any(line.endswith("sources/alpha") for line in written), again.output
    assert not any(line.endswith("sources/beta") for line in written), again.output


def test_a_build_into_an_empty_folder_with_the_doctrees_kept_writes_everything(tmp_path):
    """Nothing to read (the environment is current), every page to write: the
    verification page and claims.json are written as by the first build."""
    project, out = tmp_path / "docs", tmp_path / "out"
    copy_root("incremental", project)
    first = sphinx_build(project, out)
    assert first.returncode == 0, first.output
    out.rename(tmp_path / "first")
    again = sphinx_build(project, out)  # the same doctrees (out-doctrees), kept
    assert again.returncode == 0, again.output
    assert (out / "claims.json").is_file()
    assert differences(tmp_path / "first", out) == []
