"""The rules: is a claim cited, and do its pinpointed lines support it?

Pure functions over claims and the source catalog; the Sphinx extension and
the command-line script both call :func:`check`.
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

from starlight.claims import ledger, wordnet
from starlight.claims.align import align, one_flag_a_word, source_words
from starlight.claims.cache import VerdictCache
from starlight.claims.codes import Code, FlagKind
from starlight.claims.lexicon import (
    Synonyms,
    content_words,
    is_english,
    is_function,
    lemma,
    names_speaker,
)
from starlight.claims.lexicon import tag as lexicon_tag
from starlight.claims.meaning import attributed, is_negation, opinion_words, passage, unit_problems
from starlight.claims.measures import (
    PageMeasure,
    Policy,
    check_measures,
    citations_per_line,
    page_measures,
    repeated_facts,
)
from starlight.claims.model import Citation, Claim, Exemption, Finding, Flag, Label
from starlight.claims.quantities import converted, is_unit
from starlight.claims.text import (
    MONTHS,
    WORD,
    iso_months,
    months,
    name_matches,
    normalize,
    numbers,
    word_keys,
    words,
)
from starlight.errors import InputError, read_text
from starlight.pages.pinpoint import PinpointError, parse_pinpoint
from starlight.sources.catalog import Catalog, Source

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
        folded = text.casefold()
        for phrase in self.longest_first:
            if first_word(phrase) in folded:  # a cheap test before the regular expression
                text = phrase_pattern(phrase).sub(_blank, text)
        return text

    @cached_property
    def longest_first(self) -> list[str]:
        """Phrases and labels, longest first, so a longer phrase wins over its parts."""
        return sorted([*self.phrases, *self.labels], key=len, reverse=True)


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


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Where the outermost quotations of *text* are (their words, without the marks):
    double quotes, then single quotes around words; in the order of the text."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for mark in _DOUBLE_QUOTE.finditer(text):
        index, char = mark.start(), mark.group()
        if char == "“" or (char == '"' and depth == 0):
            if depth == 0:
                start = index
            depth += 1
        elif char in '”"' and depth:
            depth -= 1
            if depth == 0:
                spans.append((start + 1, index))
    outside = list(text)
    for begin, end in spans:
        outside[begin - 1 : end + 1] = " " * (end + 1 - (begin - 1))
    spans += [match.span(1) for match in _SINGLE_QUOTED.finditer("".join(outside))]
    return sorted(span for span in spans if any(c.isalnum() for c in text[span[0] : span[1]]))


def quotes(text: str) -> list[str]:
    """The outermost quotations in *text* (:func:`quote_spans`), as text."""
    return [text[start:end] for start, end in quote_spans(text)]


_DOUBLE_QUOTE = re.compile('[“”"]')
_SINGLE_QUOTED = re.compile(r"(?<![\w])[‘'](\w.*?)[’'](?![\w])")


def _blank_quotes(text: str) -> str:
    """*text* with its quotations (:func:`quote_spans`) blanked out; offsets are kept."""
    for start, end in quote_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


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
            pieces.append(re.escape(inner) if len(inner) <= 2 else r"(?:[^\s]+\s+){0,6}?[^\s]*")
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


def _pinpointed(
    claim: Claim, texts: dict[str, SourceText], findings: list[Finding]
) -> list[tuple[str, str, str] | None]:
    """(key, "key L9", text) of each citation's pinpointed lines, ``None`` for a bad one
    (with its finding)."""
    passages: list[tuple[str, str, str] | None] = []
    for citation in claim.citations:
        passages.append(None)
        source_text = texts.get(citation.key)
        if source_text is None:
            findings.append(
                Finding(
                    Code.unknown_key,
                    claim.path,
                    claim.line,
                    f"citation key '{citation.key}' has no bibliography entry",
                )
            )
            continue
        if not citation.pinpoint.strip():
            findings.append(
                Finding(
                    Code.no_pinpoint,
                    claim.path,
                    claim.line,
                    f"citation of '{citation.key}' has no pinpoint (write {{L<n>}} after the key)",
                )
            )
            continue
        try:
            pinpoint = parse_pinpoint(citation.pinpoint)
        except PinpointError as exc:
            findings.append(
                Finding(
                    Code.bad_pinpoint,
                    claim.path,
                    claim.line,
                    f"citation of '{citation.key}': {exc}",
                )
            )
            continue
        lines = source_text.lines
        if lines is None:
            continue  # the source's own problem is reported once, at the metadata
        outside = [n for n in pinpoint.lines if n > len(lines)]
        if outside:
            findings.append(
                Finding(
                    Code.bad_pinpoint,
                    claim.path,
                    claim.line,
                    f"pinpoint {citation.key} {pinpoint} is outside "
                    f"{source_text.source.file} ({len(lines)} lines)",
                )
            )
            continue
        off_topic = [n for n in pinpoint.lines if n in source_text.source.not_about_film]
        if off_topic:
            findings.append(
                Finding(
                    Code.off_topic_pinpoint,
                    claim.path,
                    claim.line,
                    f"pinpoint {citation.key} {pinpoint} cites "
                    + ", ".join(f"L{n}" for n in off_topic)
                    + ", which sources.yaml marks as not about the film",
                )
            )
            continue
        text = "\n".join(lines[n - 1] for n in pinpoint.lines)
        passages[-1] = (citation.key, f"{citation.key} {pinpoint}", text)
    return passages


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
    def labels(self) -> dict[str, str]:
        return {key: text.source.label for key, text in self.texts.items()}


def _only(text: str, start: int, end: int) -> str:
    """*text* with everything outside [start, end) blanked, so offsets stay shared."""
    return " " * start + text[start:end] + " " * (len(text) - end)


def check_claim(
    claim: Claim,
    texts: dict[str, SourceText],
    allow: Allowlist,
    names: set[str],
    synonyms: Synonyms | None = None,
) -> list[Finding]:
    """Judge one claim on its own (:func:`check` judges many with one :class:`Context`)."""
    return _check_claim(claim, Context(texts, allow, names, synonyms or Synonyms()))


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
    findings = _check_claim(claim, context)
    return findings, claim.flags


@dataclass
class _Verdict:
    """What judging one claim finds: hard findings and flags (offsets in ``checked``)."""

    claim: Claim
    findings: list[Finding] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def finding(self, code: Code, message: str) -> None:
        self.findings.append(Finding(code, self.claim.path, self.claim.line, message))


def _check_claim(claim: Claim, context: Context) -> list[Finding]:
    """Judge one claim, clause by clause; set its status and flags, return its findings.

    Each clause (the text up to a citation) is judged against that citation's
    lines only. The hard tier: its quotes, numbers, units, dates and names, and a
    clause that names a source ("Resonate reports …") must cite it. Then every
    word is aligned with the lines (:mod:`.align`) and an opinion or quotation
    must say whose it is; what does not hold is flagged.
    """
    verdict = _Verdict(claim)
    for problem in claim.malformed:
        verdict.finding(Code.malformed_citation, f"malformed citation role {problem}")
    if not claim.citations:
        if not claim.malformed:  # a broken role is the one thing to mend
            verdict.finding(Code.uncited, f'uncited claim: "{_short(claim.text)}"')
        return _judged(claim, verdict, UNCITED)
    passages = _pinpointed(claim, context.texts, verdict.findings)
    if any(p is None for p in passages):
        return _judged(claim, verdict, FAILED)
    clauses = claim.clauses or ((0, len(claim.checked), 0, len(claim.citations)),)
    checked_items = 0
    for start, end, first, count in clauses:
        group = [p for p in passages[first : first + count] if p is not None]
        checked_items += _check_clause(
            claim, _only(claim.checked, start, end), group, context, verdict
        )
    if claim.tail:
        verdict.finding(
            Code.uncited_tail, f'text after the last citation is uncited: "{_short(claim.tail)}"'
        )
    verdict.flags += opinion_flags(claim.checked, list(context.labels.values()))
    if verdict.findings:
        return _judged(claim, verdict, FAILED)
    return _judged(claim, verdict, VERIFIED if checked_items else CITED)


def opinion_flags(text: str, labels: list[str]) -> list[Flag]:
    """Evaluative words and quotations of a sentence that does not say whose they are."""
    spans = quote_spans(text)
    unquoted = _blank_quotes(text)  # a quote's own words attribute nothing
    opinions = set(opinion_words(unquoted))
    words = [match for match in WORD.finditer(unquoted) if match.group() in opinions]
    if not words and not spans:
        return []
    first = min([match.start() for match in words] + [start for start, _ in spans])
    if attributed(unquoted, labels, first):
        return []
    flags = [
        Flag(
            FlagKind.opinion,
            match.start(),
            match.end(),
            match.group(),
            "evaluative, in the wiki's own voice: say whose view it is",
        )
        for match in words
    ]
    flags += [
        Flag(
            FlagKind.opinion,
            start,
            end,
            text[start:end],
            "a quotation in the wiki's own voice: say whose words they are",
        )
        for start, end in spans
    ]
    return flags


def _check_clause(
    claim: Claim, text: str, group: list[tuple[str, str, str]], context: Context, verdict: _Verdict
) -> int:
    """Judge one clause (the claim's checked text, blanked outside it); return how
    many items were checked."""
    finding = verdict.finding
    where = "[" + "; ".join(label for _, label, _ in group) + "]"
    together = "\n".join(body for _, _, body in group)
    by_key: dict[str, str] = {}
    for key, _, body in group:
        by_key[key] = by_key.get(key, "") + "\n" + body
    checked_items = 0
    quoted = quotes(text)
    for quote in quoted:
        checked_items += 1
        own = _attributed_source(text, quote, context)
        candidates = [by_key[own]] if own in by_key else [body for _, _, body in group]
        if not any(_quote_found(quote, body) for body in candidates):
            hint = closest_passage(quote, "\n".join(candidates))
            finding(
                Code.quote_not_found,
                f'quote not found in {where}: "{_short(quote)}"'
                + (f' (closest: "{hint}")' if hint else ""),
            )
            continue
        bridged = next((b for b in (_bridged(quote, body) for body in candidates) if b), None)
        if bridged:
            finding(
                Code.misleading_ellipsis,
                f'the ellipsis in "{_short(quote, 50)}" {bridged} of {where}',
            )
    outside_quotes = context.allow.strip(_blank_quotes(text))
    lines = tuple(together.split("\n"))
    available = _per_line(numbers, lines)
    for number in sorted(numbers(outside_quotes, claimed=True), key=lambda n: float(n)):
        checked_items += 1
        if (
            number in available
            or converted(number, outside_quotes, together)
            or (number == "2" and _the_pair(outside_quotes, together))
        ):
            continue
        finding(Code.ungrounded_number, f"number {number} not found in {where}")
    source_months = _per_line(months, lines)
    for month in sorted(iso_months(outside_quotes) - source_months):
        finding(Code.ungrounded_number, f"month {month:02d} not found in {where}")
    spans = name_spans(outside_quotes, context.names)
    for _, _, name in spans:
        checked_items += 1
        problem = _name_problem(name, lines, context)
        if problem:
            finding(Code.ungrounded_name, f"name '{name}' {problem} in {where}")
    cited = {key for key, _, _ in group}
    folded = text.casefold()
    for key, label in context.labels.items():
        if key not in cited and first_word(label) in folded and phrase_pattern(label).search(text):
            checked_items += 1
            finding(
                Code.ungrounded_name, f"names the source '{label}' but does not cite it ({key})"
            )
    source = passage(context.allow.strip(together), context.name_keys)
    for problem in unit_problems(outside_quotes, source):
        finding(Code.unit_mismatch, f"unit: {problem} in {where}")
    speaker = any(names_speaker(word) for word in words(claim.checked)) or any(
        phrase_pattern(label).search(claim.checked) for label in context.labels.values()
    )
    kinds = [context.texts[key].source.kind for key in cited if key in context.texts]
    aligned = align(
        _strip_reporting(outside_quotes),
        source,
        context.name_keys,
        context.synonyms,
        frozenset(start for start, _, _ in spans),
        speaker,
        source_words(kinds),
    )
    verdict.flags += aligned.flags
    for flag in aligned.contradictions:
        finding(
            Code.contradicted,
            f"'{text[flag.start : flag.end]}': {flag.message}, with the same "
            f"words around it, in {where}",
        )
    return checked_items + len(content_words(outside_quotes))


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


def _attributed_source(text: str, quote: str, context: Context) -> str | None:
    """The source a quote is attributed to: the label named last before it."""
    position = text.find(quote)
    best, best_at = None, -1
    for key, label in context.labels.items():
        for match in phrase_pattern(label).finditer(text, 0, max(0, position)):
            if match.start() > best_at:
                best, best_at = key, match.start()
    return best


def _name_problem(name: str, lines: tuple[str, ...], context: Context) -> str | None:
    """What is wrong with a proper name against cited *lines*: "not found", "is spelled
    …", or ``None`` when they name it (as a month, a reviewed synonym or spelling too)."""
    month = MONTHS.get(normalize(name))
    if month and month in _per_line(months, lines):
        return None
    keys = _per_line(word_keys, lines)
    if not name_matches(name, keys):
        if any(other in keys for other in context.synonyms.of(lemma(name))):
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
    if spelled and context.synonyms.same_spelling(bare, spelled):
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


def _judged(claim: Claim, verdict: _Verdict, status: str) -> list[Finding]:
    claim.status = status
    claim.findings = [finding.code.qualified for finding in verdict.findings]
    shown = [
        Flag(flag.kind, *claim.in_text(flag.start, flag.end), flag.word, flag.message)
        for flag in verdict.flags
    ]
    claim.flags = one_flag_a_word([f for f in shown if f.end > f.start], claim.text)
    return verdict.findings


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
    """Per source: the share of its lines about the film that some claim cites."""
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
            skip = source.not_about_film | source.structure
            counted = [n for n, text in enumerate(lines, 1) if text.strip() and n not in skip]
        missing = [n for n in counted if n not in cited[source.key]]
        result.append(
            Coverage(source.key, source.label, len(counted), len(counted) - len(missing), missing)
        )
    return result


def check_label(label: Label, context: Context) -> list[Finding]:
    """A label's numbers and names must be grounded by its section's citations; a label
    that states something (it has a finite verb: "Han won 91 awards") is aligned with
    those citations' lines and flagged like a sentence, and any label's evaluative
    words are flagged (a heading cannot say whose view it gives)."""

    def finding(code: Code, message: str) -> Finding:
        return Finding(code, label.path, label.line, message)

    def judged(findings: list[Finding], flags: Sequence[Flag] = ()) -> list[Finding]:
        label.findings = [f.code.qualified for f in findings]
        label.flags = sorted(flags, key=lambda f: (f.start, f.end))
        label.status = FAILED if findings else VERIFIED
        return findings

    if label.kind == "raw HTML":
        return judged(
            [
                finding(
                    Code.raw_content,
                    "raw HTML on a content page: write Markdown, "
                    "whose sentences the checker can read",
                )
            ]
        )
    text = label.text
    if label.kind == "raw block":  # LaTeX commands are not names (same length: offsets hold)
        text = re.sub(r"\\[A-Za-z@]+\*?", lambda m: " " * len(m.group()), text)
    text = context.allow.strip(text)
    if not any(c.isalnum() for c in text):
        return judged([])
    scope = context.scope_text(tuple(label.citations))
    lines = tuple(scope.split("\n"))
    flags = [
        Flag(
            FlagKind.opinion,
            f.start,
            f.end,
            f.word,
            f"evaluative, in a {label.kind}: say it in a sentence, attributed",
        )
        for f in opinion_flags(text, [])
        if f.word in opinion_words(text)
    ]
    if label.kind not in ("editor's note", "raw block") and _states(text):
        aligned = align(
            _strip_reporting(text),
            passage(context.allow.strip(scope), context.name_keys),
            context.name_keys,
            context.synonyms,
        )
        flags += [
            flag
            for flag in aligned.flags + aligned.contradictions
            if flag.kind is not FlagKind.opinion
        ]
    flags = one_flag_a_word(flags, label.text)
    if not _may_hold_names(text):
        return judged([], flags)
    available = _per_line(numbers, lines)
    problems = [
        f"number {n}" for n in sorted(numbers(text, claimed=True), key=float) if n not in available
    ]
    problems += [
        f"name '{name}'"
        for name in names_in(text, context.names)
        if _name_problem(name, lines, context)
    ]
    if not problems:
        return judged([], flags)
    if label.kind == "editor's note":
        return judged(
            [
                finding(
                    Code.editorial_note,
                    f"Editor's note on a content page holds "
                    f"{', '.join(problems)}: move it to the "
                    f"text, cited, or to an editorial page",
                )
            ],
            flags,
        )
    return judged(
        [
            finding(
                Code.ungrounded_label,
                f'{label.kind} "{_short(label.text, 50)}" '
                f"holds {', '.join(problems)}, which its "
                f"section's citations don't ground",
            )
        ],
        flags,
    )


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
) -> Report:
    """Judge every claim and label, then the project as a whole (sources, unused
    sources, coverage, empty pages). A claim or label *cache* holds a verdict for
    (from the last build, with the same inputs) is not judged again."""
    texts = read_sources(catalog)
    findings = [t.problem for t in texts.values() if t.problem]
    names = known_names(texts)
    context = Context(texts, allow, names, synonyms or Synonyms())

    def judged(item: Claim | Label, judge) -> list[Finding]:
        return judge(item, context) if cache is None else cache.judged(item, judge, context)

    for claim in claims:
        findings += judged(claim, _check_claim)
    for label in labels:
        findings += judged(label, check_label)
    cited_keys = {citation.key for claim in claims for citation in claim.citations}
    for source in catalog.sources:
        if source.key not in cited_keys:
            findings.append(
                Finding(
                    Code.unused_source,
                    str(catalog.path),
                    source.meta_line,
                    f"source '{source.key}' ({source.file}) is never cited",
                )
            )
    for _, path in empty_pages:
        findings.append(Finding(Code.empty_page, path, 1, "page is empty"))
    covered = coverage(catalog, texts, claims)
    for item, source in zip(covered, catalog.sources, strict=True):
        if item.share < min_coverage and item.key in cited_keys:
            findings.append(
                Finding(
                    Code.coverage_below,
                    str(catalog.path),
                    source.meta_line,
                    f"source '{item.key}' is {item.share:.0%} covered (at least {min_coverage:.0%} "
                    f"required); lines about the film not cited: "
                    + ", ".join(f"L{n}" for n in item.uncited_lines),
                )
            )
    measures = page_measures(claims, list(context.labels.values()))
    counts = citations_per_line(claims)
    meta_lines = {source.key: source.meta_line for source in catalog.sources}
    findings += check_measures(measures, counts, policy or Policy(), str(catalog.path), meta_lines)
    reviewed: ledger.Summary | None = None
    if reviews is not None:  # the review ledger: every claim confirmed by a person
        items = reviewable(claims, labels)
        findings += ledger.gate(items, catalog, reviews)
        reviewed = ledger.summary(items)
    findings += repeated_facts(
        claims, policy or Policy(), [name for source in catalog.sources for name in source.names]
    )
    # A claim rendered twice (a timeline event on two pages) is one finding.
    findings = sorted(set(findings), key=lambda f: (f.path, f.line, f.code.name, f.message))
    most = max(counts.items(), key=lambda item: (item[1], item[0]), default=None)
    checked: list[Claim | Label] = [*claims, *labels]
    flags = sorted(
        {(item.path, item.line, flag) for item in checked for flag in item.flags},
        key=lambda f: (f[0], f[1], f[2].start, f[2].kind.name, f[2].message),
    )
    return Report(
        claims,
        exemptions,
        findings,
        covered,
        allow,
        measures,
        _source_words(catalog, texts),
        (most[0][0], most[0][1], most[1]) if most else None,
        labels=list(labels),
        flags=flags,
        reviewed=reviewed,
    )


def _source_words(catalog: Catalog, texts: dict[str, SourceText]) -> int:
    """Words of the sources' lines about the film: what the wiki's length compares with."""
    total = 0
    for source in catalog.sources:
        skip = source.not_about_film | source.structure
        for number, line in enumerate(texts[source.key].lines or [], 1):
            if number not in skip:
                total += len(words(line))
    return total
