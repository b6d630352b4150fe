"""Does a clause say what its cited lines say? Support, polarity, relations, units.

Tokens, not parsing: each clause and each cited passage is a sequence of
words with lemmas and positions. What the rules ask of them:

- *support*: the clause's content words (nouns, verbs, adjectives, as lemmas)
  mostly occur in the passage, directly, by a shared stem, or through a
  reviewed synonym;
- *opposites*: a word that is not in the passage while its WordNet antonym is;
- *negation*: a negation the passage does not have around the same word, or
  a negated word of the passage stated without its negation;
- *relations*: items a clause pairs (a name with a role, a figure with what it
  counts, a year with an event) sit near each other in the passage too. The
  test is comparative, so paraphrase and reordering pass: a clause is flagged
  only when exchanging two of its items, or replacing one with another item
  of the same passage, fits the passage far better than the clause as written;
- *units*: a number keeps its unit ("6-month" is not "6-year").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from . import lexicon
from .text import normalize, number_value

WINDOW = 3
"""How far apart (in words that say something: not "the", "of", "is") two tokens of a
clause may be to count as paired."""
FAR = 25
"""Distance that counts as 'not paired at all' in the passage."""
ORDER_PENALTY = 3
"""Added when two paired tokens appear in the opposite order in the passage."""
PRONOUN_PENALTY = 8
"""Added when a pronoun stands in for a name: "he" may be that name, or another."""

UNITS = frozenset("""
    second minute hour day week month year decade century kilometre kilometer km mile metre
    meter million billion trillion thousand hundred percent light-year
""".split())
PRONOUNS = frozenset("he she him her his hers they them their".split())
WEAK_NEGATIONS = frozenset("little few lack absence absent fail rarely seldom".split())

_WORD = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?%?")
_RESPECTIVELY = re.compile(
    r"(?P<a>[\w%'’-]+),? and (?P<b>[\w%'’-]+)(?P<mid>[^.;]{0,80}?)\s"
    r"(?P<c>[\w'’-]+),? and (?P<d>[\w'’-]+),? respectively", re.IGNORECASE)


def is_negation(word: str) -> bool:
    lower = word.lower().replace("’", "'")
    return lower in lexicon.NEGATIONS or lower.endswith("n't")


@dataclass(frozen=True, slots=True)
class Token:
    word: str
    key: str          # number value, lower-case name, or lemma
    kind: str         # "number", "name" or "word"
    position: int


def key_of(word: str, names: frozenset[str]) -> tuple[str, str]:
    """(key, kind) of a word: numbers by value, names (words the sources use only as
    names, see ``rules.known_names``) in lower case, other words by lemma."""
    value = number_value(word)
    if value is not None:
        return value, "number"
    bare = normalize(word).removesuffix("'s")
    if word[:1].isupper() and bare in names and bare != "i":
        return bare, "name"
    return lexicon.lemma(word), "word"


def tokens(text: str, names: frozenset[str]) -> list[Token]:
    """The words of *text*; a name of several words ("Kim Tae-ri") is one token."""
    result: list[Token] = []
    previous_end = -1
    for match in _WORD.finditer(text):
        word = match.group()
        key, kind = key_of(word, names)
        if kind == "name" and result and result[-1].kind == "name" \
                and not text[previous_end:match.start()].strip() \
                and not re.search(r"['’]s$", result[-1].word):  # "Netflix’s South Korean"
            last = result[-1]
            result[-1] = Token(f"{last.word} {word}", last.key, "name", last.position)
        else:
            result.append(Token(word, key, kind, len(result)))
        previous_end = match.end()
    return result


def _negated_word(found: list[Token], index: int) -> int | None:
    """Index of the word a negation at *index* negates: the next content word, name or
    number within four words ("not only" is not a negation)."""
    following = found[index + 1:index + 5]
    if following and following[0].key == "only":
        return None
    for token in following:
        if token.kind != "word" or lexicon.is_content(token.word):
            return token.position
    return None


@dataclass
class Passage:
    """The cited lines of one citation, analysed once."""

    text: str
    tokens: list[Token]
    positions: dict[str, list[int]]
    lemmas: frozenset[str]
    stems: frozenset[str]
    negated: frozenset[str]
    plain: frozenset[str]
    pairs: frozenset[frozenset[str]]
    units: frozenset[tuple[str, str]]
    pronouns: list[int]

    @cached_property
    def noun_slots(self) -> list[tuple[str, frozenset[tuple[str, str]]]]:
        """Each noun (or ordinal, "second feature") of the passage with its slot."""
        found = []
        for index, token in enumerate(self.tokens):
            after = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
            ordinal = token.kind == "number" and token.word.isalpha() \
                and after is not None and lexicon.is_noun(after.word)  # "second feature"
            if (token.kind == "word" and lexicon.is_noun(token.word)) or ordinal:
                found.append((lexicon.lemma(token.word),
                              frozenset(_slot(self.tokens, token.position))))
        return found

    def has(self, key: str) -> bool:
        return key in self.positions

    def distance(self, a: str, b: str, a_is_name: bool = False,
                 b_is_name: bool = False) -> tuple[int, int]:
        """(distance, order) of the closest occurrences of *a* and *b*; order is +1 when
        *a* comes first, 0 when unknown (a passive "by" between them).

        A personal pronoun may stand for a name ("He co-wrote …") when the other
        item is not a name itself.
        """
        if frozenset((a, b)) in self.pairs:
            return 1, 0
        first = [(i, 0) for i in self.positions.get(a, [])]
        second = [(j, 0) for j in self.positions.get(b, [])]
        if a_is_name and not b_is_name:
            first += [(i, PRONOUN_PENALTY) for i in self.pronouns]
        if b_is_name and not a_is_name:
            second += [(j, PRONOUN_PENALTY) for j in self.pronouns]
        best, order, where = FAR, 0, (0, 0)
        for i, cost in first:
            for j, other_cost in second:
                distance = abs(i - j) + cost + other_cost
                if distance < best:
                    best, order, where = distance, (1 if i < j else -1), (i, j)
        low, high = sorted(where)
        if any(t.key == "by" for t in self.tokens[low + 1:high + 3]):
            order = 0  # a passive ("employed by X") says nothing of who comes first
        return best, order


@lru_cache(maxsize=4096)
def _line_tokens(line: str, names: frozenset[str]) -> tuple[Token, ...]:
    return tuple(tokens(line, names))


@lru_cache(maxsize=4096)
def passage(text: str, names: frozenset[str]) -> Passage:
    """The analysis of cited lines (joined by newlines); each line is read once."""
    found: list[Token] = []
    for line in text.split("\n"):  # positions run on across lines: a token's index
        offset = len(found)
        found.extend(Token(t.word, t.key, t.kind, t.position + offset)
                     for t in _line_tokens(line, names))
    positions: dict[str, list[int]] = {}
    lemmas = set()
    for token in found:
        keys = {token.key}
        if token.kind != "word":  # "Studios" is also "studio"; "first" is also 1
            keys.add(lexicon.lemma(token.word))
        for key in keys:
            positions.setdefault(key, []).append(token.position)
        lemmas.update(keys)
        lemmas.update(part for part in token.key.split("-") if part)
    negated_at = {_negated_word(found, i) for i, t in enumerate(found) if is_negation(t.word)}
    negated = {t.key for t in found if t.position in negated_at}
    plain = {t.key for t in found if t.position not in negated_at}
    stems = {key[:6] for key in lemmas if len(key) >= 6 and key.isalpha()}
    pronouns = [t.position for t in found
                if re.split("['’]", t.word.lower())[0] in PRONOUNS]
    return Passage(text, found, positions, frozenset(lemmas), frozenset(stems),
                   frozenset(negated), frozenset(plain), _respectively(text, names), units(text),
                   pronouns)


def _respectively(text: str, names: frozenset[str]) -> frozenset[frozenset[str]]:
    """"88% and 91% … from the critics and audiences respectively" pairs 88 with critics."""
    pairs = set()
    for match in _RESPECTIVELY.finditer(text):
        a, b, c, d = (key_of(match.group(name), names)[0] for name in "abcd")
        pairs.add(frozenset((a, c)))
        pairs.add(frozenset((b, d)))
    return frozenset(pairs)


def units(text: str) -> frozenset[tuple[str, str]]:
    """(number, unit) pairs: "6-month" → ("6", "month"), "two decades" → ("2", "decade")."""
    found = set()
    words = _WORD.findall(text)
    for index, word in enumerate(words):
        parts = word.split("-")
        if len(parts) == 2 and number_value(parts[0]) is not None \
                and lexicon.lemma(parts[1]) in UNITS:
            found.add((number_value(parts[0]), lexicon.lemma(parts[1])))
            continue
        value = number_value(word)
        if value is not None and word.lower() not in UNITS and index + 1 < len(words):
            unit = lexicon.lemma(words[index + 1])
            if unit in UNITS:
                found.add((value, unit))
    return frozenset(found)


def grounded(token: Token, source: Passage, synonyms: lexicon.Synonyms) -> bool:
    """Whether the passage says this word: same lemma, same stem, a part, or a synonym."""
    key = token.key
    if key in source.lemmas or lexicon.lemma(token.word) in source.lemmas:
        return True
    if len(key) >= 6 and key[:6] in source.stems:
        return True
    if "-" in key and all(part in source.lemmas for part in key.split("-") if part):
        return True
    return any(other in source.lemmas for other in synonyms.of(lexicon.lemma(token.word)))


@dataclass
class Support:
    content: list[Token]
    missing: list[Token]
    quoted: int = 0

    @property
    def size(self) -> int:
        return len(self.content) + self.quoted

    @property
    def share(self) -> float:
        return 1.0 if not self.size else 1 - len(self.missing) / self.size


def support(clause: list[Token], source: Passage, synonyms: lexicon.Synonyms,
            quoted: int = 0) -> Support:
    """The clause's content words and those the passage lacks; *quoted* content words
    (already found verbatim) count as present."""
    content = [t for t in clause if t.kind == "word" and lexicon.is_content(t.word)
               and t.key not in lexicon.REPORTING and t.key not in lexicon.ASCRIBING]
    return Support(content, [t for t in content if not grounded(t, source, synonyms)], quoted)


def _meaningful(token: Token) -> bool:
    return token.kind != "word" or not lexicon.is_function(token.word)


def _neighbours(sequence: list[Token], position: int) -> set[str]:
    return {t.key for t in sequence if 0 < abs(t.position - position) <= 3 and _meaningful(t)}


def _shares_context(clause: list[Token], at: int, source: Passage, key: str) -> bool:
    """Whether the clause's word at *at* and some occurrence of *key* in the passage
    have a neighbouring word, name or number in common."""
    around = _neighbours(clause, at)
    return any(around & _neighbours(source.tokens, other) for other in source.positions.get(key, ()))


def opposites(missing: list[Token], clause: list[Token], source: Passage
              ) -> list[tuple[str, str]]:
    """(claim word, passage word) where the claim puts the opposite of a word of the
    passage in its place: the two share a neighbouring word, name or number."""
    found = []
    for token in missing:
        for other in sorted(lexicon.antonyms(lexicon.lemma(token.word))):
            if _shares_context(clause, token.position, source, other):
                found.append((token.word, other))
                break
    return found


def substitutions(missing: list[Token], clause: list[Token], source: Passage
                  ) -> list[tuple[str, str]]:
    """(claim noun, passage noun) where a noun the passage lacks stands in the place of
    one the clause lacks: the words around it (its slot) are the words around the
    passage's noun ("Nan-young is an engineer following …" against "an astronaut
    following …")."""
    found = []
    for token in missing:
        if not lexicon.is_noun(token.word):
            continue
        slot = frozenset(_slot(clause, token.position))
        if not slot:
            continue
        in_clause = {t.key for t in clause} | {lexicon.lemma(t.word) for t in clause}
        others = sorted(noun for noun, where in source.noun_slots
                        if slot <= where and noun not in in_clause)
        if others:
            found.append((token.word, others[0]))
    return found


def _slot(sequence: list[Token], position: int) -> list[tuple[str, str]]:
    """The nearest meaningful words before and after *position*: the noun's slot.
    Only a content word makes a slot (a name or number next to a noun says too little)."""
    before = next((t for t in reversed(sequence[max(0, position - 4):position])
                   if _meaningful(t)), None)
    after = next((t for t in sequence[position + 1:position + 5] if _meaningful(t)), None)
    return [(side, t.key) for side, t in (("before", before), ("after", after))
            if t is not None and t.kind == "word" and lexicon.is_content(t.word)]


def negation_added(clause: list[Token], source: Passage) -> list[str]:
    """Negations in the clause whose word the passage states without negation."""
    found = []
    for index, token in enumerate(clause):
        if not is_negation(token.word):
            continue
        at = _negated_word(clause, index)
        target = next((t for t in clause if t.position == at), None)
        if target and target.key in source.plain and target.key not in source.negated \
                and _shares_context(clause, target.position, source, target.key):
            found.append(f"{token.word} {target.word}")
    return found


def negation_dropped(clause: list[Token], source: Passage) -> list[str]:
    """Words the passage negates that the clause states without any negation near them."""
    found = []
    for index, token in enumerate(clause):
        if token.key not in source.negated or token.key in source.plain:
            continue
        if token.kind == "word" and (not lexicon.is_content(token.word)
                                     or token.key in lexicon.REPORTING):
            continue
        before = clause[max(0, index - 4):index]
        if not any(is_negation(t.word) or t.key in WEAK_NEGATIONS for t in before) \
                and _shares_context(clause, token.position, source, token.key):
            found.append(token.word)
    return found


def _distances(clause: list[Token], source: Passage, keys: dict[int, str]
               ) -> dict[tuple[int, int], int]:
    """For each pair the clause makes (an item and a word, name or number near it), how
    far apart the passage keeps the two (lower fits better; FAR when never near)."""
    found = {}
    meaningful = [t for t in clause if _meaningful(t)]
    rank = {t.position: index for index, t in enumerate(meaningful)}
    for item in meaningful:
        if item.kind not in ("name", "number"):
            continue
        a = keys.get(item.position, item.key)
        for other in meaningful:
            if other is item or abs(rank[other.position] - rank[item.position]) > WINDOW:
                continue
            b = keys.get(other.position, other.key)
            if a == b or not source.has(b):
                continue
            distance, order = source.distance(a, b, item.kind == "name", other.kind == "name")
            claim_order = 1 if item.position < other.position else -1
            low, high = sorted((item.position, other.position))
            if any(t.key == "by" for t in clause[low + 1:high + 3]):
                order = 0  # the clause is passive here ("voiced by Kim"): no direction
            directed = other.kind != "name"  # two names in apposition have no direction
            found[(item.position, other.position)] = \
                distance + (ORDER_PENALTY if directed and order and order != claim_order else 0)
    return found


NEAR, APART = 5, 12
"""Pairs this close count as side by side; this far apart, as not paired."""


def _net_pairings(before: dict, after: dict) -> int:
    """How many pairs go from apart to side by side, less those that go the other way
    (only pairs that are side by side in one of the two versions count)."""
    net = 0
    for pair, value in after.items():
        old = before.get(pair, FAR)
        if min(old, value) <= NEAR and abs(old - value) >= 3:
            net += 1 if value < old else -1
    return net


def _fits_far_better(before: dict, after: dict, ratio: float, margin: int,
                     partners: int = 1, clause: list[Token] = ()) -> bool:
    """Whether *after* fits the passage far better than *before*, on at least
    *partners* pairs."""
    total_before, total_after = sum(before.values()), sum(after.values())
    improved = sum(1 for pair, value in after.items() if value + 2 < before.get(pair, FAR))
    # One pair of a name or figure with a word ("directed by") that goes from far apart
    # to side by side is as telling as two.
    kinds = {t.position: t.kind for t in clause}
    decisive = any(value <= 3 and before.get(pair, FAR) >= 15 and kinds.get(pair[1]) == "word"
                   for pair, value in after.items())
    return total_after <= total_before * ratio and total_before - total_after >= margin \
        and (improved >= partners or decisive)


def relation_problems(clause: list[Token], source: Passage) -> list[str]:
    """Items the clause pairs with the wrong partner, judged against the passage."""
    items = [t for t in clause if t.kind in ("name", "number") and source.has(t.key)]
    if not items:
        return []
    base = _distances(clause, source, {})
    problems: list[tuple[tuple[int, int], str]] = []
    for i, first in enumerate(items):
        for second in items[i + 1:]:
            if first.kind != second.kind or first.key == second.key:
                continue
            low, high = sorted((first.position, second.position))
            if not any(_meaningful(t) and t.kind == "word" for t in clause[low + 1:high]):
                continue  # "A and B", "A of B": nothing between them to pair them with
            swapped = _distances(clause, source, {first.position: second.key,
                                                  second.position: first.key})
            net = _net_pairings(base, swapped)
            if net >= 2 or _fits_far_better(base, swapped, 0.5, 6, clause=clause):
                gain = (net, sum(base.values()) - sum(swapped.values()))
                if not problems or gain > problems[0][0]:
                    problems[:] = [(gain, f"'{first.word}' and '{second.word}' are paired "
                                          "the other way round")]
    in_clause = {t.key for t in clause}
    candidates = {t.key: t for t in source.tokens
                  if t.kind in ("name", "number") and t.key not in in_clause}
    best: tuple[tuple[int, int], str] | None = None
    for item in items:
        own = [value for (at, _), value in base.items() if at == item.position]
        if not own or min(own) < APART:
            continue  # the passage keeps this item near what the clause pairs it with
        if item.kind == "name" and _pronoun_near(clause, item, source):
            continue  # "she takes a break from work": she may be this name
        for key, candidate in candidates.items():
            if candidate.kind != item.kind:
                continue
            replaced = _distances(clause, source, {item.position: key})
            if _net_pairings(base, replaced) >= 2 or \
                    _fits_far_better(base, replaced, 0.4, 8, partners=2, clause=clause):
                gain = (_net_pairings(base, replaced),
                        sum(base.values()) - sum(replaced.values()))
                if best is None or gain > best[0]:
                    best = (gain, f"the cited lines tie this to '{candidate.word}', "
                                  f"not '{item.word}'")
    if problems:
        return [problems[0][1]]
    return [best[1]] if best else []


def _pronoun_near(clause: list[Token], item: Token, source: Passage) -> bool:
    """Whether a pronoun of the passage sits right by a word the clause pairs *item* with."""
    partners = [t.key for t in clause if t is not item and t.kind == "word" and _meaningful(t)
                and abs(t.position - item.position) <= WINDOW]
    return any(abs(p - at) <= NEAR for key in partners for at in source.positions.get(key, ())
               for p in source.pronouns)


def unit_problems(text: str, source: Passage) -> list[str]:
    """Numbers whose unit differs from the unit the passage gives the same number."""
    problems = []
    for value, unit in sorted(units(text)):
        if (value, unit) in source.units:
            continue
        others = sorted(u for v, u in source.units if v == value)
        if others:
            problems.append(f"{value} {unit} (the cited lines say {value} {others[0]})")
    return problems


def attributed(text: str, labels: list[str]) -> bool:
    """Whether a sentence says whose words or view it gives."""
    folded = normalize(text)
    if "according to" in folded or "in the words of" in folded:
        return True
    if any(normalize(label) in folded for label in labels):
        return True
    return any(lexicon.lemma(word) in lexicon.REPORTING
               or lexicon.lemma(word) in lexicon.ATTRIBUTING_NOUNS
               for word in _WORD.findall(text) if word[0].islower())


def opinion_words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text) if lexicon.evaluative(word)]

