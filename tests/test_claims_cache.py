"""Verdicts kept between builds (``starlight.claims.cache``): reused, at the claim's
place now, only while the page and everything a verdict depends on are unchanged."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest
from sphinx.util.console import strip_colors

from conftest import forge_verdicts
from starlight.claims import cache
from starlight.claims.cache import SUFFIX, files_digest, inputs_digest
from starlight.claims.model import Citation, Claim, Label

slow = pytest.mark.slow  # two or three builds each (make test-fast leaves them out)

QUOTE = (
    'WARNING: quote not found in [alpha L2]: "a luminus voyage" (closest: "a luminous voyage") '
    "[claims.quote_not_found]"
)


def own_copy(root: str, name: str) -> pytest.MarkDecorator:
    """Build the mini project *root* in a copy no other test uses (``cache-NAME``), for the
    test edits its files and builds again."""
    return pytest.mark.sphinx("html", testroot=root, srcdir=f"cache-{name}")


@pytest.fixture
def project(app_params) -> Path:
    """The test's copy of its mini project (the srcdir its marker names)."""
    return app_params.kwargs["srcdir"]


@pytest.fixture
def build(make_app, app_params) -> Callable[[], list[str]]:
    """A build of the test's project (incremental after the first): its claim warnings."""

    def build() -> list[str]:
        app = make_app(*app_params.args, **app_params.kwargs)
        app.build()
        lines = strip_colors(app.warning.getvalue()).splitlines()
        return [line.replace(f"{app.srcdir}/", "") for line in lines if "[claims." in line]

    return build


def kept(srcdir: Path) -> Path:
    return srcdir / "_build" / "doctrees" / f"index{SUFFIX}"


def forge(srcdir: Path, message: str, finding: str = "luminus") -> None:
    """Rewrite the kept verdict of the finding that holds *finding* (the misquote): a
    build that shows *message* reused it."""
    forge_verdicts(kept(srcdir), finding, message)


@slow
@own_copy("claims-quote-bad", "unchanged")  # a page with one misquote (index.md:4)
def test_an_unchanged_page_keeps_its_verdicts(project, build):
    assert build() == [f"index.md:4: {QUOTE}"]
    assert kept(project).is_file()
    forge(project, "reused")
    assert build() == ["index.md:4: WARNING: reused [claims.quote_not_found]"]


@slow
@own_copy("claims-ungrounded-label-bad", "label")
def test_a_label_keeps_its_verdict(project, build):
    first = build()
    assert any("Premiere in Bergen" in line for line in first)
    forge(project, "reused", finding="Premiere in Bergen")
    again = build()
    assert "index.md:5: WARNING: reused [claims.ungrounded_label]" in again
    assert len(again) == len(first)


@slow
@own_copy("claims-quote-bad", "moved")
def test_a_moved_claim_keeps_its_verdict_at_its_new_line(project, build):
    build()
    forge(project, "reused")
    page = project / "index.md"
    page.write_text(
        page.read_text().replace("# Alpha\n", "# Alpha\n\nAlpha is a film {cite:p}`alpha{L1}`.\n")
    )
    assert build() == ["index.md:6: WARNING: reused [claims.quote_not_found]"]


@slow
@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(edit, marks=own_copy("claims-quote-bad", f"edit-{edit}"))
        for edit in ("source", "allowlist", "synonyms", "metadata")
    ],
)
def test_a_verdict_is_judged_again_when_what_it_depends_on_changes(project, build, edit):
    build()
    forge(project, "reused")
    if edit == "source":  # the quote is now in the source (its recorded hash no longer is)
        text = project / "evidence" / "alpha.txt"
        text.write_text(text.read_text().replace("luminous", "luminus"))
        expected = {"claims.hash_mismatch"}
    else:
        file = {
            "allowlist": "claims-allowlist.txt",
            "synonyms": "claims-synonyms.txt",
            "metadata": "evidence/sources.yaml",
        }[edit]
        with (project / file).open("a") as handle:
            handle.write("\n# an edit\n")
        expected = {"claims.quote_not_found"}
    warnings = build()
    assert not any("reused" in line for line in warnings), warnings
    assert {line.rsplit("[", 1)[1].rstrip("]") for line in warnings} == expected


@slow
@own_copy("claims-quote-bad", "damaged")
def test_a_damaged_file_is_read_again(project, build):
    build()
    kept(project).write_bytes(b"damaged")
    (project / "index.md").touch()
    assert build() == [f"index.md:4: {QUOTE}"]
    assert pickle.loads(kept(project).read_bytes())  # written again, whole


def test_the_digest_follows_every_input_file_and_the_code(tmp_path, monkeypatch):
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"

    def digest() -> str:
        return inputs_digest(files_digest([one, two]))

    one.write_text("alpha")
    first = digest()
    assert digest() == first
    two.write_text("")
    second = digest()  # a file that appears counts
    one.write_text("alphA")
    third = digest()
    monkeypatch.setattr(cache, "code_digest", lambda: "another version of the checker")
    assert len({first, second, third, digest()}) == 4


def test_the_keys_hold_every_field_a_verdict_may_read():
    """A field added to Claim or Label is either where the item is (not in the key:
    the findings are moved there) or what it says (in the key); a new field fails
    here until it is sorted into one or the other."""
    # The review (set from the ledger after judging) is not read by any verdict either.
    verdict = {"docname", "path", "line", "anchor", "status", "findings", "flags", "review"}
    claim = Claim("index", "index.md", 3, "Text.", "Text.", [Citation("alpha", "L1")])
    label = Label("index", "index.md", 3, "heading", "Text", [Citation("alpha", "L1")])
    # A claim's kind of block (sentence, footnote, …) is where it is; a label's kind is
    # part of what its findings say.
    cases: list[tuple[Claim | Label, Callable[[Any], tuple], set[str]]] = [
        (claim, cache._claim_key, verdict | {"kind"}),
        (label, cache._label_key, verdict),
    ]
    for item, key, where in cases:
        said = {f.name for f in fields(item)} - where
        for name in said:  # changing any field that says something changes the key
            changed = replace(item, **{name: _other(getattr(item, name))})
            assert key(changed) != key(item), name
        moved = replace(
            item, **{name: _other(getattr(item, name)) for name in where if hasattr(item, name)}
        )
        assert key(moved) == key(item)


def _other(value):
    """A different value of the same type."""
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, int):
        return value + 1
    if isinstance(value, tuple):
        return value + (value[0] if value else (0,),)
    if isinstance(value, list):
        return value + [Citation("beta", "L2")]
    if value is None:  # an optional field: the review
        from starlight.claims.model import ReviewState

        return ReviewState("reviewed", "k")
    raise TypeError(type(value))


@slow
@own_copy("flags-scale-bad", "flags")
def test_a_kept_verdict_brings_its_flags_back(project, make_app, app_params):
    """Flags are part of a verdict: reused, they are the kept ones (here forged), at the
    claim's place now; with the page changed, they are judged again."""
    from starlight import buildstate

    def flags() -> list[tuple[int, str, str]]:
        app = make_app(*app_params.args, **app_params.kwargs)
        app.build()
        return [
            (line, flag.word, flag.message) for _, line, flag in buildstate.of(app).report.flags
        ]

    first = flags()
    assert (4, "always", "stronger than the cited lines' 'often' (frequency)") in first
    inputs, entry = pickle.loads(kept(project).read_bytes())
    for key, (status, found, kept_flags) in entry.verdicts.items():
        entry.verdicts[key] = (
            status,
            found,
            tuple(replace(flag, message="reused") for flag in kept_flags),
        )
    kept(project).write_bytes(pickle.dumps((inputs, entry)))
    assert {message for _, _, message in flags()} == {"reused"}
    page = project / "index.md"
    page.write_text("\n\n" + page.read_text())  # every claim two lines down
    assert [(line, word) for line, word, _ in flags()] == [
        (line + 2, word) for line, word, _ in first
    ]


def test_files_preloaded_while_sphinx_reads_are_used_unless_replaced_since(tmp_path):
    verdicts = cache.VerdictCache("inputs")
    unchanged, replaced = tmp_path / f"a{SUFFIX}", tmp_path / "sub" / f"b{SUFFIX}"
    replaced.parent.mkdir()
    for path in (unchanged, replaced):
        cache.write_whole(path, pickle.dumps(("inputs", cache._Entry("first", (), None))))
    cache.preload(tmp_path)
    before = replaced.stat()
    # A rewrite of the same size and time, as a verdict's new message may make.
    cache.write_whole(replaced, pickle.dumps(("inputs", cache._Entry("other", (), None))))
    os.utime(replaced, ns=(before.st_atime_ns, before.st_mtime_ns))
    # Overwritten in place, same size and time (no writer of the checker's does this):
    # only the preloaded copy reads as a verdict file.
    kept = unchanged.stat()
    unchanged.write_bytes(b"x" * kept.st_size)
    os.utime(unchanged, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    first, second = verdicts._load(unchanged), verdicts._load(replaced)
    assert first is not None and first.doctree == "first"  # taken as preloaded
    assert second is not None and second.doctree == "other"  # read again


@pytest.mark.sphinx("html", testroot="claims-quote-bad", srcdir="cache-preloaded")
def test_a_rebuild_takes_every_kept_file_from_the_preload(app):
    """The worker's preload finds the files the pages ask for (the same paths)."""
    from starlight.claims.sphinx import _check_inputs, _read, warm_worker

    app.build()
    warm_worker(app.doctreedir)
    assert cache._PRELOADED
    (pages, _, _), kwargs = _check_inputs(app)
    _read(pages, kwargs["files"])
    assert not cache._PRELOADED  # each one asked for, and taken
