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

from starlight.claims.codes import Code
from starlight.claims.lexicon import SAYING, lemma, tag
from starlight.claims.model import Claim, Finding
from starlight.claims.text import WORD
from starlight.pages.pinpoint import PinpointError, parse_pinpoint

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


def check_measures(
    measures: list[PageMeasure],
    counts: dict[tuple[str, int], int],
    policy: Policy,
    meta_path: str,
    meta_lines: dict[str, int] | None = None,
) -> list[Finding]:
    """Findings for pages above a threshold, and for lines cited too often (reported at
    the source's entry in the metadata)."""
    findings = []
    for page in measures:
        quoted = policy.page_quoted.get(page.docname, policy.max_quoted)
        if quoted is not None and page.quoted_share > quoted:
            findings.append(
                Finding(
                    Code.quote_heavy,
                    page.path,
                    1,
                    f"{page.quoted_share:.0%} of the page's {page.words} prose "
                    f"words are inside quotation marks (at most {quoted:.0%}): "
                    f"paraphrase what is not an opinion or a statement",
                )
            )
        attributing = policy.page_attributing.get(page.docname, policy.max_attributing)
        if attributing is not None and page.attributing_share > attributing:
            findings.append(
                Finding(
                    Code.attribution_heavy,
                    page.path,
                    1,
                    f"{page.attributing_share:.0%} of the page's {page.sentences} "
                    f"sentences name a source or report words (at most "
                    f"{attributing:.0%}): state facts in the wiki's own voice",
                )
            )
        limit = policy.max_words.get(page.docname)
        if limit is not None and page.words > limit:
            findings.append(
                Finding(
                    Code.page_too_long,
                    page.path,
                    1,
                    f"the page has {page.words} prose words (at most {limit})",
                )
            )
    if policy.max_citations_per_line is not None:
        for (key, line), count in sorted(counts.items()):
            if count > policy.max_citations_per_line:
                findings.append(
                    Finding(
                        Code.line_overcited,
                        meta_path,
                        (meta_lines or {}).get(key, 1),
                        f"{key} L{line} is cited by {count} claims (at most "
                        f"{policy.max_citations_per_line}): give each fact "
                        f"one home page and link to it",
                    )
                )
    return findings


def repeated_facts(claims: list[Claim], policy: Policy, names: Sequence[str] = ()) -> list[Finding]:
    """A finding for each claim that shares a run of more than
    ``policy.max_repeated_words`` words with an earlier claim (in page order) on
    another page. Pages that summarise (the lead, a timeline) are left out: a
    summary repeats by design; elsewhere a fact has one home and other pages
    summarise it in a clause and link to it. The *names* of sources ("the essay
    arguing that …") are no fact: they count as one word."""
    limit = policy.max_repeated_words
    if limit is None:
        return []
    run = limit + 1
    naming = (
        re.compile(
            "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)),
            re.IGNORECASE,
        )
        if names
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
                Finding(
                    Code.repeated_fact,
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
