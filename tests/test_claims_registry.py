"""The registry of rules: every code has a rule, every rule reports its own code from
the inputs it declares, and the engine runs them in the registry's order."""

import inspect
from pathlib import Path

import pytest

from starlight.claims import engine
from starlight.claims.codes import Code, FlagKind
from starlight.claims.engine import check_claim, findings_at, run
from starlight.claims.measures import PageMeasure, Policy
from starlight.claims.model import Citation, Claim, Label
from starlight.claims.registry import ELSEWHERE, INPUTS, RULES, Scope, Tier, of_scope
from starlight.claims.rules import (
    Allowlist,
    CitationInputs,
    ClaimInputs,
    ClauseInputs,
    Context,
    LabelInputs,
    PageInputs,
    ProjectInputs,
    SourceText,
)
from starlight.sources.catalog import Catalog, Source

LINES = [
    "Jane Doe directed Alpha in 2024, and Sam Roe wrote it.",
    "The film was not a success, and the crew always worked at night.",
]
TEXTS = {
    "alpha": SourceText(Source("alpha", "Alpha notes", "a.txt", "0" * 64, Path(".")), LINES),
}
CONTEXT = Context(TEXTS, Allowlist("allow.txt", [], ["Alpha notes"]), {"jane", "doe", "sam"})
CLAIMS = [
    # One of each: an unsupported word, a scale, an order, a polarity, a relation.
    "Sam Roe directed Alpha in 2024, and Jane Doe wrote it.",
    "The film was a success, and the crew sometimes worked at night before dawn.",
    "Jane Doe bravely directed Alpha in 2025, after Sam Roe wrote a stunning 'film'.",
]


def _claim(text: str, *citations: Citation) -> Claim:
    return Claim("index", "index.md", 3, text, text, list(citations))


def test_every_code_and_kind_has_a_rule_or_says_what_reports_it():
    reported = {rule.code for rule in RULES}
    for code in [*Code, *FlagKind]:
        assert (code in reported) != (code in ELSEWHERE), code


def test_every_rule_declares_its_inputs_by_its_parameters_and_each_is_explained():
    for rule in RULES:
        assert rule.inputs == tuple(inspect.signature(rule.check).parameters), rule.name
        assert set(rule.inputs) <= INPUTS.keys(), rule.name
        assert rule.about, f"{rule.name} has no docstring to say what it checks"


def _inputs(scope: Scope) -> object:
    """An inputs object of *scope*, on the fixture."""
    claim = _claim(CLAIMS[0], Citation("alpha", "L1-2"))
    if scope in (Scope.claim, Scope.cited_claim):
        return ClaimInputs(claim, CONTEXT)
    if scope is Scope.citation:
        return CitationInputs(claim.citations[0], CONTEXT)
    if scope is Scope.clause:
        group = [("alpha", "alpha L1-2", "\n".join(LINES))]
        return ClauseInputs(claim, claim.checked, group, CONTEXT)
    if scope is Scope.label:
        return LabelInputs(Label("index", "index.md", 1, "heading", "Alpha in 2030"), CONTEXT)
    if scope is Scope.page:
        return PageInputs(PageMeasure("index", "index.md", 10, 8, 1, 1), Policy(max_quoted=0.1))
    catalog = Catalog(Path("sources.yaml"), (TEXTS["alpha"].source,))
    return ProjectInputs([claim], [], catalog, TEXTS, [], 1.0, Policy(), None)


@pytest.mark.parametrize("scope", list(Scope))
def test_each_scope_gives_every_input_its_rules_declare(scope):
    inputs = _inputs(scope)
    for rule in of_scope(scope):
        for name in rule.inputs:
            getattr(inputs, name)  # raises AttributeError when the scope lacks it
        run(rule, inputs)


def test_each_rule_reports_its_declared_code():
    """Every rule run on claims that trip many of them: flags of its own kind only, and
    findings (made by the engine from its messages) with its code."""
    produced: set[Code | FlagKind] = set()
    for text in CLAIMS:
        claim = _claim(text, Citation("alpha", "L1-2"))
        group = [("alpha", "alpha L1-2", "\n".join(LINES))]
        inputs = ClauseInputs(claim, claim.checked, group, CONTEXT)
        for rule in of_scope(Scope.clause):
            reported = run(rule, inputs)
            if rule.tier is Tier.flag:
                assert all(flag.kind is rule.code for flag in reported), rule.name
            else:
                found = findings_at(rule, reported, claim.path, claim.line)
                assert all(finding.code is rule.code for finding in found), rule.name
            produced.update(rule.code for _ in reported)
    # The claims trip the flags and findings they were written for.
    assert {
        FlagKind.relation,
        FlagKind.scale,
        FlagKind.order,
        FlagKind.unsupported,
        Code.ungrounded_number,
    } <= produced


def test_a_flag_rule_cannot_make_findings():
    flagging = next(rule for rule in RULES if rule.tier is Tier.flag)
    with pytest.raises(TypeError, match=flagging.name):
        findings_at(flagging, [], "index.md", 1)


def test_the_engine_reports_a_claims_findings_in_the_registrys_order():
    claim = _claim(
        'Sam Roe directed Alpha in 2031 and "made a hit"; then it rained',
        Citation("alpha", "L1"),
    )
    claim.clauses = ((0, len(claim.checked) - len("; then it rained"), 0, 1),)
    claim.tail = "then it rained"
    codes = [finding.code for finding in check_claim(claim, TEXTS, CONTEXT.allow, CONTEXT.names)]
    order = [rule.code for rule in RULES]
    assert codes == sorted(codes, key=order.index)
    assert {Code.quote_not_found, Code.ungrounded_number, Code.uncited_tail} <= set(codes)


def test_a_citation_stops_at_its_first_problem():
    """A key with no entry is reported as such, not also as a pinpoint outside it."""
    claim = _claim("Jane Doe directed Alpha", Citation("gamma", "L99"), Citation("alpha", ""))
    found = check_claim(claim, TEXTS, CONTEXT.allow, CONTEXT.names)
    assert [f.code for f in found] == [Code.unknown_key, Code.no_pinpoint]
    assert claim.status == "failed verification"


def test_the_engine_runs_the_page_and_project_rules(tmp_path):
    """A page with too many quoted words, a source never cited, one cited in part."""
    import hashlib

    body = "\n".join(LINES) + "\n"
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "b.txt").write_text(body, encoding="utf-8")
    sha = hashlib.sha256(body.encode()).hexdigest()
    catalog = Catalog(
        tmp_path / "sources.yaml",
        (
            Source("alpha", "Alpha notes", "a.txt", sha, tmp_path, meta_line=1),
            Source("beta", "Beta notes", "b.txt", sha, tmp_path, meta_line=5),
        ),
    )
    claim = _claim('Alpha notes call it "directed Alpha in 2024"', Citation("alpha", "L1"))
    report = engine.check(
        [claim], [], catalog, CONTEXT.allow, policy=Policy(max_quoted=0.1), min_coverage=1.0
    )
    assert {(f.code, f.line) for f in report.findings} == {
        (Code.quote_heavy, 1),
        (Code.unused_source, 5),
        (Code.coverage_below, 1),
    }


@pytest.mark.slow  # builds the real wiki as published
def test_the_about_page_lists_the_rules_in_the_registrys_order(wiki_published):
    """Each rule, with its code, tier, scope and inputs, in the order the engine runs them."""
    assert wiki_published.returncode == 0, wiki_published.output
    html = (wiki_published.outdir / "about.html").read_text(encoding="utf-8")
    at = html.index("Rules, in the order the checker runs them")
    for rule in RULES:
        at = html.index(f'<span class="pre">{rule.name}</span>', at)
        entry = html[at : html.index("</dd>", at)]
        assert rule.code.qualified in entry, rule.name
        assert f"per {rule.scope.name.replace('_', ' ')}; reads " in entry, rule.name
