"""A large wiki's sidebar holds the top level and the current section, not every page."""

import re
from pathlib import Path

import pytest


def build(app) -> Path:
    app.build()
    assert app.warning.getvalue() == ""
    return app.outdir


def links(outdir: Path, page: str, part: str) -> set[str]:
    """The links of *page* inside its sidebar tree ("sidebar") or its article ("article")."""
    html = (outdir / page).read_text(encoding="utf-8")
    start = html.index('class="sidebar-tree"' if part == "sidebar" else "<article")
    html = html[start:]
    html = html[: html.index("</div>" if part == "sidebar" else "</article>")]
    return set(re.findall(r'href="([^"#]+)"', html))


@pytest.mark.sphinx("html", testroot="sidebar")
def test_a_small_wiki_shows_every_page_in_every_sidebar(app):
    outdir = build(app)
    assert {"../part-b/one.html", "../part-b/two.html", "two.html"} <= links(
        outdir, "part-a/one.html", "sidebar"
    )


@pytest.mark.sphinx(  # three pages count as many
    "html",
    testroot="sidebar",
    srcdir="sidebar-large",
    confoverrides={"starlight_full_navigation_max_pages": 3},
)
def test_a_large_wiki_shows_the_top_level_and_the_current_section(app):
    outdir = build(app)
    sidebar = links(outdir, "part-a/one.html", "sidebar")
    assert "two.html" in sidebar  # the current section's pages
    assert "../part-b/index.html" in sidebar  # every other section, one click away
    assert "../part-b/one.html" not in sidebar  # but not their pages
    assert "../part-b/two.html" not in sidebar
    # The second click: a section's page lists its pages.
    assert {"one.html", "two.html"} <= links(outdir, "part-b/index.html", "article")
