"""Every ``#fragment`` of a built site resolves: each page is parsed once.

LinkChecker's AnchorCheck keys its cache on the whole URL, fragment included,
so a site whose pages link ``archive.html#L9`` a thousand times fetched and
parsed each page a thousand times. Here every HTML page is read once for the
ids it defines and the links it makes; each fragment is then looked up in its
target's ids. LinkChecker (without AnchorCheck) still checks that every link,
file and asset exists. The tests resolve a page's links with the same code
(:func:`broken_links`).
"""

from __future__ import annotations

from functools import cache
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


@cache
def _ids(page: Path, modified: int) -> frozenset[str]:
    return frozenset(_parse(page).ids)


def ids_of(page: Path) -> frozenset[str]:
    """The ids of *page*, parsed once for as long as the file is unchanged."""
    return _ids(page, page.stat().st_mtime_ns)


def target_of(page: Path, href: str) -> tuple[Path, str] | None:
    """The file a link on *page* points to and its ``#fragment`` (unquoted; "" without
    one); ``None`` for a link that leaves the site."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return None
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(page: Path) -> list[str]:
    """The links of one built HTML *page* whose file or ``#anchor`` does not exist."""
    broken = []
    for _, href in _parse(page).links:
        found = target_of(page, href)
        if found is None:
            continue
        target, fragment = found
        if not target.is_file() or (
            fragment and target.suffix == ".html" and fragment not in ids_of(target)
        ):
            broken.append(href)
    return broken


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
            found = target_of(page, href)
            if found is None or not found[1] or found[0] not in pages:
                continue
            target, fragment = found
            if fragment not in pages[target].ids:
                problems.append(
                    f"{site / page.relative_to(root)}:{line}: missing anchor in "
                    f"{target.relative_to(root).as_posix()}#{href.split('#', 1)[1]}"
                )
    return problems
