"""The site's settings in one place: the ``starlight_*`` values ``conf.py`` may set.

Each is typed, has its default and says what it does, as the checker's ``claims_*``
values do (:mod:`starlight.claims.settings`, whose :class:`~.settings.Option` they
share); the extension registers them from here and checks each value when the
configuration is read, so a wrong one stops the build with one located line
(``conf.py:12: starlight_full_navigation_max_pages must be a positive whole number,
not '150'``).
"""

from __future__ import annotations

from pathlib import Path

from starlight.claims import settings
from starlight.claims.settings import Option


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


OPTIONS: tuple[Option, ...] = (
    Option(
        "starlight_sources",
        "../sources/sources.yaml",
        (str,),
        "The source metadata (YAML), relative to conf.py: the bibliography, the archived "
        "pages and the citations' previews are made from it, and the checker's "
        "claims_sources names it unless set otherwise.",
        valid=_text,
        expect="a file name",
    ),
    Option(
        "starlight_timeline",
        "timeline.yaml",
        (str,),
        "The timeline's events (YAML), relative to the docs folder: what the {timeline} "
        "directive shows unless it names another file.",
        valid=_text,
        expect="a file name",
    ),
    Option(
        "starlight_infobox",
        "infobox.yaml",
        (str,),
        "The infobox's rows (YAML), relative to the docs folder: what the {infobox} "
        "directive shows unless it names another file.",
        valid=_text,
        expect="a file name",
    ),
    Option(
        "starlight_bibliography_doc",
        "bibliography",
        (str,),
        "The page that holds the bibliography; it lists every page's citations, so it "
        "is written again whenever a page changes.",
        valid=_text,
        expect="a page name",
    ),
    Option(
        "starlight_description",
        "",
        (str,),
        "What the site is, in one sentence: the description search engines and shared "
        "links show for pages that give none of their own.",
        rebuild="html",
    ),
    Option(
        "starlight_full_navigation_max_pages",
        150,
        (int,),
        "Up to this many pages the sidebar lists every page; above it, the top level and "
        "the current page's section only, so that a page's size does not grow with the "
        "wiki.",
        rebuild="html",
        valid=settings.count,
        expect="a positive whole number",
    ),
)


def setup(app) -> dict:
    """Register every option, and check them before anything reads one (a page module
    that needs one, as the sidebar does, sets this extension up too)."""
    settings.register(app, OPTIONS)
    app.connect("config-inited", check, priority=50)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def check(app, config) -> None:
    """Stop the build at the first wrong ``starlight_*`` value, with its line in
    ``conf.py``."""
    settings.check(Path(app.confdir, "conf.py"), config, OPTIONS)
