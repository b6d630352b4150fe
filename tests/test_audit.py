"""make audit: Lighthouse's four categories on every page; a page below 100 fails."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import STARLIGHT
from starlight.site.audit import CATEGORIES, lighthouse

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # Chromium, Node, Lighthouse

HEAD = (
    '<meta charset="utf-8"><meta name="viewport" content="width=device-width, '
    'initial-scale=1"><link rel="icon" href="data:,"><title>{title}</title>'
)
GOOD = (
    '<!DOCTYPE html><html lang="en"><head>'
    + HEAD.format(title="A good page")
    + '<meta name="description" content="A small page that meets every audit.">'
    '</head><body><main><h1>A good page</h1><p>Plain text, <a href="bad.html">'
    "and a link</a>.</p></main></body></html>"
)
# No language and no description: accessibility and SEO lose points.
BAD = (
    "<!DOCTYPE html><html><head>"
    + HEAD.format(title="A bad page")
    + "</head><body><main><h1>A bad page</h1><p>Plain text.</p></main></body></html>"
)


@pytest.fixture
def site(tmp_path) -> Path:
    if not lighthouse().exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but Lighthouse is not installed (npm ci)")
        pytest.skip("Lighthouse is not installed (npm ci)")
    root = tmp_path / "html"
    root.mkdir()
    (root / "index.html").write_text(GOOD, encoding="utf-8")
    (root / "bad.html").write_text(BAD, encoding="utf-8")
    return root


def audit(site: Path, out: Path, *options: str, **env: str) -> subprocess.CompletedProcess:
    """``starlight audit`` on *site*, its report in *out*."""
    return subprocess.run(
        [*STARLIGHT, "audit", "--site", str(site), "--out", str(out), *options],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **env},
    )


def test_a_page_below_100_fails_naming_page_category_and_audit(site, tmp_path):
    """Two browsers (--jobs 2) share the pages; the report holds both, the good one at
    100 in every category (the real wiki is the passing case, in `make audit`), and the
    failures name the bad one, its categories and the audits that cost points."""
    result = audit(site, tmp_path / "audit", "--jobs", "2")
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads((tmp_path / "audit" / "report.json").read_text(encoding="utf-8"))
    assert set(report) == {"index.html", "bad.html"}
    assert report["index.html"]["scores"] == dict.fromkeys(CATEGORIES, 100), report
    failures = [line for line in result.stderr.splitlines() if "< 100" in line]
    assert any(
        line.startswith(f"{site / 'bad.html'}: accessibility") and "html-has-lang" in line
        for line in failures
    ), result.stderr
    assert any(
        line.startswith(f"{site / 'bad.html'}: seo") and "meta-description" in line
        for line in failures
    ), result.stderr
    assert not any("index.html" in line for line in failures), result.stderr


def test_a_page_not_in_the_site_stops_the_audit_in_one_line(site, tmp_path):
    result = audit(site, tmp_path / "audit", "--pages", "index.html", "gone.html")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr == f"{site / 'gone.html'}: no such page in the built site\n"
    assert not (tmp_path / "audit").exists()


def test_a_browser_that_does_not_start_stops_the_audit_in_one_line(site, tmp_path):
    result = audit(site, tmp_path / "audit", "--pages", "index.html", CHROME_PATH="/bin/false")
    assert result.returncode == 2, result.stdout + result.stderr
    [line] = result.stderr.splitlines()
    assert line == (
        f"{site}: audit failed: Lighthouse failed on its warm-up run: the browser "
        "exited (status 1) before it opened its debugging port"
    ), line
    assert not (tmp_path / "audit").exists()
