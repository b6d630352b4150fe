"""Search lists the film's pages before the evidence.

Sphinx's search gives a word found in a page's text the same score on every
page and breaks ties by title, so "Kim Tae-ri" listed two archived sources
("Archived source: …") before the cast page. The wiki's scorer (Sphinx's
``html_search_scorer``, the ``Scorer`` searchtools.js ranks with) moves every
result on an evidence page below every result on an article page, keeping
Sphinx's order within each group. The evidence pages are the archived sources
and the pages about the wiki itself (``claims_editorial_pages``: About,
Bibliography, Verification, Sources). A heading the query names nearly whole
(Sphinx's "title" results, such as "Bibliography") keeps its place: the reader
is looking for that page.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.errors import ConfigError
from sphinx.util.osutil import FileAvoidWrite

from starlight.sources.catalog import cached_catalog

SCORER_NAME = "search-scorer.js"
# Below every article page: Sphinx's scores stay under 100 (an index entry's best).
EVIDENCE_BELOW = 1000

# Sphinx 9's default weights (searchtools.js), which a scorer file replaces whole;
# tests/test_search.py checks that they still match the installed searchtools.js.
SCORER = """\
/* The wiki's search scorer (starlight.pages.search_rank): Sphinx's weights, and
   a result on an evidence page below every result on an article page. */
var Scorer = {
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
  evidence: new Set(%(evidence)s),
  score: ([docname, _title, _anchor, _descr, score, _filename, kind]) =>
    Scorer.evidence.has(docname) && kind !== "title" ? score - %(below)d : score,
};
"""


def evidence_pages(config) -> list[str]:
    """The archived sources and the pages about the wiki, sorted."""
    catalog = cached_catalog(config.claims_sources_file)
    return sorted(
        {
            *config.claims_editorial_pages,
            config.starlight_bibliography_doc,
            *(source.docname for source in catalog.sources),
        }
    )


def on_config_inited(app, config) -> None:
    """Write the scorer for this build's evidence pages and name it to Sphinx."""
    path = Path(app.doctreedir) / "starlight" / SCORER_NAME
    if config.html_search_scorer and Path(config.html_search_scorer) != path:
        raise ConfigError(
            "html_search_scorer: the wiki's search scorer is "
            "starlight.pages.search_rank's; leave it unset"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileAvoidWrite(str(path)) as scorer:  # written only when changed
        scorer.write(
            SCORER % {"evidence": json.dumps(evidence_pages(config)), "below": EVIDENCE_BELOW}
        )
    # Sphinx opens the file as named: absolute, so any working folder finds it. The
    # path stays out of the published site (.buildinfo hashes no such option).
    config.html_search_scorer = str(path)


def setup(app) -> dict:
    app.connect("config-inited", on_config_inited)  # after the catalog is loaded (100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
