"""Presenting a report: text for terminals, JSON for tools, nodes for the site."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from docutils import nodes

from starlight.claims.measures import Policy
from starlight.claims.rules import CITED, FAILED, UNCITED, VERIFIED, Report


@lru_cache(maxsize=4096)
def relative(path: str, root: Path | None) -> str:
    """*path* relative to *root* when it lies below it (``docs/plot.md``).

    Cached: thousands of claims share a few hundred paths.
    """
    if root is None:
        return path
    try:
        return (
            os.path.relpath(path, root)
            if Path(path).is_absolute() and Path(path).resolve().is_relative_to(root.resolve())
            else path
        )
    except ValueError:
        return path


def claims_dataset(report: Report, root: Path | None = None) -> dict:
    """Every claim with page, line, text, cited keys, pinpoints and status."""
    claims = []
    for claim in report.claims:
        data = claim.as_json()
        data["path"] = relative(claim.path, root)
        claims.append(data)
    labels = []
    for label in report.labels:
        data = label.as_json()
        data["path"] = relative(label.path, root)
        labels.append(data)
    return {
        "claims": claims,
        "labels": labels,
        "exemptions": [
            {"page": e.docname, "path": relative(e.path, root), "line": e.line, "reason": e.reason}
            for e in report.exemptions
        ],
        "findings": [
            {
                "code": f.code.qualified,
                "path": relative(f.path, root),
                "line": f.line,
                "message": f.message,
            }
            for f in report.findings
        ],
        "coverage": [
            {
                "key": c.key,
                "label": c.label,
                "lines_on_topic": c.counted,
                "lines_cited": c.cited,
                "share": round(c.share, 4),
                "uncited_lines": c.uncited_lines,
            }
            for c in report.coverage
        ],
        "allowlist": {
            "file": relative(report.allowlist.path, root),
            "phrases": report.allowlist.phrases,
            "source_labels": report.allowlist.labels,
        },
        "measures": {
            "pages": [
                {
                    "page": m.docname,
                    "path": relative(m.path, root),
                    "prose_words": m.words,
                    "quoted_share": round(m.quoted_share, 4),
                    "sentences": m.sentences,
                    "attributing_share": round(m.attributing_share, 4),
                }
                for m in report.measures
            ],
            "prose_words": report.prose_words,
            "source_words": report.source_words,
            "most_cited_line": (
                {
                    "key": report.most_cited[0],
                    "line": report.most_cited[1],
                    "claims": report.most_cited[2],
                }
                if report.most_cited
                else None
            ),
        },
        "flags_per_file": {
            relative(path, root): count for path, count in sorted(report.flags_per_file().items())
        },
        "totals": report.totals,
        **(
            {"reviews": {"states": report.reviewed.states, "reviewers": report.reviewed.reviewers}}
            if report.reviewed is not None
            else {}
        ),
    }


def dataset_json(report: Report, root: Path | None = None) -> str:
    """The dataset as published: keys sorted, so that equal reports give equal files.

    Compact (no indent) because only then does :mod:`json` use its C encoder.
    """
    return (
        json.dumps(
            claims_dataset(report, root), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        + "\n"
    )


def flag_line(path: str, line: int, flag, root: Path | None = None) -> str:
    """``docs/plot.md:14: flag: 'always': stronger than … [flag.scale]``."""
    return (
        f"{relative(path, root)}:{line}: flag: '{flag.word}': {flag.message} "
        f"[{flag.kind.qualified}]"
    )


def text_report(report: Report, root: Path | None = None) -> list[str]:
    """The human report: findings first, then flags (words a person must confirm),
    exemptions, allow-list, coverage, totals."""
    lines = [f.format(relative(f.path, root)) for f in report.findings]
    lines += [flag_line(path, line, flag, root) for path, line, flag in report.flags]
    lines.append("")
    lines.append("Exempt from checking:")
    for item in report.exemptions:
        lines.append(f"  {relative(item.path, root)}:{item.line}: {item.reason}")
    lines.append(
        f"Allow-list ({relative(report.allowlist.path, root)}): "
        + ", ".join(report.allowlist.phrases)
    )
    lines.append("Source labels (from sources.yaml): " + ", ".join(report.allowlist.labels))
    lines.append("Coverage of the lines on topic:")
    for covered in report.coverage:
        missing = (
            f"; not cited: {', '.join(f'L{n}' for n in covered.uncited_lines)}"
            if covered.uncited_lines
            else ""
        )
        lines.append(
            f"  {covered.key}: {covered.cited}/{covered.counted} lines "
            f"({covered.share:.0%}){missing}"
        )
    lines.append("Editorial measures (prose words, quoted, sentences that attribute):")
    for page in report.measures:
        lines.append(
            f"  {relative(page.path, root)}: {page.words} words, "
            f"{page.quoted_share:.0%} quoted, {page.attributing_share:.0%} of "
            f"{page.sentences} sentences attribute"
        )
    lines.append(
        f"  length: {report.prose_words} prose words for {report.source_words} words "
        f"of sources ({_ratio(report)}); most cited line: {_most_cited(report)}"
    )
    per_file = report.flags_per_file()
    if per_file:
        lines.append("Flags per file (words a person must confirm against the cited lines):")
        for path, count in sorted(per_file.items()):
            lines.append(f"  {relative(path, root)}: {count}")
    totals = report.totals
    lines.append(
        f"{totals['claims']} claims: {totals[VERIFIED]} verified, {totals[CITED]} cited, "
        f"{totals[UNCITED]} uncited, {totals[FAILED]} failed verification; "
        f"{totals['findings']} findings; {totals['flags']} flags"
    )
    return lines


def _ratio(report: Report) -> str:
    return f"{report.prose_words / report.source_words:.1f}×" if report.source_words else "n/a"


def _most_cited(report: Report) -> str:
    if not report.most_cited:
        return "none"
    key, line, count = report.most_cited
    return f"{key} L{line}, by {count} claims"


def _table(
    titles: tuple[str, ...], rows: Sequence[tuple[str, ...]], classes: list[str]
) -> nodes.table:
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(titles))
    table += group
    for _ in titles:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph("", title)) for title in titles))
    group += head
    body = nodes.tbody()
    group += body
    for row in rows:
        body += nodes.row("", *(nodes.entry("", nodes.paragraph("", text)) for text in row))
    return table


def policy_nodes(policy: Policy, min_coverage: float) -> list[nodes.Node]:
    """The limits of ``conf.py`` as a table (a missing limit reads "no limit")."""

    def share(value) -> str:
        return "no limit" if value is None else f"at most {value:.0%}"

    def pages(values: dict, form) -> str:
        return "".join(f"; {page}: {form(value)}" for page, value in sorted(values.items()))

    rows = [
        (
            "words inside quotation marks, share of a page's prose words",
            share(policy.max_quoted) + pages(policy.page_quoted, share),
        ),
        (
            "sentences that attribute, share of a page's sentences",
            share(policy.max_attributing) + pages(policy.page_attributing, share),
        ),
        (
            "prose words of a page",
            ("no limit" + pages(policy.max_words, lambda n: f"at most {n}"))
            if policy.max_words
            else "no limit",
        ),
        (
            "claims citing one source line",
            "no limit"
            if policy.max_citations_per_line is None
            else f"at most {policy.max_citations_per_line}",
        ),
        (
            "share of each source's lines on topic that are cited",
            f"at least {min_coverage:.0%}",
        ),
    ]
    return [_table(("Measure", "Limit"), rows, ["claims-policy"])]


def verification_nodes(report: Report | None) -> list[nodes.Node]:
    """The Verification page's tables, built from the report of this build."""
    if report is None:
        return [nodes.paragraph("", "The claim checks did not run in this build.")]
    totals = report.totals
    summary = nodes.bullet_list()
    for label, value in (
        ("Claims", totals["claims"]),
        ("Verified", totals[VERIFIED]),
        ("Cited (nothing to match mechanically)", totals[CITED]),
        ("Uncited", totals[UNCITED]),
        ("Failed verification", totals[FAILED]),
        ("Findings", totals["findings"]),
        ("Flagged words (for a person to confirm against their lines)", totals["flags"]),
    ):
        summary += nodes.list_item("", nodes.paragraph("", f"{label}: {value}"))
    table = _table(
        ("Source", "Lines on topic", "Lines cited", "Coverage"),
        [
            (item.label, str(item.counted), str(item.cited), f"{item.share:.0%}")
            for item in report.coverage
        ],
        ["coverage"],
    )
    flags = report.flags_per_file()
    measures = _table(
        ("Page", "Prose words", "Quoted", "Sentences that attribute", "Flagged words"),
        [
            (
                page.docname,
                str(page.words),
                f"{page.quoted_share:.0%}",
                f"{page.attributing_share:.0%}",
                str(flags.get(page.path, 0)),
            )
            for page in report.measures
        ],
        ["measures"],
    )
    length = nodes.paragraph(
        "",
        f"Length: {report.prose_words} prose words for "
        f"{report.source_words} words of sources ({_ratio(report)}); "
        f"most cited source line: {_most_cited(report)}.",
    )
    return [summary, *_review_nodes(report), table, measures, length]


def _review_nodes(report: Report) -> list[nodes.Node]:
    """What people confirmed, beside what the machine proved."""
    reviewed = report.reviewed
    if reviewed is None:
        return []
    total = sum(reviewed.states.values())
    people = ", ".join(f"{name} ({count})" for name, count in sorted(reviewed.reviewers.items()))
    text = (
        f"The machine proved, for every claim, its citations and what can be matched in "
        f"its lines: quotes, numbers, dates and names. People confirmed what it cannot "
        f"prove, the meaning, by reading each claim beside its cited lines: "
        f"{reviewed.states.get('reviewed', 0)} of {total} claims (labels that state "
        f"something included) are confirmed"
        + (f" (by {people})" if people else "")
        + f"; {reviewed.states.get('changed', 0)} changed since their review and "
        f"{reviewed.states.get('unreviewed', 0)} never reviewed. The review ledger, "
        f"with each reviewer, date and note, is docs/reviews.tsv in the repository."
    )
    return [nodes.paragraph("", text)]
