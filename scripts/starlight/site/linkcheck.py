#!/usr/bin/env python3
"""Check every internal link and anchor of the built HTML site, and that it is self-contained.

Serves the site on 127.0.0.1 and runs LinkChecker over every page (settings
in ``linkcheckerrc``): links between pages, archived pages and raw source
files, CSS and JavaScript; LinkChecker fetches each page once, whatever the
fragments of the links to it. Then resolves every ``#anchor`` against one
parse of its target page (``starlight.anchors``), and checks that nothing
(script, style sheet, image, font, frame) loads from http(s)://. Any failure
is one line naming the page and the link; exit 1.

    starlight check-links [--site build/html]
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

from starlight import REPO
from starlight.site.anchors import missing_anchors
from starlight.site.selfcontained import remote_loads
from starlight.site.serve import SiteServer


def linkchecker_command() -> list[str]:
    found = shutil.which("linkchecker", path=str(Path(sys.executable).parent)) or shutil.which(
        "linkchecker"
    )
    if found is None:
        raise SystemExit("check_links: LinkChecker is not installed (it is in requirements.lock)")
    return [found]


def check_links(site: Path) -> list[str]:
    """One line per broken link, as ``page:line: what``."""
    with SiteServer(site) as base:
        pages = [base + path.relative_to(site).as_posix() for path in sorted(site.rglob("*.html"))]
        result = subprocess.run(
            [
                *linkchecker_command(),
                "--config",
                str(REPO / "linkcheckerrc"),
                "--output",
                "csv",
                "--verbose",
                *pages,
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
    rows = csv.DictReader(
        io.StringIO(
            "\n".join(line for line in result.stdout.splitlines() if not line.startswith("#"))
        ),
        delimiter=";",
    )
    problems = []
    for row in rows:
        parent = (row.get("parentname") or row.get("urlname") or "").replace(base, "")
        where = f"{parent}:{row.get('line') or 0}"
        url = (row.get("url") or row.get("urlname") or "").replace(base, "")
        if row.get("valid", "").lower() not in ("true", "1"):
            problems.append(f"{where}: broken link {url} ({row.get('result', '').strip()})")
    if result.returncode not in (0, 1) and not problems:
        problems.append(f"{site}: LinkChecker failed: {result.stderr.strip()[-500:]}")
    return sorted(set(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="build/html")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"{site}: no built site here (run make html first)", file=sys.stderr)
        return 2
    problems = check_links(site) + missing_anchors(site) + remote_loads(site)
    for problem in problems:
        print(problem)
    pages = len(list(site.rglob("*.html")))
    print(f"{pages} pages checked: {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
