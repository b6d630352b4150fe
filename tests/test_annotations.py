"""claims.jsonld: the claims as W3C Web Annotations, valid, exact and complete.

The real wiki is built once with ``html_baseurl`` set; every annotation must pass
the W3C's own MUST assertions (JSON Schemas vendored in ``w3c-annotation/``),
its selectors must select the cited lines of the published raw file, its digest
must be that file's, its page link must land on an id of the page, and there
must be one annotation per citation of each claim that passed the checks.
Deliberately broken annotations show that each check can fail.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from bs4 import BeautifulSoup
from jsonschema_rs import Draft4Validator, Registry

from conftest import PUBLISHED_AT, SOURCES, attr
from starlight.claims.annotations import (
    ANNOTATIONS_NAME,
    Site,
    SourceLines,
    annotation_collection,
    annotation_id,
    annotations_json,
    digest_sri,
    line_runs,
    text_selectors,
)
from starlight.claims.model import Citation, Claim
from starlight.sources.catalog import Catalog, Source, load_catalog
from starlight.sources.pinpoint import parse_pinpoint

W3C = Path(__file__).resolve().parent / "w3c-annotation"
BASE = PUBLISHED_AT  # where the published test build pretends to live
ANNOTATION_MUSTS = "annotations/annotationMusts.test"
COLLECTION_MUSTS = "collections/collectionMusts.test"
PAGE_MUSTS = "collections/pages/pageMusts.test"
# Statuses of the claims that are annotated (the others fail the checks or cite nothing).
ANNOTATED = {"verified", "cited"}

# --- validation: the same functions judge the real file and the broken fixtures ---

# An absolute URI (RFC 3986): scheme, then only characters a URI may hold.
_URI_CHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})"
_ABSOLUTE_URI = re.compile(rf"^[A-Za-z][A-Za-z0-9+.\-]*:{_URI_CHAR}*(?:#{_URI_CHAR}*)?$")


def _is_absolute_uri(value: str) -> bool:
    """Format "uri" of the W3C schemas, as RFC 3986 has it (the W3C's tests mean an
    absolute URI; the validator's own "uri" check is not needed to say so)."""
    return bool(_ABSOLUTE_URI.match(value))


@lru_cache(maxsize=1)
def w3c_registry() -> Registry:
    """Every vendored schema under its ``id``, so ``id.json#/definitions/…`` resolves."""
    schemas = [json.loads(path.read_text(encoding="utf-8")) for path in W3C.rglob("*.json")]
    return Registry([(schema["id"], schema) for schema in schemas])


@cache
def assertions(test_file: str) -> tuple[tuple[str, str, Draft4Validator], ...]:
    """(file, expected result, validator) of each assertion a ``.test`` file lists."""
    listed = json.loads((W3C / test_file).read_text(encoding="utf-8"))["assertions"]
    found = []
    for name in listed:
        schema = json.loads((W3C / name).read_text(encoding="utf-8"))
        found.append(
            (
                name,
                schema["expectedResult"],
                Draft4Validator(
                    schema,
                    registry=w3c_registry(),
                    validate_formats=True,
                    formats={"uri": _is_absolute_uri},
                ),
            )
        )
    return tuple(found)


def must_failures(document: dict, test_file: str) -> list[str]:
    """The assertions of *test_file* whose outcome on *document* is not the expected one."""
    return [
        f"{name}: expected {expected}"
        for name, expected, validator in assertions(test_file)
        if validator.is_valid(document) != (expected == "valid")
    ]


def with_context(node: dict, collection: dict) -> dict:
    """An annotation (or page) of the collection as a document of its own."""
    return {"@context": collection["@context"], **node}


def local(site: Path, url: str) -> tuple[Path, str]:
    """The built file an address of the site points to, and its fragment."""
    address, fragment = urldefrag(url)
    assert address.startswith(BASE), url
    return site / address[len(BASE) :], fragment


def targets(annotation: dict) -> list[dict]:
    target = annotation.get("target", [])
    return target if isinstance(target, list) else [target]


def selectors(target: dict) -> dict[str, dict]:
    return {selector["type"]: selector for selector in target["selector"]}


def selector_failures(annotation: dict, site: Path) -> list[str]:
    """Each target's position selects its quote, and the quote's context surrounds it."""
    failures = []
    for target in targets(annotation):
        path, _ = local(site, target["source"]["id"])
        text = path.read_bytes().decode("utf-8")
        found = selectors(target)
        quote, position = found["TextQuoteSelector"], found["TextPositionSelector"]
        start, end = position["start"], position["end"]
        if not 0 <= start < end <= len(text) or text[start:end] != quote["exact"]:
            failures.append(f"{path.name}[{start}:{end}] is not the quote")
        if text[max(0, start - 32) : start] != quote.get("prefix", ""):
            failures.append(f"{path.name}: prefix before {start} differs")
        if text[end : end + 32] != quote.get("suffix", ""):
            failures.append(f"{path.name}: suffix after {end} differs")
        if start and text[start - 1] != "\n" or end < len(text) and text[end] != "\n":
            failures.append(f"{path.name}[{start}:{end}] is not whole lines")
    return failures


def digest_failures(annotation: dict, site: Path) -> list[str]:
    failures = []
    for target in targets(annotation):
        path, _ = local(site, target["source"]["id"])
        actual = "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()
        if target["source"].get("digestSRI") != actual:
            failures.append(f"{path.name}: digest is not {actual}")
    return failures


@lru_cache(maxsize=64)
def page_ids(path: Path) -> frozenset[str]:
    html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return frozenset(attr(element, "id") for element in html.find_all(id=True))


def anchor_failures(annotation: dict, site: Path) -> list[str]:
    """The page link of the body has an anchor, and the page has that id."""
    pages = [body for body in annotation["body"] if body.get("format") == "text/html"]
    if len(pages) != 1:
        return ["no single page in the body"]
    path, fragment = local(site, pages[0]["id"])
    if not path.is_file():
        return [f"{path.name} is not built"]
    if not fragment or fragment not in page_ids(path):
        return [f"{path.name} has no id '{fragment}'"]
    return []


def all_failures(annotation: dict, collection: dict, site: Path) -> list[str]:
    return (
        must_failures(with_context(annotation, collection), ANNOTATION_MUSTS)
        + selector_failures(annotation, site)
        + digest_failures(annotation, site)
        + anchor_failures(annotation, site)
    )


# --- the real wiki, built with html_baseurl ---


@pytest.fixture(scope="module")
def wiki(wiki_published):
    assert wiki_published.returncode == 0, wiki_published.output
    assert "WARNING" not in wiki_published.output, wiki_published.output
    return wiki_published.outdir


@pytest.fixture(scope="module")
def collection(wiki) -> dict:
    return json.loads((wiki / ANNOTATIONS_NAME).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def items(collection) -> list[dict]:
    return collection["first"]["items"]


@pytest.mark.slow
def test_the_collection_and_its_page_meet_the_w3c_musts(collection):
    assert collection["@context"] == [
        "http://www.w3.org/ns/anno.jsonld",
        {
            "digestSRI": {
                "@id": "https://www.w3.org/2018/credentials#digestSRI",
                "@type": "https://www.w3.org/2018/credentials#sriString",
            }
        },
    ]
    assert collection["id"] == BASE + ANNOTATIONS_NAME
    assert collection["total"] == len(collection["first"]["items"]) > 0
    assert must_failures(collection, COLLECTION_MUSTS) == []
    assert must_failures(with_context(collection["first"], collection), PAGE_MUSTS) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "assertion",
    range(len(assertions(ANNOTATION_MUSTS))),
    ids=lambda i: Path(assertions(ANNOTATION_MUSTS)[i][0]).stem,
)
def test_every_annotation_meets_the_w3c_musts(collection, items, assertion):
    """One assertion a test (some 50 of them), so that a failure names its assertion."""
    name, expected, validator = assertions(ANNOTATION_MUSTS)[assertion]
    wrong = [
        a["id"]
        for a in items
        if validator.is_valid(with_context(a, collection)) != (expected == "valid")
    ]
    assert wrong == [], f"{name}: expected {expected}"


@pytest.mark.slow
@pytest.mark.parametrize(
    "failures_of",
    [selector_failures, digest_failures, anchor_failures],
    ids=[
        "selectors select the cited text of the published file",
        "digests are those of the published files",
        "page links land on an id of the page",
    ],
)
def test_every_annotation_matches_the_published_site(wiki, items, failures_of):
    failures = {a["id"]: f for a in items if (f := failures_of(a, wiki))}
    assert failures == {}


@pytest.mark.slow
def test_one_annotation_per_citation_of_each_checked_claim(wiki, items):
    """The ids, texts, files and lines of claims.json's claims, one per citation."""
    dataset = json.loads((wiki / "claims.json").read_text(encoding="utf-8"))
    expected: dict[str, tuple[str, str, set[int]]] = {}
    citations = 0
    for entry in dataset["claims"]:
        if entry["status"] not in ANNOTATED:
            continue
        claim = Claim(entry["page"], entry["path"], entry["line"], entry["text"], entry["text"])
        seen: Counter[Citation] = Counter()
        for pin in entry["pinpoints"]:
            citation = Citation(pin["key"], pin["pinpoint"])
            seen[citation] += 1
            citations += 1
            expected[annotation_id(claim, citation, seen[citation])] = (
                entry["text"],
                pin["key"],
                set(parse_pinpoint(pin["pinpoint"]).lines),
            )
    assert len(expected) == citations  # no two citations share an id
    assert sorted(a["id"] for a in items) == sorted(expected)
    files = {source.key: source.file for source in load_catalog(SOURCES / "sources.yaml").sources}
    for annotation in items:
        text, key, lines = expected[annotation["id"]]
        assert annotation["body"][0]["value"] == text
        assert annotation["motivation"] == "describing"
        cited: set[int] = set()
        for target in targets(annotation):
            assert target["source"]["id"] == f"{BASE}sources/{files[key]}"
            cited |= _lines_selected(wiki, target)
        assert cited == lines, annotation["id"]


def _lines_selected(site: Path, target: dict) -> set[int]:
    path, _ = local(site, target["source"]["id"])
    text = path.read_bytes().decode("utf-8")
    position = selectors(target)["TextPositionSelector"]
    first = text.count("\n", 0, position["start"]) + 1
    return set(range(first, text.count("\n", 0, position["end"]) + 2))


@pytest.mark.slow
def test_a_pinpoint_with_separate_ranges_has_one_target_per_range(items):
    several = [a for a in items if isinstance(a["target"], list)]
    assert several, "the wiki cites no pinpoint with separate ranges any more"
    assert all(len(a["target"]) > 1 for a in several)


# --- broken annotations are rejected by the same checks ---


def _drop_target(a: dict) -> None:
    del a["target"]


def _relative_id(a: dict) -> None:
    a["id"] = "claim-1"


def _shift_position(a: dict) -> None:
    targets(a)[0]["selector"][1]["start"] += 1


def _wrong_quote(a: dict) -> None:
    targets(a)[0]["selector"][0]["exact"] += " (and more)"


def _wrong_digest(a: dict) -> None:
    targets(a)[0]["source"]["digestSRI"] = digest_sri("0" * 64)


def _missing_anchor(a: dict) -> None:
    a["body"][1]["id"] = urldefrag(a["body"][1]["id"])[0] + "#no-such-id"


def _body_and_body_value(a: dict) -> None:
    a["bodyValue"] = a["body"][0]["value"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "breakage",
    [
        _drop_target,
        _relative_id,
        _shift_position,
        _wrong_quote,
        _wrong_digest,
        _missing_anchor,
        _body_and_body_value,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_broken_annotation_is_rejected(wiki, collection, items, breakage):
    annotation = copy.deepcopy(items[0])
    assert all_failures(annotation, collection, wiki) == []
    breakage(annotation)
    try:
        failures = all_failures(annotation, collection, wiki)
    except (KeyError, IndexError):  # a part the checks read is gone: rejected too
        failures = ["unreadable"]
    assert failures


# --- annotations.py on its own, and in a mini project without html_baseurl ---

TEXT = "Alpha is a film.\nIt is “bright”.\n\nIt premiered in Busan.\nLast line"


@pytest.fixture
def catalog(tmp_path) -> Catalog:
    (tmp_path / "alpha.txt").write_bytes(TEXT.encode("utf-8"))
    sha = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    return Catalog(
        tmp_path / "sources.yaml", (Source("alpha", "Alpha", "alpha.txt", sha, tmp_path),)
    )


def _claim(*citations: Citation, status: str = "verified", line: int = 3) -> Claim:
    return Claim(
        "plot",
        "docs/plot.md",
        line,
        "Alpha is a bright film.",
        "Alpha is a bright film.",
        list(citations),
        status=status,
        anchor="plot-story",
    )


SITE = Site("", lambda docname: f"{docname}.html", "Mini wiki")


def test_runs_of_pinpointed_lines():
    assert line_runs(parse_pinpoint("L2,7-9").lines) == [(2, 2), (7, 9)]
    assert line_runs(parse_pinpoint("L7,8").lines) == [(7, 8)]
    assert line_runs(parse_pinpoint("L9,7").lines) == [(9, 9), (7, 7)]
    assert line_runs(parse_pinpoint("L3,3").lines) == [(3, 3)]


def test_source_lines_span_whole_lines_without_the_final_newline():
    lines = SourceLines(TEXT)
    assert lines.count == 5
    assert TEXT[slice(*lines.span(1, 2))] == "Alpha is a film.\nIt is “bright”."
    assert TEXT[slice(*lines.span(5, 5))] == "Last line"
    assert SourceLines("a\r\nb\n").count == 2  # split on \n only, as the checker does
    assert "a\r\nb\n"[slice(*SourceLines("a\r\nb\n").span(1, 1))] == "a\r"


def test_quote_context_is_at_most_32_characters():
    text = "x" * 40 + "\nquoted\n" + "y" * 40
    quote, position = text_selectors(text, 41, 47)
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "quoted",
        "prefix": "x" * 31 + "\n",
        "suffix": "\n" + "y" * 31,
    }
    assert position == {"type": "TextPositionSelector", "start": 41, "end": 47}
    assert "prefix" not in text_selectors("abc", 0, 3)[0]


def test_digest_sri_is_the_base64_of_the_recorded_hex_sum():
    data = TEXT.encode("utf-8")
    assert digest_sri(hashlib.sha256(data).hexdigest()) == "sha256-" + base64.b64encode(
        hashlib.sha256(data).digest()
    ).decode("ascii")


def test_annotations_of_a_hand_made_claim(catalog):
    claim = _claim(
        Citation("alpha", "L1"),
        Citation("alpha", "L2,4-5"),
        Citation("alpha", "L1"),
        Citation("gamma", "L1"),
        Citation("alpha", "L9"),
        Citation("alpha", "L"),
    )
    collection = annotation_collection(
        [claim, _claim(Citation("alpha", "L1"), status="failed verification", line=9)],
        catalog,
        SITE,
    )
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == 3  # unknown key, bad pinpoints, failed: none
    assert collection["id"].startswith("urn:uuid:")
    first, ranges, again = items
    assert first["body"][1] == {"id": "plot.html#plot-story", "type": "Text", "format": "text/html"}
    assert first["target"]["source"] == {
        "id": "sources/alpha.txt",
        "type": "Text",
        "format": "text/plain",
        "digestSRI": digest_sri(catalog.sources[0].sha256),
    }
    assert first["target"]["selector"][0]["exact"] == "Alpha is a film."
    assert [selectors(t)["TextQuoteSelector"]["exact"] for t in ranges["target"]] == [
        "It is “bright”.",
        "It premiered in Busan.\nLast line",
    ]
    for target in ranges["target"]:
        position = selectors(target)["TextPositionSelector"]
        assert (
            TEXT[position["start"] : position["end"]]
            == selectors(target)["TextQuoteSelector"]["exact"]
        )
    assert first["id"] == annotation_id(claim, Citation("alpha", "L1"))
    assert again["id"] == annotation_id(claim, Citation("alpha", "L1"), 2) != first["id"]


def test_output_is_deterministic_and_absolute_with_a_base(catalog):
    claim = _claim(Citation("alpha", "L1"))
    site = Site(BASE, SITE.page_uri, "Mini wiki")
    text = annotations_json([claim], catalog, site)
    assert text == annotations_json([claim], catalog, site)
    assert text.endswith("}\n") and json.loads(text)["id"] == BASE + ANNOTATIONS_NAME
    annotation = json.loads(text)["first"]["items"][0]
    assert annotation["body"][1]["id"] == BASE + "plot.html#plot-story"
    assert must_failures(with_context(annotation, json.loads(text)), ANNOTATION_MUSTS) == []


def test_no_claims_give_an_empty_collection(catalog):
    collection = annotation_collection([], catalog, SITE)
    assert collection["total"] == 0 and "first" not in collection
    assert must_failures(collection, COLLECTION_MUSTS) == []


@pytest.mark.sphinx("html", testroot="claims-quote-good")
def test_mini_project_without_base_url_links_from_the_site_root(app):
    app.build()
    collection = json.loads((app.outdir / ANNOTATIONS_NAME).read_text(encoding="utf-8"))
    items = collection["first"]["items"]
    assert [a["body"][1]["id"] for a in items] == ["index.html#alpha"] * 2
    assert {a["target"]["source"]["id"] for a in items} == {"sources/alpha.txt"}
    assert [a["target"]["selector"][1] for a in items] == [
        {"type": "TextPositionSelector", "start": 0, "end": 54},
        {"type": "TextPositionSelector", "start": 55, "end": 124},
    ]
    assert "alpha" in page_ids(app.outdir / "index.html")
