"""Every ``#fragment`` of a built site resolves: each page is parsed once.

LinkChecker's AnchorCheck keys its cache on the whole URL, fragment included,
so a site whose pages link ``archive.html#L9`` a thousand times fetched and
parsed each page a thousand times. Here every HTML page is read once for the
ids it defines and the links it makes; each fragment is then looked up in its
target's ids. LinkChecker (without AnchorCheck) still checks that every link,
file and asset exists.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    """The ids a page defines and the ``<a href>`` links it makes, with their lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        if tag in ("a", "area") and attributes.get("href"):
            self.links.append((self.getpos()[0], attributes["href"]))


def _parse(page: Path) -> _Page:
    parsed = _Page()
    parsed.feed(page.read_text(encoding="utf-8", errors="replace"))
    parsed.close()
    return parsed


def missing_anchors(site: Path) -> list[str]:
    """One line per link to a missing ``#anchor``: ``page:line: missing anchor in url``
    (the page under *site* as given).

    Links that leave the site, and fragments of files that are not HTML (a raw
    source's ``#L9`` means nothing to a text file), are not judged here; a
    missing file is LinkChecker's to report.
    """
    root = site.resolve()
    pages = {page: _parse(page) for page in sorted(root.rglob("*.html"))}
    problems = []
    for page, parsed in pages.items():
        for line, href in parsed.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//") or not parts.fragment:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if target not in pages:
                continue
            if unquote(parts.fragment) not in pages[target].ids:
                problems.append(f"{site / page.relative_to(root)}:{line}: missing anchor in "
                                f"{target.relative_to(root).as_posix()}#{parts.fragment}")
    return problems
