"""Link checks: internal links and anchors (LinkChecker), self-containment, external links."""

from __future__ import annotations

import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import STARLIGHT, copy_root
from starlight.site.selfcontained import remote_loads


@pytest.fixture
def small_site(app) -> Path:
    """The HTML of the mini project with a page in a subfolder (``testroot="subfolder"``)."""
    app.build()
    assert app.warning.getvalue() == ""
    return app.outdir


def check_links(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*STARLIGHT, "check-links", "--site", str(site)], capture_output=True, text=True
    )


@pytest.mark.slow  # runs LinkChecker or Sphinx's linkcheck
@pytest.mark.sphinx("html", testroot="subfolder")
def test_clean_site_passes(small_site):
    result = check_links(small_site)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # runs LinkChecker or Sphinx's linkcheck
@pytest.mark.sphinx("html", testroot="subfolder")
def test_broken_links_anchors_raw_files_and_remote_scripts_fail(small_site, tmp_path):
    site = tmp_path / "html"
    shutil.copytree(small_site, site)
    (site / "sources" / "alpha.txt").unlink()
    page = site / "sub" / "page.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace(
        "</body>",
        '<p><a href="../missing.html">gone</a> '
        '<a href="../index.html#no-such-anchor">anchor</a></p></body>',
        1,
    )
    html = html.replace("</head>", '<script src="https://cdn.example.com/x.js"></script></head>', 1)
    page.write_text(html, encoding="utf-8")
    result = check_links(site)
    assert result.returncode == 1
    out = result.stdout
    assert "missing.html" in out and "broken link" in out
    assert "sources/alpha.txt" in out
    assert "missing anchor" in out and "no-such-anchor" in out
    assert f"{page}:" in out and "loads <script src> https://cdn.example.com/x.js" in out


def test_self_containment_finds_every_kind_of_remote_load(tmp_path):
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="https://x.test/a.css"><img srcset="local.png 1x, '
        '//x.test/b.png 2x"><iframe src="http://x.test/f"></iframe>'
        '<div style="background: url(https://x.test/bg.png)"></div>'
        '<a href="https://example.com/">a link a reader may follow</a>'
        '<link rel="canonical" href="https://example.com/">'
    )
    (tmp_path / "a.css").write_text('@import "https://x.test/font.css";\n')
    found = remote_loads(tmp_path)
    assert len(found) == 5, found
    assert not remote_loads(tmp_path / "nothing-here")


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.slow  # runs LinkChecker or Sphinx's linkcheck
def test_external_links_against_a_local_server(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    docs = copy_root("subfolder", tmp_path / "docs")
    (docs / "index.md").write_text(
        (docs / "index.md").read_text() + f"\n[ok]({base}/ok) [moved]({base}/moved) "
        f"[gone]({base}/gone)\n"
    )
    try:
        result = subprocess.run(
            [
                *STARLIGHT,
                "check-external",
                "--docs",
                str(docs),
                "--builddir",
                str(tmp_path / "build"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.shutdown()
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"broken: {base}/gone (404" in result.stdout
    assert f"redirected: {base}/moved -> {base}/ok" in result.stdout
    assert "1 working, 1 redirected, 1 broken" in result.stderr


@pytest.mark.slow  # runs LinkChecker or Sphinx's linkcheck
def test_external_links_without_network_pass_quickly(tmp_path):
    docs = copy_root("subfolder", tmp_path / "docs")
    (docs / "index.md").write_text(
        (docs / "index.md").read_text() + "\n[far](https://unreachable.invalid/page)\n"
    )
    result = subprocess.run(
        [*STARLIGHT, "check-external", "--docs", str(docs), "--builddir", str(tmp_path / "build")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "could not check 1 external links" in result.stdout
    assert "https://unreachable.invalid/page" in result.stdout


def test_every_fragment_is_resolved_against_one_parse_of_its_page(tmp_path):
    from starlight.site.anchors import missing_anchors

    (tmp_path / "sub").mkdir()
    (tmp_path / "a.html").write_text(
        '<h1 id="top">A</h1>\n<a href="sub/b.html#L9">ok</a>\n<a href="#top">self</a>\n'
        '<a href="sub/b.html#L99">gone</a>\n<a href="raw.txt#L3">a text file</a>\n'
        '<a href="https://example.com/#x">elsewhere</a>\n<a href="sub/#L9">folder</a>\n',
        encoding="utf-8",
    )
    (tmp_path / "sub" / "b.html").write_text(
        '<p id="L9"><a name="old">B</a></p>\n<a href="../a.html#nowhere">x</a>', encoding="utf-8"
    )
    (tmp_path / "sub" / "index.html").write_text('<p id="L9">i</p>', encoding="utf-8")
    (tmp_path / "raw.txt").write_text("one\n", encoding="utf-8")
    assert missing_anchors(tmp_path) == [
        f"{tmp_path / 'a.html'}:4: missing anchor in sub/b.html#L99",
        f"{tmp_path / 'sub' / 'b.html'}:2: missing anchor in a.html#nowhere",
    ]
