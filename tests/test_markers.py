"""Citations as numbered markers, and each page's references (starlight.pages.markers)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import one
from starlight.sources.pinpoint import lines_phrase, lines_text


@pytest.mark.sphinx("html", testroot="markers")
def test_markers_are_numbered_per_source_and_the_page_ends_with_its_references(app, warning):
    app.build()
    assert warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    body = page.select_one("div.body") or page
    marks = [(a.get_text(), a["href"], a["aria-label"]) for a in body.select("sup.cite-marks a")]
    # In the order the page first cites each source: alpha 1, beta 2; alpha again is 1.
    # The footnote's citation comes last, where the footnote is.
    assert marks == [
        ("[1]", "sources/alpha.html#L2", "Reference 1, line 2"),
        ("[2]", "sources/beta.html#L1", "Reference 2, line 1"),
        ("[1]", "sources/alpha.html#L3", "Reference 1, line 3"),
        ("[2]", "sources/beta.html#L2", "Reference 2, line 2"),
    ]
    # A marker sits on its word; the preview names the source as the references do.
    assert "Quill<sup" in str(body)
    first = one(body, "sup.cite-marks a")
    assert first["data-source"] == "News article by Daily Orbit: Drift lands in Oslo, 5 June 2023"
    assert first["data-lines"] == "line 2"
    # Notes are lettered, so [a] is never taken for reference 1.
    assert [a.get_text().strip("[]") for a in body.select("a.footnote-reference")] == ["a"]
    entries = [li.get_text(" ", strip=True) for li in body.select("ol.references > li")]
    assert entries == [
        "News article by Daily Orbit: Drift lands in Oslo , 5 June 2023 . Cited at lines 2–3 .",
        "A review of the film's story . Cited at lines 1–2 .",
    ]
    links = body.select("ol.references > li")[0].select("a")  # lines 2 and 3: one run
    assert [a["href"] for a in links] == [
        "bibliography.html#cite-alpha",
        "sources/alpha.html?lines=2,3#L2",
    ]


@pytest.mark.parametrize(
    "pinpoint, text, phrase",
    [
        ("L4", "4", "line 4"),
        ("L1,15", "1, 15", "lines 1, 15"),
        ("L7-9", "7–9", "lines 7–9"),
        ("L7 - L9", "7–9", "lines 7–9"),
    ],
)
def test_a_pinpoint_in_a_readers_words(pinpoint, text, phrase):
    assert lines_text(pinpoint) == text
    assert lines_phrase(pinpoint) == phrase


@pytest.mark.parametrize(
    "lines, expected",
    [
        (set(), []),
        ({4}, ["L4"]),
        ({1, 7, 8, 9}, ["L1", "L7-9"]),
        ({3, 5, 6}, ["L3", "L5-6"]),
    ],
)
def test_cited_lines_are_listed_once_in_runs(lines, expected):
    from starlight.pages.markers import runs

    assert runs(lines) == expected


@pytest.mark.sphinx("html", testroot="markers")
def test_markers_and_references_are_not_searchable_words(app):
    """'[1]' and 'Cited at lines 2–3' are not the page's words: a search for 1 or
    'cited' must not find every page."""
    import json
    import re

    app.build()
    index = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    found = re.search(r"Search\.setIndex\((.*)\)", index, re.S)
    assert found, "searchindex.js sets no index"
    data = json.loads(found.group(1))
    page = data["docnames"].index("index")

    def pages_with(term: str) -> list[int]:
        found = data["terms"].get(term, [])
        return found if isinstance(found, list) else [found]

    assert page in pages_with("2023")  # numbers in the text are words (search_numbers)
    for term in ("1", "3", "cite", "refer"):  # [1], "Cited at lines 2–3", "References"
        assert page not in pages_with(term), term
