"""The real wiki: warning-free, complete, archived pages equal to their files."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, SOURCES, attr, one
from starlight.site.anchors import broken_links
from starlight.sources.catalog import load_catalog
from starlight.sources.pinpoint import parse_pinpoint

pytestmark = pytest.mark.slow  # builds the real wiki (make test-fast leaves it out)

PAGES = {
    "index": "Lost in Starlight",
    "plot": "Plot",
    "characters": "Characters and voice cast",
    "production": "Production",
    "music": "Music",
    "release": "Release",
    "reception": "Reception",
    "timeline": "Timeline",
    "disagreements": "Where the sources disagree",
    "sources/index": "Sources",
    "bibliography": "Bibliography",
    "about": "About this wiki",
}
CATALOG = load_catalog(SOURCES / "sources.yaml")


def soup(build, page: str) -> BeautifulSoup:
    return BeautifulSoup((build.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def test_build_is_warning_free(wiki_html):
    assert wiki_html.returncode == 0, wiki_html.output
    assert "WARNING" not in wiki_html.output


@pytest.mark.parametrize(("page", "title"), sorted(PAGES.items()))
def test_every_page_exists_with_its_title(wiki_html, page, title):
    html = soup(wiki_html, page)
    assert one(html, "h1").get_text().rstrip("¶") == title


@pytest.mark.parametrize("page", sorted(set(PAGES) - {"sources/index", "bibliography"}))
def test_content_pages_are_substantial_and_cited(wiki_html, page):
    article = one(soup(wiki_html, page), "article")
    words = len(article.get_text(" ").split())
    citations = article.select("sup.cite-marks a.cite-mark")  # one marker per source cited
    minimum = 150 if page == "about" else 250
    assert words >= minimum, f"{page} has only {words} words"
    if page != "about":
        assert len(citations) >= 10, f"{page} has only {len(citations)} citations"


@pytest.mark.parametrize("source", CATALOG.sources, ids=lambda s: s.key)
def test_archived_page_shows_the_file_exactly(wiki_html, source):
    html = soup(wiki_html, source.docname)
    lines = html.select(".source-text .source-line")
    assert [line["id"] for line in lines] == [f"L{n}" for n in range(1, len(lines) + 1)]
    shown = "\n".join(one(line, ".line-text").get_text() for line in lines)
    assert shown == source.path.read_text(encoding="utf-8").removesuffix("\n")
    assert source.sha256 in html.get_text()


@pytest.mark.parametrize("source", CATALOG.sources, ids=lambda s: s.key)
def test_raw_file_is_published_byte_for_byte(wiki_html, source):
    assert (wiki_html.outdir / "sources" / source.file).read_bytes() == source.path.read_bytes()


def all_pages(build):
    return sorted(build.outdir.rglob("*.html"))


def test_every_internal_link_and_anchor_resolves(wiki_html):
    """Bibliography, pinpoint and raw-file links resolve from every page, subfolders too."""
    broken = [
        f"{page.relative_to(wiki_html.outdir)}: {href}"
        for page in all_pages(wiki_html)
        for href in broken_links(page)
    ]
    assert not broken


def test_pinpoints_link_to_the_cited_line(wiki_html):
    html = soup(wiki_html, "index")
    pinpoints = [
        a for a in html.select("sup.cite-marks a") if attr(a, "href").startswith("sources/")
    ]
    assert pinpoints, "no citation markers on the home page"
    for link in pinpoints:
        href = attr(link, "href")
        match = re.fullmatch(r"sources/[a-z-]+\.html(?:\?lines=([\d,]+))?#L(\d+)", href)
        assert match, href
        # the marker's lines in words: "line 7", "lines 1, 15", "lines 8–9"
        words = attr(link, "data-lines").split(" ", 1)[1]
        lines = parse_pinpoint("L" + words.replace("–", "-")).lines
        assert int(match.group(2)) == lines[0]
        assert match.group(1) == (",".join(map(str, lines)) if len(lines) > 1 else None)


def test_bibliography_lists_every_source_with_stable_anchors(wiki_html):
    html = soup(wiki_html, "bibliography")
    for source in CATALOG.sources:
        entry = html.find(id=f"cite-{source.key}")
        assert entry is not None, source.key
        hrefs = {a["href"] for a in entry.find_all("a", href=True)}
        assert f"sources/{source.key}.html" in hrefs
        assert f"sources/{source.file}" in hrefs
        assert source.label in entry.get_text()


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_page_has_favicon_and_meta_description(wiki_html, page):
    html = soup(wiki_html, page)
    assert html.find("link", rel="icon") is not None
    description = html.find("meta", attrs={"name": "description"})
    assert description is not None and len(description["content"]) > 20


def test_nothing_is_loaded_from_the_internet(wiki_html):
    remote = re.compile(r"^(https?:)?//")
    offenders = []
    for page in all_pages(wiki_html):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in html.find_all(["script", "img", "iframe", "link", "source", "video", "audio"]):
            address = tag.get("src") or (tag.get("href") if tag.name == "link" else None)
            if isinstance(address, str) and remote.match(address):
                offenders.append(f"{page.name}: <{tag.name}> {address}")
    for css in wiki_html.outdir.rglob("*.css"):
        for address in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if remote.match(address):
                offenders.append(f"{css.name}: url({address})")
    assert not offenders


def test_every_image_the_readme_shows_exists():
    """The README's screenshots (make screenshots) and any other image it shows."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", readme)
    assert len(images) >= 2
    assert [image for image in images if not (REPO / image).is_file()] == []
