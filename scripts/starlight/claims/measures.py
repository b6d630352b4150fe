"""Editorial measures: does each page read like an encyclopedia, not a collage of quotes?

Per content page (a page with claims): its prose words, the share of them
inside quotation marks, and the share of its sentences that attribute (name a
source, or use a verb of saying: "says", "calls", "according to"); per source
line, how many claims cite it; across pages, the runs of words a claim shares
with a claim on another page (a fact told twice instead of linked). The
thresholds are settings of ``conf.py`` (:class:`Policy`); a page above one gets
a typed finding, so the policy stays true after every edit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from starlight.claims.lexicon import SAYING, lemma, tag
from starlight.claims.model import Claim
from starlight.claims.text import WORD
from starlight.sources.pinpoint import PinpointError, parse_pinpoint

_QUOTED = re.compile(r"[\"“]([^\"”]*)[\"”]")


@dataclass
class Policy:
    """Thresholds from ``conf.py``; ``None`` or a missing page means no limit."""

    max_quoted: float | None = None
    max_attributing: float | None = None
    max_words: dict[str, int] = field(default_factory=dict)
    page_quoted: dict[str, float] = field(default_factory=dict)
    page_attributing: dict[str, float] = field(default_factory=dict)
    max_citations_per_line: int | None = None
    max_repeated_words: int | None = None
    summary_pages: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config) -> Policy:
        """The limits as ``conf.py`` sets them (``claims_max_quoted`` and the rest)."""
        return cls(
            max_quoted=config.claims_max_quoted,
            max_attributing=config.claims_max_attributing,
            max_words=dict(config.claims_max_words),
            page_quoted=dict(config.claims_page_max_quoted),
            page_attributing=dict(config.claims_page_max_attributing),
            max_citations_per_line=config.claims_max_citations_per_line,
            max_repeated_words=config.claims_max_repeated_words,
            summary_pages=tuple(config.claims_summary_pages),
        )


@dataclass
class PageMeasure:
    docname: str
    path: str
    words: int = 0
    quoted: int = 0
    sentences: int = 0
    attributing: int = 0

    @property
    def quoted_share(self) -> float:
        return self.quoted / self.words if self.words else 0.0

    @property
    def attributing_share(self) -> float:
        return self.attributing / self.sentences if self.sentences else 0.0


def attributes(text: str, labels: list[str]) -> bool:
    """Whether a sentence names a source or reports someone's words."""
    folded = text.casefold()
    if "according to" in folded or any(label.casefold() in folded for label in labels):
        return True
    return any(
        lemma(word) in SAYING and tag(word).startswith("VB")
        for word in WORD.findall(text)
        if word[0].islower()
    )


def _once(claims: list[Claim]):
    """Each claim once, though a timeline event is rendered on two pages."""
    seen: set[tuple[str, int, str]] = set()
    for claim in claims:
        identity = (claim.path, claim.line, claim.checked)
        if identity not in seen:
            seen.add(identity)
            yield claim


def page_measures(claims: list[Claim], labels: list[str]) -> list[PageMeasure]:
    """The measures of every page that has claims, in page order. A claim shown on
    two pages (a timeline event) counts once, on the first."""
    pages: dict[str, PageMeasure] = {}
    for claim in _once(claims):
        page = pages.setdefault(claim.docname, PageMeasure(claim.docname, claim.path))
        words = WORD.findall(claim.checked)
        page.words += len(words)
        page.quoted += sum(len(WORD.findall(q)) for q in _QUOTED.findall(claim.checked))
        page.sentences += 1
        page.attributing += attributes(claim.checked, labels)
    return [pages[name] for name in sorted(pages)]


def citations_per_line(claims: list[Claim]) -> dict[tuple[str, int], int]:
    """How many claims cite each source line (a claim citing a line twice counts once)."""
    counts: dict[tuple[str, int], int] = {}
    for claim in _once(claims):
        lines: set[tuple[str, int]] = set()
        for citation in claim.citations:
            try:
                lines.update((citation.key, n) for n in parse_pinpoint(citation.pinpoint).lines)
            except PinpointError:
                continue
        for line in lines:
            counts[line] = counts.get(line, 0) + 1
    return counts


Located = tuple[str, int, str]
"""(file, line, message) of a finding."""


def quote_heavy(measure: PageMeasure, policy: Policy) -> list[str]:
    """A page's prose words inside quotation marks must stay under the configured share."""
    quoted = policy.page_quoted.get(measure.docname, policy.max_quoted)
    if quoted is None or measure.quoted_share <= quoted:
        return []
    return [
        f"{measure.quoted_share:.0%} of the page's {measure.words} prose "
        f"words are inside quotation marks (at most {quoted:.0%}): "
        f"paraphrase what is not an opinion or a statement"
    ]


def attribution_heavy(measure: PageMeasure, policy: Policy) -> list[str]:
    """A page's sentences that name a source or report words must stay under the
    configured share."""
    attributing = policy.page_attributing.get(measure.docname, policy.max_attributing)
    if attributing is None or measure.attributing_share <= attributing:
        return []
    return [
        f"{measure.attributing_share:.0%} of the page's {measure.sentences} "
        f"sentences name a source or report words (at most "
        f"{attributing:.0%}): state facts in the wiki's own voice"
    ]


def page_too_long(measure: PageMeasure, policy: Policy) -> list[str]:
    """A page must not have more prose words than configured."""
    limit = policy.max_words.get(measure.docname)
    if limit is None or measure.words <= limit:
        return []
    return [f"the page has {measure.words} prose words (at most {limit})"]


def line_overcited(
    citation_counts: dict[tuple[str, int], int],
    policy: Policy,
    sources_file: str,
    sources: Sequence,
) -> list[Located]:
    """A source line must not be cited by more claims than configured (reported at the
    source's entry in the sources file): a fact repeated instead of linked."""
    most = policy.max_citations_per_line
    if most is None:
        return []
    entries = {source.key: source.meta_line for source in sources}
    return [
        (
            sources_file,
            entries.get(key, 1),
            f"{key} L{line} is cited by {count} claims (at most {most}): give each fact "
            f"one home page and link to it",
        )
        for (key, line), count in sorted(citation_counts.items())
        if count > most
    ]


def repeated_facts(
    claims: list[Claim], policy: Policy, source_names: Sequence[str] = ()
) -> list[Located]:
    """A claim must not share a longer run of words with a claim on another page than
    configured: a fact told twice instead of summarised and linked.

    A finding for each claim that shares a run of more than
    ``policy.max_repeated_words`` words with an earlier claim (in page order) on
    another page. Pages that summarise (the lead, a timeline) are left out: a
    summary repeats by design; elsewhere a fact has one home and other pages
    summarise it in a clause and link to it. The *names* of sources ("the essay
    arguing that …", *source_names*) are no fact: they count as one word."""
    limit = policy.max_repeated_words
    if limit is None:
        return []
    run = limit + 1
    naming = (
        re.compile(
            "|".join(re.escape(name) for name in sorted(source_names, key=len, reverse=True)),
            re.IGNORECASE,
        )
        if source_names
        else None
    )
    first: dict[tuple[str, ...], Claim] = {}
    findings = []
    ordered = sorted(
        (c for c in _once(claims) if c.docname not in policy.summary_pages),
        key=lambda c: (c.docname, c.line),
    )
    for claim in ordered:
        text = naming.sub(" source ", claim.checked) if naming else claim.checked
        words = [word.casefold() for word in WORD.findall(text)]
        grams = [tuple(words[i : i + run]) for i in range(len(words) - run + 1)]
        earlier = next(
            (
                (gram, first[gram])
                for gram in grams
                if gram in first and first[gram].docname != claim.docname
            ),
            None,
        )
        if earlier is not None:
            gram, other = earlier
            findings.append(
                (
                    claim.path,
                    claim.line,
                    f"repeats {run} words (\u201c{' '.join(gram)}\u201d) of "
                    f"{other.docname} line {other.line}: give each fact one "
                    f"home page and link to it",
                )
            )
        for gram in grams:
            first.setdefault(gram, claim)
    return findings
