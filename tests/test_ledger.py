"""The review ledger's file: rows, order, and a clear error for a malformed one."""

from __future__ import annotations

from pathlib import Path

import pytest

from starlight.claims import ledger
from starlight.claims.model import Citation
from starlight.errors import InputError
from starlight.sources.catalog import Catalog

ROW = ledger.Review(
    "plot",
    "abc123",
    "1" * 16,
    "2" * 16,
    "Ada",
    "2026-12-06",
    "'landed on' is the lines' 'settled on'",
    "She lands on Mars [lovestory L11].",
)


def test_rows_are_saved_sorted_and_read_back(tmp_path):
    path = tmp_path / "reviews.tsv"
    other = ledger.Review(
        "index",
        "zzz999",
        "3" * 16,
        "4" * 16,
        "Grace",
        "2026-12-05",
        "",
        "Lost in Starlight is a film [preview L1].",
    )
    ledger.save(path, [ROW, other])
    assert path.read_text().splitlines()[0] == ledger.HEADER
    assert [r.page for r in ledger.load(path)] == ["index", "plot"]  # page order: few conflicts
    assert ledger.load(path)[1] == ROW


def test_a_missing_ledger_is_empty(tmp_path):
    assert ledger.load(tmp_path / "none.tsv") == []


@pytest.mark.parametrize(
    "text, where, message",
    [
        ("page\tkey\n", 1, "the first line must be the header"),
        (ledger.HEADER + "\nplot\tabc\n", 2, "expected 8 tab-separated cells, found 2"),
        (
            ledger.HEADER + "\n" + ROW.row().replace("2026-12-06", "6 Dec") + "\n",
            2,
            "date '6 Dec' is not YYYY-MM-DD",
        ),
        (ledger.HEADER + "\n" + ROW.row() + "\n" + ROW.row() + "\n", 3, "key abc123 appears twice"),
    ],
)
def test_a_malformed_ledger_is_one_located_error(tmp_path, text, where, message):
    path = tmp_path / "reviews.tsv"
    path.write_text(text)
    with pytest.raises(InputError) as error:
        ledger.load(path)
    assert error.value.line == where and message in error.value.message


@pytest.mark.parametrize(
    "before, after, same",
    [
        ("She lands on Mars.", "She lands  on Mars", True),  # whitespace, punctuation
        ("She lands on Mars.", "She lands, on Mars!", True),
        ("She lands on Mars.", "She lands on the Moon.", False),
        ("The US film.", "The us film.", False),  # case is kept
    ],
)
def test_only_words_count(before, after, same):
    assert (ledger.normalised(before) == ledger.normalised(after)) is same


class Claim:
    """What :func:`ledger.states` reads of a claim: its page, text and citations."""

    def __init__(self, text: str):
        self.docname, self.text, self.checked = "plot", text, text
        self.citations: list[Citation] = []


NO_SOURCES = Catalog(Path("sources.yaml"), ())  # the claims cite nothing


def state(reviewed: str, now: str) -> str:
    row = ledger.approved(Claim(reviewed), NO_SOURCES, "k", "Ada", "2026-12-06", "read")
    return ledger.states([Claim(now)], NO_SOURCES, [row])[0].state


@pytest.mark.parametrize(
    "now",
    [
        'It is "a major standout", wrote Resonate.',
        "It is “a major standout” wrote Resonate!",  # other marks, a comma dropped
    ],
)
def test_a_review_holds_while_the_quotations_stay(now):
    assert state('It is "a major standout", wrote Resonate.', now) == ledger.REVIEWED


@pytest.mark.parametrize(
    "now",
    [
        'It is "a major" standout, wrote Resonate.',  # the quotation closed early
        "It is a major standout, wrote Resonate.",  # the marks dropped: the wiki's voice
        '"It is a major standout", wrote Resonate.',  # the quotation opened early
    ],
)
def test_a_quotation_moved_is_a_changed_claim(now):
    assert state('It is "a major standout", wrote Resonate.', now) == ledger.CHANGED


@pytest.fixture
def judged_here(monkeypatch) -> list:
    """Claims judged in this process (no worker), each matching of the ledger counted;
    asked for before the ``app`` fixture, which starts the worker."""
    from starlight.claims import background

    matched: list = []
    states = ledger.states

    def counted(*args):
        matched.append(args)
        return states(*args)

    monkeypatch.setattr(background, "_worker", lambda: None)
    monkeypatch.setattr(ledger, "states", counted)
    return matched


@pytest.mark.sphinx("html", testroot="review")
def test_a_build_matches_the_ledger_once_and_names_the_flags_it_judged(judged_here, app):
    """The reviews the pages show and the gate's findings come from one matching of the
    ledger; the findings are made after judging, so they name the flagged words."""
    from sphinx.util.console import strip_colors

    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert warnings.count("[claims.unreviewed]") == 2
    assert "flags: 'builds'" in warnings
    assert len(judged_here) == 1


@pytest.mark.sphinx("html", testroot="review", srcdir="review-rebuilt")
def test_a_rebuild_whose_ledger_cannot_be_read_keeps_nothing_of_the_last(app):
    """The same application builds again after the ledger was damaged: one located
    error, and neither the last build's verdicts nor a crash at the build's end."""
    from sphinx.util.console import strip_colors

    from starlight import buildstate

    app.build()
    assert buildstate.of(app).report is not None
    (app.srcdir / "reviews.tsv").write_text("garbage\n")
    (app.srcdir / "index.md").touch()
    app.warning.truncate(0)
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert "reviews.tsv:1" in warnings and "[claims.input]" in warnings, warnings
    assert "[claims.unreviewed]" not in warnings  # the last build's findings are not repeated
    assert buildstate.of(app).report is None
