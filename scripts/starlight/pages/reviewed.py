"""Readers see the reviews: each citation marker's preview says who confirmed it.

With a review ledger (``claims_reviews``), every marker of a claim carries, for
its preview, what a person did with it: "confirmed against line 7 by NAME on
DATE", or "not yet confirmed by a person" (a build with the gate on has none of
those; ``make serve`` can). The machine's part is the same for every claim that
builds: its citation, quotes, numbers, dates and names were checked.

The checker says what each citation's review is (:func:`.review_summary`, ready
once the claims are read, before they are judged); putting it
on the markers is the site's part, since the markers and their ``wiki-pin:`` links
are the site's citation style.
"""

from __future__ import annotations

from collections import Counter

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from starlight import compat
from starlight.claims.sphinx import review_summary
from starlight.pages.links import PIN_SCHEME


class ReviewOnMarkers(SphinxPostTransform):
    """Give each marker (pages.markers, 15) its review, before the pinpoint links
    carry it into the preview's data (pages.links, 20)."""

    default_priority = 17
    formats = ("html",)

    def run(self, **kwargs) -> None:
        if not self.config.claims_check or not self.config.claims_reviews:
            return
        markers = [
            node
            for node in self.document.findall(nodes.reference)
            if node.get("marker") and node.get("refuri", "").startswith(PIN_SCHEME)
        ]
        if not markers:
            return  # a page without citations does not wait for the reviews
        reviewed = review_summary(compat.app_of(self.env))
        if reviewed is None:
            return
        places = reviewed.places
        seen: Counter[tuple[str, str, str]] = Counter()
        for node in markers:
            key, _, pinpoint = node["refuri"][len(PIN_SCHEME) :].partition("#")
            place = (self.env.docname, key, pinpoint)
            said = places.get(place)
            if said:
                node["review"] = said[min(seen[place], len(said) - 1)]
            seen[place] += 1


def setup(app) -> dict:
    app.add_post_transform(ReviewOnMarkers)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
