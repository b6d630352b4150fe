"""The Sphinx extension that turns the sources and pages into the wiki.

It wires the single-purpose modules together: the bibliography generated from
the source metadata, the pinpoint citation style, the archived pages, the
timelines, page-independent links, and the files copied beside the HTML.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.osutil import copyfile

from . import bibstyle, citestyle
from .archive import (
    SOURCE_LINE_VISITORS,
    CitedByResolver,
    SourceArchiveDirective,
    cited_by,
    source_line,
)
from .bibfile import bib_text, write_if_changed
from .errors import InputError
from .sources import cached_catalog
from .timeline import TimelineDirective
from .wikilinks import RAW_FOLDER, WikiLinkResolver

logger = logging.getLogger(__name__)

BIB_NAME = "sources.bib"


def generated_bib_path(app: Sphinx) -> Path:
    """The BibTeX file generated for this build (kept with the build, not in git)."""
    return Path(app.doctreedir) / "starlight" / BIB_NAME


def on_config_inited(app: Sphinx, config) -> None:
    """Load the source metadata and generate the bibliography from it."""
    metadata = Path(app.confdir, config.starlight_sources).resolve()
    config.starlight_sources = str(metadata)
    try:
        catalog = cached_catalog(metadata)
    except InputError as exc:
        raise ConfigError(str(exc)) from None
    bibstyle.register()
    citestyle.register()
    bib_path = generated_bib_path(app)
    write_if_changed(bib_path, bib_text(catalog))
    config.bibtex_bibfiles = [str(bib_path)]
    config.bibtex_default_style = bibstyle.FORMAT_STYLE
    config.bibtex_reference_style = citestyle.STYLE_NAME
    # Stable anchors on the bibliography page: bibliography.html#cite-resonate.
    config.bibtex_cite_id = config.bibtex_cite_id or "cite-{key}"


def on_env_get_outdated(app, env, added, changed, removed) -> list[str]:
    """Pages that show data gathered from other pages must be rebuilt with them."""
    if not (added or changed or removed):
        return []
    catalog = cached_catalog(app.config.starlight_sources)
    collectors = [app.config.starlight_bibliography_doc]
    collectors += [source.docname for source in catalog.sources]
    return [docname for docname in collectors if docname in env.found_docs]


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    """Give every page a meta description (its own, or one made from its title)."""
    metadata = app.env.metadata.get(pagename, {})
    description = metadata.get("description")
    if not description:
        title = context.get("title", "")
        description = f"{title} — {app.config.starlight_description}" if title else \
            app.config.starlight_description
    context["metatags"] = context.get("metatags", "") + \
        f'\n    <meta name="description" content="{escape(description, quote=True)}" />'


def on_build_finished(app: Sphinx, exception) -> None:
    """Copy the raw source files and the BibTeX file beside the HTML pages."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir, RAW_FOLDER)
    target.mkdir(parents=True, exist_ok=True)
    for source in cached_catalog(app.config.starlight_sources).sources:
        if source.path.is_file():
            copyfile(str(source.path), str(target / source.file))
    copyfile(str(generated_bib_path(app)), str(target / BIB_NAME))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("starlight_sources", "../sources/sources.yaml", "env", str)
    app.add_config_value("starlight_timeline", "timeline.yaml", "env", str)
    app.add_config_value("starlight_bibliography_doc", "bibliography", "env", str)
    app.add_config_value("starlight_description",
                         "a cited wiki about the animated film Lost in Starlight.", "html", str)
    app.setup_extension("starlight.claims.sphinx")
    app.add_node(cited_by)
    app.add_node(source_line, **SOURCE_LINE_VISITORS)
    app.add_directive("source-archive", SourceArchiveDirective)
    app.add_directive("timeline", TimelineDirective)
    app.add_post_transform(CitedByResolver)
    app.add_post_transform(WikiLinkResolver)
    app.connect("config-inited", on_config_inited, priority=100)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("html-page-context", on_html_page_context)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
