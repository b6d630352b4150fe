#!/usr/bin/env python3
"""Build the PDF: Sphinx's LaTeX builder, then latexmk with XeLaTeX.

Fails (exit 1) on any Sphinx warning, on a LaTeX error, on a glyph the fonts
lack ("Missing character", which XeLaTeX would otherwise drop silently) and on
an undefined cross-reference (a pinpoint whose line is not in the PDF).
Without TeX it exits 2 and names the Debian packages to install.

    starlight pdf [--docs docs] [--builddir build]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGES = (
    "latexmk texlive-latex-recommended texlive-fonts-recommended "
    "texlive-latex-extra tex-gyre texlive-xetex fonts-freefont-otf"
)
PDF_NAME = "lost-in-starlight-wiki.pdf"
_LOG_PROBLEMS = re.compile(
    r"(Missing character: .*|LaTeX Warning: (?:Hyper )?[Rr]eference .* undefined.*)"
)


def missing_tex() -> list[str]:
    return [tool for tool in ("latexmk", "xelatex") if shutil.which(tool) is None]


def log_problems(log: Path) -> list[str]:
    """``file:line: problem`` for every dropped glyph or undefined reference in *log*."""
    problems = []
    text = log.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        match = _LOG_PROBLEMS.search(line)
        if match:
            problems.append(f"{log}:{number}: {match.group(1).strip()}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", default="docs")
    parser.add_argument("--builddir", default="build")
    args = parser.parse_args(argv)
    missing = missing_tex()
    if missing:
        print(
            f"make pdf: {', '.join(missing)} not found; install TeX with: apt-get install "
            f"--no-install-recommends {PACKAGES}",
            file=sys.stderr,
        )
        return 2
    latex = Path(args.builddir, "latex")
    sphinx = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "latex",
            "-n",
            "-W",
            "--keep-going",
            "-d",
            str(Path(args.builddir, "doctrees-latex")),
            args.docs,
            str(latex),
        ]
    )
    if sphinx.returncode:
        return 1
    tex = sorted(latex.glob("*.tex"))
    if len(tex) != 1:
        print(f"{latex}: expected one .tex file, found {len(tex)}", file=sys.stderr)
        return 1
    run = subprocess.run(
        [
            "latexmk",
            "-pdfxe",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-file-line-error",
            tex[0].name,
        ],
        cwd=latex,
        capture_output=True,
        text=True,
    )
    log = tex[0].with_suffix(".log")
    if run.returncode:
        errors = [line for line in run.stdout.splitlines() if re.match(r"^\S+:\d+: ", line)]
        print("\n".join(errors or run.stdout.splitlines()[-20:]), file=sys.stderr)
        print(f"{log}: LaTeX failed", file=sys.stderr)
        return 1
    problems = log_problems(log)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    target = Path(args.builddir, "pdf", PDF_NAME)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tex[0].with_suffix(".pdf"), target)
    print(f"The PDF is built: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
