"""The mini projects' base configuration, for tests here and in other projects.

Each mini project under ``tests/roots`` is a small wiki of its own (its pages,
its evidence folder with ``sources.yaml``); its ``conf.py`` starts from these
settings and adds only what it tests::

    from starlight.testing import mini_project

    globals().update(mini_project())
    claims_max_citations_per_line = 1

A function, not module constants: each build gets its own lists, so a project
that changes one does not change the next.
"""

from __future__ import annotations

from typing import Any


def mini_project() -> dict[str, Any]:
    """The settings every mini project shares: MyST pages with the wiki's syntax
    extensions, the wiki's extension and citation styles, the evidence in
    ``evidence/``, Sphinx's plain theme, and the wiki's nitpicky mode."""
    return {
        "extensions": ["myst_parser", "sphinxcontrib.bibtex", "starlight.extension"],
        "bibtex_bibfiles": [],  # set by starlight.extension from evidence/sources.yaml
        "bibtex_default_style": "starlight",
        "bibtex_reference_style": "starlight-pinpoint",
        "bibtex_cite_id": "cite-{key}",
        "starlight_sources": "evidence/sources.yaml",
        "exclude_patterns": ["evidence", "timeline.yaml", "infobox.yaml"],
        "html_theme": "basic",
        "myst_enable_extensions": ["colon_fence", "deflist", "fieldlist"],
        "nitpicky": True,  # as the wiki's: a reference that goes nowhere is a warning
    }
