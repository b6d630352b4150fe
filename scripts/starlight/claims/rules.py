"""The rules: is a claim cited, and do its pinpointed lines support it?

Each rule is a small pure function, declared with its code, scope and inputs in
:mod:`.registry` and run by :mod:`.engine`; here too are what they share (the
sources' text, quotations, names) and the report they make.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path

from starlight.claims import agents, ledger, wordnet
from starlight.claims.align import Alignment, align, lines_link, opening_link, said, source_words
from starlight.claims.codes import Code, FlagKind
from starlight.claims.lexicon import (
    ASCRIBING,
    Synonyms,
    content_words,
    is_english,
    is_function,
    lemma,
    names_speaker,
)
from starlight.claims.lexicon import tag as lexicon_tag
from starlight.claims.meaning import (
    Passage,
    Token,
    attributed,
    is_negation,
    label_spans,
    opinion_words,
    passage,
    tokens,
    unit_problems,
)
from starlight.claims.measures import PageMeasure, Policy, citations_per_line
from starlight.claims.model import Citation, Claim, Exemption, Finding, Flag, Label
from starlight.claims.quantities import converted, is_unit
from starlight.claims.settings import THRESHOLDS
from starlight.claims.text import (
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    WORD,
    blank_quotes,
    claimed_numbers,
    iso_months,
    months,
    name_matches,
    normalize,
    number_value,
    numbers,
    quote_spans,
    quotes,
    word_keys,
    words,
)
from starlight.errors import InputError, read_text
from starlight.sources.catalog import Catalog, Source
from starlight.sources.pinpoint import PinpointError, parse_pinpoint

VERIFIED, CITED, UNCITED, FAILED = "verified", "cited", "uncited", "failed verification"

# Words that may open a sentence without being names.
_OPENING_QUOTES = "\"“‘'(["


@dataclass
class SourceText:
    """A source's lines, read once per check; ``None`` when the file is unusable."""

    source: Source
    lines: list[str] | None
    problem: Finding | None = None


@dataclass
class Allowlist:
    """Phrases in the wiki's own voice that need no source (the title, source labels)."""

    path: str
    phrases: list[str]
    labels: list[str] = field(default_factory=list)

    def strip(self, text: str) -> str:
        """*text* with every allowed phrase blanked out (same length, any spacing)."""
        return _stripped(self.longest_first, text)

    @cached_property
    def longest_first(self) -> tuple[str, ...]:
        """Phrases and labels, longest first, so a longer phrase wins over its parts."""
        return tuple(sorted([*self.phrases, *self.labels], key=len, reverse=True))


@lru_cache(maxsize=8192)
def _stripped(phrases: tuple[str, ...], text: str) -> str:
    """:meth:`Allowlist.strip`, once per text: each clause strips its cited lines again."""
    folded = text.casefold()
    for phrase in phrases:
        if first_word(phrase) in folded:  # a cheap test before the regular expression
            text = phrase_pattern(phrase).sub(_blank, text)
    return text


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


@lru_cache(maxsize=1024)
def first_word(phrase: str) -> str:
    """The case-folded first word of *phrase*: text without it cannot contain the phrase."""
    return phrase.split()[0].casefold() if phrase.split() else ""


@lru_cache(maxsize=1024)
def phrase_pattern(phrase: str) -> re.Pattern:
    """*phrase* as a whole-word pattern that allows any white space between its words."""
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def load_allowlist(path: Path | str, catalog: Catalog) -> Allowlist:
    """One phrase per line; ``#`` starts a comment (say why the phrase is allowed).

    A project without the file allows only its sources' labels.
    """
    path = Path(path)
    if not path.exists():
        return Allowlist(str(path), [], labels=[source.label for source in catalog.sources])
    raw = read_text(path, "allow-list")
    phrases = [line.split("#", 1)[0].strip() for line in raw.splitlines()]
    return Allowlist(
        str(path), [p for p in phrases if p], labels=[source.label for source in catalog.sources]
    )


def read_sources(catalog: Catalog) -> dict[str, SourceText]:
    """Every source's lines, with a finding for a missing, unreadable or altered file."""
    texts = {}
    meta = str(catalog.path)
    for source in catalog.sources:
        if not source.path.is_file():
            texts[source.key] = SourceText(
                source,
                None,
                Finding(
                    Code.source_missing,
                    meta,
                    source.meta_line,
                    f"file of source '{source.key}' is missing: {source.file}",
                ),
            )
            continue
        try:
            lines = source.lines()
        except InputError as exc:
            texts[source.key] = SourceText(
                source, None, Finding(Code.source_unreadable, exc.path, exc.line or 0, exc.message)
            )
            continue
        problem = None
        if source.actual_sha256() != source.sha256:
            problem = Finding(
                Code.hash_mismatch,
                meta,
                source.meta_line,
                f"SHA-256 of {source.file} is {source.actual_sha256()}, "
                f"not {source.sha256} as recorded",
            )
        texts[source.key] = SourceText(source, lines, problem)
    return texts


def closest_passage(quote: str, passage: str) -> str:
    """The stretch of *passage* most like *quote* (a hint, never a pass)."""
    target = normalize(quote)
    tokens = normalize(passage).split()
    size = max(1, len(target.split()))
    best, best_ratio = "", 0.0
    for length in range(max(1, size - 2), size + 3):
        for start in range(0, max(1, len(tokens) - length + 1)):
            candidate = " ".join(tokens[start : start + length]).strip("\"'.,;:!?()[]")
            ratio = difflib.SequenceMatcher(None, target, candidate).ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
    return best


_BRACKETED = re.compile(r"\[([^\]]*)\]")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def _quote_spans(quote: str, passage: str) -> list[tuple[int, int]] | None:
    """Where the parts of *quote* (split at ellipses) occur in *passage*, in order,
    as whole words; ``None`` when some part is not there.

    A bracketed alteration is understood: "[i]n" matches "In" (a change of
    case), "[the film]" stands for words the quote leaves out.
    """
    haystack = _tight(passage)
    position = 0
    spans = []
    for part in re.split(r"\.\.\.|…|\[\s*\.\.\.\s*\]", quote):
        needle = _tight(part).strip(" ,;:")
        if not needle:
            continue
        found = _find_words(needle, haystack, position)
        if found is None:
            return None
        spans.append(found)
        position = found[1]
    return spans


def _tight(text: str) -> str:
    """*text* normalised, without space before punctuation ("memorials : passages" is
    "memorials: passages": typesetting, not wording)."""
    return re.sub(r"\s+([,;:!?])", r"\1", normalize(text))


def _find_words(needle: str, haystack: str, start: int) -> tuple[int, int] | None:
    """The first whole-word occurrence of *needle* at or after *start*."""
    literal = re.escape(needle)
    pattern = literal
    if "[" in needle:
        pieces, last = [], 0
        for match in _BRACKETED.finditer(needle):
            pieces.append(re.escape(needle[last : match.start()]))
            inner = match.group(1).strip()
            pieces.append(
                re.escape(inner)
                if len(inner) <= THRESHOLDS.bracket_letters
                else rf"(?:[^\s]+\s+){{0,{THRESHOLDS.bracket_words}}}?[^\s]*"
            )
            last = match.end()
        pieces.append(re.escape(needle[last:]))
        pattern = f"(?:{literal}|{''.join(pieces)})"
    found = re.compile(rf"(?<![\w]){pattern}(?![\w])").search(haystack, start)
    return (found.start(), found.end()) if found else None


def _quote_found(quote: str, passage: str) -> bool:
    return _quote_spans(quote, passage) is not None


def _bridged(quote: str, passage: str) -> str | None:
    """What an ellipsis in *quote* leaves out that changes the meaning, if anything."""
    spans = _quote_spans(quote, passage)
    if not spans or len(spans) < 2:
        return None
    haystack = _tight(passage)
    for (_, end), (begin, _) in pairwise(spans):
        gap = haystack[end:begin]
        negation = next((word for word in re.findall(r"[\w']+", gap) if is_negation(word)), None)
        if negation:
            return f"leaves out '{negation}'"
        if len(_SENTENCE_END.findall(gap)) > 1:
            return "joins text across more than one sentence"
    return None


def names_in(text: str, known_names: set[str]) -> list[str]:
    """Proper names in *text*: a checked text without quotes and allowed phrases."""
    return [name for _, _, name in name_spans(text, known_names)]


def name_spans(text: str, known_names: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, name) of each proper name in *text*: a checked text without quotes
    and allowed phrases.

    A capitalised word is a name when the sources use it as one (they capitalise it
    inside sentences and never write it in lower case: "Jay", "Mars") or when it is no
    English word at all ("Bergen", "Netflix"); an English word with a capital ("Voice
    cast", "the Red Planet", "Air Base") is left to the alignment, which finds it as a
    word. Words that build sentences ("The Bronx", "On") are never names.
    """
    found = []
    for match in WORD.finditer(text):
        word = match.group()
        if not word[0].isupper() or word.isdigit():
            continue
        bare = normalize(word).removesuffix("'s").removesuffix("’s")
        if is_function(bare) or (bare not in known_names and is_english(bare)):
            continue  # a capital that opens the sentence, or an English word in a title
        found.append((match.start(), match.end(), word))
    return found


def known_names(texts: dict[str, SourceText]) -> set[str]:
    """Words the sources capitalise inside sentences and never write in lower case.

    Such a word is a name even where it opens a claim ("Jay repairs …"),
    while "The" or "Critics" opening a claim are not.
    """
    capitalised: set[str] = set()
    lower: set[str] = set()
    for source_text in texts.values():
        for line in source_text.lines or []:
            for match in re.finditer(r"(?<=[\w,;’'”)] )([A-Z][\w'’\-]*)", line):
                capitalised.add(normalize(match.group(1)).removesuffix("'s"))
            lower.update(normalize(w).removesuffix("'s") for w in words(line) if w[0].islower())
    return capitalised - lower


@dataclass
class Context:
    """What every claim is judged with: sources, allow-list, names, synonyms, labels."""

    texts: dict[str, SourceText]
    allow: Allowlist
    names: set[str]
    synonyms: Synonyms = field(default_factory=Synonyms)

    def scope_text(self, citations: tuple[Citation, ...]) -> str:
        """The lines a section's citations pinpoint, together (bad ones left out:
        they are reported at their claims). Sections repeat, so this is cached."""
        cache = self.__dict__.setdefault("_scopes", {})
        if citations not in cache:
            bodies = {}
            for citation in citations:
                source_text = self.texts.get(citation.key)
                try:
                    lines = parse_pinpoint(citation.pinpoint).lines
                except PinpointError:
                    continue
                if (
                    source_text
                    and source_text.lines
                    and all(n <= len(source_text.lines) for n in lines)
                ):
                    for n in lines:
                        bodies[(citation.key, n)] = source_text.lines[n - 1]
            cache[citations] = "\n".join(bodies[k] for k in sorted(bodies))
        return cache[citations]

    @cached_property
    def name_keys(self) -> frozenset[str]:
        return frozenset(self.names)

    @cached_property
    def source_lines(self) -> tuple[str, ...]:
        """Every line of every usable source about the subject (not those the sources
        file marks off topic or as structure): where a name may be found elsewhere."""
        return tuple(
            line
            for text in self.texts.values()
            for number, line in enumerate(text.lines or (), 1)
            if number not in text.source.off_topic | text.source.structure
        )

    @cached_property
    def genders(self) -> dict[str, str]:
        """The pronoun the sources use for each name ("he" for Jay)."""
        lines = (line for text in self.texts.values() for line in text.lines or ())
        return agents.genders(lines, self.name_keys, THRESHOLDS.doer_reach)

    @cached_property
    def labels(self) -> dict[str, str]:
        return {key: text.source.label for key, text in self.texts.items()}


_EVALUATIVE = "evaluative, in the wiki's own voice: say whose view it is"
_QUOTATION = "a quotation in the wiki's own voice: say whose words they are"


def opinion_flags(
    text: str, labels: list[str], clauses: Sequence[tuple[int, int, int, int]] = ()
) -> list[Flag]:
    """Evaluative words and quotations of a sentence that does not say whose they are.

    A speaker named before an opinion, or in the opinion's own cited clause (*clauses*:
    spans of *text*), says whose it is; one named only in a later clause, which rests on
    other lines, does not ("It is refreshing [L1], and the review found …").
    """
    unquoted = blank_quotes(text)  # a quote's own words attribute nothing
    opinions = set(opinion_words(unquoted))
    found = [
        (m.start(), m.end(), _EVALUATIVE) for m in WORD.finditer(unquoted) if m.group() in opinions
    ]
    # A label in quotation marks ("“Broken devices” wrote") names a source: no
    # quotation, and it attributes as a label does.
    named = label_spans(text, labels)
    found += [
        (start, end, _QUOTATION)
        for start, end in quote_spans(text)
        if not any(first <= start and end <= last for first, last in named)
    ]
    for first, last in named:
        unquoted = unquoted[:first] + text[first:last] + unquoted[last:]
    ends = sorted({end for _, end, _, _ in clauses if end < len(text)}) + [len(text)]
    by_clause: dict[int, list[tuple[int, int, str]]] = {}
    for item in found:
        by_clause.setdefault(next(end for end in ends if item[0] < end), []).append(item)
    return [
        Flag(FlagKind.opinion, start, end, text[start:end], message)
        for clause_end, items in sorted(by_clause.items())
        for start, end, message in items
        if not attributed(unquoted[:clause_end], labels, start)
    ]


_THE_TWO = re.compile(r"(?i)\b(?:the|these|those|both)\s+two\b(?!-)(?:\s+([A-Za-z]+))?")
_PAIR = re.compile(r"(?i)\b(?:pair|couple|both|duo|each other|one another)\b")


def _the_pair(clause: str, lines: str) -> bool:
    """Whether "the two" names a pair the lines speak of as one ("the pair", "the couple",
    "both", "each other") rather than counting ("the two weeks" counts)."""
    return bool(_PAIR.search(lines)) and any(
        not match.group(1) or not is_unit(match.group(1)) for match in _THE_TWO.finditer(clause)
    )


def _strip_reporting(text: str) -> str:
    """The clause without "according to" (it attributes, it is not content) and with
    "per cent" as the sign it stands for."""
    text = re.sub(r"(?i)\baccording to\b|(?<=\()\s*see\b", lambda m: " " * len(m.group()), text)
    return re.sub(r"(?i)\bper (cent)\b", lambda m: "%" + " " * (len(m.group()) - 1), text)


def _attributed_source(text: str, quote: str, labels: dict[str, str]) -> str | None:
    """The source a quote is attributed to: the label (of *labels*, by key) named last
    before it."""
    position = text.find(quote)
    best, best_at = None, -1
    for key, label in labels.items():
        for match in phrase_pattern(label).finditer(text, 0, max(0, position)):
            if match.start() > best_at:
                best, best_at = key, match.start()
    return best


def _name_problem(name: str, lines: tuple[str, ...], synonyms: Synonyms) -> str | None:
    """What is wrong with a proper name against cited *lines*: "not found", "is spelled
    …", or ``None`` when they name it (as a month, a reviewed synonym or spelling too)."""
    month = MONTHS.get(normalize(name))
    if month and month in _per_line(months, lines):
        return None
    keys = _per_line(word_keys, lines)
    if not name_matches(name, keys):
        if any(other in keys for other in synonyms.of(lemma(name))):
            return None
        parts = [part for part in name.split("-") if part]
        if len(parts) > 1 and all(name_matches(part, keys) for part in parts):
            return None  # "African-Americans" for "African Americans"
        if any(other in keys for other in wordnet.derived(normalize(_bare(name)))):
            return None  # "Canadian" for "Canada": a word WordNet derives from the name
        if normalize(name).replace(".", "") in _per_line(abbreviations, lines):
            return None  # "UK" for "United Kingdom"
        return "not found"
    forms = _per_line(exact_forms, lines)
    bare = _bare(name)
    if bare in forms or bare.removesuffix("s") in forms:
        return None
    spelled = next((f for f in sorted(forms) if normalize(f) == normalize(bare)), None)
    if spelled and synonyms.same_spelling(bare, spelled):
        return None
    if spelled and len(spelled) > 1 and spelled.isupper():
        return None  # the lines set it in capitals ("LAMB OF GOD"): typography, not spelling
    return f"is spelled '{spelled}'" if spelled else "is not spelled so"


@lru_cache(maxsize=4096)
def abbreviations(line: str) -> frozenset[str]:
    """The initials of every run of capitalised words of *line*, lower case ("United
    Kingdom" gives "uk", "National Aeronautics and Space Administration" "nasa"), and
    its abbreviations written with points ("U.S." gives "us")."""
    found = {word.replace(".", "").lower() for word in re.findall(r"\b(?:[A-Z]\.){2,}", line)}
    for run in re.findall(
        r"[A-Z][\w'’\-]*(?:(?: (?:of|and|for|de|du|von))? [A-Z][\w'’\-]*)+", line
    ):
        words = [w for w in run.split() if w[0].isupper() and w.lower() not in ("the", "a")]
        if len(words) > 1:
            found.add("".join(w[0] for w in words).lower())
    return frozenset(found)


@lru_cache(maxsize=4096)
def _per_line(analyse, lines: tuple[str, ...]) -> frozenset:
    """*analyse* (numbers, months, word keys, spellings) of cited lines, each line
    analysed once however many citations share it."""
    return frozenset().union(*(analyse(line) for line in lines))


def _bare(name: str) -> str:
    return name.replace("’", "'").removesuffix("'s")


@lru_cache(maxsize=4096)
def exact_forms(text: str) -> frozenset[str]:
    """Every word of *text* as spelled (case kept), hyphen parts too, no possessive."""
    found = set()
    for word in words(text):
        bare = _bare(word)
        found.add(bare)
        found.update(part for part in bare.split("-") if part)
    return frozenset(found)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Coverage:
    key: str
    label: str
    counted: int
    cited: int
    uncited_lines: list[int]

    @property
    def share(self) -> float:
        return 1.0 if not self.counted else self.cited / self.counted


@dataclass
class Report:
    claims: list[Claim]
    exemptions: list[Exemption]
    findings: list[Finding]
    coverage: list[Coverage]
    allowlist: Allowlist
    measures: list[PageMeasure] = field(default_factory=list)
    source_words: int = 0
    most_cited: tuple[str, int, int] | None = None  # (key, line, claims)
    statuses: dict[str, int] | None = None
    """Claims per status, kept when the claims themselves are left out."""
    labels: list[Label] = field(default_factory=list)
    flags: list[tuple[str, int, Flag]] = field(default_factory=list)
    """Every flag of the claims and labels with its file and line, in file order (a
    claim rendered twice, a timeline event on two pages, flagged once)."""
    reviewed: ledger.Summary | None = None
    """The review ledger's view of the claims (``None``: the project keeps none)."""

    def flags_per_file(self) -> dict[str, int]:
        return dict(Counter(path for path, _, _ in self.flags))

    @property
    def prose_words(self) -> int:
        return sum(page.words for page in self.measures)

    @property
    def totals(self) -> dict[str, int]:
        totals = dict.fromkeys((VERIFIED, CITED, UNCITED, FAILED), 0)
        if self.statuses is None:
            for claim in self.claims:
                totals[claim.status] += 1
        else:
            totals.update(self.statuses)
        totals["claims"] = sum(totals.values())
        totals["findings"] = len(self.findings)
        totals["flags"] = len(self.flags)
        return totals

    def without_claims(self) -> Report:
        """This report less its claims, their statuses counted: all that a build needs
        once the files listing the claims are made. Handing every claim back from the
        worker would cost the building process a second per 10,000 claims."""
        statuses = {
            status: count
            for status, count in self.totals.items()
            if status not in ("claims", "findings", "flags")
        }
        return replace(self, claims=[], labels=[], statuses=statuses)


def coverage(catalog: Catalog, texts: dict[str, SourceText], claims: list[Claim]) -> list[Coverage]:
    """Per source: the share of its lines on topic that some claim cites."""
    cited: dict[str, set[int]] = {source.key: set() for source in catalog.sources}
    for claim in claims:
        for citation in claim.citations:
            try:
                cited.setdefault(citation.key, set()).update(
                    parse_pinpoint(citation.pinpoint).lines
                )
            except PinpointError:
                pass
    result = []
    for source in catalog.sources:
        lines = texts[source.key].lines
        if lines is None:
            counted = []
        else:
            skip = source.off_topic | source.structure
            counted = [n for n, text in enumerate(lines, 1) if text.strip() and n not in skip]
        missing = [n for n in counted if n not in cited[source.key]]
        result.append(
            Coverage(source.key, source.label, len(counted), len(counted) - len(missing), missing)
        )
    return result


FINITE = ("VBD", "VBZ", "VBP", "MD")
"""Tags of a verb that makes a label a statement: a finite verb or a modal."""


def _states(text: str) -> bool:
    """Whether a label says something rather than naming a topic ("Han won 91 awards",
    not "Characters and voice cast")."""
    return any(lexicon_tag(word) in FINITE for word in WORD.findall(text) if not is_function(word))


def reviewable(claims: Sequence[Claim], labels: Sequence[Label]) -> list[Claim | Label]:
    """What a person confirms: every claim (a timeline event shown on two pages
    once) and every label that states something."""
    seen: set[tuple[str, int, str]] = set()
    items: list[Claim | Label] = []
    candidates: list[Claim | Label] = [*claims, *(label for label in labels if _states(label.text))]
    for item in candidates:
        identity = (item.path, item.line, item.text)
        if identity not in seen:
            seen.add(identity)
            items.append(item)
    return items


def _may_hold_names(text: str) -> bool:
    """A cheap test: without digits or capitals there is nothing a label could claim."""
    return any(c.isdigit() or c.isupper() for c in text)


def source_word_count(catalog: Catalog, texts: dict[str, SourceText]) -> int:
    """Words of the sources' lines on topic: what the wiki's length compares with."""
    total = 0
    for source in catalog.sources:
        skip = source.off_topic | source.structure
        for number, line in enumerate(texts[source.key].lines or [], 1):
            if number not in skip:
                total += len(words(line))
    return total


# -- What the rules read: each scope's inputs, computed once, when first asked for -----


class ClaimInputs:
    """A claim's inputs as a whole (:attr:`.Scope.claim`, :attr:`.Scope.cited_claim`)."""

    def __init__(self, claim: Claim, context: Context) -> None:
        self.malformed = claim.malformed
        self.citations = claim.citations
        self.claim_text = claim.text
        self.tail = claim.tail
        self.checked = claim.checked
        self.clauses = claim.clauses
        self._context = context

    @cached_property
    def source_labels(self) -> list[str]:
        return list(self._context.labels.values())


class CitationInputs:
    """A citation's inputs (:attr:`.Scope.citation`)."""

    def __init__(self, citation: Citation, context: Context) -> None:
        self.key = citation.key
        self.pinpoint_text = citation.pinpoint
        self.source: SourceText | None = context.texts.get(citation.key)
        self.pinpoint, self.pinpoint_lines, self.pinpoint_error = read_pinpoint(citation.pinpoint)

    def cited(self) -> tuple[str, str, str] | None:
        """(key, "key L9", text) of the lines the citation names, if it names usable ones."""
        if self.source is None or self.source.lines is None:
            return None
        lines = self.source.lines
        text = "\n".join(lines[n - 1] for n in self.pinpoint_lines)
        return (self.key, f"{self.key} {self.pinpoint}", text)


class ClauseInputs:
    """A clause's inputs (:attr:`.Scope.clause`): the claim's checked text blanked outside
    the clause, against the lines of its citations (*group*: key, "key L9", text)."""

    def __init__(
        self,
        claim: Claim,
        clause: str,
        group: list[tuple[str, str, str]],
        context: Context,
        earlier: tuple[str, str] | None = None,
    ) -> None:
        self.clause = clause
        self.group = group
        self.earlier = earlier  # the clause before: its text and its cited lines
        self.synonyms = context.synonyms
        self._claim = claim
        self._context = context

    @cached_property
    def where(self) -> str:
        return "[" + "; ".join(label for _, label, _ in self.group) + "]"

    @cached_property
    def cited_text(self) -> str:
        return "\n".join(body for _, _, body in self.group)

    @cached_property
    def cited_lines(self) -> tuple[str, ...]:
        return tuple(self.cited_text.split("\n"))

    @cached_property
    def cited_keys(self) -> frozenset[str]:
        return frozenset(key for key, _, _ in self.group)

    @cached_property
    def quoted(self) -> list[tuple[str, list[str]]]:
        """Each quotation with the lines it may come from: those of the source the clause
        attributes it to, when it cites that source; else all the cited lines."""
        by_key: dict[str, str] = {}
        for key, _, body in self.group:
            by_key[key] = by_key.get(key, "") + "\n" + body
        found = []
        for quote in quotes(self.clause):
            own = _attributed_source(self.clause, quote, self._context.labels)
            found.append(
                (quote, [by_key[own]] if own in by_key else [body for _, _, body in self.group])
            )
        return found

    @cached_property
    def outside_quotes(self) -> str:
        return self._context.allow.strip(blank_quotes(self.clause))

    @cached_property
    def claimed_numbers(self) -> list[str]:
        return sorted(claimed_numbers(self.outside_quotes), key=float)

    @cached_property
    def cited_numbers(self) -> frozenset[str]:
        return _per_line(numbers, self.cited_lines)

    @cached_property
    def claimed_months(self) -> list[int]:
        return sorted(iso_months(self.outside_quotes))

    @cached_property
    def cited_months(self) -> frozenset[int]:
        return _per_line(months, self.cited_lines)

    @cached_property
    def name_spans(self) -> list[tuple[int, int, str]]:
        return name_spans(self.outside_quotes, self._context.names)

    @cached_property
    def source_lines(self) -> tuple[str, ...]:
        return self._context.source_lines

    @cached_property
    def names(self) -> list[str]:
        return [name for _, _, name in self.name_spans]

    @cached_property
    def named_sources(self) -> list[tuple[str, str]]:
        """(key, label) of each source whose label the clause names."""
        folded = self.clause.casefold()
        return [
            (key, label)
            for key, label in self._context.labels.items()
            if first_word(label) in folded and phrase_pattern(label).search(self.clause)
        ]

    @cached_property
    def name_keys(self) -> frozenset[str]:
        return self._context.name_keys

    @cached_property
    def opening_link(self) -> tuple[Token, Token, str] | None:
        return opening_link(tokens(self.outside_quotes, self._context.name_keys))

    @cached_property
    def passage(self) -> Passage:
        return passage(self._context.allow.strip(self.cited_text), self._context.name_keys)

    @cached_property
    def alignment(self) -> Alignment:
        context, checked = self._context, self._claim.checked
        speaker = any(names_speaker(word) for word in words(checked)) or any(
            phrase_pattern(label).search(checked) for label in context.labels.values()
        )
        kinds = [context.texts[key].source.kind for key in self.cited_keys if key in context.texts]
        unsought = source_words(kinds) | (ASCRIBING if speaker else frozenset())
        return align(
            _strip_reporting(self.outside_quotes),
            self.passage,
            context.name_keys,
            context.synonyms,
            frozenset(start for start, _, _ in self.name_spans),
            unsought,
            context.genders,
        )

    def checks_something(self) -> bool:
        """Whether the clause has anything its lines can support: a quote, a number, a
        name, a source it names but does not cite, or a content word. A claim none of
        whose clauses has is cited, not verified."""
        return bool(
            self.quoted
            or self.claimed_numbers
            or self.names
            or any(key not in self.cited_keys for key, _ in self.named_sources)
            or content_words(self.outside_quotes)
        )


class LabelInputs:
    """A label's inputs (:attr:`.Scope.label`), against the lines its section's
    citations name."""

    def __init__(self, label: Label, context: Context) -> None:
        self.kind = label.kind
        self.label_text = label.text
        self._label = label
        self._context = context

    @cached_property
    def readable(self) -> str:
        """The text the checker reads: none of raw HTML, LaTeX commands blanked out of a
        raw block (same length: offsets hold), allowed phrases blanked; empty when no
        letter or digit is left."""
        if self.kind == "raw HTML":
            return ""
        text = self.label_text
        if self.kind == "raw block":
            text = _LATEX_COMMAND.sub(lambda m: " " * len(m.group()), text)
        text = self._context.allow.strip(text)
        return text if any(c.isalnum() for c in text) else ""

    @cached_property
    def scope(self) -> str:
        return self._context.scope_text(tuple(self._label.citations))

    @cached_property
    def alignment(self) -> Alignment:
        """A label that states something ("Han won 91 awards") aligned like a sentence;
        what the lines prove opposite is a flag here (a label is not a claim)."""
        text = self.readable
        if not text or self.kind in ("editor's note", "raw block") or not _states(text):
            return Alignment([], [])
        context = self._context
        aligned = align(
            _strip_reporting(text),
            passage(context.allow.strip(self.scope), context.name_keys),
            context.name_keys,
            context.synonyms,
        )
        return Alignment(aligned.flags + aligned.contradictions, [])

    @cached_property
    def name_spans(self) -> list[tuple[int, int, str]]:
        """Where the label's names are; none in an Editor's note or a raw block, which
        :func:`editorial_note` and :func:`raw_content` judge."""
        text = self.readable
        if self.kind in ("editor's note", "raw block") or not _may_hold_names(text):
            return []
        return name_spans(text, self._context.names)

    @cached_property
    def cited_lines(self) -> tuple[str, ...]:
        return tuple(self.scope.split("\n"))

    @cached_property
    def source_lines(self) -> tuple[str, ...]:
        return self._context.source_lines

    @cached_property
    def synonyms(self) -> Synonyms:
        return self._context.synonyms

    @cached_property
    def named_elsewhere(self) -> list[str]:
        """Of :attr:`ungrounded`, the names the sources give on other lines (flagged:
        :func:`name_elsewhere`)."""
        return [
            f"name '{name}'"
            for _, _, name in name_spans(self.readable, self._context.names)
            if _given_elsewhere(name, self.cited_lines, self.source_lines, self.synonyms)
        ]

    @cached_property
    def ungrounded(self) -> list[str]:
        """The label's numbers and names its section's citations don't ground."""
        text = self.readable
        if not _may_hold_names(text):
            return []
        lines = tuple(self.scope.split("\n"))
        available = _per_line(numbers, lines)
        found = [
            f"number {n}" for n in sorted(claimed_numbers(text), key=float) if n not in available
        ]
        names = [name for _, _, name in name_spans(text, self._context.names)]
        found += [
            f"name '{name}'" for name in names if _name_problem(name, lines, self._context.synonyms)
        ]
        return found


_LATEX_COMMAND = re.compile(r"\\[A-Za-z@]+\*?")


class ProjectInputs:
    """The project's inputs (:attr:`.Scope.project`)."""

    def __init__(
        self,
        claims: list[Claim],
        labels: Sequence[Label],
        catalog: Catalog,
        texts: dict[str, SourceText],
        empty_pages: Sequence[tuple[str, str]],
        min_coverage: float,
        policy: Policy,
        reviews: list | None,
        assigned: object | None = None,
    ) -> None:
        self.claims = claims
        self.catalog = catalog
        self.sources = catalog.sources
        self.sources_file = str(catalog.path)
        self.empty_pages = empty_pages
        self.min_coverage = min_coverage
        self.policy = policy
        self.reviews = reviews
        self.assigned = assigned is not None
        self.cited_keys = frozenset(
            citation.key for claim in claims for citation in claim.citations
        )
        self.coverage = coverage(catalog, texts, claims)
        self.citation_counts = citations_per_line(claims)
        self.reviewable = reviewable(claims, labels) if reviews is not None else []
        self.source_names = [name for source in catalog.sources for name in source.names]


class PageInputs:
    """A page's inputs (:attr:`.Scope.page`)."""

    def __init__(self, measure: PageMeasure, policy: Policy) -> None:
        self.measure = measure
        self.policy = policy


# -- The rules: each a small unit, declared in the registry (:mod:`.registry`) ---------
#
# A rule's parameters are the inputs it reads, by name (:data:`.registry.INPUTS`); the
# engine (:mod:`.engine`) hands them over. A finding rule returns its messages (at a
# page or the project, with the file and line of each), a flag rule its flags.

Located = tuple[str, int, str]
"""(file, line, message) of a finding at a page or the project."""


def malformed_citation(malformed: tuple[str, ...]) -> list[str]:
    """A citation role that cannot be read shows as plain text."""
    return [f"malformed citation role {problem}" for problem in malformed]


def uncited(citations: list[Citation], malformed: tuple[str, ...], claim_text: str) -> list[str]:
    """A sentence that states something must cite its source (a sentence with a broken
    role has that one thing to mend)."""
    if citations or malformed:
        return []
    return [f'uncited claim: "{_short(claim_text)}"']


def unknown_key(key: str, source: SourceText | None) -> list[str]:
    """A citation's key must have a bibliography entry."""
    return [] if source is not None else [f"citation key '{key}' has no bibliography entry"]


def no_pinpoint(key: str, pinpoint_text: str) -> list[str]:
    """A citation must name the lines of its source that support the sentence."""
    if pinpoint_text.strip():
        return []
    return [f"citation of '{key}' has no pinpoint (write {{L<n>}} after the key)"]


def unreadable_pinpoint(key: str, pinpoint_error: str | None) -> list[str]:
    """A pinpoint must be well formed."""
    return [f"citation of '{key}': {pinpoint_error}"] if pinpoint_error else []


def read_pinpoint(text: str) -> tuple[str, tuple[int, ...], str | None]:
    """(the pinpoint as written, its lines, what is wrong with its form) of a citation's
    pinpoint *text*."""
    try:
        pinpoint = parse_pinpoint(text)
    except PinpointError as exc:
        return text, (), str(exc)
    return str(pinpoint), pinpoint.lines, None


def pinpoint_outside(
    key: str, pinpoint: str, pinpoint_lines: tuple[int, ...], source: SourceText
) -> list[str]:
    """A pinpoint must name lines the source has (an unusable source is reported once,
    at its entry)."""
    lines = source.lines
    if lines is None or all(n <= len(lines) for n in pinpoint_lines):
        return []
    return [f"pinpoint {key} {pinpoint} is outside {source.source.file} ({len(lines)} lines)"]


def off_topic_pinpoint(
    key: str, pinpoint: str, pinpoint_lines: tuple[int, ...], source: SourceText
) -> list[str]:
    """A pinpoint must not cite a line the sources file marks as not about the subject."""
    off_topic = [n for n in pinpoint_lines if n in source.source.off_topic]
    if source.lines is None or not off_topic:
        return []
    return [
        f"pinpoint {key} {pinpoint} cites "
        + ", ".join(f"L{n}" for n in off_topic)
        + ", which sources.yaml marks as off topic"
    ]


def quote_not_found(quoted: list[tuple[str, list[str]]], where: str) -> list[str]:
    """A quotation must occur in the cited lines (in those of the source it is
    attributed to, when the clause names one)."""
    found = []
    for quote, candidates in quoted:
        if not any(_quote_found(quote, body) for body in candidates):
            hint = closest_passage(quote, "\n".join(candidates))
            found.append(
                f'quote not found in {where}: "{_short(quote)}"'
                + (f' (closest: "{hint}")' if hint else "")
            )
    return found


def misleading_ellipsis(quoted: list[tuple[str, list[str]]], where: str) -> list[str]:
    """An ellipsis in a quotation must not leave out a negation or join sentences."""
    found = []
    for quote, candidates in quoted:
        if not any(_quote_found(quote, body) for body in candidates):
            continue  # quote_not_found reports it
        bridged = next((b for b in (_bridged(quote, body) for body in candidates) if b), None)
        if bridged:
            found.append(f'the ellipsis in "{_short(quote, 50)}" {bridged} of {where}')
    return found


_COUNT_WORDS = frozenset(
    word for word, value in NUMBER_WORDS.items() if value <= 12 and word not in ORDINAL_WORDS
)
"""Cardinals in words up to twelve ("the two leads", "a dozen songs"): how many, not
which one ("the first")."""
_WORD_RUN = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*")
_A_COUNT_WORD = re.compile(rf"(?i)\b(?:{'|'.join(sorted(_COUNT_WORDS))})\b")


@lru_cache(maxsize=4096)
def _counts(text: str) -> tuple[tuple[int, int, str, str | None, bool], ...]:
    """Each number of *text* as (start, end, value, what it counts, written as a small
    count word): what it counts is the lemma of the noun after it (an adjective
    between may be: "two main characters"), or ``None`` for a unit's count ("two
    decades") or a number before no noun ("the two of them")."""
    tokens = list(_WORD_RUN.finditer(text))
    found = []
    for index, match in enumerate(tokens):
        word = match.group()
        value = number_value(word.rstrip(".,"))
        if value is None:
            continue
        small = word.lower() in _COUNT_WORDS
        following = tokens[index + 1].group().lower() if index + 1 < len(tokens) else ""
        if number_value(following) is not None:
            small = False  # "two dozen", "three hundred": one figure, not a small count
        counted = None
        for after in tokens[index + 1 : index + 3]:
            tag = lexicon_tag(after.group())
            noun = tag.startswith("NN") or (
                tag == "VBZ" and wordnet.can_be_noun(after.group().lower())
            )  # after a number, "leads" is a noun
            if noun and not is_unit(after.group()):
                counted = lemma(after.group())
                break
            if not tag.startswith("JJ"):
                break
        found.append((match.start(), match.end(), value, counted, small))
    return tuple(found)


_COLLECTIVE = re.compile(
    r"(?i)\b(?:pair|pairs|trio|trios|quartet|duo|duos|both|couple|twins?|dozens?|"
    r"single|sole|lone|only)\b"
    rf"|\b(?:{'|'.join(sorted(_COUNT_WORDS - {'dozen'} | {'one'}))}|\d+)-[a-z]"
)
"""Words and compounds that count ("a pair", "both", "a three-song EP")."""


def _counts_something(text: str) -> bool:
    """Whether *text* counts anything: a number before a noun, a collective word or a
    count in a compound. Dates and a number before no noun ("May 30th.") count
    nothing."""
    return bool(_COLLECTIVE.search(text)) or any(what for _, _, _, what, _ in _counts(text))


def uncounted(
    outside_quotes: str, cited_text: str, cited_numbers: frozenset[str]
) -> list[tuple[int, int, str]]:
    """Counts in words where the cited lines count nothing: "the two leads" where they
    say "the main characters". Counting what they name or imply may be honest, so a
    person decides. Where the lines count anything (in a synonym, a compound, "a
    pair", "both"), they may prove the count wrong, so it must be theirs; a figure in
    digits and a unit's count too (:func:`ungrounded_number`)."""
    if not _A_COUNT_WORD.search(outside_quotes) or _counts_something(cited_text):
        return []
    pair = _the_pair(outside_quotes, cited_text)  # "the two" of a pair the lines speak of
    return [
        (start, end, value)
        for start, end, value, what, word in _counts(outside_quotes)
        if word and what is not None and value not in cited_numbers and not (pair and value == "2")
    ]


def _forgiven(outside_quotes: str, unproved: list[tuple[int, int, str]]) -> set[str]:
    """The values of *unproved* counts that the clause states nowhere else ("the two
    leads star in a two-part drama" still states a two of its own)."""
    rest = outside_quotes
    for start, end, _ in unproved:
        rest = rest[:start] + " " * (end - start) + rest[end:]
    return {value for _, _, value in unproved} - claimed_numbers(rest)


def ungrounded_number(
    claimed_numbers: list[str],
    cited_numbers: frozenset[str],
    outside_quotes: str,
    cited_text: str,
    where: str,
) -> list[str]:
    """Each number the clause states must be in the cited lines (converted between
    units, or "the two" of a pair the lines speak of, will do); a count in words that
    they neither state nor contradict is flagged instead (:func:`count_not_stated`)."""
    missing = [
        number
        for number in claimed_numbers
        if not (
            number in cited_numbers
            or converted(number, outside_quotes, cited_text)
            or (number == "2" and _the_pair(outside_quotes, cited_text))
        )
    ]
    if missing:
        unproved = _forgiven(outside_quotes, uncounted(outside_quotes, cited_text, cited_numbers))
        missing = [number for number in missing if number not in unproved]
    return [f"number {number} not found in {where}" for number in missing]


def count_not_stated(
    outside_quotes: str, cited_text: str, cited_numbers: frozenset[str]
) -> list[Flag]:
    """A count in words the cited lines do not state, nor contradict (:func:`uncounted`)."""
    return [
        Flag(
            FlagKind.unsupported,
            start,
            end,
            outside_quotes[start:end],
            "a count the cited lines do not state",
        )
        for start, end, _ in uncounted(outside_quotes, cited_text, cited_numbers)
    ]


def ungrounded_month(
    claimed_months: list[int], cited_months: frozenset[int], where: str
) -> list[str]:
    """The month of each ISO date of the clause must be named in the cited lines."""
    return [
        f"month {month:02d} not found in {where}"
        for month in claimed_months
        if month not in cited_months
    ]


def ungrounded_name(
    names: list[str],
    cited_lines: tuple[str, ...],
    source_lines: tuple[str, ...],
    synonyms: Synonyms,
    where: str,
) -> list[str]:
    """Each proper name must be spelled as the cited lines spell it, and one they lack
    must at least be a name some source gives: a name no source has is invented or
    misspelled (one the sources give elsewhere is flagged: :func:`name_elsewhere`)."""
    found = []
    for name in names:
        problem = _name_problem(name, cited_lines, synonyms)
        if problem and not _given_elsewhere(name, cited_lines, source_lines, synonyms):
            found.append(f"name '{name}' {problem} in {where}")
    return found


def _given_elsewhere(
    name: str, cited_lines: tuple[str, ...], source_lines: tuple[str, ...], synonyms: Synonyms
) -> bool:
    """Whether the cited lines lack *name* but another line of the sources gives it."""
    return (
        _name_problem(name, cited_lines, synonyms) == "not found"
        and _name_problem(name, source_lines, synonyms) is None
    )


def name_elsewhere(
    name_spans: list[tuple[int, int, str]],
    cited_lines: tuple[str, ...],
    source_lines: tuple[str, ...],
    synonyms: Synonyms,
) -> list[Flag]:
    """A name the sources give, but not the cited lines: they may mean it without naming
    it ("the director", "the city"), or the sentence says what they do not; a person
    decides."""
    return [
        Flag(FlagKind.unsupported, start, end, name, "a name the sources give, not these lines")
        for start, end, name in name_spans
        if _given_elsewhere(name, cited_lines, source_lines, synonyms)
    ]


def named_source_not_cited(
    named_sources: list[tuple[str, str]], cited_keys: frozenset[str]
) -> list[str]:
    """A clause that names a source ("Resonate reports …") must cite it."""
    return [
        f"names the source '{label}' but does not cite it ({key})"
        for key, label in named_sources
        if key not in cited_keys
    ]


def unit_mismatch(outside_quotes: str, passage: Passage, where: str) -> list[str]:
    """A number must carry the unit the cited lines give it."""
    return [f"unit: {problem} in {where}" for problem in unit_problems(outside_quotes, passage)]


def contradicted(alignment: Alignment, clause: str, where: str) -> list[str]:
    """A word negated, or put in the place of its antonym, where the cited lines have
    the same words around it without that change."""
    return [
        f"'{clause[flag.start : flag.end]}': {flag.message}, with the same "
        f"words around it, in {where}"
        for flag in alignment.contradictions
    ]


def _flags_of(alignment: Alignment, kind: FlagKind) -> list[Flag]:
    return [flag for flag in alignment.flags if flag.kind is kind]


def unsupported_words(alignment: Alignment) -> list[Flag]:
    """A word the cited lines lack in any form (:mod:`.align`)."""
    return _flags_of(alignment, FlagKind.unsupported)


def scale_words(alignment: Alignment) -> list[Flag]:
    """A quantifier, hedge, frequency or degree word stronger or weaker than the cited
    lines', or a word they hedge stated plainly."""
    return _flags_of(alignment, FlagKind.scale)


def polarity_words(alignment: Alignment) -> list[Flag]:
    """An antonym of the cited lines' word in its place, a negation added or dropped
    (the hard tier reports those the lines prove: ``contradicted``)."""
    return _flags_of(alignment, FlagKind.polarity)


def order_words(alignment: Alignment) -> list[Flag]:
    """An order or cause word the cited lines do not give, or the other order."""
    return _flags_of(alignment, FlagKind.order)


def link_across_clauses(
    clause: str,
    opening_link: tuple[Token, Token, str] | None,
    earlier: tuple[str, str] | None,
    cited_text: str,
    passage: Passage,
    name_keys: frozenset[str],
) -> list[Flag]:
    """An order or cause word that opens a clause ("…, so …") ties it to the clause
    before; where that clause cites other lines, these lines must give the tie."""
    if opening_link is None or earlier is None or earlier[1] == cited_text:
        return []  # on the same lines, the clause's alignment judges the word
    first, last, kind = opening_link
    if lines_link(passage, kind, said(earlier[0], name_keys)):
        return []
    return [
        Flag(
            FlagKind.order,
            first.start,
            last.end,
            clause[first.start : last.end],
            f"ties the clause to the one before as a {kind}, which their lines do not give",
        )
    ]


def relation_words(alignment: Alignment) -> list[Flag]:
    """A name or figure paired with another word than in the cited lines, or an act
    given to another doer than theirs."""
    return _flags_of(alignment, FlagKind.relation)


def uncited_tail(tail: str) -> list[str]:
    """Text after the last citation of a sentence must have a citation of its own."""
    return [f'text after the last citation is uncited: "{_short(tail)}"'] if tail else []


def opinion_in_own_voice(
    checked: str, source_labels: list[str], clauses: Sequence[tuple[int, int, int, int]]
) -> list[Flag]:
    """An evaluative word or a quotation in a sentence that does not say whose they are."""
    return opinion_flags(checked, source_labels, clauses)


def raw_content(kind: str) -> list[str]:
    """Raw HTML on a content page shows text the checker cannot read."""
    if kind != "raw HTML":
        return []
    return ["raw HTML on a content page: write Markdown, whose sentences the checker can read"]


def opinion_in_label(readable: str, kind: str) -> list[Flag]:
    """An evaluative word in a label, which cannot say whose view it gives."""
    evaluative = opinion_words(readable)
    return [
        Flag(
            FlagKind.opinion,
            flag.start,
            flag.end,
            flag.word,
            f"evaluative, in a {kind}: say it in a sentence, attributed",
        )
        for flag in opinion_flags(readable, [])
        if flag.word in evaluative
    ]


def editorial_note(kind: str, ungrounded: list[str]) -> list[str]:
    """An Editor's note on a content page must not carry numbers or names its section's
    citations don't ground."""
    if kind != "editor's note" or not ungrounded:
        return []
    return [
        f"Editor's note on a content page holds {', '.join(ungrounded)}: move it to the "
        f"text, cited, or to an editorial page"
    ]


def ungrounded_label(
    kind: str, label_text: str, ungrounded: list[str], named_elsewhere: list[str]
) -> list[str]:
    """A label's numbers and names must be grounded by its section's citations (a name
    the sources give on other lines is flagged: :func:`name_elsewhere`)."""
    unfounded = [item for item in ungrounded if item not in named_elsewhere]
    if kind == "editor's note" or not unfounded:
        return []
    return [
        f'{kind} "{_short(label_text, 50)}" holds {", ".join(unfounded)}, which its '
        f"section's citations don't ground"
    ]


def unused_source(
    sources: list[Source], cited_keys: frozenset[str], sources_file: str
) -> list[Located]:
    """Every source must be cited."""
    return [
        (sources_file, source.meta_line, f"source '{source.key}' ({source.file}) is never cited")
        for source in sources
        if source.key not in cited_keys
    ]


def empty_page(empty_pages: Sequence[tuple[str, str]]) -> list[Located]:
    """A page must have content."""
    return [(path, 1, "page is empty") for _, path in empty_pages]


def coverage_below(
    coverage: list[Coverage],
    min_coverage: float,
    cited_keys: frozenset[str],
    sources: list[Source],
    sources_file: str,
) -> list[Located]:
    """A cited source's lines about the subject must be cited at the configured share."""
    return [
        (
            sources_file,
            source.meta_line,
            f"source '{item.key}' is {item.share:.0%} covered (at least {min_coverage:.0%} "
            f"required); lines on topic not cited: "
            + ", ".join(f"L{n}" for n in item.uncited_lines),
        )
        for item, source in zip(coverage, sources, strict=True)
        if item.share < min_coverage and item.key in cited_keys
    ]


def unreviewed(
    reviewable: list[Claim | Label], catalog: Catalog, reviews: list | None, assigned: bool
) -> list[Located]:
    """Every claim must be confirmed by a person against its cited lines, and again when
    it or its lines change (where the project keeps a review ledger)."""
    if reviews is None:
        return []
    return ledger.pending(reviewable) if assigned else ledger.gate(reviewable, catalog, reviews)
