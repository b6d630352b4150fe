#!/usr/bin/env python3
"""Prove the builds reproducible: two clean builds, in two folders, one after the other.

Copies the project (docs/ and sources/; the starlight package is installed)
into two folders with different names, builds the HTML (and the PDF when TeX
is installed) in each with SOURCE_DATE_EPOCH set to the last commit's time,
and compares every output file byte for byte. Prints "identical" or the files
that differ, per output.

Allowances: none; every file of the published tree is compared (search index
and .buildinfo included). The doctree caches live in ``build/doctrees``,
outside the published tree, as in ``make html``: they hold absolute paths by
Sphinx's design and are never published.

    starlight repro [--no-pdf]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from starlight import REPO, copy_project
from starlight.site.pdf import missing_tex


def source_date_epoch() -> str:
    """The last commit's time (what a reader's checkout and CI agree on)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        return subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "0"


@dataclass(frozen=True)
class Output:
    """One output the wiki is built into: its name, folder and the command that makes it."""

    label: str
    folder: str
    command: tuple[str, ...]


HTML = Output(
    "HTML",
    "build/html",
    (
        *("sphinx", "-q", "-b", "html", "-n", "-W", "--keep-going"),
        *("-d", "build/doctrees", "docs", "build/html"),
    ),
)
PDF = Output("PDF", "build/pdf", ("starlight", "pdf"))


def outputs_with_tex() -> tuple[Output, ...]:
    """The HTML, and the PDF where TeX is installed."""
    return (HTML,) if missing_tex() else (HTML, PDF)


def build(project: Path, outputs: tuple[Output, ...], env: dict[str, str]) -> None:
    """Build *outputs* of the checkout *project*, in order; stop on the first that fails."""
    for output in outputs:
        run = subprocess.run(
            [sys.executable, "-m", *output.command],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
        if run.returncode:
            raise SystemExit(
                f"repro: {output.label} build failed in {project}:\n{run.stderr[-2000:]}"
            )


def differences(one: Path, other: Path, ignore: tuple[str, ...] = ()) -> list[str]:
    """Files of two output folders that are missing on one side or differ in a byte."""
    names = {p.relative_to(one) for p in one.rglob("*") if p.is_file()} | {
        p.relative_to(other) for p in other.rglob("*") if p.is_file()
    }
    return sorted(
        str(name)
        for name in names
        if name.name not in ignore
        and (
            not (one / name).is_file()
            or not (other / name).is_file()
            or (one / name).read_bytes() != (other / name).read_bytes()
        )
    )


def reproducible_env() -> dict[str, str]:
    """The environment of a reproducible build: dates from the last commit."""
    return {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(), "FORCE_SOURCE_DATE": "1"}


def compare(first: Path, second: Path, outputs: tuple[Output, ...]) -> list[tuple[str, list[str]]]:
    """Per output, the files that differ between the two checkouts."""
    return [
        (output.label, differences(first / output.folder, second / output.folder))
        for output in outputs
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-pdf", action="store_true", help="compare the HTML only")
    args = parser.parse_args(argv)
    outputs = (HTML,) if args.no_pdf else outputs_with_tex()
    env = reproducible_env()
    status = 0
    with tempfile.TemporaryDirectory(prefix="repro-") as scratch:
        first, second = Path(scratch, "first-checkout"), Path(scratch, "second", "checkout")
        for index, project in enumerate((first, second)):
            copy_project(project)
            if index:
                time.sleep(1.1)  # a different second on the clock
            build(project, outputs, env)
        for label, different in compare(first, second, outputs):
            if different:
                status = 1
                print(f"{label}: different: {', '.join(different[:20])}")
            else:
                print(f"{label}: identical")
        if PDF not in outputs:
            print(
                "PDF: not built (" + ("--no-pdf" if args.no_pdf else "TeX is not installed") + ")"
            )
    return status


if __name__ == "__main__":
    sys.exit(main())
