"""Where the checker's published files point: the site's address and the raw sources.

``claims.jsonld`` names each cited source by the address of its raw file, which
the build publishes under :data:`RAW_FOLDER` beside the pages, absolute under the
site's address (``html_baseurl``) when the build knows it. The site extension's
links, link previews and structured data use the same addresses.
"""

from __future__ import annotations

from urllib.parse import urljoin

from sphinx.util.osutil import relative_uri

RAW_FOLDER = "sources"


def site_base(config) -> str:
    """The published site's address (``html_baseurl``) as a base for ``urljoin``: ending
    in ``/``; ``""`` for a build that does not know where it will be published."""
    base = config.html_baseurl or ""
    return base if not base or base.endswith("/") else base + "/"


def published_url(base: str, target: str, from_target: str = "") -> str:
    """*target* (a path from the site's root) as an address: absolute under *base* (see
    :func:`site_base`); without one, relative to the page *from_target*, or to the root."""
    if base:
        return urljoin(base, target)
    return relative_uri(from_target, target) if from_target else target


def raw_path(file_name: str) -> str:
    """Where a raw source file lands in the HTML output."""
    return f"{RAW_FOLDER}/{file_name}"
