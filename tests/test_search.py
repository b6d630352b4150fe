"""The site's search: the film's pages come before the evidence, and numbers are words.

A mini project (``tests/roots/test-search``: an article, an About page, the
bibliography and an archived source, each naming 2050) shows what the build
writes: the scorer that knows the evidence pages, an index that keeps numbers,
and the search page's script. The slow tests read the real wiki's;
``tests/test_browser.py`` searches the real wiki as a reader does.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from sphinx.errors import ConfigError
from sphinx.search import js_index
from sphinx.search.en import SearchEnglish

from starlight.pages import search_rank
from starlight.pages.search_numbers import EnglishWithNumbers


def index(outdir: Path) -> dict:
    return js_index.loads((outdir / "searchindex.js").read_text(encoding="utf-8"))


def pages_with(data: dict, word: str) -> set[str]:
    """The pages whose text holds *word* (Sphinx stores one page as a number, not a list)."""
    found = data["terms"].get(word, [])
    return {data["docnames"][i] for i in (found if isinstance(found, list) else [found])}


def evidence_in(outdir: Path) -> set[str]:
    """The evidence pages the scorer of the built search page ranks last."""
    code = (outdir / "_static" / "language_data.js").read_text(encoding="utf-8")
    found = re.search(r"evidence: new Set\((\[.*?\])\)", code)
    assert found, "language_data.js sets no evidence pages"
    return set(json.loads(found[1]))


@pytest.fixture
def built(app):
    app.build()
    assert app.warning.getvalue() == ""
    return Path(app.outdir)


# The film's pages before the evidence (starlight.pages.search_rank) ------------


@pytest.mark.sphinx("html", testroot="search")
def test_the_scorer_knows_the_evidence_pages(built):
    """The archived source, the bibliography and the pages conf.py lists as being
    about the wiki (claims_editorial_pages); the article is not among them."""
    assert evidence_in(built) == {"about", "bibliography", "sources/alpha"}
    code = (built / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert f"score - {search_rank.EVIDENCE_BELOW}" in code


def test_the_scorer_keeps_sphinxs_weights():
    """A scorer file replaces Sphinx's Scorer whole: ours repeats its weights."""
    sphinx = (
        resources.files("sphinx")
        .joinpath("themes", "basic", "static", "searchtools.js")
        .read_text(encoding="utf-8")
    )
    default = sphinx[sphinx.index("var Scorer = {") :]
    default = re.sub(r"/\*.*?\*/", "", default[: default.index("\n  };")], flags=re.DOTALL)
    default = re.sub(r"//.*", "", default)  # the comments
    weights = re.compile(r"(\w+): (-?\d+)")
    assert len(weights.findall(default)) == 10  # seven weights, three priorities
    assert sorted(weights.findall(search_rank.SCORER)) == sorted(weights.findall(default))


@pytest.mark.sphinx(
    "html",
    testroot="search",
    srcdir="search-own-scorer",
    confoverrides={"html_search_scorer": "mine.js"},
)
def test_a_scorer_named_in_conf_py_stops_the_build(make_app, app_params):
    with pytest.raises(ConfigError, match="html_search_scorer"):
        make_app(*app_params.args, **app_params.kwargs)


# Numbers are words (starlight.pages.search_numbers) -----------------------------


def test_the_search_language_keeps_numbers_and_still_drops_stopwords():
    words = EnglishWithNumbers({})
    assert not SearchEnglish({}).word_filter("2050")  # why the wiki has its own
    assert words.word_filter("2050") and words.word_filter("91")
    assert not words.word_filter("the")


@pytest.mark.sphinx("html", testroot="search")
def test_the_index_maps_a_year_to_every_page_that_names_it(built):
    assert pages_with(index(built), "2050") == {"index", "about", "sources/alpha"}


@pytest.mark.sphinx("html", testroot="search")
def test_only_the_search_page_loads_the_numbers_script_after_searchtools(built):
    search = (built / "search.html").read_text(encoding="utf-8")
    tag = re.search(r"<script[^>]*search-numbers\.js[^>]*>", search)
    assert tag, "the search page loads no search-numbers.js"
    assert "defer" in tag[0]  # runs after searchtools.js, which the page loads after it
    assert "search-numbers.js" not in (built / "index.html").read_text(encoding="utf-8")


# What an archived page's index holds ---------------------------------------------


@pytest.mark.sphinx("html", testroot="search")
def test_an_archived_pages_line_numbers_and_citation_counts_are_not_indexed(built):
    """The source holds no 2: only line 2's number and line 1's "cited by: Home (2)"
    do, which the index leaves out (else "24" would find every source of 24 lines
    or more, and "2" every source with a line cited twice by one page)."""
    assert "sources/alpha" not in pages_with(index(built), "2")
    assert "sources/alpha" in pages_with(index(built), "3")  # "3 lines", in its metadata


# The real wiki (built once per test run; make test-fast leaves these out) --------


@pytest.mark.slow
def test_the_wikis_evidence_pages_are_the_sources_and_the_pages_about_it(wiki_html):
    assert wiki_html.returncode == 0, wiki_html.output
    sources = {name for name in index(wiki_html.outdir)["docnames"] if name.startswith("sources/")}
    assert len(sources) == 6  # five archived sources and their list
    assert evidence_in(wiki_html.outdir) == {"about", "bibliography", "verification"} | sources


@pytest.mark.slow
def test_the_wikis_index_finds_years_on_the_articles(wiki_html):
    assert wiki_html.returncode == 0, wiki_html.output
    data = index(wiki_html.outdir)
    assert {"plot", "production", "reception", "disagreements"} <= pages_with(data, "2050")
    assert {"index", "release"} <= pages_with(data, "2025")
