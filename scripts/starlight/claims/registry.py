"""The registry of the rules: what each checks, in which order, on what.

Each rule is a small function (in :mod:`.rules`, page limits in :mod:`.measures`)
and a frozen declaration here: the code it reports (a :class:`.Code`: a finding,
which fails the build; or a :class:`.FlagKind`: a word shown for review), the scope
it judges and the inputs it reads, by name. The engine (:mod:`.engine`) runs the
rules of each scope in the order of :data:`RULES`, handing each the inputs it
declares: the names of a rule's inputs are the names of its function's parameters.

What a rule returns: a flag rule, its :class:`.Flag` objects; a finding rule at a
claim, citation, clause or label, its messages (the finding is at the item); at a
page or the project, (file, line, message) of each finding. The engine makes each
finding with the rule's code, so a rule reports its declared code and no other.

The order is the report's order within a claim. The numbers the rules compare with
are in :data:`.settings.THRESHOLDS`; the limits a project sets, in ``conf.py``
(:data:`.settings.OPTIONS`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache

from starlight.claims import measures, rules
from starlight.claims.codes import Code, FlagKind


class Tier(Enum):
    """What a rule's report does."""

    hard = "fails the build: a finding"
    flag = "shown for a person to confirm: a flag"


class Scope(Enum):
    """What a rule judges, in the engine's order. A claim that cites nothing is judged
    no further than its own scope; one with a citation that names no lines (unknown
    key, no or bad pinpoint, an unusable source) no further than its citations."""

    claim = "a sentence as written: its citation roles, whether it cites"
    citation = (
        "each citation of a claim: the first rule that reports on it ends its checks "
        "(a key with no entry has no lines to lie outside of)"
    )
    clause = "each clause of a claim (its text up to a citation) against that citation's lines"
    cited_claim = "a claim as a whole, once every citation names lines and its clauses are judged"
    label = (
        "a heading, title, table head, term, field name, link text, inline code or "
        "Editor's note against its section's citations"
    )
    page = "each page with claims: its editorial measures"
    project = "the whole project: its sources, pages and claims together"


INPUTS: dict[str, str] = {
    # a claim as written, or as a whole
    "malformed": "the claim's citation roles that could not be read",
    "citations": "the claim's citations",
    "claim_text": "the claim's text",
    "tail": "the claim's text after its last citation",
    "checked": "the claim's checked text (what it states, markup out)",
    "source_labels": "the sources' labels (their names in prose)",
    "clauses": "the claim's clauses: spans of its checked text, each with its citations",
    # a citation
    "key": "the citation's key",
    "pinpoint_text": "the citation's pinpoint as written",
    "pinpoint_error": "what is wrong with the pinpoint's form, if anything",
    "pinpoint": "the pinpoint, as the report names it",
    "pinpoint_lines": "the pinpoint's line numbers",
    "source": "the cited source's entry and lines (none: no entry)",
    # a clause
    "clause": "the clause's text",
    "where": "the clause's citations, as the report names them",
    "quoted": "each quotation of the clause with the lines it may come from",
    "outside_quotes": "the clause's text outside quotes and allowed phrases",
    "claimed_numbers": "the numbers the clause states outside quotes",
    "cited_numbers": "the numbers of the cited lines",
    "claimed_months": "the months of the clause's ISO dates",
    "cited_months": "the months the cited lines name",
    "names": "the proper names of the clause outside quotes",
    "cited_lines": "the cited lines (a label's: those of its section's citations)",
    "source_lines": "every line of every source (where a name may be found elsewhere)",
    "name_spans": "where each proper name of the clause or label is (outside quotes), and it",
    "cited_text": "the cited lines, as one text",
    "synonyms": "the reviewed synonyms and spellings",
    "named_sources": "the sources whose labels the clause names",
    "cited_keys": "the keys the clause cites",
    "passage": "the cited lines, analysed (words, lemmas, numbers with units)",
    "alignment": "each word aligned with the cited lines (what does not hold is flagged)",
    "opening_link": "the order or cause word that opens the clause, if any, and its class",
    "earlier": "the clause before it in the sentence: its text and its cited lines",
    "name_keys": "the names the sources use, as the checker keys them",
    # a label
    "kind": "the label's kind (heading, table head, Editor's note …)",
    "label_text": "the label's text",
    "readable": "the label's text the checker reads (allowed phrases, LaTeX commands out)",
    "ungrounded": "the label's numbers and names its section's citations don't ground",
    "named_elsewhere": "of those, the names the sources give on other lines",
    # a page
    "measure": "the page's prose words, quoted words, sentences and attributing sentences",
    "policy": "the project's editorial limits (conf.py)",
    # the project
    "sources": "the project's sources",
    "sources_file": "the sources file (where source-wide findings are reported)",
    "empty_pages": "the pages without content",
    "coverage": "per source, its lines about the subject and which of them are cited",
    "min_coverage": "the share of each source's lines that must be cited (conf.py)",
    "citation_counts": "how many claims cite each source line",
    "reviewable": "every claim and every label that states something",
    "catalog": "the sources file, read",
    "reviews": "the review ledger's rows (none: no ledger)",
    "assigned": "whether each claim's review was already set this build (the ledger read once)",
    "claims": "every claim of every page",
    "source_names": "the names of the sources in prose (they count as one word)",
}
"""Every input a rule may declare, with what it is: the About page lists them."""


@dataclass(frozen=True)
class Rule:
    """One rule: its function, what it reports, on what, from which inputs."""

    name: str
    code: Code | FlagKind
    scope: Scope
    inputs: tuple[str, ...]
    check: Callable[..., list]

    @property
    def tier(self) -> Tier:
        return Tier.hard if isinstance(self.code, Code) else Tier.flag

    @property
    def about(self) -> str:
        """The first sentence of the function's docstring: what the rule reports."""
        return " ".join((inspect.getdoc(self.check) or "").split("\n\n")[0].split())


def _rule(code: Code | FlagKind, scope: Scope, check: Callable[..., list]) -> Rule:
    """A rule whose inputs are its function's parameters, named after its function."""
    inputs = tuple(inspect.signature(check).parameters)
    return Rule(check.__name__, code, scope, inputs, check)


RULES: tuple[Rule, ...] = (
    # A claim as written
    _rule(Code.malformed_citation, Scope.claim, rules.malformed_citation),
    _rule(Code.uncited, Scope.claim, rules.uncited),
    # Each citation: the first that reports ends the citation's checks
    _rule(Code.unknown_key, Scope.citation, rules.unknown_key),
    _rule(Code.no_pinpoint, Scope.citation, rules.no_pinpoint),
    _rule(Code.bad_pinpoint, Scope.citation, rules.unreadable_pinpoint),
    _rule(Code.bad_pinpoint, Scope.citation, rules.pinpoint_outside),
    _rule(Code.off_topic_pinpoint, Scope.citation, rules.off_topic_pinpoint),
    # Each clause against its lines: the hard tier, then the alignment's flags
    _rule(Code.quote_not_found, Scope.clause, rules.quote_not_found),
    _rule(Code.misleading_ellipsis, Scope.clause, rules.misleading_ellipsis),
    _rule(Code.ungrounded_number, Scope.clause, rules.ungrounded_number),
    _rule(Code.ungrounded_number, Scope.clause, rules.ungrounded_month),
    _rule(Code.ungrounded_name, Scope.clause, rules.ungrounded_name),
    _rule(Code.ungrounded_name, Scope.clause, rules.named_source_not_cited),
    _rule(FlagKind.unsupported, Scope.clause, rules.name_elsewhere),
    _rule(FlagKind.unsupported, Scope.clause, rules.count_not_stated),
    _rule(Code.unit_mismatch, Scope.clause, rules.unit_mismatch),
    _rule(Code.contradicted, Scope.clause, rules.contradicted),
    _rule(FlagKind.unsupported, Scope.clause, rules.unsupported_words),
    _rule(FlagKind.scale, Scope.clause, rules.scale_words),
    _rule(FlagKind.polarity, Scope.clause, rules.polarity_words),
    _rule(FlagKind.order, Scope.clause, rules.order_words),
    _rule(FlagKind.order, Scope.clause, rules.link_across_clauses),
    _rule(FlagKind.relation, Scope.clause, rules.relation_words),
    # The claim as a whole
    _rule(Code.uncited_tail, Scope.cited_claim, rules.uncited_tail),
    _rule(FlagKind.opinion, Scope.cited_claim, rules.opinion_in_own_voice),
    # Labels
    _rule(Code.raw_content, Scope.label, rules.raw_content),
    _rule(FlagKind.opinion, Scope.label, rules.opinion_in_label),
    _rule(FlagKind.unsupported, Scope.label, rules.unsupported_words),
    _rule(FlagKind.scale, Scope.label, rules.scale_words),
    _rule(FlagKind.polarity, Scope.label, rules.polarity_words),
    _rule(FlagKind.order, Scope.label, rules.order_words),
    _rule(FlagKind.relation, Scope.label, rules.relation_words),
    _rule(FlagKind.unsupported, Scope.label, rules.name_elsewhere),
    _rule(Code.editorial_note, Scope.label, rules.editorial_note),
    _rule(Code.ungrounded_label, Scope.label, rules.ungrounded_label),
    # Pages
    _rule(Code.quote_heavy, Scope.page, measures.quote_heavy),
    _rule(Code.attribution_heavy, Scope.page, measures.attribution_heavy),
    _rule(Code.page_too_long, Scope.page, measures.page_too_long),
    # The project
    _rule(Code.unused_source, Scope.project, rules.unused_source),
    _rule(Code.empty_page, Scope.project, rules.empty_page),
    _rule(Code.coverage_below, Scope.project, rules.coverage_below),
    _rule(Code.line_overcited, Scope.project, measures.line_overcited),
    _rule(Code.unreviewed, Scope.project, rules.unreviewed),
    _rule(Code.repeated_fact, Scope.project, measures.repeated_facts),
)
"""Every rule, in the order the engine runs them."""

ELSEWHERE: dict[Code, str] = {
    Code.source_missing: "reading the sources (rules.read_sources), before any rule runs",
    Code.source_unreadable: "reading the sources (rules.read_sources), before any rule runs",
    Code.hash_mismatch: "reading the sources (rules.read_sources), before any rule runs",
}
"""The codes no rule reports, and what does: input the rules need, checked as it is read."""


@cache
def of_scope(scope: Scope) -> tuple[Rule, ...]:
    """The rules of *scope*, in the registry's order."""
    return tuple(rule for rule in RULES if rule.scope is scope)
