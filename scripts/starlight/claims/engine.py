"""The engine: runs the registry's rules (:mod:`.registry`) over a project's claims,
labels, pages and sources, and makes the report.

Each scope has its inputs object (:mod:`.rules`: :class:`.rules.ClauseInputs` and the
rest), whose attributes, computed once when a rule first asks for them, are the
inputs rules declare (a clause's quotes, its cited lines, its alignment …). The
engine hands each rule the inputs its function names, in the registry's order, and
makes a finding of each message with the rule's code. The Sphinx extension and the
command-line script both call :func:`check`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from starlight.claims import ledger
from starlight.claims.align import one_flag_a_word
from starlight.claims.cache import VerdictCache
from starlight.claims.codes import Code
from starlight.claims.lexicon import Synonyms
from starlight.claims.measures import Policy, page_measures
from starlight.claims.model import Citation, Claim, Exemption, Finding, Flag, Label
from starlight.claims.registry import Rule, Scope, Tier, of_scope
from starlight.claims.rules import (
    CITED,
    FAILED,
    UNCITED,
    VERIFIED,
    Allowlist,
    CitationInputs,
    ClaimInputs,
    ClauseInputs,
    Context,
    LabelInputs,
    PageInputs,
    ProjectInputs,
    Report,
    SourceText,
    known_names,
    read_sources,
    source_word_count,
)
from starlight.sources.catalog import Catalog, Source


def run(rule: Rule, inputs: object) -> list:
    """What *rule* reports on *inputs*: its flags, or its messages."""
    return rule.check(*(getattr(inputs, name) for name in rule.inputs))


def _code(rule: Rule) -> Code:
    if not isinstance(rule.code, Code):
        raise TypeError(f"rule {rule.name} reports flags, not findings")
    return rule.code


def findings_at(rule: Rule, messages: list[str], path: str, line: int) -> list[Finding]:
    """The findings of a rule's *messages*, with its code, at a claim's, a label's or a
    page's *path* and *line*."""
    code = _code(rule)
    return [Finding(code, path, line, message) for message in messages]


def located_findings(rule: Rule, located: list[tuple[str, int, str]]) -> list[Finding]:
    """The findings of a project rule, with its code: each (file, line, message)."""
    code = _code(rule)
    return [Finding(code, path, line, message) for path, line, message in located]


def _run(scope: Scope, inputs: object, path: str, line: int, verdict: _Verdict) -> None:
    """Every rule of *scope*, in order, on *inputs*: findings at *path* and *line*."""
    for rule in of_scope(scope):
        reported = run(rule, inputs)
        if rule.tier is Tier.flag:
            verdict.flags += reported
        elif reported:
            verdict.findings += findings_at(rule, reported, path, line)


@dataclass
class _Verdict:
    """What judging one claim or label finds: hard findings and flags."""

    findings: list[Finding] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


def _only(text: str, start: int, end: int) -> str:
    """*text* with everything outside [start, end) blanked, so offsets stay shared."""
    return " " * start + text[start:end] + " " * (len(text) - end)


def judge_claim(claim: Claim, context: Context) -> list[Finding]:
    """Judge one claim, clause by clause; set its status and flags, return its findings.

    The claim as written first (its roles; one that cites nothing is uncited), then
    each citation (its key and pinpoint), then each clause (the text up to a citation)
    against that citation's lines only, then the claim as a whole.
    """
    verdict = _Verdict()
    whole = ClaimInputs(claim, context)
    _run(Scope.claim, whole, claim.path, claim.line, verdict)
    if not claim.citations:
        return _judged(claim, verdict, UNCITED)
    passages: list[tuple[str, str, str] | None] = []
    for citation in claim.citations:
        inputs = CitationInputs(citation, context)
        for rule in of_scope(Scope.citation):
            messages = run(rule, inputs)
            if messages:
                verdict.findings += findings_at(rule, messages, claim.path, claim.line)
                passages.append(None)
                break
        else:
            passages.append(inputs.cited())
    if any(p is None for p in passages):
        return _judged(claim, verdict, FAILED)
    clauses = claim.clauses or ((0, len(claim.checked), 0, len(claim.citations)),)
    checks = False
    earlier: tuple[str, str] | None = None
    for start, end, first, count in clauses:
        group = [p for p in passages[first : first + count] if p is not None]
        text = _only(claim.checked, start, end)
        clause = ClauseInputs(claim, text, group, context, earlier)
        _run(Scope.clause, clause, claim.path, claim.line, verdict)
        checks = checks or clause.checks_something()
        earlier = (text, clause.cited_text)
    _run(Scope.cited_claim, whole, claim.path, claim.line, verdict)
    if verdict.findings:
        return _judged(claim, verdict, FAILED)
    return _judged(claim, verdict, VERIFIED if checks else CITED)


def _judged(claim: Claim, verdict: _Verdict, status: str) -> list[Finding]:
    claim.status = status
    claim.findings = [finding.code.qualified for finding in verdict.findings]
    shown = [
        Flag(flag.kind, *claim.in_text(flag.start, flag.end), flag.word, flag.message)
        for flag in verdict.flags
    ]
    claim.flags = one_flag_a_word([f for f in shown if f.end > f.start], claim.text)
    return verdict.findings


def judge_label(label: Label, context: Context) -> list[Finding]:
    """A label's numbers and names must be grounded by its section's citations; a label
    that states something is aligned with those citations' lines and flagged like a
    sentence, and any label's evaluative words are flagged (a heading cannot say whose
    view it gives)."""
    verdict = _Verdict()
    _run(Scope.label, LabelInputs(label, context), label.path, label.line, verdict)
    label.findings = [f.code.qualified for f in verdict.findings]
    label.flags = sorted(one_flag_a_word(verdict.flags, label.text), key=lambda f: (f.start, f.end))
    label.status = FAILED if verdict.findings else VERIFIED
    return verdict.findings


def check_claim(
    claim: Claim,
    texts: dict[str, SourceText],
    allow: Allowlist,
    names: set[str],
    synonyms: Synonyms | None = None,
) -> list[Finding]:
    """Judge one claim on its own (:func:`check` judges many with one :class:`Context`)."""
    return judge_claim(claim, Context(texts, allow, names, synonyms or Synonyms()))


def verify_text(
    text: str, lines: list[str], allowed: tuple[str, ...] = (), synonyms: Synonyms | None = None
) -> tuple[list[Finding], list[Flag]]:
    """The hard findings and the flags of *text* cited against all of *lines* (one
    source): the checker without Sphinx, for a sentence and the lines it cites. *allowed*:
    phrases that need no source (an article's own title, say)."""
    texts = {
        "lines": SourceText(
            Source("lines", "the cited lines", "lines.txt", "", Path(".")), list(lines)
        )
    }
    claim = Claim(
        "text",
        "text",
        1,
        text,
        text,
        [Citation("lines", f"L1-{len(lines)}" if len(lines) > 1 else "L1")],
    )
    context = Context(
        texts, Allowlist("", list(allowed)), known_names(texts), synonyms or Synonyms()
    )
    findings = judge_claim(claim, context)
    return findings, claim.flags


def check(
    claims: list[Claim],
    exemptions: list[Exemption],
    catalog: Catalog,
    allow: Allowlist,
    empty_pages: Sequence[tuple[str, str]] = (),
    labels: Sequence[Label] = (),
    synonyms: Synonyms | None = None,
    min_coverage: float = 1.0,
    policy: Policy | None = None,
    cache: VerdictCache | None = None,
    reviews: list | None = None,
    reviewed: ledger.Summary | None = None,
) -> Report:
    """Judge every claim and label, then every page and the project as a whole (sources,
    unused sources, coverage, empty pages). A claim or label *cache* holds a verdict for
    (from the last build, with the same inputs) is not judged again. *reviewed*: the
    summary of the *reviews* made this build, each item's review set by
    :func:`.ledger.assign` (the ledger is then not matched again)."""
    texts = read_sources(catalog)
    found = [t.problem for t in texts.values() if t.problem]
    names = known_names(texts)
    context = Context(texts, allow, names, synonyms or Synonyms())
    policy = policy or Policy()

    def judged(item: Claim | Label, judge) -> list[Finding]:
        return judge(item, context) if cache is None else cache.judged(item, judge, context)

    for claim in claims:
        found += judged(claim, judge_claim)
    for label in labels:
        found += judged(label, judge_label)
    measures = page_measures(claims, list(context.labels.values()))
    for measure in measures:
        page = PageInputs(measure, policy)
        for rule in of_scope(Scope.page):
            found += findings_at(rule, run(rule, page), measure.path, 1)
    project = ProjectInputs(
        claims, labels, catalog, texts, empty_pages, min_coverage, policy, reviews, reviewed
    )
    for rule in of_scope(Scope.project):
        found += located_findings(rule, run(rule, project))
    if reviewed is None and reviews is not None:
        reviewed = ledger.summary(project.reviewable)
    # A claim rendered twice (a timeline event on two pages) is one finding.
    found = sorted(set(found), key=lambda f: (f.path, f.line, f.code.name, f.message))
    counts = project.citation_counts
    most = max(counts.items(), key=lambda item: (item[1], item[0]), default=None)
    checked: list[Claim | Label] = [*claims, *labels]
    flags = sorted(
        {(item.path, item.line, flag) for item in checked for flag in item.flags},
        key=lambda f: (f[0], f[1], f[2].start, f[2].kind.name, f[2].message),
    )
    return Report(
        claims,
        exemptions,
        found,
        project.coverage,
        allow,
        measures,
        source_word_count(catalog, texts),
        (most[0][0], most[0][1], most[1]) if most else None,
        labels=list(labels),
        flags=flags,
        reviewed=reviewed,
    )
