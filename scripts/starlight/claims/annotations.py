"""The claims as W3C Web Annotations (``claims.jsonld``), beside ``claims.json``.

``claims.json`` is this project's own format. ``claims.jsonld`` states the
links the checker verified (this sentence of the wiki rests on those lines
of that source) in the W3C Web Annotation Data Model, which annotation tools
read without knowing this project: one annotation per citation of a claim
that passed the checks. Its body is the claim's text and the place on its page
(the id nearest the claim); its target is the cited lines of the raw source
file, found both by quote and by position, with the file's SHA-256 as a
Subresource Integrity string (``digestSRI``, the term of W3C Verifiable
Credentials), so a reader can tell the file is the one the claims were checked
against. A claim a person confirmed (the review ledger) has a second body, with
purpose ``assessing``: the reviewer as its creator, the date, and the note.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from starlight.claims.addresses import published_url, raw_path
from starlight.claims.ledger import REVIEWED
from starlight.claims.model import Citation, Claim
from starlight.claims.rules import CITED, VERIFIED
from starlight.errors import InputError
from starlight.sources.catalog import Catalog, Source, split_lines
from starlight.sources.pinpoint import PinpointError, parse_pinpoint

ANNOTATIONS_NAME = "claims.jsonld"
# What a reviewer's assessment body says when the review has no note.
ASSESSED = "Confirmed by a person against the cited lines."
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The one term the annotation context lacks, as W3C Verifiable Credentials 2.0 defines it.
DIGEST_SRI = {
    "@id": "https://www.w3.org/2018/credentials#digestSRI",
    "@type": "https://www.w3.org/2018/credentials#sriString",
}
CONTEXT = [ANNO_CONTEXT, {"digestSRI": DIGEST_SRI}]
QUOTE_CONTEXT = 32  # characters of prefix and suffix around a quote
# Claims the checker passed; the others are in claims.json with their findings.
ANNOTATED_STATUSES = frozenset({VERIFIED, CITED})
# Builders that write one file a page, where page#id lands on the claim.
BUILDERS = ("html", "dirhtml")
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:starlight:claims")


@dataclass(frozen=True)
class Site:
    """Where things are published: *base* is the site's absolute address ending in
    ``/``, or "" for addresses relative to the site's root (where claims.jsonld is);
    *page_uri* gives a page's address from the root (``plot.html``)."""

    base: str
    page_uri: Callable[[str], str]
    title: str = ""

    def url(self, path: str) -> str:
        return published_url(self.base, path)


class SourceLines:
    """A source's text (its bytes decoded as UTF-8, nothing translated) and where each
    line starts, in code points: the offsets a TextPositionSelector counts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.count = len(split_lines(text))
        self._starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def span(self, first: int, last: int) -> tuple[int, int]:
        """From the start of line *first* to the end of line *last*, its newline left out."""
        end = self._starts[last] - 1 if last < len(self._starts) else len(self.text)
        return self._starts[first - 1], end


def line_runs(lines: Sequence[int]) -> list[tuple[int, int]]:
    """Pinpointed lines as contiguous (first, last) runs, in the order written:
    ``L2,7-9`` gives ``[(2, 2), (7, 9)]``. A run written twice counts once."""
    runs: list[tuple[int, int]] = []
    for number in lines:
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return list(dict.fromkeys(runs))


def digest_sri(sha256_hex: str) -> str:
    """A hex SHA-256 (as in sources.yaml) as a Subresource Integrity string."""
    return "sha256-" + base64.b64encode(bytes.fromhex(sha256_hex)).decode("ascii")


def text_selectors(text: str, start: int, end: int) -> list[dict]:
    """Two ways to find ``text[start:end]``: by quote (with its context) and by position."""
    quote = {"type": "TextQuoteSelector", "exact": text[start:end]}
    prefix, suffix = text[max(0, start - QUOTE_CONTEXT) : start], text[end : end + QUOTE_CONTEXT]
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    return [quote, {"type": "TextPositionSelector", "start": start, "end": end}]


def annotation_id(claim: Claim, citation: Citation, occurrence: int = 1) -> str:
    """A stable, absolute id: the same claim citing the same lines keeps it across
    builds and sites. A citation repeated in one claim adds its occurrence (2, 3…)."""
    parts: list[object] = [claim.docname, claim.line, claim.text, citation.key, citation.pinpoint]
    if occurrence > 1:
        parts.append(occurrence)
    return uuid.uuid5(NAMESPACE, json.dumps(parts, ensure_ascii=False)).urn


def _targets(
    citation: Citation, catalog: Catalog, site: Site, lines_of: Callable[[Source], SourceLines]
) -> list[dict]:
    """One SpecificResource per run of cited lines; [] when the citation doesn't resolve."""
    source = catalog.get(citation.key)
    if source is None:
        return []
    try:
        pinpoint = parse_pinpoint(citation.pinpoint)
        lines = lines_of(source)
    except (PinpointError, InputError):
        return []
    if max(pinpoint.lines) > lines.count:
        return []
    resource = {
        "id": site.url(raw_path(source.file)),
        "type": "Text",
        "format": "text/plain",
        "digestSRI": digest_sri(source.sha256),
    }
    spans = [lines.span(first, last) for first, last in line_runs(pinpoint.lines)]
    return [
        {
            "type": "SpecificResource",
            "source": resource,
            "selector": text_selectors(lines.text, start, end),
        }
        for start, end in spans
        if start < end
    ]


def _body(claim: Claim, site: Site) -> list[dict]:
    page = site.url(site.page_uri(claim.docname) + (f"#{claim.anchor}" if claim.anchor else ""))
    body: list[dict] = [
        {
            "type": "TextualBody",
            "value": claim.text,
            "format": "text/plain",
            "language": "en",
            "purpose": "describing",
        },
        {"id": page, "type": "Text", "format": "text/html"},
    ]
    review = claim.review
    if review is not None and review.state == REVIEWED:  # a person's assessment, on record
        body.append(
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "format": "text/plain",
                "language": "en",
                "value": review.note or ASSESSED,
                "creator": {"type": "Person", "name": review.reviewer},
                "created": f"{review.date}T00:00:00Z",
            }
        )  # xsd:dateTime, as the model asks
    return body


def claim_annotations(
    claim: Claim, catalog: Catalog, site: Site, lines_of: Callable[[Source], SourceLines]
) -> list[dict]:
    """The annotations of one claim, one per citation that resolves."""
    annotations = []
    seen: Counter[Citation] = Counter()
    for citation in claim.citations:
        seen[citation] += 1
        targets = _targets(citation, catalog, site, lines_of)
        if targets:
            annotations.append(
                {
                    "id": annotation_id(claim, citation, seen[citation]),
                    "type": "Annotation",
                    "motivation": "describing",
                    "body": _body(claim, site),
                    "target": targets[0] if len(targets) == 1 else targets,
                }
            )
    return annotations


def annotation_collection(claims: Iterable[Claim], catalog: Catalog, site: Site) -> dict:
    """Every annotation, in the claims' order, in one AnnotationCollection."""
    cache: dict[str, SourceLines] = {}

    def lines_of(source: Source) -> SourceLines:
        if source.key not in cache:
            cache[source.key] = SourceLines(source.text())
        return cache[source.key]

    items = [
        annotation
        for claim in claims
        if claim.status in ANNOTATED_STATUSES
        for annotation in claim_annotations(claim, catalog, site, lines_of)
    ]
    collection_id = (
        site.url(ANNOTATIONS_NAME)
        if site.base
        else uuid.uuid5(NAMESPACE, f"collection {site.title}").urn
    )
    collection = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"{site.title}: claims and the source lines they cite"
        if site.title
        else "Claims and the source lines they cite",
        "total": len(items),
    }
    if items:
        collection["first"] = {
            "id": uuid.uuid5(NAMESPACE, f"{collection_id} page 1").urn,
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        }
    return collection


def annotations_json(claims: Iterable[Claim], catalog: Catalog, site: Site) -> str:
    """The collection as published: keys sorted and compact, so equal claims give equal bytes."""
    return (
        json.dumps(
            annotation_collection(claims, catalog, site),
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
        + "\n"
    )
