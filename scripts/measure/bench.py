#!/usr/bin/env python3
"""Benchmark: what the claim checks cost, and how build and check grow with pages.

Generates synthetic wikis of 50, 200 and 800 pages from the real pages and
sources, then times, for each: a clean HTML build with the claim checks on and
off, an incremental rebuild after editing one page, and the standalone check
(``starlight check-claims``); then the standalone check of the real wiki, warm
(goal: under 3 s), and the PDF build of the real wiki when TeX is installed.
Prints figures; it asserts nothing. Goals: the checks add at most 5% to a clean
build, both times grow linearly with the number of pages (look at "per page"),
and an incremental rebuild costs at most 10% of a clean one.
"HTML/page" shows that the pages stay the same size: above
``starlight_full_navigation_max_pages`` the sidebar holds the top level and the
current section only (starlight/pages/sidebar.py), not the whole site.

Then it times the commands an editor and CI wait for, on the real wiki:
``make check`` (goal 60 s), ``make linkcheck`` (30 s), ``make test-fast``
(30 s) and, with Chromium, ``make audit``; and ``bash .ci/run`` on a fresh clone
of the last commit, with the system packages already installed (goal: 5 minutes).

    python scripts/measure/bench.py [--sizes 50 200 800] [--repeat N] [--keep DIR]
                                    [--no-commands] [--no-ci]

With ``--repeat N`` each clean build is run N times, alternating checks off
and on, and the fastest of each is kept: on a shared machine the slowest runs
measure the neighbours, not the build.

"overhead" is wall-clock time, what an editor waits; the claims are judged in
a second process while Sphinx writes, so on two cores most of their cost is
hidden. "CPU over" is the extra CPU time of the build and every process it
started: what the checks cost a machine with one core.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from starlight import REPO, copy_project
from starlight.site.audit import chromium as audit_chromium
from starlight.site.pdf import missing_tex

SECTION = 25  # synthetic pages per section
CONTENT = ["plot", "characters", "production", "music", "release", "reception", "disagreements"]
_LABEL = re.compile(r"^\(.+\)=\s*$", re.MULTILINE)


def make_wiki(target: Path, pages: int) -> Path:
    """A copy of the wiki plus *pages* synthetic pages cloned from the real ones, in
    sections of ``SECTION`` pages, each section with a page listing its pages (as a
    large wiki would be organised)."""
    copy_project(target)
    synthetic = target / "docs" / "synthetic"
    for number in range(pages):
        section = synthetic / f"part-{number // SECTION:03d}"
        if not section.exists():
            section.mkdir(parents=True)
            (section / "index.md").write_text(
                "# More about the film\n\n```{toctree}\n:glob:\n\npage-*\n```\n", encoding="utf-8"
            )
        original = CONTENT[number % len(CONTENT)]
        text = (REPO / "docs" / f"{original}.md").read_text(encoding="utf-8")
        text = _LABEL.sub("", text)  # labels must stay unique
        text = re.sub(r"\]\((?!https?:|#)", "](../../", text)  # pages move two folders down
        text = re.sub(r"^# (.+)$", r"# \1 (a copy)", text, count=1, flags=re.MULTILINE)
        (section / f"page-{number:04d}.md").write_text(text, encoding="utf-8")
    index = target / "docs" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8")
        + "\n```{toctree}\n:hidden:\n:glob:\n\nsynthetic/*/index\n```\n",
        encoding="utf-8",
    )
    return target


def measured(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the command and every process it started)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return elapsed, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def timed(command: list[str], cwd: Path) -> float:
    return measured(command, cwd)[0]


def build(wiki: Path, checks: bool, clean: bool = True) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one HTML build."""
    out = wiki / "build" / ("on" if checks else "off")
    if clean:
        shutil.rmtree(out, ignore_errors=True)
    return measured(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-D",
            f"claims_check={int(checks)}",
            "-d",
            str(out / ".doctrees"),
            "docs",
            str(out),
        ],
        wiki,
    )


def html_size(out: Path) -> int:
    """Bytes of HTML written (the sidebar is most of a page)."""
    return sum(page.stat().st_size for page in out.rglob("*.html"))


def edit_one_page(wiki: Path) -> None:
    page = wiki / "docs" / "synthetic" / "part-000" / "page-0000.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nJay is a musician {cite:p}`lovestory{L3}`.\n",
        encoding="utf-8",
    )


# The commands an editor and CI wait for, with the goals of issue 12.
COMMANDS: list[tuple[str, list[str], int | None]] = [  # label, make targets, goal (s)
    ("make check", ["check"], 60),
    ("make linkcheck", ["linkcheck"], 30),
    ("make test-fast", ["test-fast"], 30),
]


def commands(root: Path, ci: bool) -> None:
    """Time the make targets on the real wiki, building into a folder of the bench's;
    then, with *ci*, CI's own command on a fresh clone."""
    builddir = f"BUILDDIR={root / 'commands-build'}"
    timed(["make", "--no-print-directory", "html", builddir], REPO)  # a site to check
    todo = list(COMMANDS)
    if audit_chromium():
        todo.append(("make audit", ["audit"], None))
    for label, target, goal in todo:
        seconds = timed(["make", "--no-print-directory", *target, builddir], REPO)
        print(
            f"{label} on the real wiki: {seconds:.1f}s"
            + (f" (goal: at most {goal} s)" if goal else ""),
            flush=True,
        )
    if ci:
        clone = root / "ci-clone"
        shutil.rmtree(clone, ignore_errors=True)  # left by an earlier run with --keep
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
        # The clone's make must not inherit this make's options or variables.
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
        }
        start = time.perf_counter()
        run = subprocess.run(
            ["bash", ".ci/run"],
            cwd=clone,
            capture_output=True,
            text=True,
            env={**env, "SKIP_SYSTEM_PACKAGES": "1"},
        )
        minutes, seconds = divmod(round(time.perf_counter() - start), 60)
        print(
            f"bash .ci/run on a fresh clone of the last commit, system packages installed: "
            f"{minutes} min {seconds:02d} s (goal: at most 5 minutes)"
            + (
                ""
                if run.returncode == 0
                else f"; FAILED (exit {run.returncode}):\n" + (run.stdout + run.stderr)[-3000:]
            ),
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 800])
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="run each clean build N times and keep the fastest (default: 1)",
    )
    parser.add_argument("--keep", help="build the synthetic wikis in this folder and keep them")
    parser.add_argument(
        "--no-commands",
        dest="commands",
        action="store_false",
        help="skip timing make check, linkcheck, test-fast, audit and CI",
    )
    parser.add_argument(
        "--no-ci",
        dest="ci",
        action="store_false",
        help="skip timing bash .ci/run on a fresh clone (about 5 minutes)",
    )
    args = parser.parse_args(argv)
    root = Path(args.keep or tempfile.mkdtemp(prefix="wiki-bench-"))
    print(
        f"{'pages':>6} {'build, checks off':>18} {'build, checks on':>17} {'overhead':>9} "
        f"{'CPU over':>9} "
        f"{'rebuild 1 page':>15} {'check alone':>12} {'build/page':>11} {'check/page':>11} "
        f"{'HTML/page':>10}"
    )
    per_page = []
    for size in args.sizes:
        wiki = make_wiki(root / f"wiki-{size}", size)
        pages = len(list((wiki / "docs").rglob("*.md")))
        fastest_off = fastest_on = (float("inf"), float("inf"))  # (wall clock, CPU) seconds
        for _ in range(max(1, args.repeat)):
            fastest_off = min(fastest_off, build(wiki, checks=False))
            fastest_on = min(fastest_on, build(wiki, checks=True))
        (off, off_cpu), (on, on_cpu) = fastest_off, fastest_on
        edit_one_page(wiki)
        rebuild = build(wiki, checks=True, clean=False)[0]
        check = timed(
            [sys.executable, "-m", "starlight", "check-claims", "--output", "report.txt"], wiki
        )
        print(
            f"{pages:>6} {off:>17.1f}s {on:>16.1f}s {(on - off) / off:>8.1%} "
            f"{(on_cpu - off_cpu) / off_cpu:>8.1%} "
            f"{rebuild:>7.1f}s ({rebuild / on:>4.0%}) {check:>11.1f}s "
            f"{on / pages * 1000:>9.0f}ms {check / pages * 1000:>9.0f}ms "
            f"{html_size(wiki / 'build' / 'on') / pages / 1024:>8.0f}KB",
            flush=True,
        )
        per_page.append((pages, on / pages))
    if len(per_page) > 1:
        (small, first), (large, last) = per_page[0], per_page[-1]
        print(
            f"growth: a page costs {last / first:.2f}× at {large} pages what it costs at "
            f"{small} (goal: within 1.5×)"
        )
    real = [
        timed(
            [
                sys.executable,
                "-m",
                "starlight",
                "check-claims",
                "--output",
                str(root / "real-report.txt"),
                "--doctrees",
                str(root / "claims-doctrees"),
            ],
            REPO,
        )
        for _ in range(3)
    ]
    print(
        f"make check-claims on the real wiki, warm (best of {len(real) - 1} after one "
        f"warm-up): {min(real[1:]):.1f}s (goal: under 3 s)"
    )
    if args.commands:
        commands(root, args.ci)
    if not missing_tex():
        pdf = timed(
            [sys.executable, "-m", "starlight", "pdf", "--builddir", str(root / "pdf-build")], REPO
        )
        print(
            f"PDF of the real wiki ({len(list((REPO / 'docs').rglob('*.md')))} pages): "
            f"{pdf:.1f}s (Sphinx's LaTeX builder and latexmk with XeLaTeX)"
        )
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
