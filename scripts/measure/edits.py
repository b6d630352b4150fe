#!/usr/bin/env python3
"""Hand-written edits of the wiki, and new pages, checked one by one: what the checker says.

The red team (``redteam.py``) generates its edits; this tool takes edits that
people wrote, who never saw the checker: natural mistakes a careless editor
makes (each with the words that make it wrong) and honest edits that stay
supported, in YAML files of this form::

    - id: e01
      kind: scale
      page: docs/plot.md
      find: "exact text of the page, once"
      replace: "what replaces it"
      wrong: ["always"]      # [] for an honest edit

Each edit is applied alone to a copy of the wiki and checked (one incremental
build each, as the red team does). A mistake is *caught* when the hard tier
reports a finding at its sentence, *flagged* when a flag there marks one of its
wrong words, *missed* otherwise; an honest edit *passes* when the hard tier
reports nothing new, and its new flags are counted. A new page (``--page``,
Markdown with ``orphan: true``) is added to the copy as it is and its sentences'
findings and flags are counted.

    python scripts/measure/edits.py ERRORS.yaml [HONEST.yaml …] [--page NEW.md …]
                                    [--jobs J] [--json FILE] [--examples N]

Exit status 0 with the report, 2 for bad input (one line, ``path: what is wrong``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

import redteam
from starlight import REPO, buildstate
from starlight.claims.check import write


def load_edits(
    path: Path, root: Path, stale: list[str] | None = None
) -> list[tuple[dict, redteam.Mutation]]:
    """The edits of one YAML file, each as a mutation of *root*'s page. An edit whose
    text the page no longer holds once is an error, or, when *stale* is given, is left
    out and its id added to *stale* (a set kept outside the repository is not moved
    with the wiki's text)."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise redteam.UsageError(f"{path}: cannot read the edits ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or "not YAML"
        raise redteam.UsageError(f"{where}: {problem}") from None
    if not isinstance(entries, list):
        raise redteam.UsageError(f"{path}: expected a list of edits")
    found = []
    for number, entry in enumerate(entries, 1):
        where = f"{path}: edit {entry.get('id', number) if isinstance(entry, dict) else number}"
        if not isinstance(entry, dict):
            raise redteam.UsageError(f"{where}: expected a mapping (page, find, replace, wrong)")
        for key in ("page", "find", "replace"):
            if not isinstance(entry.get(key), str):
                raise redteam.UsageError(f"{where}: '{key}' must be text")
        wrong = entry.get("wrong", [])
        if not isinstance(wrong, list) or not all(isinstance(w, str) for w in wrong):
            raise redteam.UsageError(
                f"{where}: 'wrong' must be a list of words ([] for an honest edit)"
            )
        page = root / entry["page"]
        if not page.is_file():
            raise redteam.UsageError(f"{where}: no page {entry['page']}")
        text = page.read_text(encoding="utf-8")
        occurs = text.count(entry["find"])
        if occurs != 1 and stale is not None:
            stale.append(str(entry.get("id", number)))
            continue
        if occurs != 1:
            raise redteam.UsageError(
                f"{where}: 'find' occurs {occurs} times in {entry['page']}, not once"
            )
        found.append((entry, mutation_of(entry, text)))
    return found


def mutation_of(entry: dict, text: str) -> redteam.Mutation:
    """The edit as the red team's :class:`redteam.Mutation`: the lines it changes, and the
    lines of the mutated file where a finding counts (those lines and the first line of
    their block)."""
    at = text.index(entry["find"])
    lines = text.split("\n")
    first = text[:at].count("\n")
    last = text[: at + len(entry["find"])].count("\n")
    edited = text[:at] + entry["replace"] + text[at + len(entry["find"]) :]
    new_lines = edited.split("\n")
    new_last = last + len(new_lines) - len(lines)
    block = first
    while block > 0 and lines[block - 1].strip():
        block -= 1
    accept = {block + 1, *range(first + 1, new_last + 2)}
    wrong = tuple(entry.get("wrong") or ())
    cls = "subtle" if wrong else "legitimate"
    return redteam.Mutation(
        str(entry.get("kind", "edit")),
        cls,
        entry["page"],
        first + 1,
        tuple(lines[first : last + 1]),
        tuple(new_lines[first : new_last + 1]),
        tuple(sorted(accept)),
        wrong,
    )


def check_pages(pages: list[Path], root: Path) -> list[dict]:
    """Each new page added to a copy of *root* and checked: its sentences, and the
    findings and flags on it."""
    results = []
    with tempfile.TemporaryDirectory(prefix="edits-pages-") as scratch:
        for page in pages:
            project = redteam.copy_of(root, Path(scratch, page.stem))
            target = project / "docs" / page.name
            if target.exists():
                raise redteam.UsageError(f"{page}: the wiki already has a page {page.name}")
            target.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
            engine = redteam.Engine(project)
            try:
                found = engine.baseline()
                report = buildstate.of(engine.app).report
                claims = [c for c in report.claims if c.path.endswith("/" + page.name)]
            finally:
                engine.close()
            mine = [f for f in found if f.path == f"docs/{page.name}"]
            results.append(
                {
                    "page": str(page),
                    "sentences": len(claims),
                    "rejected": sum(1 for c in claims if c.findings),
                    "findings": [f.format() + " " + f.message for f in mine if not f.is_flag],
                    "flags": [
                        f"{f.line}: '{f.word}' {f.message} [{f.code}]" for f in mine if f.is_flag
                    ],
                }
            )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="YAML files of edits")
    parser.add_argument(
        "--page",
        action="append",
        type=Path,
        default=[],
        help="a new page to add and check (Markdown, orphan: true)",
    )
    parser.add_argument("--root", type=Path, default=REPO, help="the wiki (default: this checkout)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, help="write every verdict here")
    parser.add_argument(
        "--leave-out-stale",
        action="store_true",
        help="leave out, and count, the edits whose text the pages no longer hold once",
    )
    parser.add_argument(
        "--examples",
        type=int,
        default=100,
        help="misses and rejections to show per file (default: 100)",
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not args.files and not args.page:
        print("edits.py: give YAML files of edits, or --page NEW.md, or both", file=sys.stderr)
        return 2
    try:
        loaded = []
        for path in args.files:
            stale: list[str] | None = [] if args.leave_out_stale else None
            loaded.append((path, load_edits(path, root, stale)))
            if stale:
                print(f"{path}: {len(stale)} edits left out, their text gone: {', '.join(stale)}")
        for page in args.page:
            if not page.is_file():
                raise redteam.UsageError(f"{page}: no such page")
        output: dict[str, list[dict]] = {"edits": [], "pages": []}
        for path, edits in loaded:
            _, results = redteam.run(root, [m for _, m in edits], args.jobs, "incremental")
            print(f"{path}: {len(edits)} edits")
            rows: Counter = Counter()
            flags_per_edit = []
            for (entry, mutation), result in zip(edits, results, strict=True):
                rows[(mutation.kind, result.verdict)] += 1
                new_flags = [f for f in result.findings if f.is_flag]
                flags_per_edit.append(len(new_flags))
                output["edits"].append(
                    {
                        "file": str(path),
                        "id": entry.get("id"),
                        "kind": mutation.kind,
                        "verdict": result.verdict,
                        "findings": [f.format() + " " + f.message for f in result.findings],
                    }
                )
            _print_table(rows, edits, results, flags_per_edit, args.examples)
        for checked in check_pages(args.page, root):
            output["pages"].append(checked)
            print(
                f"{checked['page']}: {checked['sentences']} sentences, {checked['rejected']} "
                f"rejected by the hard tier, {len(checked['flags'])} flags "
                f"({len(checked['flags']) / max(1, checked['sentences']):.2f} per sentence)"
            )
            for line in checked["findings"] + checked["flags"]:
                print(f"    {line}")
    except redteam.UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.json:
        write(json.dumps(output, indent=1, ensure_ascii=False) + "\n", str(args.json))
    return 0


def _print_table(rows: Counter, edits, results, flags_per_edit: list[int], examples: int) -> None:
    """The errors (edits with wrong words) by kind, then the honest edits, of one file."""
    errors = [(m, r) for (_, m), r in zip(edits, results, strict=True) if m.cls == "subtle"]
    honest = [
        (m, r, n)
        for (_, m), r, n in zip(edits, results, flags_per_edit, strict=True)
        if m.cls == "legitimate"
    ]
    if errors:
        print(f"  {'kind':<18} {'tried':>5} {'caught':>6} {'flagged':>7} {'missed':>6}")
        for kind in sorted({m.kind for m, _ in errors}):
            tried = sum(rows[(kind, v)] for v in ("caught", "flagged", "missed"))
            print(
                f"  {kind:<18} {tried:>5} {rows[(kind, 'caught')]:>6} "
                f"{rows[(kind, 'flagged')]:>7} {rows[(kind, 'missed')]:>6}"
            )
        tried = len(errors)
        caught = sum(r.verdict == "caught" for _, r in errors)
        flagged = sum(r.verdict == "flagged" for _, r in errors)
        print(
            f"  {'all':<18} {tried:>5} {caught:>6} {flagged:>7} {tried - caught - flagged:>6}"
            f"   caught or flagged at the word: {(caught + flagged) / max(1, tried):.0%}"
        )
    if honest:
        passed = sum(r.verdict == "passed" for _, r, _ in honest)
        flags = sum(n for _, _, n in honest)
        print(
            f"  passed the hard tier: {passed} of {len(honest)} "
            f"({passed / len(honest):.0%}); new flags: {flags} "
            f"({flags / len(honest):.2f} per edit)"
        )
    shown = 0
    for (entry, mutation), result, count in zip(edits, results, flags_per_edit, strict=True):
        bad = result.verdict in ("missed", "rejected") or (mutation.cls == "legitimate" and count)
        if bad and shown < examples:
            shown += 1
            said = "; ".join(
                f"{f.format()} '{f.word}' {f.message}" if f.is_flag else f"{f.format()} {f.message}"
                for f in result.findings[:4]
            )
            print(
                f"    {entry.get('id')} {mutation.kind} {result.verdict}: {mutation.short_diff()}"
            )
            print(f"        -> {said or 'nothing new'}")


if __name__ == "__main__":
    sys.exit(main())
