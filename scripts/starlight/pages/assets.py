"""What each HTML page's head carries: a meta description, deferred scripts, and only
the style sheets the page uses (Lighthouse's 100 in every category depends on it)."""

from __future__ import annotations

from html import escape

from docutils import nodes

from starlight import compat


def page_description(app, pagename: str, context: dict) -> str:
    """The page's description: its own (front matter), or one made from its title and
    what the site is (``starlight_description``)."""
    description = app.env.metadata.get(pagename, {}).get("description")
    if description:
        return str(description)
    title = context.get("title", "")
    site = app.config.starlight_description
    return f"{title} — {site}" if title and site else title or site


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    """Give every page a meta description."""
    description = page_description(app, pagename, context)
    context["metatags"] = (
        context.get("metatags", "")
        + f'\n    <meta name="description" content="{escape(description, quote=True)}" />'
    )


def on_html_assets(app, pagename, templatename, context, doctree) -> None:
    """Keep pages light: scripts never block rendering, unused style sheets are left out.

    Every script is deferred (their order is kept), except on the search page,
    whose template loads searchtools.js right after them. ``pygments.css`` is only
    needed by pages with code blocks, ``sphinx-design.min.css`` only by pages
    with cards or grids.
    """
    scripts = context.get("script_files")
    # The search page's own scripts need them at once.
    if scripts and pagename != "search" and compat.holds(app, "deferred"):
        context["script_files"] = compat.deferred(scripts)
    if (
        doctree is None
        or "css_files" not in context
        or not compat.holds(app, "without_style_sheets")
    ):
        return
    has_code = any(True for _ in doctree.findall(nodes.literal_block))
    has_design = any(
        any(c.startswith("sd-") for c in node.get("classes", []))
        for node in doctree.findall(nodes.Element)
    )
    unused = set()
    if not has_code:
        unused.add(compat.PYGMENTS_CSS)
    if not has_design:
        unused.add(compat.DESIGN_CSS)
    context["css_files"] = compat.without_style_sheets(context["css_files"], unused)


def setup(app) -> dict:
    # Before the link previews (sphinxext-opengraph, at 500), which would add another.
    app.connect("html-page-context", on_html_page_context, priority=400)
    app.connect("html-page-context", on_html_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
