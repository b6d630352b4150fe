#!/usr/bin/env python3
"""Check the external links of the wiki (those the sources mention) with Sphinx's linkcheck.

Without a network nothing can be checked: the script says so within seconds,
lists the links it could not check and exits 0. A link that answers with an
error (404, 500 …) fails (exit 1); a redirect is reported and passes.

    starlight check-external [--docs docs] [--builddir build]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

# requests' words for "could not reach the host at all" (no network, no DNS).
_UNREACHABLE = re.compile(
    r"NameResolution|Failed to resolve|Temporary failure in name resolution|Name or service "
    r"not known|Connection refused|Network is unreachable|timed out|ConnectTimeout|"
    r"ProxyError|No route to host|Max retries exceeded",
    re.IGNORECASE,
)


def classify(results: list[dict]) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """(working, redirected, broken, unreachable) links of Sphinx's output.json."""
    working: list[dict] = []
    redirected: list[dict] = []
    broken: list[dict] = []
    unreachable: list[dict] = []
    for item in results:
        status = item.get("status")
        if status == "working":
            working.append(item)
        elif status == "redirected":
            redirected.append(item)
        elif status in ("broken", "timeout"):
            code = item.get("code")
            is_http = isinstance(code, int) and code >= 400  # 0: no HTTP status
            (
                broken
                if is_http or not _UNREACHABLE.search(str(item.get("info", "")))
                else unreachable
            ).append(item)
    return working, redirected, broken, unreachable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", default="docs")
    parser.add_argument("--builddir", default="build")
    parser.add_argument("--timeout", type=int, default=5, help="seconds per link")
    args = parser.parse_args(argv)
    out = Path(args.builddir, "linkcheck")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "linkcheck",
            "-E",
            "-D",
            f"linkcheck_timeout={args.timeout}",
            "-D",
            "linkcheck_retries=1",
            "-d",
            str(Path(args.builddir, "doctrees-linkcheck")),
            args.docs,
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    report = out / "output.json"
    if not report.is_file():
        print(run.stderr.strip() or f"{out}: linkcheck wrote no report", file=sys.stderr)
        return 2
    results = [
        json.loads(line) for line in report.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    results = [item for item in results if item.get("status") not in ("unchecked", "ignored")]
    working, redirected, broken, unreachable = classify(results)

    def where(item: dict) -> str:
        return f"{Path(args.docs, item['filename'])}:{item.get('lineno', 0)}"

    for item in redirected:
        print(f"{where(item)}: redirected: {item['uri']} -> {item.get('info', '')}")
    for item in broken:
        print(f"{where(item)}: broken: {item['uri']} ({item.get('code') or item.get('info')})")
    if unreachable:
        heading = "no network" if not (working or redirected or broken) else "unreachable"
        print(f"{heading}: could not check {len(unreachable)} external links:")
        for item in unreachable:
            print(f"  {where(item)}: {item['uri']}")
    print(
        f"{len(results)} external links: {len(working)} working, {len(redirected)} redirected, "
        f"{len(broken)} broken, {len(unreachable)} not checked",
        file=sys.stderr,
    )
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
