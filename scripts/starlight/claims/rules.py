"""The rules: is a claim cited, and do its pinpointed lines support it?

Pure functions over claims and the source catalog; the Sphinx extension and
the command-line script both call :func:`check`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ..errors import InputError, read_text
from ..pinpoint import PinpointError, parse_pinpoint
from ..sources import Catalog, Source
from .codes import Code
from .model import Claim, Exemption, Finding
from .text import MONTHS, months, name_matches, normalize, numbers, word_keys, words

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
    return Allowlist(str(path), [p for p in phrases if p],
                     labels=[source.label for source in catalog.sources])


def read_sources(catalog: Catalog) -> dict[str, SourceText]:
    """Every source's lines, with a finding for a missing, unreadable or altered file."""
    texts = {}
    meta = str(catalog.path)
    for source in catalog.sources:
        if not source.path.is_file():
            texts[source.key] = SourceText(source, None, Finding(
                Code.source_missing, meta, source.meta_line,
                f"file of source '{source.key}' is missing: {source.file}"))
            continue
        try:
            lines = source.lines()
        except InputError as exc:
            texts[source.key] = SourceText(source, None, Finding(
                Code.source_unreadable, exc.path, exc.line or 0, exc.message))
            continue
        problem = None
        if source.actual_sha256() != source.sha256:
            problem = Finding(
                Code.hash_mismatch, meta, source.meta_line,
                f"SHA-256 of {source.file} is {source.actual_sha256()}, "
                f"not {source.sha256} as recorded")
        texts[source.key] = SourceText(source, lines, problem)
    return texts


def quotes(text: str) -> list[str]:
    """The outermost quotations in *text*: double quotes, then single quotes around words."""
    found: list[str] = []
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
                spans.append((start, index))
                found.append(text[start + 1:index])
    outside = list(text)
    for begin, end in spans:
        outside[begin:end + 1] = " " * (end + 1 - begin)
    found += _SINGLE_QUOTED.findall("".join(outside))
    return [quote for quote in found if any(c.isalnum() for c in quote)]


_DOUBLE_QUOTE = re.compile('[“”"]')
_SINGLE_QUOTED = re.compile(r"(?<![\w])[‘'](\w.*?)[’'](?![\w])")


def _blank_quotes(text: str, found: list[str]) -> str:
    """*text* with its quotations (*found* by :func:`quotes`) blanked out."""
    for quote in found:
        text = text.replace(quote, " " * len(quote), 1)
    return text


def closest_passage(quote: str, passage: str) -> str:
    """The stretch of *passage* most like *quote* (a hint, never a pass)."""
    target = normalize(quote)
    tokens = normalize(passage).split()
    size = max(1, len(target.split()))
    best, best_ratio = "", 0.0
    for length in range(max(1, size - 2), size + 3):
        for start in range(0, max(1, len(tokens) - length + 1)):
            candidate = " ".join(tokens[start:start + length]).strip("\"'.,;:!?()[]")
            ratio = difflib.SequenceMatcher(None, target, candidate).ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
    return best


def _quote_found(quote: str, passage: str) -> bool:
    """All parts of *quote* (split at ellipses) occur in *passage*, in order."""
    haystack = normalize(passage)
    position = 0
    for part in re.split(r"\.\.\.|…|\[\s*\.\.\.\s*\]", quote):
        needle = normalize(part).strip(" ,;:")
        if not needle:
            continue
        found = haystack.find(needle, position)
        if found < 0:
            return False
        position = found + len(needle)
    return True


def _is_initial(checked: str, start: int, initials: tuple[int, ...]) -> bool:
    """Whether the word at *start* opens the sentence, a table cell or a clause after ':'."""
    before = checked[:start].rstrip().rstrip(_OPENING_QUOTES).rstrip()
    if not before:
        return True
    if before.endswith((":", "¦", ";")):
        return True
    return any(start >= initial and not checked[initial:start].strip(" " + _OPENING_QUOTES)
               for initial in initials)


def names_in(claim: Claim, text: str, known_names: set[str]) -> list[str]:
    """Proper names in *text*: the claim's checked text without quotes and allowed phrases."""
    found = []
    for match in re.finditer(r"[^\W_](?:[\w'’\-]*[^\W_])?", text):
        word = match.group()
        if not word[0].isupper() or word.isdigit():
            continue
        if _is_initial(text, match.start(), claim.initial_positions):
            if normalize(word).removesuffix("'s") not in known_names:
                continue  # a capital that only opens the sentence
        found.append(word)
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


def _pinpointed(claim: Claim, texts: dict[str, SourceText], findings: list[Finding]
                ) -> list[tuple[str, str]]:
    """(label, text) of each citation's pinpointed lines; findings for bad citations."""
    passages = []
    for citation in claim.citations:
        source_text = texts.get(citation.key)
        if source_text is None:
            findings.append(Finding(Code.unknown_key, claim.path, claim.line,
                                    f"citation key '{citation.key}' has no bibliography entry"))
            continue
        if not citation.pinpoint.strip():
            findings.append(Finding(Code.no_pinpoint, claim.path, claim.line,
                                    f"citation of '{citation.key}' has no pinpoint "
                                    f"(write {{L<n>}} after the key)"))
            continue
        try:
            pinpoint = parse_pinpoint(citation.pinpoint)
        except PinpointError as exc:
            findings.append(Finding(Code.bad_pinpoint, claim.path, claim.line,
                                    f"citation of '{citation.key}': {exc}"))
            continue
        lines = source_text.lines
        if lines is None:
            continue  # the source's own problem is reported once, at the metadata
        outside = [n for n in pinpoint.lines if n > len(lines)]
        if outside:
            findings.append(Finding(Code.bad_pinpoint, claim.path, claim.line,
                                    f"pinpoint {citation.key} {pinpoint} is outside "
                                    f"{source_text.source.file} ({len(lines)} lines)"))
            continue
        text = "\n".join(lines[n - 1] for n in pinpoint.lines)
        passages.append((f"{citation.key} {pinpoint}", text))
    return passages


def check_claim(claim: Claim, texts: dict[str, SourceText], allow: Allowlist,
                names: set[str]) -> list[Finding]:
    """Judge one claim; set its status and return its findings.

    A sentence that names a source by its label ("Resonate reports …") must
    cite that source: attributions are checked too.
    """
    labels = {key: text.source.label for key, text in texts.items()}
    findings: list[Finding] = []
    for residue in claim.malformed:
        findings.append(Finding(Code.malformed_citation, claim.path, claim.line,
                                f"malformed or unclosed role '{residue}' shows as text"))
    if not claim.citations:
        findings.append(Finding(Code.uncited, claim.path, claim.line,
                                f"uncited claim: \"{_short(claim.text)}\""))
        return _judged(claim, findings, UNCITED)
    passages = _pinpointed(claim, texts, findings)
    if len(passages) < len(claim.citations):
        return _judged(claim, findings, FAILED)
    where = "[" + "; ".join(label for label, _ in passages) + "]"
    together = "\n".join(text for _, text in passages)
    checked_items = 0
    quoted = quotes(claim.checked)
    for quote in quoted:
        checked_items += 1
        if not any(_quote_found(quote, text) for _, text in passages):
            hint = closest_passage(quote, together)
            findings.append(Finding(Code.quote_not_found, claim.path, claim.line,
                                    f"quote not found in {where}: \"{_short(quote)}\""
                                    + (f" (closest: \"{hint}\")" if hint else "")))
    outside_quotes = allow.strip(_blank_quotes(claim.checked, quoted))
    available = numbers(together)
    for number in sorted(numbers(outside_quotes), key=lambda n: float(n)):
        checked_items += 1
        if number not in available:
            findings.append(Finding(Code.ungrounded_number, claim.path, claim.line,
                                    f"number {number} not found in {where}"))
    keys = word_keys(together)
    source_months = months(together)
    for name in names_in(claim, outside_quotes, names):
        checked_items += 1
        month = MONTHS.get(normalize(name))
        if name_matches(name, keys) or (month and month in source_months):
            continue
        findings.append(Finding(Code.ungrounded_name, claim.path, claim.line,
                                f"name '{name}' not found in {where}"))
    cited_keys = {citation.key for citation in claim.citations}
    folded = claim.checked.casefold()
    for key, label in labels.items():
        if key not in cited_keys and first_word(label) in folded \
                and phrase_pattern(label).search(claim.checked):
            checked_items += 1
            findings.append(Finding(Code.ungrounded_name, claim.path, claim.line,
                                    f"names the source '{label}' but does not cite it ({key})"))
    if findings:
        return _judged(claim, findings, FAILED)
    return _judged(claim, findings, VERIFIED if checked_items else CITED)


def _judged(claim: Claim, findings: list[Finding], status: str) -> list[Finding]:
    claim.status = status
    claim.findings = [finding.code.qualified for finding in findings]
    return findings


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

    @property
    def totals(self) -> dict[str, int]:
        totals = {status: 0 for status in (VERIFIED, CITED, UNCITED, FAILED)}
        for claim in self.claims:
            totals[claim.status] += 1
        totals["claims"] = len(self.claims)
        totals["findings"] = len(self.findings)
        return totals


def coverage(catalog: Catalog, texts: dict[str, SourceText], claims: list[Claim]) -> list[Coverage]:
    """Per source: the share of its lines about the film that some claim cites."""
    cited: dict[str, set[int]] = {source.key: set() for source in catalog.sources}
    for claim in claims:
        for citation in claim.citations:
            try:
                cited.setdefault(citation.key, set()).update(parse_pinpoint(citation.pinpoint).lines)
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
        result.append(Coverage(source.key, source.label, len(counted),
                               len(counted) - len(missing), missing))
    return result


def check(claims: list[Claim], exemptions: list[Exemption], catalog: Catalog,
          allow: Allowlist, empty_pages: list[tuple[str, str]] = ()) -> Report:
    """Judge every claim, then the project as a whole (sources, unused sources, empty pages)."""
    texts = read_sources(catalog)
    findings = [t.problem for t in texts.values() if t.problem]
    names = known_names(texts)
    for claim in claims:
        findings += check_claim(claim, texts, allow, names)
    cited_keys = {citation.key for claim in claims for citation in claim.citations}
    for source in catalog.sources:
        if source.key not in cited_keys:
            findings.append(Finding(Code.unused_source, str(catalog.path), source.meta_line,
                                    f"source '{source.key}' ({source.file}) is never cited"))
    for _, path in empty_pages:
        findings.append(Finding(Code.empty_page, path, 1, "page is empty"))
    findings.sort(key=lambda f: (f.path, f.line, f.code.name, f.message))
    return Report(claims, exemptions, findings, coverage(catalog, texts, claims), allow)
