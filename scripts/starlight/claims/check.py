#!/usr/bin/env python3
"""Check every claim of the wiki against its sources, outside a full HTML build.

Runs Sphinx with the extension's ``claims`` builder (reading only, no pages
written) so that the claims come from the same doctrees and the same rules as
in the build, then prints the report. Every page is read afresh, so every
warning Sphinx gives is seen; the doctrees are kept (``--doctrees``, by default
``build/claims-doctrees`` beside the Sphinx folder) so that the verdicts of
unchanged claims are reused (:mod:`starlight.claims.cache`). Exit status: 0
clean, 1 findings, 2 usage error or input that cannot be read (a broken
source, a malformed role or pinpoint, an empty page, a Sphinx error).

    starlight check-claims                 # text report
    starlight check-claims --format json   # the claims dataset
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
from pathlib import Path

from sphinx.util.logging import is_suppressed_warning

from starlight import buildstate
from starlight.claims.codes import WARNING_TYPE
from starlight.claims.report import dataset_json, text_report
from starlight.locks import exclusive

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", default="docs", help="the Sphinx source folder (default: docs)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--output", "-o", help="write the report to this file instead of stdout")
    parser.add_argument(
        "--doctrees",
        help="where the doctrees and the kept verdicts go "
        "(default: build/claims-doctrees beside the docs)",
    )
    return parser.parse_args(argv)


def build(docs: Path, doctrees: Path):
    """Read the whole project with Sphinx; return (app, other warnings)."""
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()
    warnings = io.StringIO()
    # One check at a time in a doctree folder: Sphinx rewrites its files in place, so a
    # second check started meanwhile (an editor's hook beside make) waits.
    with (
        exclusive(doctrees / ".lock"),
        tempfile.TemporaryDirectory(prefix="check-claims-") as scratch,
        patch_docutils(docs),
        docutils_namespace(),
    ):
        app = Sphinx(
            str(docs),
            str(docs),
            str(Path(scratch, "out")),
            str(doctrees),
            "claims",
            status=None,
            warning=warnings,
            freshenv=True,
            keep_going=True,
        )
        app.build(force_all=True)
    # Findings are in the report; input errors (claims.input) stop the checks, so they
    # are shown; bibtex.key_not_found is reported as claims.unknown_key.
    other = [
        line
        for line in _ANSI.sub("", warnings.getvalue()).splitlines()
        if line.strip()
        and (f"[{WARNING_TYPE}." not in line or f"[{WARNING_TYPE}.input]" in line)
        and "[bibtex.key_not_found]" not in line
    ]
    return app, other


def write(text: str, output: str | None) -> None:
    """Write all of *text* or nothing (a temporary file renamed into place)."""
    if output is None:
        sys.stdout.write(text)
        return
    target = Path(output)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent or ".", delete=False, suffix=".tmp"
    ) as handle:
        handle.write(text)
    os.replace(handle.name, target)


class Unreadable(Exception):
    """The project could not be read; the message is the one line to show."""


def read_project(docs_option: str, doctrees_option: str | None):
    """The project read as :func:`build` reads it: ``(app, other warnings)``. A
    folder without ``conf.py`` or a configuration Sphinx rejects is
    :class:`Unreadable`, with one located line. Shared by ``check-claims`` and
    ``review``."""
    docs = Path(docs_option).resolve()
    if not (docs / "conf.py").is_file():
        raise Unreadable(
            f"{docs_option}: no conf.py here; pass the Sphinx source folder with --docs"
        )
    doctrees = (
        Path(doctrees_option) if doctrees_option else (docs.parent / "build" / "claims-doctrees")
    )
    try:
        return build(docs, doctrees)
    except Exception as exc:  # Sphinx reports config and extension errors this way
        message = " ".join(str(exc).split()) or type(exc).__name__
        message = message.replace(str(Path.cwd()) + os.sep, "")
        head = message.split(": ", 1)[0]
        located = os.sep in head or head.split(":")[0].endswith("conf.py")  # "conf.py: …"
        raise Unreadable(message if located else f"{docs / 'conf.py'}: {message}") from None


def opened(args):
    """:func:`read_project` with a command's ``--docs`` and ``--doctrees``; ``None``
    once the line that says why it cannot be read is printed (the command exits 2)."""
    try:
        return read_project(args.docs, args.doctrees)
    except Unreadable as unreadable:
        print(unreadable, file=sys.stderr)
        return None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    docs = Path(args.docs).resolve()
    project = opened(args)
    if project is None:
        return 2
    app, other = project
    report = buildstate.of(app).report
    root = Path.cwd()
    if report is not None:  # codes silenced on purpose in conf.py are silenced here too
        report.findings = [
            f
            for f in report.findings
            if not is_suppressed_warning(WARNING_TYPE, f.code.name, app.config.suppress_warnings)
        ]
    for line in other:
        print(line.replace(str(root) + os.sep, ""), file=sys.stderr)
    if report is None:
        print(f"{docs}: the claim checks did not run", file=sys.stderr)
        return 2
    if args.format == "json":
        text = dataset_json(report, root)
    else:
        text = "\n".join(text_report(report, root)) + "\n"
    write(text, args.output)
    if other or any(f.code.is_input_error for f in report.findings):
        return 2
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.exit(main())
