"""make repro: two clean builds in two folders are byte-identical."""

import pytest

from conftest import HAVE_TEX
from starlight import copy_project
from starlight.site import repro

pytestmark = pytest.mark.slow  # builds the real wiki's HTML and PDF (make test-fast leaves it out)


def test_two_builds_in_two_folders_are_identical(checkout, tmp_path):
    """The session's checkout is make repro's first build; this is its second, in a
    folder of another name and depth, at a later second on the clock."""
    assert checkout.error is None, checkout.error
    second = copy_project(tmp_path / "second" / "checkout")
    repro.build(second, HAVE_TEX, repro.reproducible_env())
    verdicts = repro.compare(checkout.project, second, HAVE_TEX)
    assert [label for label, _ in verdicts] == (["HTML", "PDF"] if HAVE_TEX else ["HTML"])
    assert all(different == [] for _, different in verdicts), verdicts


def test_different_outputs_are_named(checkout, tmp_path):
    """compare names what differs: a file changed, and one missing on one side."""
    second = tmp_path / "second"
    for name in ("index.html", "about.html"):
        page = second / "build" / "html" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_bytes((checkout.project / "build" / "html" / name).read_bytes())
    (second / "build" / "html" / "about.html").write_text("changed", encoding="utf-8")
    [(label, different)] = repro.compare(checkout.project, second, pdf=False)
    assert label == "HTML"
    assert "about.html" in different and "index.html" not in different
    assert "plot.html" in different  # missing on one side
