"""make repro: two clean builds in two folders are byte-identical."""

from pathlib import Path

import pytest

from conftest import HAVE_TEX
from starlight import copy_project
from starlight.site import repro


@pytest.mark.slow  # builds the real wiki's HTML and PDF (make test-fast leaves it out)
def test_two_builds_in_two_folders_are_identical(checkout, tmp_path):
    """The session's checkout is make repro's first build; this is its second, in a
    folder of another name and depth, at a later second on the clock."""
    assert checkout.error is None, checkout.error
    second = copy_project(tmp_path / "second" / "checkout")
    outputs = repro.outputs_with_tex()
    repro.build(second, outputs, repro.reproducible_env())
    verdicts = repro.compare(checkout.project, second, outputs)
    assert [label for label, _ in verdicts] == (["HTML", "PDF"] if HAVE_TEX else ["HTML"])
    assert all(different == [] for _, different in verdicts), verdicts


def _fake_build(project: Path, outputs: tuple, env: dict[str, str]) -> None:
    """What a build leaves, with one file that depends on the folder when asked to."""
    html = project / "build" / "html"
    html.mkdir(parents=True)
    (html / "index.html").write_text("<p>the same</p>", encoding="utf-8")
    if (project / "docs" / "unstable").exists():
        (html / "about.html").write_text(str(project), encoding="utf-8")


@pytest.mark.parametrize("unstable", [False, True])
def test_the_command_says_identical_or_names_the_files_that_differ(
    monkeypatch, capsys, tmp_path, unstable
):
    def copy(target: Path) -> Path:
        (target / "docs").mkdir(parents=True)
        if unstable:
            (target / "docs" / "unstable").touch()
        return target

    monkeypatch.setattr(repro, "copy_project", copy)
    monkeypatch.setattr(repro, "build", _fake_build)
    monkeypatch.setattr(repro.time, "sleep", lambda seconds: None)
    status = repro.main(["--no-pdf"])
    out = capsys.readouterr().out
    if unstable:
        assert status == 1 and "HTML: different: about.html\n" in out, out
    else:
        assert status == 0 and "HTML: identical\n" in out, out
    assert "PDF: not built" in out


def test_compare_names_a_changed_file_and_one_missing_on_one_side(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for project, pages in (
        (first, {"index.html": "a", "about.html": "b", "plot.html": "c"}),
        (second, {"index.html": "a", "about.html": "B"}),
    ):
        (project / "build" / "html").mkdir(parents=True)
        for name, text in pages.items():
            (project / "build" / "html" / name).write_text(text, encoding="utf-8")
    assert repro.compare(first, second, (repro.HTML,)) == [("HTML", ["about.html", "plot.html"])]
