"""Is the built site self-contained? Nothing may load from http(s)://.

Looks at every element that makes a browser fetch something on its own
(scripts, style sheets, icons, images, fonts, frames, media, embedded objects)
and at ``url()`` and ``@import`` in CSS, inline styles included. Plain links
that a reader chooses to follow (``<a href>``) are allowed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
_FETCHING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href",),
    "use": ("href",),
}


def _remote(value: str) -> list[str]:
    """Remote addresses in an attribute value (a srcset may hold several)."""
    return [part.split()[0] for part in value.split(",") if part.strip() and REMOTE.match(part)]


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        names = _FETCHING.get(tag, ())
        if tag == "link" and attributes.get("rel", "").lower() not in (
            "",
            "canonical",
            "next",
            "prev",
            "search",
            "index",
            "author",
            "license",
            "help",
        ):
            names = ("href",)
        for name in names:
            for address in _remote(attributes.get(name) or ""):
                self.found.append((self.getpos()[0], f"<{tag} {name}> {address}"))
        for address in css_remote(attributes.get("style") or ""):
            self.found.append((self.getpos()[0], f"<{tag} style> {address}"))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            for address in css_remote(data):
                self.found.append((self.getpos()[0], f"<style> {address}"))


def css_remote(css: str) -> list[str]:
    return [a or b for a, b in _CSS_URL.findall(css) if REMOTE.match(a or b)]


def remote_loads(site: Path) -> list[str]:
    """``file:line: what`` for everything in *site* that would load from the internet."""
    problems = []
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".htm"):
            finder = _Finder()
            finder.feed(path.read_text(encoding="utf-8", errors="replace"))
            problems += [f"{path}:{line}: loads {what}" for line, what in finder.found]
        elif path.suffix == ".css":
            for number, line in enumerate(
                path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
            ):
                problems += [f"{path}:{number}: loads {a}" for a in css_remote(line)]
    return problems
