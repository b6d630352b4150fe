"""Link previews, the sitemap and robots.txt: what search engines and shared links read."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import PUBLISHED_AT, attr

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Generated pages for readers, not for search engines or sharing.
NOT_LISTED = {"search.html", "genindex.html"}


def head_tags(page: Path) -> dict[str, str]:
    """``og:*`` (property) and ``twitter:*``/``description`` (name) meta tags of a page."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    tags: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key:
            assert isinstance(key, str), f"{page.name}: <meta> named {key!r}"
            assert key not in tags or key == "viewport", f"{page.name}: two {key} tags"
            tags[key] = attr(meta, "content") if meta.has_attr("content") else ""
    return tags


def pages(site: Path) -> list[Path]:
    """The wiki's pages (not the generated search and index pages)."""
    return sorted(
        p for p in site.rglob("*.html") if p.relative_to(site).as_posix() not in NOT_LISTED
    )


@pytest.mark.slow
def test_every_page_has_a_link_preview_with_its_own_description(wiki_published):
    assert wiki_published.returncode == 0, wiki_published.output
    site = wiki_published.outdir
    for page in pages(site):
        tags = head_tags(page)
        url = PUBLISHED_AT + page.relative_to(site).as_posix()
        assert tags["og:url"] == url
        assert tags["og:title"] and tags["og:site_name"] == "Lost in Starlight Wiki"
        assert tags["og:description"] == tags["description"], page.name
        assert "[" not in tags["og:description"], f"{page.name}: citations in the preview"
        image = tags["og:image"]
        assert image.startswith(PUBLISHED_AT), image
        assert (site / image.removeprefix(PUBLISHED_AT)).is_file()
        # From conf.py's project and starlight_description, not written in the code.
        assert tags["og:image:alt"] == (
            "Lost in Starlight Wiki: a cited wiki about the animated film Lost in Starlight"
        )
        assert tags["twitter:card"] == "summary_large_image"


@pytest.mark.slow
def test_the_sitemap_lists_every_page_and_robots_txt_points_to_it(wiki_published):
    site = wiki_published.outdir
    listed = [
        loc.text or "" for loc in ElementTree.parse(site / "sitemap.xml").iter(f"{SITEMAP}loc")
    ]
    expected = [PUBLISHED_AT + p.relative_to(site).as_posix() for p in pages(site)]
    assert sorted(listed) == sorted(expected)
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert re.search(rf"^Sitemap: {re.escape(PUBLISHED_AT)}sitemap\.xml$", robots, re.M)
    assert "Disallow" not in robots


@pytest.mark.slow
def test_a_local_build_has_no_sitemap_and_no_addresses_it_cannot_know(wiki_html):
    site = wiki_html.outdir
    assert wiki_html.returncode == 0, wiki_html.output
    assert not (site / "sitemap.xml").exists()
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    tags = head_tags(site / "plot.html")
    assert "og:image" not in tags and tags["twitter:card"] == "summary"
    assert tags["og:description"] == tags["description"]
    assert "matplotlib" not in wiki_html.output  # sphinxext-opengraph's import notice
