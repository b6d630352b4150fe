"""The film's structured data: a schema.org ``Movie`` as JSON-LD in the home page's head.

Search engines read it to show the film's facts beside a link. It is made from
the infobox data (:mod:`starlight.pages.infobox`), so it holds only cited
values: each name in the spelling most of its sources give (the others as
``alternateName``; the infobox notes where that differs from the wiki's own
spelling), and the sources the values cite as ``citation``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from starlight.claims.addresses import published_url, raw_path, site_base
from starlight.errors import InputError
from starlight.pages.infobox import Infobox, Value, load_infobox
from starlight.sources.catalog import Catalog, Source, cached_catalog

# Properties that hold one value; the others hold a list.
_SINGLE = {"datePublished", "countryOfOrigin"}


def movie(
    infobox: Infobox, catalog: Catalog, home_url: str | None, source_url: Callable[[Source], str]
) -> dict:
    """The ``Movie`` object. *home_url*: the page's own address, when the site's is
    known; *source_url(source)*: where a cited source can be read."""
    data: dict = {"@context": "https://schema.org", "@type": "Movie", "name": infobox.title}
    if home_url:
        data["url"] = home_url
    cited: list[str] = []
    for field in infobox.fields:
        if not field.property:
            continue
        items = [_item(field.property, value, infobox) for value in field.values]
        data[field.property] = items[0] if field.property in _SINGLE else items
        cited += [key for value in field.values for key in infobox.sources_of(value.name)]
    data["citation"] = [
        {"@type": "CreativeWork", "name": source.label.strip('“”"'), "url": source_url(source)}
        for source in catalog.sources
        if source.key in cited
    ]
    return data


def _item(prop: str, value: Value, infobox: Infobox) -> object:
    if prop == "datePublished":
        return value.date or value.name
    if prop == "actor":
        return {
            "@type": "PerformanceRole",
            "actor": _thing(value, "Person", infobox),
            **({"characterName": value.character} if value.character else {}),
        }
    if value.type:
        return _thing(value, value.type, infobox)
    return infobox.preferred(value.name)


def _thing(value: Value, kind: str, infobox: Infobox) -> dict:
    preferred = infobox.preferred(value.name)
    others = [name for name in infobox.spellings(value.name) if name != preferred]
    return {
        "@type": value.type or kind,
        "name": preferred,
        **({"alternateName": others[0] if len(others) == 1 else others} if others else {}),
    }


def script_tag(data: dict) -> str:
    """The JSON-LD as a ``<script>`` element (``</`` escaped, so it cannot end early)."""
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'\n    <script type="application/ld+json">\n{text}\n    </script>'


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    """Put the film's JSON-LD in the home page's head."""
    if pagename != app.config.root_doc or doctree is None:
        return
    path = Path(app.confdir, app.config.starlight_infobox)
    if not path.is_file():
        return
    try:
        infobox = load_infobox(path)
    except InputError:
        return  # the {infobox} directive reports it, located, while reading
    catalog = cached_catalog(app.config.claims_sources_file)

    base = site_base(app.config)
    home = app.builder.get_target_uri(pagename)

    def source_url(source: Source) -> str:
        """Its archived page, or its raw file where the project has no such page."""
        target = (
            app.builder.get_target_uri(source.docname)
            if source.docname in app.env.all_docs
            else raw_path(source.file)
        )
        return published_url(base, target, home)

    data = movie(infobox, catalog, published_url(base, home) if base else None, source_url)
    context["metatags"] = context.get("metatags", "") + script_tag(data)


def setup(app) -> dict:
    app.connect("html-page-context", on_html_page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
