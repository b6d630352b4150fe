"""Keep incremental builds equal to clean ones when the site's structure changes.

Every page shows the whole table of contents in its sidebar, and every page's
citations show data from the source metadata. Sphinx re-writes only the pages
that changed, so after adding a page, removing one or retitling one, the other
pages would keep a stale sidebar, and after editing ``sources/sources.yaml``
they would keep stale citation tooltips. So:

- every page depends on the source metadata (and the claims allow-list);
- when a page is added or removed, or a page's title or toctree changes,
  every page is written again;
- pages that collect from other pages (the bibliography, the archived
  sources) are read again whenever any page changes.

The claim checker's verification page is such a collector too; its domain
(:mod:`starlight.claims.sphinx`) knows which page holds it and marks it.
"""

from __future__ import annotations

from pathlib import Path

from starlight.sources.catalog import cached_catalog

_SNAPSHOT = "_starlight_navigation"


def _navigation(env, docname: str) -> tuple:
    title = env.titles.get(docname)
    return (title.astext() if title is not None else None,
            tuple(env.toctree_includes.get(docname, ())))


def collectors_outdated(app, env, added, changed, removed) -> list[str]:
    """Pages that show data gathered from other pages must be rebuilt with them:
    the bibliography (where each source is cited) and the archived sources
    (which claims cite each line)."""
    if not (added or changed or removed):
        return []
    catalog = cached_catalog(app.config.starlight_sources_file)
    collectors = [app.config.starlight_bibliography_doc]
    collectors += [source.docname for source in catalog.sources]
    return [docname for docname in collectors if docname in env.found_docs]


def on_env_get_outdated(app, env, added, changed, removed) -> list[str]:
    setattr(app, _SNAPSHOT, {"structure_changed": bool(added or removed),
                             "before": {d: _navigation(env, d) for d in changed}})
    return []


def on_doctree_read(app, doctree) -> None:
    env = app.env
    env.note_dependency(app.config.starlight_sources_file)
    allowlist = Path(app.confdir, app.config.claims_allowlist)
    if allowlist.exists():
        env.note_dependency(str(allowlist))


def on_env_updated(app, env) -> list[str]:
    snapshot = getattr(app, _SNAPSHOT, None)
    if snapshot is None:
        return []
    changed = snapshot["structure_changed"] or any(
        _navigation(env, docname) != before for docname, before in snapshot["before"].items())
    return sorted(env.found_docs) if changed else []


def setup(app) -> dict:
    app.connect("env-get-outdated", collectors_outdated)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-updated", on_env_updated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
