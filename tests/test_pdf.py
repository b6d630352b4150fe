"""The PDF: builds with XeLaTeX, has every chapter, the bibliography and the
source appendix, and pinpoint links land on the cited line inside the PDF. It
reads as an article: no blank pages, a contents page that lists the lead,
cross-references with their page, a compact appendix that holds every archived
line, a title page that says what the film is."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import HAVE_TEX, STARLIGHT, copy_root
from starlight.site import repro
from starlight.sources.catalog import cached_catalog


def build_pdf(docs: Path, builddir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*STARLIGHT, "pdf", "--docs", str(docs), "--builddir", str(builddir)],
        capture_output=True,
        text=True,
    )


def test_without_tex_make_pdf_names_the_packages(tmp_path):
    bare = tmp_path / "bin"  # a PATH with the starlight command and no TeX
    bare.mkdir()
    (bare / "starlight").symlink_to(Path(sys.executable).with_name("starlight"))
    result = subprocess.run(
        [str(bare / "starlight"), "pdf", "--builddir", str(tmp_path)],
        capture_output=True,
        text=True,
        env={"PATH": str(bare)},
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert (
        "latexmk texlive-latex-recommended texlive-fonts-recommended texlive-latex-extra "
        "tex-gyre texlive-xetex fonts-freefont-otf" in result.stderr
    )


@pytest.fixture(scope="module")
def wiki_pdf(checkout):
    """The real wiki's PDF, from the session's checkout (``starlight pdf`` there)."""
    if not HAVE_TEX:
        pytest.fail("REQUIRE_PDF=1 but TeX (latexmk, xelatex) is not installed")
    assert checkout.error is None, checkout.error[-3000:]
    from pypdf import PdfReader

    return PdfReader(checkout.project / "build" / "pdf" / "lost-in-starlight-wiki.pdf")


@pytest.mark.tex
def test_pdf_has_metadata_chapters_bibliography_and_appendix(wiki_pdf):
    assert wiki_pdf.metadata.title == "Lost in Starlight Wiki"
    assert "Netflix" in wiki_pdf.metadata.subject
    assert "Lost in Starlight" in wiki_pdf.metadata.get("/Keywords", "")
    outline = [item.title for item in wiki_pdf.outline if not isinstance(item, list)]
    for chapter in (
        "Plot",
        "Characters and voice cast",
        "Production",
        "Music",
        "Release",
        "Reception",
        "Timeline",
        "Where the sources disagree",
        "Sources",
        "Bibliography",
        "About this wiki",
    ):
        assert chapter in outline, outline
    text = "\n".join(page.extract_text() for page in wiki_pdf.pages)
    for label in (
        "Archived source: “In these pessimistic times”",
        "Archived source: Resonate",
        "Archived source: “Arrives on Netflix”",
    ):
        assert label in text
    assert "SHA-256" in text


@pytest.mark.tex
def test_pdf_bibliography_is_one_chapter_holding_its_entries(wiki_pdf):
    """Sphinx would typeset the entries as a second "Bibliography" chapter at the end."""
    outline = [item for item in wiki_pdf.outline if not isinstance(item, list)]
    chapters = [item for item in outline if item.title == "Bibliography"]
    assert len(chapters) == 1, [item.title for item in outline]
    first = wiki_pdf.get_destination_page_number(chapters[0])
    following = [
        wiki_pdf.get_destination_page_number(item)
        for item in outline
        if wiki_pdf.get_destination_page_number(item) > first
    ]
    end = min(following, default=len(wiki_pdf.pages))
    chapter_text = "\n".join(page.extract_text() for page in wiki_pdf.pages[first:end])
    for label in (
        "[“In these pessimistic times”]",
        "[Resonate]",
        "[“Arrives on Netflix”]",
        "[“Deserves More Recognition”]",
        "[“Broken devices”]",
    ):
        assert label in chapter_text


def _link_targets(reader, page_index: int):
    """(text near the link, destination page) of internal links on one page."""
    page = reader.pages[page_index]
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        action = annotation.get("/A")
        destination = annotation.get("/Dest") or (action.get("/D") if action else None)
        if destination is None:
            continue
        if (
            isinstance(destination, (str, bytes))
            or hasattr(destination, "get_object")
            and isinstance(destination.get_object(), (str, bytes))
        ):
            name = str(
                destination.get_object() if hasattr(destination, "get_object") else destination
            )
            target = reader.named_destinations.get(name)
            if target is None:
                yield None, None
                continue
            yield annotation, reader.get_destination_page_number(target)
        else:
            yield annotation, reader.get_page_number(destination[0].get_object())


@pytest.mark.tex
def test_pinpoint_links_land_on_the_cited_line(wiki_pdf):
    infobox_page = next(
        i for i, page in enumerate(wiki_pdf.pages) if "Directed by" in (page.extract_text() or "")
    )  # its first row
    targets = [target for _, target in _link_targets(wiki_pdf, infobox_page)]
    assert targets and None not in targets, "an internal link has no destination"
    line_7 = "Directed by South Korean filmmaker Han Ji-Won"  # lovestory L7, the first pinpoint
    pages_with_line = {
        i
        for i, page in enumerate(wiki_pdf.pages)
        if line_7 in re.sub(r"\s+", " ", page.extract_text() or "")
    }
    assert pages_with_line & set(targets)


@pytest.mark.tex
def test_missing_glyph_fails_the_pdf(tmp_path):
    docs = copy_root("subfolder", tmp_path / "docs")
    page = docs / "sub" / "page.md"
    # In a code block: rendered in the PDF, not a claim for the checker to reject first.
    page.write_text(page.read_text() + "\n```text\n한글\n```\n")
    result = build_pdf(docs, tmp_path / "build")
    assert result.returncode == 1
    assert "Missing character" in result.stderr


@pytest.mark.tex
def test_mini_project_pdf_builds(tmp_path):
    docs = copy_root("subfolder", tmp_path / "docs")
    result = build_pdf(docs, tmp_path / "build")
    assert result.returncode == 0, result.stderr


def _pieces(page) -> list[tuple[float, str]]:
    """(height of the baseline above the page's foot, text) of each piece of text on *page*."""
    pieces = []

    def visit(text, cm, tm, font, size):
        if text.strip():  # the text matrix, then the page's: where the text stands
            pieces.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return pieces


def _text(page) -> str:
    return " ".join((page.extract_text() or "").split())


def _page_index(reader, label: str, after: int) -> int:
    """The page printed *label*, after page *after* (the title page is also "1")."""
    index = next(
        (i for i, page_label in enumerate(reader.page_labels) if i > after and page_label == label),
        None,
    )
    assert index is not None, f"no page {label} after the contents"
    return index


def _contents_page(reader) -> int:
    """The page headed "Contents" (in capitals, as the chapter heads are)."""
    index = next(
        (
            i
            for i, page in enumerate(reader.pages)
            if (page.extract_text() or "").strip().lower().startswith("contents")
        ),
        None,
    )
    assert index is not None, "no page is headed Contents: " + " | ".join(
        _text(page)[:40] for page in reader.pages[:4]
    )
    return index


@pytest.mark.tex
def test_pdf_has_no_blank_pages(wiki_pdf):
    """No page holds nothing but its running head and page number: the running head
    stands at the height most pages' top text has, the foot at the lowest (the manual
    class opened each chapter on a right-hand page: 7 of 48 pages were blank)."""
    pages = [_pieces(page) for page in wiki_pdf.pages]
    head = Counter(round(max(y for y, _ in page)) for page in pages if page).most_common(1)[0][0]
    foot = Counter(round(min(y for y, _ in page)) for page in pages if page).most_common(1)[0][0]
    blank = [
        (i + 1, " ".join(text for _, text in page))
        for i, page in enumerate(pages)
        if not any(foot + 1 < y < head - 1 for y, _ in page)
    ]
    assert not blank, f"blank pages (page, its only text): {blank}"


@pytest.mark.tex
def test_contents_page_is_titled_contents_and_lists_the_lead(wiki_pdf, checkout):
    """Not "The film" (the first toctree's caption); the lead (the home page's text
    before its first toctree) is its first entry, titled like the home page."""
    home = (checkout.project / "docs" / "index.md").read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", home, re.MULTILINE)
    assert title, "the home page has no title"
    lead = title.group(1).strip()
    opening = next(
        line
        for line in home.split(lead, 1)[1].splitlines()
        if line[:1].isalnum() or line.startswith("*")
    )  # its first paragraph
    first_words = " ".join(re.sub(r"\{[^}]*\}`[^`]*`|\*", "", opening).split()[:6])
    contents = _contents_page(wiki_pdf)
    lines = [
        line.strip()
        for line in wiki_pdf.pages[contents].extract_text().splitlines()
        if line.strip()
    ]
    assert lines[0].lower() == "contents", lines[:3]
    entry = re.fullmatch(re.escape(lead) + r"\s+(\d+)", lines[1])
    assert entry, f"the first entry is not the lead, {lead!r}: {lines[1:3]}"
    assert lines[2].startswith("1 "), lines[1:3]  # the lead is unnumbered; chapter 1 follows
    page = wiki_pdf.pages[_page_index(wiki_pdf, entry.group(1), contents)]
    assert _text(page).lower().startswith(lead.lower())  # its chapter starts there
    assert first_words in _text(page), first_words  # with the home page's text


def _bookmarks(reader, items=None, depth: int = 0):
    """(title, depth, page index) of every bookmark of *reader*, in order."""
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from _bookmarks(reader, item, depth + 1)
        else:
            yield item.title, depth, reader.get_destination_page_number(item)


@pytest.mark.tex
def test_cross_references_carry_their_page_and_pinpoints_do_not(wiki_pdf):
    """ "(see the plot, p. 4)", and the plot is on page 4: the page lies in a chapter
    or section whose title shares a word with the link ("its promotion": "Trailer
    and promotion"). A link to a line (a marker, a pinpoint, a reference's lines)
    is a place already, in the sources' appendix, and prints no page."""
    contents = _contents_page(wiki_pdf)
    marks = list(_bookmarks(wiki_pdf))
    spans = [
        (
            set(re.findall(r"\w{4,}", title.lower())),
            start,
            next(
                (other for _, level, other in marks[i + 1 :] if level <= depth),
                len(wiki_pdf.pages) - 1,
            ),
        )
        for i, (title, depth, start) in enumerate(marks)
    ]
    text = " ".join(_text(page) for page in wiki_pdf.pages)
    # a marker ("[1]"), a pinpoint ("L9"), the lines a reference list cites
    paged_lines = re.findall(
        r"(?:\[\d+\]|\bL\d+(?:[-–]\d+)?)\s*(?:\(p\. \d+\)|, p\. \d+)"
        r"|Cited at lines? [^.]*?\(p\. \d+\)",
        text,
    )
    assert not paged_lines, paged_lines[:5]
    references = re.findall(r"\(see ([^()]+?), p\. (\d+)\)", text)
    assert len(references) >= 5, references
    for words, label in references:
        page = _page_index(wiki_pdf, label, contents)
        named = set(re.findall(r"\w{4,}", words.lower()))
        assert any(named & title and start <= page <= end for title, start, end in spans), (
            words,
            label,
        )


@pytest.mark.tex
def test_every_archived_line_is_in_the_pdf_with_its_number(wiki_pdf, checkout):
    """However close the appendix is set, each source's full text is all there: every
    line, in order, after its number (its first words; a long line may be hyphenated)."""
    text = " ".join(_text(page) for page in wiki_pdf.pages)
    catalog = cached_catalog(checkout.project / "sources" / "sources.yaml")
    for source in catalog.sources:
        at = text.index(
            "Full text, exactly as archived", text.index(f"Archived source: {source.label}")
        )
        for number, line in enumerate(source.lines(), start=1):
            numbered = f"{number} {' '.join(line.split()[:4])}".strip()
            found = text.find(numbered, at)
            assert found >= 0, (
                f"{source.key} L{number}: {numbered!r} not after {text[at : at + 80]!r}"
            )
            at = found + len(numbered)


@pytest.mark.tex
def test_title_page_says_what_the_film_is_and_dates_it_like_the_wiki(wiki_pdf):
    """ "6 December 2026" (day, month, year; no leading zero), the last commit's day,
    not Sphinx's "Dec 06, 2026"."""
    title_page = _text(wiki_pdf.pages[0])
    assert "A cited wiki about the 2025 South Korean animated film Lost in Starlight" in title_page
    day = datetime.fromtimestamp(int(repro.source_date_epoch()), UTC)
    assert f"{day.day} {day:%B} {day.year}" in title_page, title_page
