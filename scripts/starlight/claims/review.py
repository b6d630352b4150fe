#!/usr/bin/env python3
"""Review claims against their cited lines and record it in the ledger (``make review``).

Checks the wiki as ``check-claims`` does, then walks an editor through every
claim that is unreviewed or changed since its review, in page order: the claim
(flagged words marked), its diff from the text last reviewed, and its cited
lines (words the claim shares with them marked). Then: approve (a note is
required while flags remain), skip, edit (``$EDITOR`` at the claim's line) or
quit. Each approval is written to the ledger at once.

    starlight review                       # walk through every page
    starlight review --page plot           # one page
    starlight review --list                # what awaits review, one line each
    starlight review --approve KEY --note "'landed on' is the source's 'settled on'"

The reviewer is ``git config user.name`` unless ``--reviewer`` names one. A claim
whose machine checks fail cannot be approved: mend it first. Exit status: 0 done,
1 claims left unreviewed (``--list``) or an approval refused, 2 bad input.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from starlight import buildstate
from starlight.claims import ledger
from starlight.claims.check import opened
from starlight.claims.model import Claim, Label, ReviewState
from starlight.claims.rules import reviewable
from starlight.sources.catalog import cached_catalog

_WORD = re.compile(r"[\w’'-]+")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", default="docs", help="the Sphinx source folder (default: docs)")
    parser.add_argument("--page", help="only this page (its name, e.g. plot)")
    parser.add_argument("--list", action="store_true", help="list what awaits review and stop")
    parser.add_argument("--approve", metavar="KEY", help="record the claim KEY as reviewed")
    parser.add_argument(
        "--note", default="", help="the reviewer's note (required while flags remain)"
    )
    parser.add_argument("--reviewer", help="who reviewed (default: git config user.name)")
    parser.add_argument("--doctrees", help="as check-claims' --doctrees")
    return parser.parse_args(argv)


@dataclass(frozen=True)
class Style:
    """How the review marks flagged words, aligned words and headings: each a format."""

    flagged_mark: str
    aligned_mark: str
    head_mark: str

    def flagged(self, text: str) -> str:
        return self.flagged_mark.format(text)

    def aligned(self, text: str) -> str:
        return self.aligned_mark.format(text)

    def head(self, text: str) -> str:
        return self.head_mark.format(text)


TERMINAL = Style("\x1b[1;7m{}\x1b[0m", "\x1b[4m{}\x1b[0m", "\x1b[1m{}\x1b[0m")
"""Bold reverse, underlined and bold, for a terminal."""
PLAIN = Style("[[{}]]", "_{}_", "{}")
"""Plain marks, for a file or a pipe."""


def reviewer_name(given: str | None) -> str | None:
    if given:
        return given
    try:
        found = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True)
    except OSError:
        return None
    return found.stdout.strip() or None


def marked_claim(item, style: Style) -> str:
    """The claim's text with each flagged word marked."""
    text, out, at = item.text, [], 0
    for flag in sorted(item.flags, key=lambda f: f.start):
        if flag.start < at:
            continue
        out += [text[at : flag.start], style.flagged(text[flag.start : flag.end])]
        at = flag.end
    return "".join(out + [text[at:]])


def marked_lines(item, catalog, style: Style) -> list[str]:
    """Each cited line, the words it shares with the claim marked."""
    words = {word.casefold() for word in _WORD.findall(ledger.words_of(item)) if len(word) > 2}
    lines = []
    for line in ledger.cited_text(item.citations, catalog).split("\n"):
        head, sep, body = line.partition(": ")
        body = _WORD.sub(
            lambda m: style.aligned(m.group()) if m.group().casefold() in words else m.group(), body
        )
        lines.append(f"  {head}{sep}{body}")
    return lines


def diff(before: str, after: str) -> str:
    """Word diff: [-removed-] {+added+}."""
    old, new = before.split(), after.split()
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if op == "equal":
            out += old[a1:a2]
            continue
        if a2 > a1:
            out.append("[-" + " ".join(old[a1:a2]) + "-]")
        if b2 > b1:
            out.append("{+" + " ".join(new[b1:b2]) + "+}")
    return " ".join(out)


def describe(item, catalog, style: Style, root: Path) -> str:
    state = item.review
    where = f"{os.path.relpath(item.path, root)}:{item.line}"
    parts = [style.head(f"{where}  {state.state}  key {state.key}"), marked_claim(item, style)]
    if state.text and state.text != " ".join(item.text.split()):
        parts.append(
            f"since {state.reviewer}'s review on {state.date}: "
            f"{diff(state.text, ' '.join(item.text.split()))}"
        )
    if item.flags:
        parts += [f"  flag: '{flag.word}': {flag.message}" for flag in item.flags]
    parts.append("cited lines:")
    parts += marked_lines(item, catalog, style)
    return "\n".join(parts)


def _review(item: Claim | Label) -> ReviewState:
    """*item*'s place in the ledger: the checks set it on every claim they read against
    one (``main`` lists no other)."""
    if item.review is None:
        raise ValueError(f"{item.path}:{item.line}: not read against the review ledger")
    return item.review


class Refused(Exception):
    """An approval the ledger must not record; its message says why, in one line."""


def approve(
    item, catalog, rows: list[ledger.Review], reviewer: str, note: str
) -> list[ledger.Review]:
    """*rows* with *item* recorded as reviewed by *reviewer*."""
    if item.findings:
        raise Refused(
            f"{item.path}:{item.line}: the machine checks fail "
            f"({', '.join(item.findings)}): mend the claim before approving it"
        )
    if item.flags and not note.strip():
        words = ", ".join(f"'{flag.word}'" for flag in item.flags)
        raise Refused(
            f"{item.path}:{item.line}: flags remain ({words}): give a note "
            f"that says why the lines support them"
        )
    row = ledger.approved(item, catalog, item.review.key, reviewer, date.today().isoformat(), note)
    return [r for r in rows if (r.page, r.key) != (row.page, row.key)] + [row]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    docs = Path(args.docs).resolve()
    project = opened(args)
    if project is None:
        return 2
    app, _ = project
    if not app.config.claims_reviews:
        print(f"{docs / 'conf.py'}: claims_reviews names no review ledger", file=sys.stderr)
        return 2
    report = buildstate.of(app).report
    if report is None:
        print(f"{docs}: the claim checks did not run", file=sys.stderr)
        return 2
    path = Path(app.confdir, app.config.claims_reviews)
    catalog = cached_catalog(app.config.claims_sources_file)
    rows = ledger.kept(reviewable(report.claims, report.labels), catalog, ledger.load(path))
    items = [
        item
        for item in reviewable(report.claims, report.labels)
        if item.review is not None and (args.page is None or item.docname == args.page)
    ]
    if args.page is not None and not any(
        i.docname == args.page for i in reviewable(report.claims, report.labels)
    ):
        print(f"{args.docs}: no page {args.page!r} with claims", file=sys.stderr)
        return 2
    waiting = sorted(
        (i for i in items if _review(i).state != ledger.REVIEWED), key=lambda i: (i.path, i.line)
    )
    root = Path.cwd()
    if args.list:
        for item in waiting:
            flags = (
                f" [{len(item.flags)} flag{'s' if len(item.flags) != 1 else ''}]"
                if item.flags
                else ""
            )
            print(
                f"{os.path.relpath(item.path, root)}:{item.line}: {_review(item).state} "
                f"{_review(item).key}{flags}: {' '.join(item.text.split())}"
            )
        print(f"{len(waiting)} of {len(items)} claims await review")
        return 1 if waiting else 0
    reviewer = reviewer_name(args.reviewer)
    if reviewer is None:
        print(
            "starlight review: no reviewer: pass --reviewer NAME or set git config user.name",
            file=sys.stderr,
        )
        return 2
    if args.approve:
        chosen = [i for i in items if _review(i).key == args.approve]
        if not chosen:
            print(
                f"{path}: no claim with key {args.approve} (starlight review --list "
                f"shows the keys)",
                file=sys.stderr,
            )
            return 2
        try:
            rows = approve(chosen[0], catalog, rows, reviewer, args.note)
        except Refused as refused:
            print(refused, file=sys.stderr)
            return 1
        ledger.save(path, rows)
        print(f"{path}: {args.approve} reviewed by {reviewer}")
        return 0
    return walk(waiting, catalog, rows, path, reviewer, root)


def walk(
    waiting: list, catalog, rows: list[ledger.Review], path: Path, reviewer: str, root: Path
) -> int:
    """The interactive review: one claim at a time, each approval saved at once."""
    style = TERMINAL if sys.stdout.isatty() else PLAIN
    done = 0
    for number, item in enumerate(waiting, start=1):
        print(f"\n({number} of {len(waiting)}) " + describe(item, catalog, style, root))
        while True:
            answer = _ask("[a]pprove, [s]kip, [e]dit, [q]uit? ").strip().lower()
            if answer in ("a", "approve"):
                note = _ask(
                    "note (required: flags remain): " if item.flags else "note (optional): "
                )
                try:
                    rows = approve(item, catalog, rows, reviewer, note)
                except Refused as refused:
                    print(refused)
                    continue
                ledger.save(path, rows)
                done += 1
                print(f"recorded: {item.review.key} reviewed by {reviewer}")
                break
            if answer in ("s", "skip", ""):
                break
            if answer in ("e", "edit"):
                editor = os.environ.get("EDITOR", "vi")
                subprocess.run([*shlex.split(editor), f"+{item.line}", item.path])
                print("edited: run make review again to see the claim checked anew")
                break
            if answer in ("q", "quit"):
                print(f"{done} reviewed")
                return 0
            print("answer a, s, e or q")
    print(f"{done} reviewed, {len(waiting) - done} left")
    return 0


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        return "q"


if __name__ == "__main__":
    sys.exit(main())
