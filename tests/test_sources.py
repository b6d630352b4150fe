"""The sources are evidence: byte-identical copies, described by valid metadata."""

import hashlib

import pytest

from conftest import REPO, SOURCES
from starlight.bibliography.bibfile import bib_text, escape, unescape
from starlight.errors import InputError
from starlight.pages.infobox import load_infobox
from starlight.pages.timeline import load_events
from starlight.sources.catalog import load_catalog, split_lines

SHARED = REPO.parent / "shared" / "sources"


def test_metadata_hashes_match_the_files():
    catalog = load_catalog(SOURCES / "sources.yaml")
    assert len(catalog.sources) == 5
    for source in catalog.sources:
        assert hashlib.sha256(source.path.read_bytes()).hexdigest() == source.sha256


def test_every_label_comes_from_its_source_text():
    catalog = load_catalog(SOURCES / "sources.yaml")
    origins = {source.key: source.label_origin(source.lines()) for source in catalog.sources}
    assert None not in origins.values(), origins
    assert origins["resonate"] == "its publisher"


def test_a_label_from_nowhere_in_the_text_has_no_origin():
    source = load_catalog(SOURCES / "sources.yaml").sources[0]
    assert source.label_origin(source.lines()) == "its opening words"
    invented = type(source)(**{**source.__dict__, "label": "Love-story review"})
    assert invented.label_origin(invented.lines()) is None


def test_every_metadata_value_is_in_the_lines_its_evidence_names():
    catalog = load_catalog(SOURCES / "sources.yaml")
    assert any(source.evidence for source in catalog.sources)
    assert {source.key: source.unsupported_metadata() for source in catalog.sources} == {
        source.key: [] for source in catalog.sources
    }


def test_a_metadata_value_its_evidence_does_not_state_is_reported():
    source = next(s for s in load_catalog(SOURCES / "sources.yaml").sources if s.publisher)
    moved = type(source)(**{**source.__dict__, "publisher": "Netflix Tudum"})
    assert moved.unsupported_metadata() == ["publisher"]


def test_every_source_file_is_described():
    catalog = load_catalog(SOURCES / "sources.yaml")
    on_disk = {path.name for path in SOURCES.glob("*.txt")}
    assert on_disk == {source.file for source in catalog.sources}


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared originals are not beside this clone")
def test_sources_equal_the_shared_originals():
    for original in SHARED.glob("*.txt"):
        assert (SOURCES / original.name).read_bytes() == original.read_bytes()


def test_lines_split_on_newline_only():
    assert split_lines("a\u2028b\nc\n") == ["a\u2028b", "c"]
    assert split_lines("a\n\nb") == ["a", "", "b"]
    assert split_lines("") == []


def write(tmp_path, text):
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = """sources:
  - key: alpha
    label: Alpha
    file: alpha.txt
    sha256: "{sha}"
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources: [\n", "malformed metadata"),
        ("other: 1\n", "needs a top-level 'sources' list"),
        (ENTRY.format(sha="abc"), "is not 64 hex digits"),
        (ENTRY.format(sha="0" * 64).replace('"', ""), "'sha256' must be text"),
        (ENTRY.format(sha="0" * 64).replace("key: alpha", "key: Alpha!"), "must be lower-case"),
        (ENTRY.format(sha="0" * 64).replace("    label: Alpha\n", ""), "missing 'label'"),
        (
            ENTRY.format(sha="0" * 64) + "    not_about_film: [2]\n",
            "unknown field 'not_about_film'",
        ),
        (
            ENTRY.format(sha="0" * 64) + ENTRY.format(sha="0" * 64).replace("sources:\n", ""),
            "duplicate key 'alpha'",
        ),
        (
            ENTRY.format(sha="0" * 64) + "    label: Beta\n",
            r":6: malformed metadata: 'label' is given twice in one mapping \(first at line 3\)",
        ),
    ],
)
def test_bad_metadata_is_one_located_error(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=message) as caught:
        load_catalog(path)
    assert str(caught.value).startswith(f"{path}:")
    assert "\n" not in str(caught.value)


def test_non_utf8_source_is_a_located_error(tmp_path):
    (tmp_path / "alpha.txt").write_bytes(b"fine\nbad \xff byte\n")
    catalog = load_catalog(write(tmp_path, ENTRY.format(sha="0" * 64)))
    with pytest.raises(InputError, match=r"alpha.txt:2: source is not valid UTF-8"):
        catalog.sources[0].lines()


def test_bib_is_generated_from_metadata_and_escaped():
    catalog = load_catalog(SOURCES / "sources.yaml")
    text = bib_text(catalog)
    for source in catalog.sources:
        assert f"@online{{{source.key}," in text
        assert f"file = {{sources/{source.file}}}" in text
        assert source.sha256 in text
    assert escape("100% {x} & #1") == r"100\% \{x\} \& \#1"
    hostile = r"a \textbf{x} {raw} 100% $ # & \\"
    assert unescape(escape(hostile)) == hostile


@pytest.mark.parametrize(
    ("name", "load", "text"),
    [
        ("infobox.yaml", load_infobox, "title: A\nfields: []\ntitle: B\n"),
        ("timeline.yaml", load_events, "in_story:\n  - when: 2026\n    text: a\n    when: 2051\n"),
        ("sources.yaml", load_catalog, "sources: []\nsources: []\n"),
    ],
)
def test_a_key_given_twice_in_a_data_file_is_one_located_error(tmp_path, name, load, text):
    """YAML would keep the second value without a word: an edit of the first would do
    nothing."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path}:{text.count(chr(10))}: malformed ")
    assert "is given twice in one mapping (first at line " in str(caught.value)
