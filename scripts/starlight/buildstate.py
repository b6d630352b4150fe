"""Keep incremental builds equal to clean ones when the site's structure changes.

Every page shows the whole table of contents in its sidebar, and every page's
citations show data from the source metadata. Sphinx re-writes only the pages
that changed, so after adding a page, removing one or retitling one, the other
pages would keep a stale sidebar, and after editing ``sources/sources.yaml``
they would keep stale citation tooltips. So:

- every page depends on the source metadata (and the claims allow-list);
- when a page is added or removed, or a page's title or toctree changes,
  every page is written again;
- pages that collect from other pages are built again with them: the
  bibliography is read again whenever any page changes, and an archived
  source is written again whenever the citations of its lines change.

The claim checker's verification page is such a collector too; its domain
(:mod:`starlight.claims.sphinx`) marks the page that holds it when reading, and
this module rebuilds it.

What one build keeps between its events (the navigation before reading, the
judge of its claims and their verdicts) lives here
too, in one :class:`BuildState` per application (:func:`of`), instead of in
attributes scattered on the application.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary


@dataclass
class BuildState:
    """Per-build data of one application (a process may build many: the tests do)."""

    structure_changed: bool = False
    """A page was added or removed: every page's sidebar changes."""
    navigation_before: dict[str, tuple] | None = None
    """Title and toctree of each changed page, before it was read again."""
    citing_before: dict[str, tuple] | None = None
    """What the archived sources showed of the citations before reading (an
    incremental build writes again only those whose citations change)."""
    last_read: str | None = None
    """The page Sphinx read last, whose doctree is pickled once it reads the next."""
    judge: Any = None
    """The claims' judgement under way (:class:`starlight.claims.background.Judge`)."""
    report: Any = None
    """The verdicts, once collected (:class:`starlight.claims.rules.Report`)."""


_STATES: WeakKeyDictionary = WeakKeyDictionary()


def of(app) -> BuildState:
    """The state of *app*'s build, made on first use."""
    if app not in _STATES:
        _STATES[app] = BuildState()
    return _STATES[app]


def _navigation(env, docname: str) -> tuple:
    title = env.titles.get(docname)
    return (
        title.astext() if title is not None else None,
        tuple(env.toctree_includes.get(docname, ())),
    )


def collectors_outdated(app, env, added, changed, removed) -> list[str]:
    """Pages that show data gathered from other pages must be rebuilt with them: the
    pages the claim checker collects into (the verification page: every page's
    claims). The site adds its own (:func:`starlight.extension.site_collectors`)."""
    if not (added or changed or removed):
        return []
    collectors = sorted(env.get_domain("claims").data["collectors"])
    return [docname for docname in collectors if docname in env.found_docs]


def on_env_get_outdated(app, env, added, changed, removed) -> list[str]:
    state = of(app)
    state.structure_changed = bool(added or removed)
    state.navigation_before = {d: _navigation(env, d) for d in changed}
    return []


def on_doctree_read(app, doctree) -> None:
    env = app.env
    env.note_dependency(app.config.claims_sources_file)
    allowlist = Path(app.confdir, app.config.claims_allowlist)
    if allowlist.exists():
        env.note_dependency(str(allowlist))


def on_env_updated(app, env) -> list[str]:
    state = of(app)
    if state.navigation_before is None:
        return []
    changed = state.structure_changed or any(
        _navigation(env, docname) != before for docname, before in state.navigation_before.items()
    )
    return sorted(env.found_docs) if changed else []


def setup(app) -> dict:
    app.connect("env-get-outdated", collectors_outdated)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-updated", on_env_updated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
