"""Verdicts kept between builds (``starlight.claims.cache``): reused, at the claim's
place now, only while the page and everything a verdict depends on are unchanged."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from sphinx.util.console import strip_colors

from starlight.claims import cache
from starlight.claims.cache import SUFFIX, inputs_digest

QUOTE = 'WARNING: quote not found in [alpha L2]: "a luminus voyage" (closest: "a luminous voyage") ' \
        '[claims.quote_not_found]'


@pytest.fixture
def project(rootdir, tmp_path) -> Path:
    """A page with one misquote (index.md:4), built once: its verdicts are kept."""
    srcdir = tmp_path / "project"
    shutil.copytree(rootdir / "test-claims-quote-bad", srcdir)
    return srcdir


def build(make_app, srcdir: Path) -> list[str]:
    """The claim warnings of a build of *srcdir* (incremental after the first)."""
    app = make_app("html", srcdir=srcdir)
    app.build()
    lines = strip_colors(app._warning.getvalue()).splitlines()
    return [line.replace(f"{srcdir}/", "") for line in lines if "[claims." in line]


def kept(srcdir: Path) -> Path:
    return srcdir / "_build" / "doctrees" / f"index{SUFFIX}"


def forge(srcdir: Path, message: str) -> None:
    """Rewrite the kept verdict of the misquote: a build that shows *message* reused it."""
    inputs, entry = pickle.loads(kept(srcdir).read_bytes())
    for key, (status, found) in entry.verdicts.items():
        entry.verdicts[key] = (status, tuple((code, message if "luminus" in text else text)
                                             for code, text in found))
    kept(srcdir).write_bytes(pickle.dumps((inputs, entry)))


def test_an_unchanged_page_keeps_its_verdicts(make_app, project):
    assert build(make_app, project) == [f"index.md:4: {QUOTE}"]
    assert kept(project).is_file()
    forge(project, "reused")
    assert build(make_app, project) == ["index.md:4: WARNING: reused [claims.quote_not_found]"]


def test_a_moved_claim_keeps_its_verdict_at_its_new_line(make_app, project):
    build(make_app, project)
    forge(project, "reused")
    page = project / "index.md"
    page.write_text(page.read_text().replace("# Alpha\n", "# Alpha\n\nAlpha is a film "
                                             "{cite:p}`alpha{L1}`.\n"))
    assert build(make_app, project) == ["index.md:6: WARNING: reused [claims.quote_not_found]"]


@pytest.mark.parametrize("edit", ["source", "allowlist", "synonyms", "metadata"])
def test_a_verdict_is_judged_again_when_what_it_depends_on_changes(make_app, project, edit):
    build(make_app, project)
    forge(project, "reused")
    if edit == "source":  # the quote is now in the source (its recorded hash no longer is)
        text = project / "evidence" / "alpha.txt"
        text.write_text(text.read_text().replace("luminous", "luminus"))
        expected = {"claims.hash_mismatch"}
    else:
        file = {"allowlist": "claims-allowlist.txt", "synonyms": "claims-synonyms.txt",
                "metadata": "evidence/sources.yaml"}[edit]
        with (project / file).open("a") as handle:
            handle.write("\n# an edit\n")
        expected = {"claims.quote_not_found"}
    warnings = build(make_app, project)
    assert not any("reused" in line for line in warnings), warnings
    assert {line.rsplit("[", 1)[1].rstrip("]") for line in warnings} == expected


def test_a_damaged_file_is_read_again(make_app, project):
    build(make_app, project)
    kept(project).write_bytes(b"damaged")
    (project / "index.md").touch()
    assert build(make_app, project) == [f"index.md:4: {QUOTE}"]
    assert pickle.loads(kept(project).read_bytes())  # written again, whole


def test_the_digest_follows_every_input_file_and_the_code(tmp_path, monkeypatch):
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("alpha")
    first = inputs_digest([one, two])
    assert inputs_digest([one, two]) == first
    two.write_text("")
    second = inputs_digest([one, two])  # a file that appears counts
    one.write_text("alphA")
    third = inputs_digest([one, two])
    monkeypatch.setattr(cache, "code_digest", lambda: "another version of the checker")
    assert len({first, second, third, inputs_digest([one, two])}) == 4
