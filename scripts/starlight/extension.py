"""The Sphinx extension that turns the sources and pages into the wiki.

It wires the single-purpose modules together: the bibliography generated from
the source metadata, the pinpoint citation style, the archived pages, the
timelines, page-independent links, and the files copied beside the HTML.
"""

from __future__ import annotations

import os
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.osutil import FileAvoidWrite, copyfile

from starlight import buildstate
from starlight.bibliography import bibstyle, citestyle
from starlight.bibliography.bibfile import bib_text
from starlight.claims.addresses import RAW_FOLDER
from starlight.compat import design_static_dir
from starlight.pages.archive import (
    SOURCE_LINE_VISITORS,
    CitationPlaces,
    CitedByResolver,
    SourceArchiveDirective,
    cited_by,
    citing_state,
    record_citation_places,
    source_line,
)
from starlight.pages.infobox import InfoboxDirective
from starlight.pages.links import PinpointResolver, WikiLinkResolver
from starlight.pages.markers import CitationMarkers
from starlight.pages.preview import depart_pinpoint_html, pinpoint_reference, visit_pinpoint_html
from starlight.pages.timeline import TimelineDirective
from starlight.sources.catalog import cached_catalog

logger = logging.getLogger(__name__)

BIB_NAME = "sources.bib"


def generated_bib_path(app: Sphinx) -> Path:
    """The BibTeX file generated for this build (kept with the build, not in git)."""
    return Path(app.doctreedir) / "starlight" / BIB_NAME


def default_sources(app: Sphinx, config) -> None:
    """The claim checker (``starlight.claims.sphinx``) checks against the site's
    sources file, ``starlight_sources``, unless ``claims_sources`` names another."""
    if not config.claims_sources:
        config.claims_sources = config.starlight_sources


def on_config_inited(app: Sphinx, config) -> None:
    """Generate the bibliography from the source metadata, once the checker has found
    and read it (``claims_sources_file``)."""
    catalog = cached_catalog(config.claims_sources_file)
    _check_styles(Path(app.confdir, "conf.py"), config)
    bib_path = generated_bib_path(app)
    bib_path.parent.mkdir(parents=True, exist_ok=True)
    with FileAvoidWrite(str(bib_path)) as bib:  # written only when changed
        bib.write(bib_text(catalog))
    # Relative to conf.py, so no absolute path of this checkout enters the
    # build's configuration hash (.buildinfo): builds are reproducible anywhere.
    config.bibtex_bibfiles = [os.path.relpath(bib_path, app.confdir)]


# What conf.py must tell sphinxcontrib-bibtex: the wiki's styles (entry points in
# pyproject.toml) and stable anchors on the bibliography page (#cite-resonate).
BIBTEX_CONFIG = {
    "bibtex_default_style": bibstyle.FORMAT_STYLE,
    "bibtex_reference_style": citestyle.STYLE_NAME,
    "bibtex_cite_id": "cite-{key}",
}
STYLE_ENTRY_POINTS = {
    "pybtex.style.formatting": bibstyle.FORMAT_STYLE,
    "pybtex.style.labels": bibstyle.LABEL_STYLE,
    "sphinxcontrib.bibtex.style.referencing": citestyle.STYLE_NAME,
}


def _check_styles(conf: Path, config) -> None:
    """One line when conf.py leaves out what the wiki's pages need, or when the
    styles are not installed (an environment made before they were entry points)."""
    for name, value in BIBTEX_CONFIG.items():
        if config[name] != value:
            raise ConfigError(
                f"{conf}: {name} must be {value!r} (the wiki's pages need it), not {config[name]!r}"
            )
    installed = entry_points()  # one scan of the installed packages
    for group, name in STYLE_ENTRY_POINTS.items():
        if not installed.select(group=group, name=name):
            raise ConfigError(
                f"{conf}: the bibliography style {name!r} is not installed: "
                "run make venv (or pip install --editable .)"
            )


def served_static_dir(app: Sphinx) -> Path:
    """The folder the wiki's scripts and styles are served from (kept with the build)."""
    return Path(app.doctreedir) / "starlight" / "static"


def serve_static(app: Sphinx, config) -> None:
    """Serve the extension's scripts and styles (citation previews), and
    sphinx-design's, from one folder beside the generated bibliography.

    Named at config-inited, before Sphinx compares the configuration with the last
    build's: a folder named later (sphinx-design names its own at builder-inited)
    was reported as a changed configuration at every incremental build. Copied,
    and named relative to conf.py like the bibliography: no absolute path enters
    the build's configuration hash (.buildinfo).
    """
    folders = [Path(__file__).resolve().parent / "static"]
    if "sphinx_design" in app.extensions:
        folders.append(Path(design_static_dir()))
    served = served_static_dir(app)
    served.mkdir(parents=True, exist_ok=True)
    files = {file.name: file for folder in folders for file in folder.iterdir() if file.is_file()}
    for name, file in files.items():
        copyfile(str(file), str(served / name), force=True)  # copied only when changed
    for old in served.iterdir():
        if old.name not in files:
            old.unlink()
    entry = os.path.relpath(served, app.confdir)
    if entry not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, entry]


def unserve_design_static(app: Sphinx) -> None:
    """Take out the folder sphinx-design has just appended (its files are served)."""
    if "sphinx_design" in app.extensions:
        folder = design_static_dir()
        app.config.html_static_path = [p for p in app.config.html_static_path if p != folder]


def site_collectors(app: Sphinx, env, added, changed, removed) -> list[str]:
    """The bibliography (where each source is cited) is read again with any page; the
    archived sources are only written again, and only those whose lines' citations
    change (:func:`stale_archives`): what they show is noted now, before reading."""
    if not (added or changed or removed):
        return []
    buildstate.of(app).citing_before = citing_state(env, _source_keys(app))
    bibliography = app.config.starlight_bibliography_doc
    return [bibliography] if bibliography in env.found_docs else []


def stale_archives(app: Sphinx, env) -> list[str]:
    """The archived sources whose lines' citations changed with the pages just read
    (their pages, ids, places, pinpoints or page titles): written again, not read."""
    state = buildstate.of(app)
    before, state.citing_before = state.citing_before, None
    if before is None:
        return []
    after = citing_state(env, _source_keys(app))
    return [
        source.docname
        for source in cached_catalog(app.config.claims_sources_file).sources
        if before.get(source.key) != after[source.key] and source.docname in env.found_docs
    ]


def _source_keys(app: Sphinx) -> list[str]:
    return [source.key for source in cached_catalog(app.config.claims_sources_file).sources]


def on_build_finished(app: Sphinx, exception) -> None:
    """Copy the raw source files and the BibTeX file beside the HTML pages."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir, RAW_FOLDER)
    target.mkdir(parents=True, exist_ok=True)
    for source in cached_catalog(app.config.claims_sources_file).sources:
        if source.path.is_file():
            copyfile(str(source.path), str(target / source.file), force=True)
    copyfile(str(generated_bib_path(app)), str(target / BIB_NAME), force=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("starlight.options")  # every starlight_* value conf.py may set
    app.setup_extension("starlight.compat")
    app.setup_extension("starlight.claims.sphinx")
    app.setup_extension("starlight.buildstate")
    app.setup_extension("starlight.pages.sidebar")
    app.setup_extension("starlight.pages.reviewed")
    app.setup_extension("starlight.pages.assets")
    app.setup_extension("starlight.pages.structured")
    app.setup_extension("starlight.pages.discovery")
    app.setup_extension("starlight.pages.search_rank")
    app.setup_extension("starlight.pages.search_numbers")
    app.setup_extension("starlight.site.latex")
    app.add_node(cited_by)
    app.add_node(source_line, False, **SOURCE_LINE_VISITORS)
    app.add_directive("source-archive", SourceArchiveDirective)
    app.add_directive("timeline", TimelineDirective)
    app.add_directive("infobox", InfoboxDirective)
    app.add_post_transform(CitedByResolver)
    app.add_domain(CitationPlaces)
    app.connect("doctree-read", record_citation_places)
    app.add_post_transform(WikiLinkResolver)
    app.add_post_transform(CitationMarkers)
    app.add_post_transform(PinpointResolver)
    app.add_node(pinpoint_reference, html=(visit_pinpoint_html, depart_pinpoint_html))
    app.connect("config-inited", serve_static)
    app.connect("builder-inited", unserve_design_static, priority=900)  # after sphinx-design
    app.add_js_file("citation-preview.js", loading_method="defer")
    app.add_css_file("citation-preview.css")
    app.connect("config-inited", default_sources, priority=100)
    app.connect("config-inited", on_config_inited, priority=600)  # after the checker's
    app.connect("build-finished", on_build_finished)
    app.connect("env-get-outdated", site_collectors)
    app.connect("env-updated", stale_archives)
    # env_version: the citation-places domain is new (issue 11); older pickles are re-read.
    return {
        "version": "1.0",
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
