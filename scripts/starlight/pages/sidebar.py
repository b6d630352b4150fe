"""A sidebar whose size does not grow with the wiki.

Furo puts the whole table of contents in every page's sidebar: with 800
pages, each page carries 800 links, and the build is quadratic in pages.
Once a wiki has more than ``starlight_full_navigation_max_pages`` pages, the
sidebar shows the top-level entries and, expanded, only the branch that holds
the current page (Sphinx's ``collapse``); every page stays two clicks away,
through its section's page. Smaller wikis keep the whole tree.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

# Furo's own html-page-context handler (priority 500) calls context["toctree"]
# for its navigation; ours runs first and hands it the collapsing one.
BEFORE_FURO = 400


def is_large(app) -> bool:
    return len(app.env.found_docs) > app.config.starlight_full_navigation_max_pages


def on_html_page_context(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    toctree = context.get("toctree")
    if toctree is None or not is_large(app):
        return

    @wraps(toctree)
    def collapsed(**options: Any) -> str:
        return toctree(**{**options, "collapse": True})

    context["toctree"] = collapsed


def setup(app) -> dict[str, Any]:
    app.setup_extension("starlight.options")  # starlight_full_navigation_max_pages
    app.connect("html-page-context", on_html_page_context, priority=BEFORE_FURO)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
