"""A mini project: links from pages in a subfolder, and hostile text shown literally."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from starlight.site.anchors import broken_links


@pytest.mark.sphinx("html", testroot="subfolder")
def test_bibliography_and_pinpoint_links_work_from_a_subfolder(app, warning):
    app.build()
    assert warning.getvalue() == ""
    outdir = Path(app.outdir)
    bibliography = BeautifulSoup((outdir / "sub/bibliography.html").read_text(), "html.parser")
    hrefs = {a["href"] for a in bibliography.select("div.citation a")}
    assert hrefs == {"../sources/alpha.html", "../sources/alpha.txt"}
    page = BeautifulSoup((outdir / "sub/page.html").read_text(), "html.parser")
    assert {a["href"] for a in page.select("sup.cite-marks a")} == {
        "../sources/alpha.html#L1",
        "../sources/alpha.html?lines=3,4#L3",
    }
    assert {a["href"] for a in page.select("ol.references a")} == {
        "bibliography.html#cite-alpha",
        "../sources/alpha.html#L1",
        "../sources/alpha.html?lines=3,4#L3",
    }
    for name in ("sub/bibliography.html", "sub/page.html", "index.html", "sources/alpha.html"):
        assert broken_links(outdir / name) == [], name


@pytest.mark.sphinx("html", testroot="subfolder")
def test_hostile_source_is_shown_literally(app):
    app.build()
    outdir = Path(app.outdir)
    html = (outdir / "sources/alpha.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert "<script>alert" not in html
    assert not page.select(".source-text script, .source-text b")
    shown = "\n".join(line.get_text() for line in page.select(".source-text .line-text"))
    assert shown == (Path(app.srcdir) / "evidence/alpha.txt").read_text().removesuffix("\n")
    assert "Alpha &amp; Co. 100% {odd}" in html  # metadata escaped for BibTeX, shown as typed
