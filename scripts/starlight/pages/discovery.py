"""How search engines and shared links find the wiki: link previews, a sitemap, robots.txt.

Open Graph and Twitter card tags come from sphinxext-opengraph, with each
page's own meta description (not its first paragraph, which starts with
citations) and the self-hosted preview image. Previews, the sitemap
(sphinx-sitemap) and canonical links need absolute addresses, so they use
``html_baseurl``; without it (a local build) pages carry the tags that need
no address, and no sitemap is written.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from sphinx.util.osutil import FileAvoidWrite

from starlight.claims.addresses import published_url, site_base
from starlight.pages.assets import page_description

# Shown when a link to the wiki is shared: docs/_static/preview.jpg, drawn by
# docs/_static-src/preview.html (make preview-image).
PREVIEW_IMAGE = "_static/preview.jpg"


def preview_alt(config) -> str:
    """The preview image's text: the site's name and what it is, from ``conf.py``
    (``project``, ``starlight_description``), so no page's subject is written here."""
    what = config.starlight_description.strip().rstrip(".")
    return f"{config.project}: {what}" if what else config.project


def on_config_inited(app, config) -> None:
    """Link previews from the site's address, when it is known."""
    base = site_base(config)
    config.ogp_social_cards = {"enable": False}  # no matplotlib: the image is ours
    config.ogp_enable_meta_description = False  # every page has its own already
    if base:
        config.ogp_site_url = config.ogp_site_url or base
        config.ogp_image = config.ogp_image or PREVIEW_IMAGE
        config.ogp_image_alt = config.ogp_image_alt or preview_alt(config)
    card = "summary_large_image" if config.ogp_image else "summary"
    config.ogp_custom_meta_tags = [
        *config.ogp_custom_meta_tags,
        f'<meta name="twitter:card" content="{card}" />',
    ]


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    """The preview's description is the page's meta description (a copy of the
    page's metadata: the environment's own stays as it is)."""
    if doctree is not None:
        context["meta"] = {
            **(context.get("meta") or {}),
            "og:description": page_description(app, pagename, context),
        }


def on_build_finished(app, exception) -> None:
    """``robots.txt``: everything may be crawled; the sitemap, when there is one."""
    if exception is not None or app.builder.format != "html":
        return
    text = "User-agent: *\nAllow: /\n"
    base = site_base(app.config)
    if base:  # then sphinx-sitemap is loaded and writes the sitemap
        text += f"Sitemap: {published_url(base, app.config.sitemap_filename)}\n"
    with FileAvoidWrite(str(Path(app.outdir, "robots.txt"))) as robots:
        robots.write(text)


def setup(app) -> dict:
    # sphinxext-opengraph prints a line about matplotlib (for social cards, which
    # the wiki does not use) when it is imported; the build's output stays clean.
    with contextlib.redirect_stdout(io.StringIO()):
        app.setup_extension("sphinxext.opengraph")
    if site_base(app.config):
        app.setup_extension("sphinx_sitemap")
    app.connect("config-inited", on_config_inited)
    app.connect("html-page-context", on_html_page_context, priority=450)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
