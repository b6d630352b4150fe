"""A hostile source (HTML, Markdown, MyST, RST, LaTeX) is shown literally everywhere."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, STARLIGHT, attr, copy_root

LINES = (ROOTS / "test-hostile/evidence/hostile.txt").read_text(encoding="utf-8").splitlines()
pytestmark = pytest.mark.sphinx("html", testroot="hostile")  # the project hostile_site builds


@pytest.fixture
def hostile_site(app):
    app.build()
    assert app.warning.getvalue() == ""
    return app.outdir


def test_archived_page_shows_every_line_literally(hostile_site):
    html = (hostile_site / "sources/hostile.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert [line.get_text() for line in page.select(".source-text .line-text")] == LINES
    assert not page.select("article script, article img, article b")
    assert "<script>alert" not in html and 'onerror="alert' not in html


def test_no_output_page_carries_the_sources_markup(hostile_site):
    for path in hostile_site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in page.find_all("script"):
            assert "alert" not in script.get_text(), path
        assert not page.select("[onerror]"), path
    bibliography = (hostile_site / "bibliography.html").read_text(encoding="utf-8")
    assert r"&lt;script&gt;alert('headline')&lt;/script&gt; \textbf{x} {raw}" in bibliography


def test_preview_data_holds_the_exact_lines(hostile_site):
    page = BeautifulSoup((hostile_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = page.select("a.cite-mark")  # the markers in the text, not the reference list
    assert json.loads(attr(links[0], "data-excerpt")) == [LINES[0]]
    assert json.loads(attr(links[-1], "data-excerpt")) == LINES


def test_claims_dataset_keeps_the_text_literal(hostile_site):
    data = json.loads((hostile_site / "claims.json").read_text(encoding="utf-8"))
    texts = [claim["text"] for claim in data["claims"]]
    assert any("<script>alert(“pwned”)</script>" in text for text in texts)
    assert any(r"\input{/etc/passwd} \end{document}" in text for text in texts)
    assert {claim["status"] for claim in data["claims"]} == {"verified"}


@pytest.mark.browser
def test_preview_in_a_browser_runs_nothing(hostile_site, browser):
    from starlight.site.serve import SiteServer

    dialogs = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    with SiteServer(hostile_site) as base:
        page = browser.new_page()
        page.on("dialog", dismiss)
        page.goto(base + "index.html")
        page.locator("a.cite-mark").last.hover()
        preview = page.locator("#citation-preview")
        preview.wait_for(state="visible")
        text = preview.inner_text()
        assert '<script>alert("pwned")</script>' in text
        assert preview.locator("script, img, b").count() == 0
        page.goto(base + "sources/hostile.html")
        page.close()
    assert dialogs == []


@pytest.mark.tex
def test_pdf_shows_latex_commands_as_text(tmp_path):
    from pypdf import PdfReader

    docs = copy_root("hostile", tmp_path / "docs")
    result = subprocess.run(
        [*STARLIGHT, "pdf", "--docs", str(docs), "--builddir", str(tmp_path / "build")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    reader = PdfReader(next((tmp_path / "build/pdf").glob("*.pdf")))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert r"\input{/etc/passwd}\end{document}$x^2$100%{braces}" in text
    assert "Thelastlinesurvives." in text
    assert "<script>alert(" in text
