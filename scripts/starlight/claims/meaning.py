"""Does a clause say what its cited lines say? Support, polarity, relations, units.

Tokens, not parsing: each clause and each cited passage is a sequence of
words with lemmas and positions. What the rules ask of them:

- *grounded*: whether the passage has a word, directly, by a shared stem, or
  through a reviewed synonym (the alignment, :mod:`.align`, adds WordNet);
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

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise

from starlight.claims import lexicon, wordnet
from starlight.claims.sentences import CELL_MARK
from starlight.claims.settings import THRESHOLDS
from starlight.claims.text import normalize, number_value

UNITS = frozenset(
    """
    second minute hour day week month year decade century kilometre kilometer km mile metre
    meter million billion trillion thousand hundred percent light-year
""".split()
)
QUANTITIES = frozenset("several few many some couple".split())
COMPARATIVES = frozenset("JJR JJS RBR RBS".split())
"""Tags of comparatives and superlatives: "more" and "less" are quantifiers, not content,
but put one for the other and the claim says the opposite."""
PRONOUNS = frozenset("he she him her his hers they them their".split())
WEAK_NEGATIONS = frozenset("little few lack absence absent fail rarely seldom".split())

_WORD = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?%?")
_RESPECTIVELY = re.compile(
    r"(?P<a>[\w%'’-]+),? and (?P<b>[\w%'’-]+)(?P<mid>[^.;]{0,80}?)\s"
    r"(?P<c>[\w'’-]+),? and (?P<d>[\w'’-]+),? respectively",
    re.IGNORECASE,
)


def is_negation(word: str) -> bool:
    lower = word.lower().replace("’", "'")
    return lower in lexicon.NEGATIONS or lower.endswith("n't")


@dataclass(frozen=True, slots=True)
class Token:
    word: str
    key: str  # number value, lower-case name, or lemma
    kind: str  # "number", "name" or "word"
    position: int
    gap: str = ""  # the punctuation between the previous word and this one
    start: int = 0  # where the word is in the text it was read from
    end: int = 0

    @property
    def opens_sentence(self) -> bool:
        """Whether a sentence ends in the punctuation before this word."""
        return any(mark in self.gap for mark in ".!?")


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
    """The words of *text*; a name of several words ("Kim Tae-ri") is one token. Each
    rule reads a clause's words again: they are made once per text."""
    return list(_tokens(text, names))


@lru_cache(maxsize=8192)
def _tokens(text: str, names: frozenset[str]) -> tuple[Token, ...]:
    result: list[Token] = []
    previous_end = -1
    for match in _WORD.finditer(text):
        word = match.group()
        key, kind = key_of(word, names)
        gap = text[previous_end : match.start()].strip() if previous_end >= 0 else ""
        if (
            kind == "name"
            and result
            and result[-1].kind == "name"
            and not gap
            and not re.search(r"['’]s$", result[-1].word)
        ):  # "Netflix’s South Korean"
            last = result[-1]
            result[-1] = Token(
                f"{last.word} {word}",
                last.key,
                "name",
                last.position,
                last.gap,
                last.start,
                match.end(),
            )
        else:
            result.append(Token(word, key, kind, len(result), gap, match.start(), match.end()))
        previous_end = match.end()
    return tuple(result)


def negated_word(found: list[Token], index: int) -> int | None:
    """Index of the word a negation at *index* negates: the next content word, name or
    number within four words ("not only" is not a negation); failing one, the next
    adverb or adjective the lexicon does not count as content ("not alone")."""
    following = found[index + 1 : index + 1 + THRESHOLDS.negation_reach]
    if following and following[0].key == "only":
        return None
    for token in following:
        if token.key == "have":
            return None  # "wouldn't have a home": the having is negated, not the home
        if token.kind != "word" or lexicon.is_content(token.word):
            return token.position
    return next((token.position for token in following if _modifying(token)), None)


def _modifying(token: Token) -> bool:
    """An adverb or adjective that is not a function word ("alone", "always")."""
    return (
        token.kind == "word"
        and lexicon.tag(token.word).startswith(("RB", "JJ"))
        and not lexicon.is_function(token.word)
    )


@dataclass
class Passage:
    """The cited lines of one citation, analysed once."""

    text: str
    tokens: list[Token]
    positions: dict[str, list[int]]
    lemmas: frozenset[str]
    stems: frozenset[str]
    negated: frozenset[str]
    pairs: frozenset[frozenset[str]]
    units: frozenset[tuple[str, str]]
    pronouns: list[int]
    negated_at: frozenset[int] = frozenset()
    sentence_of: list[int] = field(default_factory=list)

    @cached_property
    def superlatives(self) -> list[Token]:
        """The passage's superlatives ("best", "most"), by their part of speech."""
        return [t for t in self.tokens if lexicon.tag(t.word) in ("JJS", "RBS")]

    @cached_property
    def words(self) -> frozenset[str]:
        """Its words as written, folded (:func:`.text.normalize`)."""
        return frozenset(normalize(t.word) for t in self.tokens)

    @cached_property
    def negated_stems(self) -> frozenset[str]:
        stem = THRESHOLDS.stem
        return frozenset(key[:stem] for key in self.negated if len(key) >= stem)

    @cached_property
    def asides(self) -> tuple[list[int], dict[int, int]]:
        """Each word's aside (a bracketed part: 0 for none, else its number) and each
        aside's head, the word just before its bracket: "Jay (voiced by Hong Kyung)"."""
        of, heads, open_, count = [], {}, [], 0
        for token in self.tokens:
            for mark in token.gap:
                if mark == "(":
                    count += 1
                    open_.append(count)
                    heads[count] = token.position - 1
                elif mark == ")" and open_:
                    open_.pop()
            of.append(open_[-1] if open_ else 0)
        return of, heads

    def across_aside(self, i: int, j: int) -> bool:
        """Whether positions *i* and *j* are on two sides of a bracket, neither being the
        head of the other's aside: the aside speaks of its head, not of the sentence."""
        of, heads = self.asides
        if of[i] == of[j]:
            return False
        return heads.get(of[i]) != j and heads.get(of[j]) != i

    def neighbours(self, position: int) -> set[str]:
        """:func:`_neighbours` of a passage position, remembered."""
        memo = self.__dict__.setdefault("_neighbours", {})
        if position not in memo:
            memo[position] = _neighbours(self.tokens, position)
        return memo[position]

    @cached_property
    def prefixes(self) -> dict[str, set[str]]:
        """The passage's lemmas of four letters or more, by their first four."""
        found: dict[str, set[str]] = {}
        for key in self.lemmas:
            if len(key) >= THRESHOLDS.prefix and key.isalpha():
                found.setdefault(key[: THRESHOLDS.prefix], set()).add(key)
        return found

    @cached_property
    def noun_slots(self) -> list[tuple[str, frozenset[tuple[str, str]], str | None]]:
        """Each noun (or ordinal, "second feature") of the passage with its slot."""
        found = []
        for index, token in enumerate(self.tokens):
            after = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
            ordinal = (
                token.kind == "number"
                and token.word.isalpha()
                and after is not None
                and lexicon.is_noun(after.word)
            )  # "second feature"
            if (token.kind == "word" and lexicon.is_noun(token.word)) or ordinal:
                found.append(
                    (
                        lexicon.lemma(token.word),
                        frozenset(_slot(self.tokens, token.position)),
                        _modifier(self.tokens, token.position),
                    )
                )
        return found

    def has(self, key: str) -> bool:
        return key in self.positions

    def _by_between(self, low: int, high: int) -> bool:
        """Whether a "by" stands after *low* and before *high* (found by bisection: the
        relation rule asks for every pair of occurrences)."""
        places = self.positions.get("by", [])
        at = bisect.bisect_right(places, low)
        return at < len(places) and places[at] < high

    @cached_property
    def phrase_keys(self) -> frozenset[str]:
        """The passage's two-word phrases that WordNet knows, as lemmas joined by "_"
        ("record_player", "come_out")."""
        found = set()
        for first, second in pairwise(self.tokens):
            if first.kind == second.kind == "word" and not second.gap:
                joined = f"{lexicon.lemma(first.word)}_{lexicon.lemma(second.word)}"
                if wordnet.known(joined):
                    found.add(joined)
        return frozenset(found)

    @cached_property
    def covered(self) -> dict[str, str]:
        """Every word WordNet lets a claim write for a word or phrase of the passage
        (a synonym, a similar or more general word, a derived one), with that word."""
        found: dict[str, str] = {}
        pairs: set[tuple[str, str | None]] = {(key, None) for key in self.phrase_keys}
        for token in self.tokens:
            if token.kind == "word":  # each word in the part of speech it most likely has
                part = wordnet.part_of_speech(lexicon.tag(token.word))
                pairs.update((key, part) for key in keys(token))
            elif token.kind == "name":  # what the named thing is: Seoul a city, Mars a planet
                pairs.add((token.key.replace(" ", "_"), "n"))
        for key, part in sorted(pairs, key=lambda pair: (pair[0], pair[1] or "")):
            for other in wordnet.covered(key, part):
                found.setdefault(other, key)
        return found

    @cached_property
    def hyphenated(self) -> list[tuple[Token, list[str]]]:
        return _hyphenated(self.tokens)

    def runs(self, length: int) -> list[tuple[list[int], list[str]]]:
        """:func:`_runs` of the passage's tokens, remembered per length."""
        memo = self.__dict__.setdefault("_runs", {})
        if length not in memo:
            memo[length] = _runs(self.tokens, length)
        return memo[length]

    def covers(self, token: Token) -> bool:
        """Whether WordNet relates *token* to a word of the passage."""
        return any(key in self.covered for key in keys(token))

    def cost(self, a: Token, a_key: str, b: Token, b_key: str, claim_order: int) -> int:
        """:meth:`distance`'s cost, remembered: the same pairs are tried again and again."""
        memo = self.__dict__.setdefault("_costs", {})
        key = (a_key, b_key, a.kind == "name", b.kind == "name", claim_order)
        if key not in memo:
            memo[key] = self.distance(a, a_key, b, b_key, claim_order)[0]
        return memo[key]

    def distance(
        self, a: Token, a_key: str, b: Token, b_key: str, claim_order: int = 0
    ) -> tuple[int, int]:
        """(cost, order) of the best-fitting occurrences of *a_key* and *b_key* (the keys of
        the clause's items *a* and *b*, or of the items put in their place): their
        distance, plus ``order_penalty`` when *claim_order* (+1: *a* first) is given and
        the passage has them the other way round (unless a passive "by" makes order say
        nothing).

        A personal pronoun may stand for a name ("He co-wrote …") when the other
        item is not a name itself.
        """
        if frozenset((a_key, b_key)) in self.pairs:
            return 1, 0
        first = [(i, 0) for i in self.positions.get(a_key, [])]
        second = [(j, 0) for j in self.positions.get(b_key, [])]
        if a.kind == "name" and b.kind != "name":
            first += [(i, THRESHOLDS.pronoun_penalty) for i in self.pronouns]
        if b.kind == "name" and a.kind != "name":
            second += [(j, THRESHOLDS.pronoun_penalty) for j in self.pronouns]
        best, best_order = THRESHOLDS.far, 0
        for i, cost in first:
            for j, other_cost in second:
                order = 1 if i < j else -1
                low, high = min(i, j), max(i, j)
                if self._by_between(low, high + THRESHOLDS.passive_reach):
                    order = 0  # a passive ("employed by X") says nothing of who comes first
                total = abs(i - j) + cost + other_cost
                if self.sentence_of[i] != self.sentence_of[j]:
                    total += THRESHOLDS.sentence_penalty  # another sentence says less
                elif self.across_aside(i, j):
                    total += THRESHOLDS.aside_penalty  # an aside speaks of its head
                if claim_order and order and order != claim_order:
                    total += THRESHOLDS.order_penalty
                if total < best:
                    best, best_order = total, order
        return min(best, THRESHOLDS.far), best_order


@lru_cache(maxsize=4096)
def _line_tokens(line: str, names: frozenset[str]) -> tuple[Token, ...]:
    return tuple(tokens(line, names))


@lru_cache(maxsize=4096)
def passage(text: str, names: frozenset[str]) -> Passage:
    """The analysis of cited lines (joined by newlines); each line is read once."""
    found: list[Token] = []
    for line in text.split("\n"):  # positions run on across lines: a token's index
        offset = len(found)
        for t in _line_tokens(line, names):
            # A line is a paragraph: its first word opens a sentence, whatever the last
            # line ended with.
            gap = t.gap if t.position or not offset else t.gap + "."
            found.append(Token(t.word, t.key, t.kind, t.position + offset, gap, t.start, t.end))
    positions: dict[str, list[int]] = {}
    lemmas: set[str] = set()
    for token in found:
        if token.kind == "word":  # WordNet's bases too: simplemma makes "mixes" "mixe"
            forms = keys(token)
        else:  # "Studios" is also "studio"; "first" is also 1
            forms = frozenset((token.key, *(lexicon.lemma(part) for part in token.word.split())))
        for key in forms:
            positions.setdefault(key, []).append(token.position)
        lemmas.update(forms)
        lemmas.update(part for part in token.key.split("-") if part)
    negated_at = {
        at
        for at in (negated_word(found, i) for i, t in enumerate(found) if is_negation(t.word))
        if at is not None
    }
    negated = {t.key for t in found if t.position in negated_at}
    stem = THRESHOLDS.stem
    stems = {key[:stem] for key in lemmas if len(key) >= stem and key.isalpha()}
    pronouns = [t.position for t in found if re.split("['’]", t.word.lower())[0] in PRONOUNS]
    sentence_of, sentence = [], 0
    for token in found:
        sentence += token.opens_sentence
        sentence_of.append(sentence)
    return Passage(
        text,
        found,
        positions,
        frozenset(lemmas),
        frozenset(stems),
        frozenset(negated),
        _respectively(text, names),
        units(text),
        pronouns,
        frozenset(negated_at),
        sentence_of,
    )


def _respectively(text: str, names: frozenset[str]) -> frozenset[frozenset[str]]:
    """ "88% and 91% … from the critics and audiences respectively" pairs 88 with critics."""
    pairs = set()
    for match in _RESPECTIVELY.finditer(text):
        a, b, c, d = (key_of(match.group(name), names)[0] for name in "abcd")
        pairs.add(frozenset((a, c)))
        pairs.add(frozenset((b, d)))
    return frozenset(pairs)


def units(text: str) -> frozenset[tuple[str, str]]:
    """(number, unit) pairs: "6-month" → ("6", "month"), "two decades" → ("2", "decade")."""
    found: set[tuple[str, str]] = set()
    words = _WORD.findall(text)
    for index, word in enumerate(words):
        parts = word.split("-")
        if len(parts) == 2:
            first = number_value(parts[0])
            if first is not None and lexicon.lemma(parts[1]) in UNITS:
                found.add((first, lexicon.lemma(parts[1])))
                continue
        value = number_value(word)
        if value is None and word.lower() in QUANTITIES:
            value = word.lower()  # "several years" is not "several months"
        if value is not None and word.lower() not in UNITS and index + 1 < len(words):
            unit = lexicon.lemma(words[index + 1])
            if unit in UNITS:
                found.add((value, unit))
    return frozenset(found)


def keys(token: Token) -> frozenset[str]:
    """The forms a word is compared by: its key, its lemma and WordNet's bases."""
    return _keys(token.key, token.word)


@lru_cache(maxsize=65536)
def _keys(key: str, word: str) -> frozenset[str]:
    return frozenset({key, lexicon.lemma(word), *wordnet.bases(word.lower().replace("’", "'"))})


def _clips(parts: Sequence[str], words: Sequence[str]) -> bool:
    """Whether *parts* clip *words*, part by part ("sci", "fi" of "science", "fiction";
    "K", "pop" of "Korean", "pop"), at least one of them cut short."""
    return (
        len(parts) == len(words) >= 2
        and all(w.startswith(p) for p, w in zip(parts, words, strict=True))
        and any(len(p) < len(w) for p, w in zip(parts, words, strict=True))
    )


def _hyphenated(sequence: Sequence[Token]) -> list[tuple[Token, list[str]]]:
    """The words of *sequence* written with hyphens, with their parts ("sci-fi"); not
    names, whose parts are no words ("Nan-young")."""
    return [
        (token, token.word.lower().split("-"))
        for token in sequence
        if token.kind == "word" and "-" in token.word
    ]


def _runs(sequence: Sequence[Token], length: int) -> list[tuple[list[int], list[str]]]:
    """(positions, words) of each run of *length* words of *sequence*, read as written
    apart ("science fiction") or as one hyphenated word ("science-fiction")."""
    found = [
        ([token.position], parts) for token, parts in _hyphenated(sequence) if len(parts) == length
    ]
    for at in range(len(sequence) - length + 1):
        run = sequence[at : at + length]
        if all(t.kind == "word" and "-" not in t.word for t in run) and not any(
            t.gap for t in run[1:]
        ):
            found.append(([t.position for t in run], [t.word.lower() for t in run]))
    return found


def clipped(clause: Sequence[Token], source: Passage) -> set[int]:
    """Positions of the clause's words that clip the lines' words, or that the lines'
    words clip: a shortened compound stands for its words ("sci-fi" for "science
    fiction", "K-pop" for "Korean pop", "rom-com" for "romantic comedy"), where the
    other side does not have these words already ("a science film" is not the lines'
    "a sci-fi film": "fi" does not stand for the "film" they also say)."""
    mine, theirs = _hyphenated(clause), source.hyphenated
    if not mine and not theirs:
        return set()
    aligned: set[int] = set()
    said = {normalize(t.word) for t in clause}
    for token, parts in mine:
        if any(
            _clips(parts, words) and not said & set(words) for _, words in source.runs(len(parts))
        ):
            aligned.add(token.position)
    if theirs:
        their_words = source.words
        runs: dict[int, list[tuple[list[int], list[str]]]] = {}  # by length, made once
        for _, parts in theirs:
            if len(parts) not in runs:
                runs[len(parts)] = _runs(clause, len(parts))
            for positions, words in runs[len(parts)]:
                if _clips(parts, words) and not their_words & set(words):
                    aligned.update(positions)
    return aligned


def grounded(token: Token, source: Passage, synonyms: lexicon.Synonyms) -> bool:
    """Whether the passage says this word: same lemma, same stem, a part, or a synonym."""
    key = token.key
    if keys(token) & source.lemmas:
        return True
    stem, prefix = THRESHOLDS.stem, THRESHOLDS.prefix
    if len(key) >= stem and key[:stem] in source.stems:
        return True
    if len(key) >= prefix and any(
        key.startswith(other) or other.startswith(key)
        for other in source.prefixes.get(key[:prefix], ())
    ):
        return True  # a derivation: "childhood" and "child", "director" and "direct"
    if "-" in key and all(
        part in source.lemmas or number_value(part) in source.lemmas
        for part in key.split("-")
        if part
    ):
        return True  # "six-month" for "6-month": the number compared by its value
    return any(other in source.lemmas for other in synonyms.of(lexicon.lemma(token.word)))


def _meaningful(token: Token) -> bool:
    return token.kind != "word" or not lexicon.is_function(token.word)


def _neighbours(sequence: list[Token], position: int) -> set[str]:
    """The words, names and numbers within ``neighbours`` meaningful words of *position*."""
    found: set[str] = set()
    for step in (-1, 1):
        at, seen = position + step, 0
        while 0 <= at < len(sequence) and seen < THRESHOLDS.neighbours:
            if _meaningful(sequence[at]):
                found.add(sequence[at].key)
                seen += 1
            at += step
    return found


def _shares_a_side(slot: set, theirs: set) -> bool:
    """Two slots with the word before or the word after in common."""
    return bool(slot & theirs)


def _same_both_sides(slot: set, theirs: set) -> bool:
    """Two slots with the word before and the word after in common."""
    return slot <= theirs and len(slot) == 2


def _same_place(
    clause: list[Token],
    at: int,
    source: Passage,
    key: str,
    same_slot: Callable[[set, set], bool] = _shares_a_side,
) -> bool:
    """Whether the clause's word at *at* stands where the passage has *key* (not
    negated: "isn't much" is "little"): the same slot (the words right around it, as
    *same_slot* compares them), or ``shared_neighbours`` neighbouring words in common."""
    slot = set(_slot(clause, at))
    around = _neighbours(clause, at)
    for other in source.positions.get(key, ()):
        if _negated_at(source, other):
            continue
        theirs = set(_slot(source.tokens, other))
        if slot and same_slot(slot, theirs):
            return True
        if len(around & source.neighbours(other)) >= THRESHOLDS.shared_neighbours:
            return True
    return False


def opposites(
    missing: list[Token],
    clause: list[Token],
    source: Passage,
    synonyms: lexicon.Synonyms | None = None,
) -> list[tuple[Token, str]]:
    """(claim token, passage word) where the claim puts the opposite of a word of the
    passage (or of a reviewed synonym of it: "father" against "mom") in its place:
    the two stand in the same place (:func:`_same_place`). A word the passage has
    elsewhere counts too ("life" for "death", where the passage also has "life forms"),
    unless it stands in that place itself."""
    found = []
    lacking = {t.position for t in missing}
    counts = Counter(t.key for t in clause)
    for token in clause:
        if token.kind != "word" or not (
            lexicon.is_content(token.word) or lexicon.tag(token.word) in COMPARATIVES
        ):
            continue
        opposed = set(lexicon.antonyms(token.word))
        if not opposed:
            continue
        if synonyms is not None:
            opposed |= {s for word in list(opposed) for s in synonyms.of(word)}
        if token.position not in lacking and _same_place(clause, token.position, source, token.key):
            # Said more often than the passage says it, where the passage also has an
            # opposite the clause lacks: one of them stands for it ("pull and pull"
            # against "push and pull").
            if _said_more(counts, source, token.key):
                other = next(
                    (
                        o
                        for o in sorted(opposed)
                        if not counts[o]
                        and any(not _negated_at(source, at) for at in source.positions.get(o, ()))
                    ),
                    None,
                )
                if other and (token, other) not in found:
                    found.append((token, other))
            continue
        # The passage has the word, elsewhere: its opposite must stand in its very place.
        same_slot = _shares_a_side if token.position in lacking else _same_both_sides
        for other in sorted(opposed):
            if _same_place(clause, token.position, source, other, same_slot):
                if (token, other) not in found:
                    found.append((token, other))
                break
    return found


def collapsed(
    clause: list[Token], source: Passage, synonyms: lexicon.Synonyms | None = None
) -> list[tuple[Token, str]]:
    """(token, partner) where the clause says a word more often than the passage does,
    and the passage joins that word to a partner ("critics and audiences") that the
    clause lacks: the word has taken its partner's place ("88% from critics and 91%
    from critics", "retro and retro")."""
    counts = Counter(t.key for t in clause)
    found: list[tuple[Token, str]] = []
    words = source.tokens
    for first, conjunction, second in zip(words, words[1:], words[2:], strict=False):
        if (
            conjunction.key not in ("and", "or")
            or first.key == second.key
            or not all(t.kind == "word" and lexicon.is_content(t.word) for t in (first, second))
        ):
            continue
        for word, partner in ((first.key, second.key), (second.key, first.key)):
            if (
                _said_more(counts, source, word)
                and not counts[partner]
                and not any(counts[s] for s in (synonyms.of(partner) if synonyms else ()))
                and word not in {t.key for t, _ in found}
            ):
                last = [t for t in clause if t.key == word][-1]  # the mention that stands for it
                found.append((last, partner))
    return found


def _said_more(counts: Counter, source: Passage, key: str) -> bool:
    """Whether the clause (its *counts*) says *key* more often than the passage does:
    one of its mentions then stands for another word of the passage."""
    return counts[key] > len(source.positions.get(key, ()))


def _negated_at(source: Passage, at: int) -> bool:
    """Whether a negation stands right before the passage's word at *at* ("isn't much")."""
    before = THRESHOLDS.negation_before
    return any(is_negation(t.word) for t in source.tokens[max(0, at - before) : at])


def substitutions(
    missing: list[Token], clause: list[Token], source: Passage
) -> list[tuple[Token, str]]:
    """(claim token, passage noun) where a noun the passage lacks stands in the place of
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
        tight = _modifier(clause, token.position)
        others = sorted(
            noun
            for noun, where, modifier in source.noun_slots
            if noun not in in_clause and (slot <= where or (tight and tight == modifier))
        )
        if others:
            found.append((token, others[0]))
    return found


def _slot(sequence: list[Token], position: int) -> list[tuple[str, str]]:
    """The nearest meaningful words before and after *position*: the noun's slot.
    Only a content word makes a slot (a name or number next to a noun says too little)."""
    before = next(
        (
            t
            for t in reversed(sequence[max(0, position - THRESHOLDS.slot_reach) : position])
            if _meaningful(t)
        ),
        None,
    )
    after = next(
        (
            t
            for t in sequence[position + 1 : position + 1 + THRESHOLDS.slot_reach]
            if _meaningful(t)
        ),
        None,
    )
    return [
        (side, t.key)
        for side, t in (("before", before), ("after", after))
        if t is not None and _slot_word(t, side, position)
    ]


def _modifier(sequence: list[Token], position: int) -> str | None:
    """The word right before a noun when it modifies it ("soothing soundtrack",
    "lava cave", "Jay's shop", "fourth expedition"): a tight fit."""
    if position == 0:
        return None
    before = sequence[position - 1]
    if (
        before.kind == "word"
        and lexicon.is_content(before.word)
        and not lexicon.tag(before.word).startswith("VB")
    ):
        return before.key
    if before.kind == "number" and before.word.isalpha():
        return before.key
    if before.kind == "name" and re.search(r"['’]s$", before.word):
        return before.key
    return None


def _slot_word(token: Token, side: str, position: int) -> bool:
    """A content word, an ordinal ("fourth expedition") or a possessive name right
    before the noun ("Nan-young's apartment") makes a slot."""
    if token.kind == "word":
        return lexicon.is_content(token.word)
    if token.kind == "number":
        return token.word.isalpha()
    return (
        side == "before"
        and token.position == position - 1
        and bool(re.search(r"['’]s$", token.word))
    )


def _occurrences(source: Passage, key: str) -> list[int]:
    """Where the passage has *key*, or a word of the same stem ("reluctance" for
    "reluctant", "clumsiness" for "clumsy")."""
    found = list(source.positions.get(key, ()))
    stem = THRESHOLDS.stem
    if len(key) >= stem and key.isalpha():
        stems = (key[:stem], key[:-1] + "i") if key.endswith("y") else (key[:stem],)
        found += [t.position for t in source.tokens if t.key != key and t.key.startswith(stems)]
    return found


def _in_context(clause: list[Token], at: int, source: Passage, where: list[int]) -> list[int]:
    around = _neighbours(clause, at)
    return [other for other in where if around & source.neighbours(other)]


def negation_added(clause: list[Token], source: Passage) -> list[tuple[Token, Token]]:
    """Negations in the clause whose word the passage states, in the same context,
    without negation. A verb of saying the passage lacks passes the negation on to
    the verb of what is said ("not reported to have landed")."""
    found = []
    for index, token in enumerate(clause):
        if not is_negation(token.word):
            continue
        at = negated_word(clause, index)
        target = next((t for t in clause if t.position == at), None)
        if target is None:
            continue
        if target.key in lexicon.SAID and not source.has(target.key):
            target = _said_verb(clause, target.position, source) or target
        near = _in_context(clause, target.position, source, _occurrences(source, target.key))
        if near and not any(p in source.negated_at for p in near):
            found.append((token, target))
    return found


def _said_verb(clause: list[Token], at: int, source: Passage) -> Token | None:
    """The verb of what a verb of saying at *at* reports ("reported to have landed",
    "said that it landed"), when the passage has it."""
    following = clause[at + 1 : at + 1 + THRESHOLDS.said_reach]
    if not following or following[0].key not in ("to", "that"):
        return None
    return next(
        (
            t
            for t in following[1:]
            if t.kind == "word"
            and lexicon.is_content(t.word)
            and lexicon.tag(t.word).startswith("VB")
            and source.has(t.key)
        ),
        None,
    )


def negation_dropped(clause: list[Token], source: Passage) -> list[Token]:
    """Words the passage negates, in the same context, that the clause states without
    any negation near them."""
    found: list[Token] = []
    if not source.negated_at:
        return found
    for index, token in enumerate(clause):
        if token.kind == "word" and (
            token.key in lexicon.REPORTING
            or not (
                lexicon.is_content(token.word)
                or (_modifying(token) and token.key in source.negated)
            )
        ):
            continue
        if (
            token.key not in source.negated
            and token.key[: THRESHOLDS.stem] not in source.negated_stems
        ):
            continue
        near = _in_context(clause, token.position, source, _occurrences(source, token.key))
        if not near or not all(p in source.negated_at for p in near):
            continue
        around = (
            clause[max(0, index - THRESHOLDS.dropped_before) : index]
            + clause[index + 1 : index + 1 + THRESHOLDS.dropped_after]
        )
        if not any(is_negation(t.word) or t.key in WEAK_NEGATIONS for t in around):
            found.append(token)
    return found


def _pairs(clause: list[Token]) -> list[tuple[Token, Token, int]]:
    """The pairs a clause makes: an item (name or number) and a word, name or number
    within ``pair_window`` meaningful words of it, with the clause's order of the two (0:
    none).
    Found once per clause; only the keys change when items are swapped or replaced."""
    found = []
    meaningful = [t for t in clause if _meaningful(t)]
    rank = {t.position: index for index, t in enumerate(meaningful)}
    steps = _Steps(meaningful, clause)
    for item in meaningful:
        if item.kind not in ("name", "number"):
            continue
        for other in meaningful:
            if (
                other is item
                or abs(rank[other.position] - rank[item.position]) > THRESHOLDS.pair_window
            ):
                continue
            if other.kind != "word" and _listed(clause, item, other):
                continue  # "CIFIKA, Meego and John Park": a list pairs nothing
            if item.kind == other.kind == "number":
                continue  # two figures or years side by side pair with their words, not each other
            if _owned_by_another(meaningful, item, other, clause, steps):
                continue  # "88% from critics and 91% from audiences": 91 is the nearer
            claim_order = 1 if item.position < other.position else -1
            low, high = sorted((item.position, other.position))
            passive = clause[low + 1 : high + THRESHOLDS.passive_reach]
            if any(t.key == "by" for t in passive) or other.kind == "name":
                claim_order = 0  # passive here ("voiced by Kim"), or two names: no direction
            found.append((item, other, claim_order))
    return found


def _distances(
    pairs: list[tuple[Token, Token, int]], source: Passage, keys: dict[int, str]
) -> dict[tuple[int, int], int]:
    """For each pair the clause makes, how far apart the passage keeps the two (lower
    fits better; ``far`` when never near), with *keys* put in place of some items."""
    found = {}
    for item, other, claim_order in pairs:
        a = keys.get(item.position, item.key)
        b = keys.get(other.position, other.key)
        if a == b or not source.has(b):
            continue
        found[(item.position, other.position)] = source.cost(item, a, other, b, claim_order)
    return found


class _Steps:
    """How far apart two words of a clause are, counted as :func:`_owned_by_another`
    counts: meaningful words passed, and one more for a conjunction crossed. Made once
    per clause, so that each count is a subtraction rather than a walk."""

    def __init__(self, meaningful: list[Token], clause: Sequence[Token]) -> None:
        self._positions = [t.position for t in meaningful]  # in order
        self._joins = [0]  # conjunctions before each position of the clause
        for t in clause:
            self._joins.append(self._joins[-1] + (t.key in ("and", "or", "but")))

    def between(self, a: Token, b: Token) -> int:
        low, high = sorted((a.position, b.position))
        steps = bisect.bisect_right(self._positions, high) - bisect.bisect_right(
            self._positions, low
        )
        joins = self._joins
        crossed = low + 1 < high < len(joins) and joins[high] > joins[low + 1]
        return steps + crossed


def _owned_by_another(
    meaningful: list[Token], item: Token, other: Token, clause: Sequence[Token], steps: _Steps
) -> bool:
    """Whether another item of the same kind is closer to *other* than *item* is:
    between them, or nearer counting a conjunction or comma crossed as a step
    ("91% with critics and 88% with audiences": critics belong to 91). *steps*: the
    clause's :class:`_Steps`."""
    low, high = sorted((item.position, other.position))
    mine = steps.between(item, other)
    return any(
        t.kind == item.kind
        and t is not item
        and t is not other
        and (low < t.position < high or steps.between(t, other) < mine)
        and not _listed(clause, t, item)  # "Han and Kang" share their words
        for t in meaningful
    )


def _listed(clause: Sequence[Token], first: Token, second: Token) -> bool:
    """Whether two tokens stand side by side in a list ("A, B and C"), not in two
    cells of a table row."""
    low, high = sorted((first.position, second.position))
    return all(t.key in ("and", "or", "nor") for t in clause[low + 1 : high]) and not any(
        CELL_MARK in t.gap for t in clause[low + 1 : high + 1]
    )


def _net_halvings(before: dict, after: dict) -> int:
    """How many pairs come at least twice as close (by ``halving_margin`` words or more),
    less those that go twice as far: for a year or figure, which event of a long sentence
    it belongs to."""
    net = 0
    for pair, value in after.items():
        old = before.get(pair, THRESHOLDS.far)
        if _halved(old, value):
            net += 1
        elif _halved(value, old):
            net -= 1
    return net


def _halved(old: int, new: int) -> bool:
    """Whether a pair's distance *new* is at most half of *old*, and ``halving_margin``
    words less."""
    return new * 2 <= old and old - new >= THRESHOLDS.halving_margin


def _net_pairings(before: dict, after: dict) -> int:
    """How many pairs go from apart to side by side, less those that go the other way
    (only pairs that are side by side in one of the two versions count)."""
    net = 0
    for pair, value in after.items():
        old = before.get(pair, THRESHOLDS.far)
        if min(old, value) <= THRESHOLDS.near and abs(old - value) >= THRESHOLDS.pairing_margin:
            net += 1 if value < old else -1
    return net


def _fits_far_better(
    before: dict,
    after: dict,
    ratio: float,
    margin: int,
    partners: int = 1,
    clause: Sequence[Token] = (),
) -> bool:
    """Whether *after* fits the passage far better than *before*, on at least
    *partners* pairs."""
    total_before, total_after = sum(before.values()), sum(after.values())
    improved = sum(
        1
        for pair, value in after.items()
        if value + THRESHOLDS.improvement_margin < before.get(pair, THRESHOLDS.far)
    )
    # One pair of a name or figure with a word ("directed by") that goes from far apart
    # to side by side is as telling as two.
    kinds = {t.position: t.kind for t in clause}
    decisive = any(
        value <= THRESHOLDS.decisive_near
        and before.get(pair, THRESHOLDS.far) >= THRESHOLDS.decisive_far
        and kinds.get(pair[1]) == "word"
        for pair, value in after.items()
    )
    return (
        total_after <= total_before * ratio
        and total_before - total_after >= margin
        and (improved >= partners or decisive)
    )


def relation_problems(clause: list[Token], source: Passage) -> list[tuple[Token, str]]:
    """Items the clause pairs with the wrong partner, judged against the passage: each
    misplaced item (both, for two swapped) with what is wrong."""
    items = [t for t in clause if t.kind in ("name", "number") and source.has(t.key)]
    if not items:
        return []
    pairs = _pairs(clause)
    base = _distances(pairs, source, {})
    problems: list[tuple[tuple[int, int], list[tuple[Token, str]]]] = []
    for i, first in enumerate(items):
        for second in items[i + 1 :]:
            if first.kind != second.kind or first.key == second.key:
                continue
            if _listed(clause, first, second):
                continue  # "A, B and C": a list, swapping its members changes nothing
            swapped = _distances(
                pairs, source, {first.position: second.key, second.position: first.key}
            )
            net = _net_pairings(base, swapped)
            if net >= THRESHOLDS.telling_pairs or _fits_far_better(
                base, swapped, THRESHOLDS.swap_ratio, THRESHOLDS.swap_margin, clause=clause
            ):
                gain = (net, sum(base.values()) - sum(swapped.values()))
                if not problems or gain > problems[0][0]:
                    message = f"'{first.word}' and '{second.word}' are paired the other way round"
                    problems[:] = [(gain, [(first, message), (second, message)])]
    in_clause = {t.key for t in clause}
    candidates = {
        t.key: t for t in source.tokens if t.kind in ("name", "number") and t.key not in in_clause
    }
    best: tuple[tuple[int, int], tuple[Token, str]] | None = None
    for item in items:
        own = [value for (at, _), value in base.items() if at == item.position]
        if not own:
            continue
        if item.kind == "name" and (
            min(own) < THRESHOLDS.apart or _pronoun_near(clause, item, source)
        ):
            continue  # the passage keeps this name (or a pronoun) near its partners
        for key, candidate in candidates.items():
            if candidate.kind != item.kind:
                continue
            replaced = _distances(pairs, source, {item.position: key})
            pairings = _net_pairings(base, replaced)
            names = item.kind == "name" and (
                pairings >= THRESHOLDS.telling_pairs
                or _fits_far_better(
                    base,
                    replaced,
                    THRESHOLDS.replace_ratio,
                    THRESHOLDS.replace_margin,
                    partners=THRESHOLDS.telling_pairs,
                    clause=clause,
                )
            )
            halvings = _net_halvings(base, replaced)
            worse = any(
                _halved(value, base.get(pair, THRESHOLDS.far)) for pair, value in replaced.items()
            )
            saved = sum(base.values()) - sum(replaced.values())
            # A figure the passage keeps far from all its partners, where another
            # figure sits in their sentence ("in 2051" for the quake of 2026).
            theirs = [value for (at, _), value in replaced.items() if at == item.position]
            gathered = (
                min(own) >= THRESHOLDS.far
                and len(own) >= THRESHOLDS.telling_pairs
                and not worse
                and _same_shape(item.word, candidate.word)
                and sum(value <= THRESHOLDS.reach for value in theirs) >= THRESHOLDS.telling_pairs
            )
            figures = item.kind == "number" and (
                halvings >= THRESHOLDS.telling_pairs
                or gathered
                or (halvings == 1 and not worse and saved >= THRESHOLDS.saved_words)
            )
            if names or figures:
                gain = (max(pairings, halvings), saved)
                if best is None or gain > best[0]:
                    best = (
                        gain,
                        (
                            item,
                            f"the cited lines tie this to '{candidate.word}', not '{item.word}'",
                        ),
                    )
    if problems:
        return problems[0][1]
    return [best[1]] if best else []


def _same_shape(one: str, other: str) -> bool:
    """Two figures written alike: digits of the same length (a year for a year)."""
    return one.isdigit() and other.isdigit() and len(one) == len(other)


def _pronoun_near(clause: list[Token], item: Token, source: Passage) -> bool:
    """Whether a pronoun of the passage sits right by a word the clause pairs *item* with."""
    partners = [
        t.key
        for t in clause
        if t is not item
        and t.kind == "word"
        and _meaningful(t)
        and abs(t.position - item.position) <= THRESHOLDS.pair_window
    ]
    return any(
        abs(p - at) <= THRESHOLDS.near
        for key in partners
        for at in source.positions.get(key, ())
        for p in source.pronouns
    )


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


_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas|yet)\s+")
_SUBJECT_PRONOUNS = frozenset("it they he she there we i you".split())
_DETERMINERS = frozenset(
    "the a an this that these those its their his her our my your one some both each every".split()
)
_NOUN_PHRASE = ("JJ", "NN", "CD")
_FINITE_BE = frozenset("is are was were has have had".split())
_AFTER_A_VERB = ("DT", "PRP", "IN", "TO", "JJ")


def _finite(word: str) -> bool:
    return lexicon.tag(word).startswith(("VBZ", "VBD", "VBP", "MD")) or word.lower() in _FINITE_BE


def _new_clause(words: list[str]) -> bool:
    """Whether *words* (what follows ", and") open a clause with a subject and a verb of
    its own: a pronoun and a verb ("it is"), or a noun phrase and a verb right after it
    ("the film blends them", "Resonate noted"); not a second object ("the film
    remarkably refreshing", "its effects", "the film to be …") nor a verb inside a
    modifier ("the way it handles …")."""
    if not words:
        return False
    if words[0].lower() in _SUBJECT_PRONOUNS:
        return len(words) > 1 and _finite(words[1])
    first = 1 if words[0].lower() in _DETERMINERS else 0
    if first == 0 and not words[0][:1].isupper():
        return False
    end = first
    while end < len(words) and (
        lexicon.tag(words[end]).startswith(_NOUN_PHRASE) or words[end][:1].isupper()
    ):
        if (
            end > first
            and lexicon.tag(words[end]) == "NNS"
            and end + 1 < len(words)
            and lexicon.tag(words[end + 1]).startswith(_AFTER_A_VERB)
            and wordnet.can_be_verb(words[end].lower())
        ):
            return True  # "the film blends them": a noun's "-s" form as its verb
        end += 1
    return first < end < len(words) and _finite(words[end])


@lru_cache(maxsize=4096)
def _clause_breaks(text: str) -> tuple[int, ...]:
    """Where a new clause with a subject and a verb of its own begins ("…, and the film
    blends …"): an attribution on one side says nothing of an opinion on the other.
    Coordinated predicates keep their speaker ("The review praised the cast, and called
    it …"), and so do a verb's second object ("found the pace slow, and the film
    refreshing") and clauses of what was said ("It concluded that …, and that …")."""
    return tuple(
        match.start()
        for match in _CLAUSE_BREAK.finditer(text)
        if match.group() == ";" or _new_clause(_WORD.findall(text[match.end() : match.end() + 200]))
    )


_ACCORDING = re.compile(r"(?i)\baccording\s+to\b|\bin\s+the\s+words\s+of\b")
_SPEAKER_FRAME = frozenset("in to for by per".split())


_QUOTE_MARKS = "\"'“”‘’«»"


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern | None:
    """*phrase* as a pattern: its quotation marks any kind, any white space between its
    words."""
    parts = [
        f"[{_QUOTE_MARKS}]"
        if char in _QUOTE_MARKS
        else r"\s+"
        if char.isspace()
        else re.escape(char)
        for char in phrase.strip()
    ]
    if not parts:
        return None
    body = re.sub(r"(?:\\s\+)+", r"\\s+", "".join(parts))
    return re.compile(rf"(?i)(?<!\w){body}(?!\w)")


def label_spans(text: str, labels: Sequence[str]) -> list[tuple[int, int]]:
    """Where a source's label stands in *text*, as written ("“Broken devices”")."""
    spans = []
    for label in labels:
        pattern = _phrase_pattern(label)
        if pattern:
            spans += [m.span() for m in pattern.finditer(text)]
    return spans


def attributed(text: str, labels: list[str], opinion_at: int = 0) -> bool:
    """Whether a sentence says whose words or view it gives.

    The attribution must stand in the opinion's own clause: one on the far side of a
    new clause with its own subject ("The essay found …, and the film is …") covers
    the other clause only. There, "according to" or a source's label will do; a noun
    that names a speaker ("one reviewer") before the opinion, or after it as its
    frame ("in the essay's words", "to one critic"); a verb of saying or judging
    before the opinion (*opinion_at*, an offset), or after it as a trailing "…, one
    critic wrote", not as a new predicate ("…, and argued that") nor as a participle
    without a subject of its own, whose speaker is the sentence's subject ("The film
    deserves more, noting that …"; "with Bong calling it" names him), nor as an aim
    ("…, which Han wanted"). The caller blanks quotations: a quote's words are its
    speaker's.
    """
    text = re.sub(r"\(\s*see\b[^)]*\)", lambda m: " " * len(m.group()), text)  # "(see …)"
    breaks = _clause_breaks(text)

    def near(at: int) -> bool:
        low, high = sorted((at, opinion_at))
        return not any(low < position < high for position in breaks)

    if any(near(m.start()) for m in _ACCORDING.finditer(text)):
        return True
    if any(near(start) for start, _ in label_spans(text, labels)):
        return True
    for match in _WORD.finditer(text):
        word = match.group()
        if not word[0].islower() or not near(match.start()):
            continue
        if lexicon.names_speaker(word):
            if match.start() < opinion_at:
                return True
            framed = text[: match.start()].lower().split()[-3:]
            if text[match.end() :].startswith(("'s", "’s")) or _SPEAKER_FRAME & set(framed):
                return True
            continue
        if lexicon.lemma(word) in lexicon.REPORTING:
            before = text[: match.start()].rstrip().split()
            after = text[match.end() :].split()[: THRESHOLDS.passive_speaker_reach]
            if before and before[-1].lower() in _BE and "by" not in after:
                continue  # "has been compared", "is reported": a passive names no one
            if match.start() < opinion_at:
                return True
            if lexicon.lemma(word) in lexicon.AIMING:
                continue
            own_subject = bool(before) and before[-1][:1].isupper()  # "with Bong calling it"
            # After the opinion, only a speaker's verb attributes it ("…, one critic
            # wrote", "…, Resonate notes"): "compared with high-profile titles" names no one.
            speaker = bool(before) and (
                own_subject
                or lexicon.names_speaker(before[-1].strip(",;:").lower())
                or before[-1].lower() in _SPEAKING_PRONOUNS
            )
            if (
                (not before or before[-1].lower() != "and")
                and (not word.endswith("ing") or own_subject)
                and speaker
            ):
                return True
    return False


_SPEAKING_PRONOUNS = frozenset("he she they who i we".split())


_BE = frozenset("is are was were be been being".split())


def opinion_words(text: str) -> list[str]:
    """Evaluative adjectives (TextBlob's lexicon) and words that judge or guess."""
    return [
        word
        for word in _WORD.findall(text)
        if lexicon.evaluative(word) or (word.islower() and lexicon.lemma(word) in lexicon.JUDGING)
    ]
