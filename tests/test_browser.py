"""The reader's experience in a real browser (Playwright driving Debian's Chromium).

Skipped when Chromium is missing, unless REQUIRE_BROWSER=1 (CI), which makes
a missing browser a failure.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import REPO, SOURCES
from starlight.site.serve import SiteServer
from starlight.sources.catalog import load_catalog

SCREENSHOTS = REPO / "build" / "screenshots"
# The reader's two screens: a phone and a laptop.
SCREENS = {"phone": (390, 844), "desk": (1280, 800)}

pytestmark = pytest.mark.browser


def source_line(key: str, number: int) -> str:
    source = load_catalog(SOURCES / "sources.yaml").get(key)
    assert source is not None, f"no source {key}"
    return source.lines()[number - 1]


@pytest.fixture(scope="module")
def site(wiki_html):
    assert wiki_html.returncode == 0, wiki_html.output
    with SiteServer(wiki_html.outdir) as base:
        yield base


def watched_page(context):
    """A page of *context* that fails the test on a script error; closed after."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture
def page(browser):
    yield from watched_page(browser.new_context())


@pytest.fixture(params=SCREENS)
def screen_page(browser, request):
    """A page at each of the reader's two screens, touch on the phone."""
    width, height = SCREENS[request.param]
    yield from watched_page(
        browser.new_context(
            viewport={"width": width, "height": height}, has_touch=request.param == "phone"
        )
    )


def within_screen(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
    )


def first_pinpoint(page):
    """The home page's first citation of line 7 of the review (in the infobox)."""
    return page.locator(
        'a.cite-mark[data-lines="line 7"][data-source^="A review of the film as a love"]'
    ).first


def test_preview_opens_on_hover_with_the_right_excerpt(screen_page, site):
    page = screen_page
    page.goto(site + "index.html")
    link = first_pinpoint(page)
    assert link.get_attribute("data-source") == (
        "A review of the film as a love story about space exploration"
    )
    link.hover()
    preview = page.locator("#citation-preview")
    preview.wait_for(state="visible")
    assert "space exploration, line 7" in preview.inner_text()
    assert source_line("lovestory", 7)[:60] in preview.inner_text()
    assert link.get_attribute("aria-describedby") == "citation-preview"
    assert within_screen(page, preview)


def test_preview_opens_on_keyboard_focus_and_closes_with_escape(screen_page, site):
    page = screen_page
    page.goto(site + "index.html")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.pinpoint')"):
            break
    else:
        pytest.fail("Tab never reached a citation")
    preview = page.locator("#citation-preview")
    preview.wait_for(state="visible")
    page.keyboard.press("Tab")  # the preview's own link comes next...
    if page.evaluate("document.activeElement.classList.contains('citation-preview-excerpt')"):
        page.keyboard.press("Tab")  # ...after the excerpt, when it scrolls (Chromium focuses it)
    assert page.evaluate("document.activeElement.classList.contains('citation-preview-link')")
    page.keyboard.press("Escape")
    preview.wait_for(state="detached")
    assert page.evaluate("document.activeElement.matches('a.pinpoint')")


@pytest.mark.parametrize("screen", SCREENS)
def test_preview_opens_on_tap(browser, site, screen):
    width, height = SCREENS[screen]
    context = browser.new_context(
        has_touch=True, is_mobile=screen == "phone", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.goto(site + "index.html")
    first_pinpoint(page).tap()
    preview = page.locator("#citation-preview")
    preview.wait_for(state="visible")
    assert page.url.endswith("index.html")  # the first tap previews, it does not navigate
    assert within_screen(page, preview)
    context.close()


def test_a_preview_deep_in_a_long_page_opens_on_screen(screen_page, site):
    """Later sections are drawn lazily (content-visibility), which would hold a
    fixed-position preview inside the section: placed off screen, and clipped."""
    page = screen_page
    page.goto(site + "reception.html")
    marker = page.locator("section section ~ section a.cite-mark").last
    marker.scroll_into_view_if_needed()
    marker.focus()
    preview = page.locator("#citation-preview")
    preview.wait_for(state="visible")
    assert within_screen(page, preview)


def test_following_a_citation_lands_on_the_highlighted_line(page, site):
    page.goto(site + "index.html")
    link = first_pinpoint(page)
    link.hover()
    page.locator("#citation-preview a.citation-preview-link").click()
    page.wait_for_url("**/sources/lovestory.html#L7")
    line = page.locator("#L7")
    assert "cited-line" in line.get_attribute("class")
    background = line.evaluate("e => getComputedStyle(e).backgroundColor")
    other = page.locator("#L1").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background != other
    assert source_line("lovestory", 7) == page.locator("#L7 .line-text").inner_text()


def test_a_range_highlights_every_cited_line(page, site):
    page.goto(site + "sources/lovestory.html?lines=8,9#L8")
    assert "cited-line" in page.locator("#L8").get_attribute("class")
    assert "cited-line" in page.locator("#L9").get_attribute("class")
    assert "cited-line" not in page.locator("#L10").get_attribute("class")


def test_archived_lines_list_the_citations_that_rest_on_them(page, site):
    page.goto(site + "sources/resonate.html")
    cited_by = page.locator("#L9 .line-cited-by a").first
    target = cited_by.get_attribute("href")
    cited_by.click()
    page.wait_for_url("**/" + target.rsplit("/", 1)[-1])  # count() does not wait for it
    anchor = target.split("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_without_javascript_a_citation_is_a_plain_link(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "index.html")
    link = first_pinpoint(page)
    link.hover()
    assert page.locator("#citation-preview").count() == 0
    link.click()
    page.wait_for_url("**/sources/lovestory.html#L7")
    context.close()


def test_search_finds_the_cast_page_by_a_name(page, site):
    page.goto(site + "search.html?q=Kim+Tae-ri")
    page.locator("#search-results li").first.wait_for(timeout=15000)
    hrefs = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.href)")
    assert any("characters.html" in href for href in hrefs), hrefs


@pytest.mark.parametrize(
    "query, page_name", [("Sewoon Plaza", "production.html"), ("CIFIKA", "music.html")]
)
def test_search_finds_places_and_artists(page, site, query, page_name):
    page.goto(site + f"search.html?q={query.replace(' ', '+')}")
    page.locator("#search-results li").first.wait_for(timeout=15000)
    hrefs = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.href)")
    assert any(page_name in href for href in hrefs), hrefs


# The film's pages; the rest (archived sources, bibliography, verification, about)
# are the evidence, which search lists after them (starlight.pages.search_rank).
ARTICLES = {
    "index",
    "plot",
    "characters",
    "production",
    "music",
    "release",
    "reception",
    "timeline",
    "disagreements",
}


def search_results(page, site: str, query: str) -> list[str]:
    """The pages a search lists, in order ("plot", "sources/resonate"), once it ends."""
    page.goto(site + "search.html?" + urlencode({"q": query}))
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary')?.textContent", timeout=15000
    )  # set when the last result is shown, or none was found
    hrefs = page.locator("#search-results li > a").evaluate_all("links => links.map(a => a.href)")
    return [href.removeprefix(site).split("#")[0].removesuffix(".html") for href in hrefs]


def test_search_lists_the_films_pages_before_the_evidence(page, site):
    found = search_results(page, site, "Kim Tae-ri")
    assert found and found[0] in ARTICLES, found
    articles_first = [name in ARTICLES for name in found]
    assert articles_first == sorted(articles_first, reverse=True), found
    assert not all(articles_first), found  # the sources that name her are still listed


def test_search_finds_a_year_and_highlights_it(page, site):
    """Also the guard of ``compat.IN_THE_BROWSER``: search-numbers.js extends the
    locked Sphinx's searchtools.js, and leaves the query alone if it changes."""
    found = search_results(page, site, "2050")
    assert {"plot", "production", "reception", "disagreements"} <= set(found), found
    assert found[0] in ARTICLES, found
    page.locator("#search-results .highlighted", has_text="2050").first.wait_for(timeout=15000)


def test_no_page_scrolls_sideways_at_375_pixels(browser, site, wiki_html):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    wide = []
    for path in sorted(Path(wiki_html.outdir).rglob("*.html")):
        relative = path.relative_to(wiki_html.outdir).as_posix()
        page.goto(site + relative)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            wide.append(f"{relative}: {width}px")
    context.close()
    assert not wide


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_page_screenshots(browser, site, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + "index.html")
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"home-{scheme}.png"
    page.screenshot(path=str(target), full_page=True)
    context.close()
    assert target.stat().st_size > 10000
    dark = sum(int(c) for c in body[body.index("(") + 1 : -1].split(",")[:3]) < 200
    assert dark is (scheme == "dark")


# The reader first: on a phone and on a laptop, the article's prose starts on the
# first screen of every content page, and citations are compact markers.
MAX_CITATION_SHARE = 0.08
_LAYOUT = """() => {
  const article = document.querySelector('article');
  const outside = '.sd-card, .admonition, aside, ol.references, nav';
  const blocks = [...article.querySelectorAll('p, li, dd')].filter(b =>
      !b.closest(outside) && !b.querySelector('p, li'));
  let prose = 0, cites = 0;
  for (const block of blocks) {
    prose += block.innerText.length;
    for (const marks of block.querySelectorAll('sup.cite-marks')) cites += marks.innerText.length;
  }
  const first = blocks.find(b => b.innerText.trim().split(/\\s+/).length >= 8);
  return {top: first ? first.getBoundingClientRect().top + window.scrollY : null,
          share: prose ? cites / prose : 0};
}"""


def content_pages(outdir: Path) -> list[str]:
    """The pages with claims: the film's article, not the evidence or the About page."""
    import json

    claims = json.loads((Path(outdir) / "claims.json").read_text(encoding="utf-8"))["claims"]
    return sorted({claim["page"] for claim in claims})


def layout_problems(browser, site, pages: list[str]) -> list[str]:
    problems = []
    for screen, (width, height) in SCREENS.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for name in pages:
            page.goto(f"{site}{name}.html")
            found = page.evaluate(_LAYOUT)
            if found["top"] is None or found["top"] >= height:
                problems.append(
                    f"{name} ({screen}): first prose at {found['top']} px, below "
                    f"the first screen ({height} px)"
                )
            if found["share"] > MAX_CITATION_SHARE:
                problems.append(
                    f"{name} ({screen}): citations are {found['share']:.1%} of the "
                    f"prose (at most {MAX_CITATION_SHARE:.0%})"
                )
        context.close()
    return problems


def test_prose_comes_first_and_citations_are_compact(browser, site, wiki_html):
    pages = content_pages(wiki_html.outdir)
    assert {"index", "plot", "reception"} <= set(pages)
    assert layout_problems(browser, site, pages) == []


def test_the_layout_measure_fails_a_page_that_buries_its_prose(browser, tmp_path):
    """The measure can fail: prose under a tall box, and citations written out in full."""
    (tmp_path / "buried.html").write_text(
        "<!DOCTYPE html><html lang='en'><body><article><div style='height:2000px'></div>"
        "<p>The film follows an astronaut and a musician in a future city "
        "<sup class='cite-marks'>[“Arrives on Netflix”, L5; “Broken devices”, L4]</sup>.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    with SiteServer(tmp_path) as base:
        problems = layout_problems(browser, base, ["buried"])
    assert len(problems) == 4, problems  # both screens: prose too low, citations too long


@pytest.mark.parametrize("screen", SCREENS)
def test_home_page_first_screen(browser, site, screen):
    """What a reader sees first, on a phone and on a desk (the README shows both)."""
    width, height = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site + "index.html")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"home-{screen}.png"
    page.screenshot(path=str(target))
    infobox = page.locator(".sd-card.infobox").bounding_box()
    lead = page.locator("article p").first.bounding_box()
    context.close()
    if screen == "phone":  # the infobox follows the lead's first paragraph
        assert infobox["y"] > lead["y"] + lead["height"] - 1
    else:  # beside the lead, on its right
        assert infobox["x"] > lead["x"] + 200
