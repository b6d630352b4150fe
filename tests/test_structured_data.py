"""The infobox data file and the film's JSON-LD, read back as a search engine reads it.

The JSON-LD is extracted from the built HTML with extruct (the extractor, not
our own parser), and every value in it must be found in a line its infobox
entry cites, so the structured data can say nothing the sources don't.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from extruct.jsonld import JsonLdExtractor
from sphinx.util.console import strip_colors

from conftest import previewed
from starlight.errors import InputError
from starlight.pages.infobox import Infobox, load_infobox
from starlight.sources.catalog import Catalog, load_catalog
from starlight.sources.pinpoint import parse_pinpoint

REPO = Path(__file__).resolve().parent.parent
# Keys whose values are the schema's vocabulary or addresses, not facts about the film.
NOT_FACTS = {"@context", "@type", "url", "citation"}


def movies(html: str) -> list[dict]:
    return [
        item
        for item in JsonLdExtractor().extract(html)
        if isinstance(item, dict) and item.get("@type") == "Movie"
    ]


def leaves(data: object, key: str = ""):
    """(key, text) for every string in *data*, skipping :data:`NOT_FACTS`."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name not in NOT_FACTS:
                yield from leaves(value, name)
    elif isinstance(data, list):
        for item in data:
            yield from leaves(item, key)
    elif isinstance(data, str):
        yield key, data


def cited_lines(cite: str, catalog: Catalog) -> list[str]:
    lines = []
    for target in cite.replace("},", "}\n").splitlines():
        key, pinpoint = target.strip().rstrip("}").split("{")
        source = catalog.get(key)
        assert source is not None, f"no source {key}"
        text = source.lines()
        lines += [text[number - 1] for number in parse_pinpoint(pinpoint).lines]
    return lines


def as_written(value: str) -> str:
    """An ISO date as the sources write dates ("30 May 2025"); anything else as is."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%B} {day.year}"


def unfounded(movie: dict, infobox: Infobox, catalog: Catalog) -> list[str]:
    """The values of *movie* that no line cited for them in the infobox holds."""
    problems = []
    for key, text in leaves(movie):
        if key == "name" and text == infobox.title:
            continue  # the film's own title: the subject of every source
        cites = [
            spelling.cite
            for field in infobox.fields
            for value in field.values
            for spelling in value.all_spellings
            if text in (spelling.name, value.character, value.date)
        ]
        lines = [line for cite in cites for line in cited_lines(cite, catalog)]
        if not any(as_written(text) in line for line in lines):  # spelling, case included
            problems.append(f"{key}: {text!r}")
    return problems


@pytest.mark.sphinx("html", testroot="infobox-good")
def test_infobox_renders_and_its_json_ld_holds_only_cited_values(app):
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    [movie] = movies(html)
    infobox = load_infobox(Path(app.srcdir) / "infobox.yaml")
    catalog = load_catalog(Path(app.srcdir) / "evidence" / "sources.yaml")
    assert unfounded(movie, infobox, catalog) == []
    # Two sources of three write "Jane DOE": the structured data follows them...
    assert movie["director"] == [
        {"@type": "Person", "name": "Jane DOE", "alternateName": "Jane Doe"}
    ]
    # ...while the infobox keeps the wiki's spelling first; an Editor's note says
    # so to editors (make serve, test_the_spelling_note_shows_in_the_preview), not to
    # readers.
    assert "Jane Doe, also spelled Jane DOE" in html
    assert "spelled as most of the sources that name it" not in html
    assert movie["actor"] == [
        {
            "@type": "PerformanceRole",
            "characterName": "Captain Vega",
            "actor": {"@type": "Person", "name": "Sam Roe"},
        }
    ]
    assert movie["datePublished"] == "2024-03-12"
    assert [c["name"] for c in movie["citation"]] == ["Alpha notes", "Beta notes", "Gamma notes"]
    assert all((Path(app.outdir) / c["url"]).is_file() for c in movie["citation"])


@previewed("infobox-good")
def test_the_spelling_note_shows_in_the_preview(app):
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "Jane Doe, also spelled Jane DOE" in html
    assert "spelled as most of the sources that name it" in html


@pytest.mark.sphinx("html", testroot="infobox-bad")
def test_a_miscited_infobox_value_is_a_located_finding(app):
    app.build()
    warnings = [
        line.replace(str(app.srcdir) + "/", "")
        for line in strip_colors(app.warning.getvalue()).splitlines()
    ]
    assert (
        "infobox.yaml:12: WARNING: name 'Rowe' not found in [alpha L2] "
        "[claims.ungrounded_name]" in warnings
    )


def test_unfounded_catches_a_value_no_cited_line_holds(rootdir):
    root = rootdir / "test-infobox-good"
    infobox = load_infobox(root / "infobox.yaml")
    catalog = load_catalog(root / "evidence" / "sources.yaml")
    movie = {
        "@type": "Movie",
        "name": "Alpha",
        "director": [{"name": "Jane Doe"}],
        "actor": [{"actor": {"name": "Sam ROE"}}],  # a spelling no cited line has
        "datePublished": "2024-03-13",
        "genre": ["documentary"],
    }
    assert unfounded(movie, infobox, catalog) == [
        "name: 'Sam ROE'",
        "datePublished: '2024-03-13'",
        "genre: 'documentary'",
    ]


@pytest.mark.parametrize(
    "change, message",
    [
        (("property: director", "property: directorr"), ":4: unknown property 'directorr'"),
        (("        cite: alpha{L2}\n", ""), ":15: each value needs a 'name' and a 'cite'"),
        (("            cite: beta{L1},gamma{L1}\n", ""), ":9: spellings of 'Jane Doe' need"),
        (('date: "2024-03-12"', 'date: "12 March"'), ":29: date '12 March' of '12 March 2024'"),
        (("type: Organization", "type: Studio"), ":23: unknown type 'Studio'"),
        (("title: Alpha\n", ""), ":1: the infobox needs a 'title'"),
        (("fields:", "fields: [\n"), ":4: malformed infobox"),
    ],
)
def test_bad_infobox_data_is_a_located_error(rootdir, tmp_path, change, message):
    path = tmp_path / "infobox.yaml"
    text = (rootdir / "test-infobox-good" / "infobox.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(*change, 1), encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_infobox(path)
    assert f"{path}{message}" in str(error.value)


@pytest.mark.slow
def test_the_home_page_json_ld_is_one_movie_of_cited_values(wiki_html):
    assert wiki_html.returncode == 0, wiki_html.output
    [movie] = movies((wiki_html.outdir / "index.html").read_text(encoding="utf-8"))
    infobox = load_infobox(REPO / "docs" / "infobox.yaml")
    catalog = load_catalog(REPO / "sources" / "sources.yaml")
    assert unfounded(movie, infobox, catalog) == []
    assert {
        "director",
        "author",
        "actor",
        "productionCompany",
        "datePublished",
        "countryOfOrigin",
        "genre",
        "citation",
    } <= set(movie)
    labels = {source.label.strip("“”") for source in catalog.sources}
    assert {citation["name"] for citation in movie["citation"]} <= labels
    assert all((wiki_html.outdir / c["url"]).is_file() for c in movie["citation"])
