"""Every word of a clause accounted for in its cited lines, or flagged with the reason.

The hard tier (:mod:`.rules`) proves what a machine can: quotes, numbers,
units, dates and names. What it cannot prove is meaning; here each content
word of a clause is aligned with the lines its citation pinpoints, and a word
that does not align, or aligns in a way that changes what is said, is
*flagged* (:class:`~.model.Flag`) for a person to confirm:

- ``unsupported``: the lines do not have the word in any form (same lemma, a
  word derived from it, a WordNet synonym, similar or more general word, a
  reviewed synonym); where a word of the lines stands in its place, the
  message names it;
- ``scale``: a word of a scale (:data:`SCALES`) stronger or weaker than the
  lines' word of that scale, a strong one the lines lack, a superlative the
  lines hedge ("one of the best"), or a word the lines hedge ("might get
  buried") stated without a hedge;
- ``order``: an order or cause word (:data:`CONNECTIVES`) the lines lack;
- ``polarity``: an antonym in the place of the lines' word, a negation added
  or dropped;
- ``relation``: a name or figure paired with another word than in the lines.

Opinions in the wiki's own voice are flagged for the whole sentence, by
:func:`opinion_flags`. One word carries one flag, the most telling
(:data:`PRIORITY`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from starlight.claims import agents, lexicon, wordnet
from starlight.claims.codes import FlagKind
from starlight.claims.kept import rows
from starlight.claims.meaning import (
    WEAK_NEGATIONS,
    Passage,
    Token,
    clipped,
    collapsed,
    grounded,
    is_negation,
    keys,
    negated_word,
    negation_added,
    negation_dropped,
    opposites,
    passage,
    relation_problems,
    substitutions,
    tokens,
)
from starlight.claims.model import Flag
from starlight.claims.quantities import is_duration, measured_alike
from starlight.claims.settings import THRESHOLDS
from starlight.claims.text import ORDINAL_WORDS, normalize

PRIORITY = (
    FlagKind.polarity,
    FlagKind.relation,
    FlagKind.scale,
    FlagKind.order,
    FlagKind.opinion,
    FlagKind.unsupported,
)
"""Which flag a word keeps when several apply: the first of these."""

UNSUPPORTED = "not in the cited lines"
SOURCE_WORDS = frozenset("source article account version report text".split())
"""Words that name a cited source whatever its kind; the kind's own ("review", "essay",
"preview") are added per claim (:func:`source_words`)."""
IDIOM = "idiom"
"""The entry of the scales and connectives that lists phrases passed over ("above all")."""
HEDGING = frozenset({"modality", "evidence", "approximation"})
"""The scales whose first step hedges what follows it ("might", "reportedly", "about 30")."""


@dataclass(frozen=True)
class Alignment:
    """A clause's flags, and the contradictions among them that the lines prove (the
    hard tier reports those: ``claims.contradicted``)."""

    flags: list[Flag]
    contradictions: list[Flag]


@dataclass(frozen=True)
class Scale:
    name: str
    steps: tuple[frozenset[str], ...]  # weak to strong; each step's words as lemma phrases

    def step(self, phrase: str) -> int | None:
        return next((i for i, words in enumerate(self.steps) if phrase in words), None)


def _phrase(words: str) -> str:
    """A phrase of a data file as it is compared: lower case, one space between words.
    A text's words match it as written or as lemmas ("led to" matches "lead to"; "late"
    does not match "later")."""
    return " ".join(words.lower().split())


@cache
def scales() -> tuple[Scale, ...]:
    """The scales of ``data/scales.tsv``."""
    found = []
    for name, body in rows("scales.tsv"):
        steps = tuple(
            frozenset(_phrase(word.strip()) for word in step.split("=")) for step in body.split("<")
        )
        found.append(Scale(name, steps))
    return tuple(found)


@cache
def connectives() -> dict[str, str]:
    """Each order or cause connective of ``data/connectives.tsv`` (lemmas) with its class."""
    found: dict[str, str] = {}
    for kind, body in rows("connectives.tsv"):
        for phrase in body.split("|"):
            found.setdefault(_phrase(phrase.strip()), kind)
    return found


@cache
def _classes() -> dict[str, str]:
    """:func:`connectives` and "so", a cause where :func:`_result_so` or
    :func:`opening_link` finds it joining a clause."""
    return {**connectives(), "so": "cause"}


@cache
def _by_first_word(table: frozenset[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases of *table* by their first word, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in table:
        words = tuple(phrase.split())
        index.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(found, key=len, reverse=True)) for first, found in index.items()}


def _phrases(found: list[Token], table: frozenset[str]) -> list[tuple[int, int, str]]:
    """(first, last, phrase) of every phrase of *table* in *found*, matched as written
    or as lemmas, the longer first where two overlap ("because of" before "because")."""
    written = [t.word.lower().replace("’", "'") for t in found]
    lemmas = [t.key if t.kind == "word" else lexicon.lemma(t.word) for t in found]
    index = _by_first_word(table)
    candidates = []
    for first in range(len(found)):
        for forms in (written, lemmas):
            for words in index.get(forms[first], ()):
                if tuple(forms[first : first + len(words)]) == words:
                    if len(words) > 1 or not _month(found, first):  # "30 May": no hedge
                        candidates.append((first, first + len(words) - 1, " ".join(words)))
                    break
    taken: set[int] = set()
    result = []
    for first, last, phrase in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if not taken & set(range(first, last + 1)):
            taken.update(range(first, last + 1))
            result.append((first, last, phrase))
    return sorted(set(result))


def _their_phrases(source: Passage, table: frozenset[str]) -> list[tuple[int, int, str]]:
    """:func:`_phrases` of a passage, found once however many clauses cite it."""
    memo = source.__dict__.setdefault("_phrases", {})
    if table not in memo:
        memo[table] = _phrases(source.tokens, table)
    return memo[table]


@cache
def _scale_words() -> frozenset[str]:
    return frozenset(phrase for scale in scales() for step in scale.steps for phrase in step)


def _scale_of(phrase: str) -> tuple[Scale, int]:
    """The scale of *phrase*, one of :func:`_scale_words`, and its step on it."""
    for scale in scales():
        step = scale.step(phrase)
        if step is not None:
            return scale, step
    raise KeyError(f"{phrase!r} is on no scale")


@dataclass
class Aligner:
    """Flags of one clause against one passage."""

    clause: list[Token]
    source: Passage
    synonyms: lexicon.Synonyms
    skip: frozenset[int]  # positions the hard tier judges (names)
    unsought: frozenset[str] = SOURCE_WORDS  # words not looked for in the lines (align)
    text: str = ""  # the clause's text, for what stands between two words
    genders: Mapping[str, str] = field(default_factory=dict)  # "he" or "she" of each name

    def __post_init__(self) -> None:
        self.flags: dict[int, Flag] = {}
        self.sure: set[int] = set()  # polarity flags the lines prove (see _if_sure)

    def flag(self, token: Token, kind: FlagKind, message: str, end: Token | None = None) -> None:
        known = self.flags.get(token.position)
        if known is not None and PRIORITY.index(known.kind) <= PRIORITY.index(kind):
            return
        last = end or token
        self.flags[token.position] = Flag(
            kind,
            token.start,
            last.end,
            " ".join(t.word for t in self.clause[token.position : last.position + 1]),
            message,
        )

    def run(self) -> Alignment:
        covered = self._content()
        self._scales(covered)
        self._connectives()
        self._polarity(covered)
        self._relations()
        sure = [
            self.flags.pop(at)
            for at in sorted(self.sure)
            if at in self.flags and self.flags[at].kind is FlagKind.polarity
        ]
        return Alignment(self._merged(), sure)

    def _merged(self) -> list[Flag]:
        """The flags in order, words the lines lack that stand together ("built around",
        "a busy centre") as one flag: one phrase of the writer's, one thing to confirm."""
        merged: list[tuple[int, Flag]] = []
        for position in sorted(self.flags):
            flag = self.flags[position]
            if (
                merged
                and flag.kind is FlagKind.unsupported
                and merged[-1][1].kind is FlagKind.unsupported
                and flag.message == merged[-1][1].message == UNSUPPORTED
                and self._joined(merged[-1][0], position)
            ):
                start = merged[-1][1].start
                text = " ".join(
                    t.word for t in self.clause[merged[-1][0] : position + 1] if t.start >= start
                )
                merged[-1] = (position, Flag(flag.kind, start, flag.end, text, flag.message))
            else:
                merged.append((position, flag))
        return [flag for _, flag in merged]

    def _joined(self, before: int, after: int) -> bool:
        """Whether only function words, single spaces and no punctuation stand between two
        words (a run of spaces is text the clause does not show: a footnote mark, a
        citation)."""
        between = self.clause[before + 1 : after + 1]
        spaces = (
            [self.text[a.end : b.start] for a, b in pairwise(self.clause[before : after + 1])]
            if self.text
            else []
        )
        return (
            after - before <= THRESHOLDS.join_gap
            and not any(t.gap for t in between)
            and all(space == " " for space in spaces)
            and all(t.kind == "word" and lexicon.is_function(t.word) for t in between[:-1])
        )

    # -- content words ---------------------------------------------------------------

    def _needs_alignment(self, token: Token) -> bool:
        if token.position in self.skip:
            return False
        if token.kind == "number":  # "fifth": an ordinal in words ranks; the lines must too
            return normalize(token.word) in ORDINAL_WORDS
        if token.kind != "word":
            return False
        if (
            token.key in lexicon.SAID
            or (token.key in lexicon.REPORTING and token.key not in lexicon.EVALUATING)
            or token.key in self.unsought
        ):
            return False  # words about the cited sources and who speaks, not the subject
        # An adverb made from an adjective says something, unlike "also" or "still".
        return (
            lexicon.is_content(token.word)
            or (lexicon.is_ly_adverb(token.word) and not lexicon.is_function(token.word))
            or self._whole_predicate(token)
        )

    def _whole_predicate(self, token: Token) -> bool:
        """An adverb that is all a "be" says ("they are alike: …", "he is abroad.") says
        something, as an adjective there would."""
        at, clause = token.position, self.clause
        following = clause[at + 1] if at + 1 < len(clause) else None
        return (
            at > 0
            and lexicon.tag(token.word).startswith("RB")
            and not lexicon.is_function(token.word)
            and clause[at - 1].kind == "word"
            and lexicon.lemma(clause[at - 1].word) == "be"
            and not token.gap.strip()
            and (following is None or bool(following.gap.strip()))
        )

    def _content(self) -> set[int]:
        """Flag content words the passage lacks; return the positions of those it has."""
        source, clause = self.source, self.clause
        aligned: set[int] = clipped(clause, source)
        phrases = source.phrase_keys
        for first, second in pairwise(clause):
            joined = f"{lexicon.lemma(first.word)}_{lexicon.lemma(second.word)}"
            if joined in source.covered or joined in phrases:
                aligned.update((first.position, second.position))
        missing = []
        for token in clause:
            if not self._needs_alignment(token) or token.position in aligned:
                continue
            if (
                grounded(token, source, self.synonyms)
                or source.covers(token)
                or (
                    token.position
                    and clause[token.position - 1].kind == "number"
                    and measured_alike(token.word, source.text)
                )
            ):
                aligned.add(token.position)  # "twenty years": a unit the lines measure in
            else:
                missing.append(token)
        instead = {token.position: other for token, other in substitutions(missing, clause, source)}
        for token in missing:
            if token.position in instead:
                self.flag(
                    token,
                    FlagKind.unsupported,
                    f"the cited lines have '{instead[token.position]}' here",
                )
            else:
                self.flag(token, FlagKind.unsupported, UNSUPPORTED)
        return aligned

    # -- scales and hedges -------------------------------------------------------------

    def _scales(self, aligned: set[int]) -> None:
        """A scale word of the clause against the lines' words of that scale in the same
        context (around the same words): another step is stronger or weaker; none at
        all, for a word above its scale's first step, is a claim the lines do not make."""
        source, clause = self.source, self.clause
        table = _scale_words()
        theirs = [
            (first, last, phrase)
            for first, last, phrase in _their_phrases(source, table)
            if not (phrase == "only" and first and source.tokens[first - 1].key == "not")
            and _scale_of(phrase)[0].name != IDIOM
        ]
        mine = _phrases(clause, table)
        for first, last, phrase in mine:
            scale, step = _scale_of(phrase)
            if scale.name == IDIOM:
                continue
            around = _context(clause, first, last, THRESHOLDS.context)
            near = [  # the lines' words of this scale, with their steps
                (p, their_step)
                for f, t, p in theirs
                if (their_step := scale.step(p)) is not None
                and self._related(
                    around,
                    _context(source.tokens, f, t, THRESHOLDS.context + THRESHOLDS.lines_context),
                )
            ]
            start, end = clause[first], clause[last]
            if any(p == phrase or their_step == step for p, their_step in near):
                continue  # the same word, or another of its step ("several" for "some")
            if near:
                other, other_step = near[0]
                stronger = "stronger" if step > other_step else "weaker"
                self.flag(
                    start,
                    FlagKind.scale,
                    f"{stronger} than the cited lines' '{other}' ({scale.name})",
                    end,
                )
            elif step > 0 and phrase not in {p for _, _, p in theirs}:
                if scale.name == "modality":
                    continue  # "will" where the lines state it plainly: as sure as they are
                self.flag(
                    start, FlagKind.scale, f"the cited lines do not say so ({scale.name})", end
                )
            elif step > 0 and not any(
                self._related(around, _context(source.tokens, f, t, THRESHOLDS.said_elsewhere))
                for f, t, p in theirs
                if p == phrase
            ):
                self.flag(
                    start,
                    FlagKind.scale,
                    f"the cited lines say '{phrase}' of something else ({scale.name})",
                    end,
                )
        self._hedges_dropped(theirs, mine)
        self._superlatives()
        self._ranked_within()

    def _related(self, mine: set[str], theirs: set[str]) -> bool:
        """Whether two contexts share a word, directly or through WordNet."""
        return bool(mine & theirs) or any(
            other in theirs for key in mine for other in wordnet.covered(key)
        )

    def _hedges_dropped(self, theirs, mine) -> None:
        """A word the passage hedges ("might get buried") that the clause states without
        any word of a scale near it."""
        source, clause = self.source, self.clause
        hedged: dict[str, str] = {}
        for _, last, phrase in theirs:
            scale, step = _scale_of(phrase)
            if step != 0 or scale.name not in HEDGING:
                continue  # "some press coverage" quantifies, "first" ranks: neither hedges
            following = source.tokens[last + 1 : last + 1 + THRESHOLDS.hedge_reach]
            if scale.name == "approximation":  # "about" hedges a figure, not "about the past"
                following = following[:1] if following and following[0].kind == "number" else []
            for token in following:
                if _says(token):
                    hedged.setdefault(token.key, phrase)
        # A word the lines also state without a hedge is not hedged ("The crew flies").
        plain = {
            t.key
            for t in source.tokens
            if t.key in hedged
            and not any(
                f <= t.position - 1 and t.position - last <= THRESHOLDS.hedge_reach
                for f, last, p in theirs
                if p == hedged[t.key]
            )
        }
        hedged = {key: phrase for key, phrase in hedged.items() if key not in plain}
        if not hedged:
            return
        near = {
            at for first, last, _ in mine for at in range(first, last + 1 + THRESHOLDS.hedge_reach)
        }
        done: set[str] = set()
        for token in clause:
            phrase = hedged.get(token.key)
            if (
                phrase
                and phrase not in done
                and token.position not in near
                and not any(
                    is_negation(t.word)
                    for t in clause[
                        max(0, token.position - THRESHOLDS.negation_before) : token.position
                    ]
                )
            ):
                done.add(phrase)  # one flag a hedge, on the first word it covers
                self.flag(token, FlagKind.scale, f"the cited lines hedge it ('{phrase}')")

    def _superlatives(self) -> None:
        """A superlative the passage hedges as "one of the" or "among the"."""
        source, clause = self.source, self.clause
        superlatives = source.superlatives
        plain = {t.key for t in superlatives if not _after_one_of(source.tokens, t.position)}
        hedged = {t.key for t in superlatives if _after_one_of(source.tokens, t.position)} - plain
        for token in clause:
            if (
                token.key in hedged
                and lexicon.tag(token.word) in ("JJS", "RBS")
                and not _after_one_of(clause, token.position)
            ):
                self.flag(token, FlagKind.scale, f"the cited lines say 'one of the {token.word}'")

    def _ranked_within(self) -> None:
        """A ranking word whose lines rank within more words than the clause keeps:
        "the first animated feature" for the lines' "first Korean animated feature". A
        plain noun phrase says as much without its adjectives ("a Korean film" is "a
        film"); a ranked one does not (the first Korean film need not be the first)."""
        source, clause = self.source, self.clause
        said: Passage | None = None
        for token in clause:
            if not _ranks(token):
                continue
            mine = _ranked(clause, token.position)
            if not mine:
                continue
            if said is None:  # the clause as a passage, to find the lines' words in it
                said = passage(self.text, frozenset(t.key for t in clause if t.kind == "name"))
            narrower = []
            for at in source.positions.get(token.key, ()):
                theirs = _ranked(source.tokens, at)
                # Where the clause's phrase ends in the lines' (its head, or the last
                # word it shares): the lines' words before that are its restrictors.
                ends = [i for i, t in enumerate(theirs) if any(_alike(t, m) for m in mine)]
                if not ends:
                    continue  # another phrase ranked by the same word
                dropped = [
                    t
                    for t in theirs[: ends[-1]]
                    if not (grounded(t, said, self.synonyms) or said.covers(t))
                ]
                if not dropped:
                    break  # one place of the lines ranks as narrowly as the clause
                narrower.append((theirs, dropped))
            else:
                if narrower:
                    theirs, dropped = narrower[0]
                    self.flag(
                        token,
                        FlagKind.scale,
                        f"the cited lines rank it within '{token.word} "
                        f"{' '.join(t.word for t in theirs)}': without "
                        f"'{' '.join(t.word for t in dropped)}' it ranks among more (scope)",
                    )

    # -- order and cause ---------------------------------------------------------------

    def _connectives(self) -> None:
        """An order or cause word needs one of its class in the lines, in the same context
        (around the same words): "because of her" is not the lines' "Because Nan-young
        is set in her career". Around an order word that has one there, the words must
        keep the lines' order of events ("flies before it trains" against "trains, then
        flies")."""
        table = _classes()
        words = frozenset(connectives())
        theirs = [(f, t, p) for f, t, p in _their_phrases(self.source, words) if table[p] != IDIOM]
        theirs += _result_so(self.source.tokens)
        for first, last, phrase in _phrases(self.clause, words) + _result_so(self.clause):
            if table[phrase] == IDIOM:
                continue
            around = _context(self.clause, first, last, THRESHOLDS.context)
            kind = _class(table[phrase])
            related = [
                (f, t, p)
                for f, t, p in theirs
                if _class(table[p]) == kind
                and self._related(
                    around,
                    _context(
                        self.source.tokens, f, t, THRESHOLDS.context + THRESHOLDS.lines_context
                    ),
                )
            ]
            if not related:
                self.flag(
                    self.clause[first],
                    FlagKind.order,
                    f"the cited lines give no such {kind}",
                    self.clause[last],
                )
            elif kind == "order" and any(
                self._reversed(first, last, phrase, f, t, p) for f, t, p in related
            ):
                self.flag(
                    self.clause[first],
                    FlagKind.order,
                    "the cited lines give the opposite order",
                    self.clause[last],
                )

    def _reversed(
        self, first: int, last: int, phrase: str, their_first: int, their_last: int, theirs: str
    ) -> bool:
        """Whether the clause tells the events around its order word in the other order
        than the lines around theirs: the clause's nearest word of each event, found
        among the words of the lines' other event and not of the same one."""
        table = connectives()
        mine = _events(self.clause, first, last, _direction_at(self.clause, first, table[phrase]))
        lines = _events(
            self.source.tokens,
            their_first,
            their_last,
            _direction_at(self.source.tokens, their_first, table[theirs]),
        )
        if mine is None or lines is None:
            return False
        their_earlier, their_later = lines

        def within(token: Token, event: list[Token]) -> bool:
            known = self._keys(token)
            return any(t.key in known for t in event)

        def nearest_known(event: list[Token]) -> Token | None:
            """The event's word nearest the order word that the lines' events have: a
            word the lines lack ("meets" for their "crosses paths") tells nothing."""
            return next(
                (t for t in event if within(t, their_earlier) or within(t, their_later)), None
            )

        earlier, later = nearest_known(mine[0]), nearest_known(mine[1])
        return (
            earlier is not None
            and later is not None
            and within(earlier, their_later)
            and within(later, their_earlier)
            and not within(earlier, their_earlier)
            and not within(later, their_later)
        )

    def _keys(self, token: Token) -> set[str]:
        """A word's forms and the lines' words WordNet relates to it."""
        found = set(keys(token))
        found |= {self.source.covered[key] for key in list(found) if key in self.source.covered}
        return found

    # -- polarity and relations ----------------------------------------------------------

    def _polarity(self, aligned: set[int]) -> None:
        clause, source = self.clause, self.source
        missing = [t for t in clause if t.kind == "word" and t.position not in aligned]
        for token, other in opposites(missing, clause, source, self.synonyms):
            self.flag(token, FlagKind.polarity, f"the cited lines say its opposite, '{other}'")
            self._if_sure(token, token, self._stated_at({other}))
        for negation, target in negation_added(clause, source):
            self.flag(
                negation,
                FlagKind.polarity,
                "the cited lines do not negate it",
                target if target.position > negation.position else None,
            )
            self._if_sure(negation, target, self._stated_at(keys(target)))
        self._negated_paraphrase(aligned)
        for token in negation_dropped(clause, source):
            self.flag(token, FlagKind.polarity, "the cited lines negate it")
            self._if_sure(token, token, self._negated_at(keys(token)))

    def _places(self, theirs: Iterable[str]) -> list[int]:
        """Where the lines have any of the words *theirs*, in order."""
        return sorted({at for key in theirs for at in self.source.positions.get(key, ())})

    def _stated_at(self, theirs: Iterable[str]) -> list[int]:
        """Where the lines state one of *theirs* without negating it."""
        return [at for at in self._places(theirs) if not _negated(self.source, at)]

    def _negated_at(self, theirs: Iterable[str]) -> list[int]:
        """Where the lines negate one of *theirs*."""
        return [at for at in self._places(theirs) if _negated(self.source, at)]

    def _if_sure(self, flagged: Token, token: Token, places: list[int]) -> None:
        """Make the flag at *flagged* a contradiction the checker is sure of when the lines
        have, at one of *places* (the word or its opposite, negated there or not, as the
        flag needs), the same content words right around it as the clause's *token* (two
        on each side where the clause has them, at least two in all): nothing but the
        polarity differs."""
        before = [t for t in self.clause[: token.position] if _says(t)][-THRESHOLDS.sure_context :]
        after = [t for t in self.clause[token.position + 1 :] if _says(t)][
            : THRESHOLDS.sure_context
        ]
        if len(before) + len(after) < THRESHOLDS.sure_context:
            return
        lines = self.source.tokens
        for place in places:
            their_before = [t for t in lines[:place] if _says(t)][-len(before) :] if before else []
            their_after = [t for t in lines[place + 1 :] if _says(t)][: len(after)]
            if (
                len(their_before) == len(before)
                and len(their_after) == len(after)
                and all(
                    keys(mine) & keys(theirs_)
                    for mine, theirs_ in zip(
                        before + after, their_before + their_after, strict=True
                    )
                )
            ):
                self.sure.add(flagged.position)
                return

    def _negated_paraphrase(self, aligned: set[int]) -> None:
        """A negation before a word the lines say in other words ("never gave up" where
        they say "abandoned"), none of whose counterparts the lines negate."""
        clause, source = self.clause, self.source
        for index, token in enumerate(clause):
            if not is_negation(token.word):
                continue
            at = negated_word(clause, index)
            target = next((t for t in clause if t.position == at), None)
            if target is None or target.position not in aligned or keys(target) & source.lemmas:
                continue  # the lines' own word: negation_added judges it
            places = self._counterparts(target)
            if places and not any(_negated(source, place) for place in places):
                word = source.tokens[places[0]].word
                self.flag(
                    token,
                    FlagKind.polarity,
                    f"the cited lines do not negate it ('{word}')",
                    target if target.position > token.position else None,
                )

    def _counterparts(self, token: Token) -> list[int]:
        """Where the lines have the word *token* stands for: itself, or the word WordNet
        relates it to, or the phrase it opens ("gave up" for "abandoned")."""
        source = self.source
        found = [at for key in keys(token) for at in source.positions.get(key, ())]
        if not found:
            following = self.clause[token.position + 1 : token.position + 2]
            candidates = set(keys(token))
            candidates |= {
                f"{key}_{lexicon.lemma(t.word)}" for key in keys(token) for t in following
            }
            theirs = {source.covered[key] for key in candidates if key in source.covered}
            found = [at for key in theirs for at in source.positions.get(key.split("_")[0], ())]
        return sorted(set(found))

    def _relations(self) -> None:
        for token, message in relation_problems(self.clause, self.source):
            self.flag(token, FlagKind.relation, message)  # both of two swapped items
        for token, partner in collapsed(self.clause, self.source, self.synonyms):
            self.flag(
                token,
                FlagKind.relation,
                f"said again where the cited lines have '{partner}', the word it is paired with",
            )
        self._modifiers()
        self._doers()

    def _doers(self) -> None:
        """A verb the cited lines give to someone else: the act is theirs, the doer
        another ("Nan-young offers herself" where they say "he offers himself" of Jay)."""
        reach = THRESHOLDS.doer_reach
        for at, verb in enumerate(self.clause):
            mine = agents.doer(self.clause, at, reach) if agents.is_verb(verb) else None
            if mine is None:
                continue
            theirs = [
                found
                for place in self.source.positions.get(lexicon.lemma(verb.word), ())
                if agents.is_verb(self.source.tokens[place])
                and (found := agents.doer(self.source.tokens, place, reach)) is not None
            ]
            if theirs and all(mine.differs(other, self.genders) for other in theirs):
                first, last = sorted((mine.token, verb), key=lambda t: t.position)
                self.flag(  # the doer or the verb is wrong: the flag marks both
                    first,
                    FlagKind.relation,
                    f"the cited lines give '{verb.word}' to '{theirs[0].token.word}', "
                    f"not '{mine.token.word}'",
                    last,
                )

    def _modifiers(self) -> None:
        """An adjective the lines give to another noun: "extensive press coverage" where
        they say "some press coverage" and "extensive pre-release promotion"."""
        clause, source = self.clause, self.source
        for index, token in enumerate(clause):
            if (
                token.kind != "word"
                or not lexicon.tag(token.word).startswith("JJ")
                or not lexicon.is_content(token.word)
            ):
                continue
            mine = {key for noun in _nouns(clause, index) for key in keys(noun)}
            theirs = [
                _nouns(source.tokens, at)
                for key in keys(token)
                for at in source.positions.get(key, ())
            ]
            theirs = [run for run in theirs if run]
            if not mine or not theirs or not mine & {k for t in source.tokens for k in keys(t)}:
                continue  # a noun the lines lack is flagged as such
            if any(mine & {key for noun in run for key in keys(noun)} for run in theirs):
                continue
            self.flag(
                token,
                FlagKind.relation,
                f"the cited lines say it of '{theirs[0][-1].word}', not "
                f"'{_nouns(clause, index)[-1].word}'",
            )


def _nouns(found: list[Token], at: int) -> list[Token]:
    """The nouns an adjective at *at* modifies: the run of nouns that follows it within
    four words, past other adjectives and "and" ("retro and futuristic elements", "some
    press coverage": press, coverage); none after punctuation."""
    run: list[Token] = []
    for token in found[at + 1 : at + 1 + THRESHOLDS.modified_reach]:
        if token.gap and token.gap != "-" or token.kind != "word":
            break  # punctuation, a name or a figure ends the phrase
        tag = lexicon.tag(token.word)
        if tag.startswith("NN") and lexicon.is_content(token.word):
            run.append(token)
        elif run or not (tag.startswith("JJ") or token.key in ("and", "or")):
            break
    return run


def _says(token: Token) -> bool:
    """A content word, a name or a number: what a context is made of."""
    return token.kind != "word" or lexicon.is_content(token.word)


def _negated(source: Passage, at: int) -> bool:
    """Whether the lines negate their word at *at*: a negation, or a word such as "fail"
    or "lack", shortly before it."""
    return at in source.negated_at or any(
        is_negation(t.word) or t.key in WEAK_NEGATIONS
        for t in source.tokens[max(0, at - THRESHOLDS.weak_negation_reach) : at]
    )


def one_flag_a_word(flags: list[Flag], text: str) -> list[Flag]:
    """*flags* (offsets in *text*) with each character flagged once, by the most telling
    kind (:data:`PRIORITY`): a flag that overlaps a kept one keeps only its longest part
    outside it that holds a word, or goes. In the order of the text."""
    kept: list[Flag] = []
    for flag in sorted(flags, key=lambda f: (PRIORITY.index(f.kind), f.start, -f.end)):
        pieces = [(flag.start, flag.end)]
        for other in kept:
            pieces = [
                piece
                for start, end in pieces
                for piece in ((start, min(end, other.start)), (max(start, other.end), end))
                if piece[0] < piece[1]
            ]
        pieces = [_trimmed(text, start, end) for start, end in pieces]
        pieces = [
            (start, end) for start, end in pieces if any(c.isalnum() for c in text[start:end])
        ]
        if pieces:
            start, end = max(pieces, key=lambda piece: piece[1] - piece[0])
            kept.append(Flag(flag.kind, start, end, text[start:end], flag.message))
    return sorted(kept, key=lambda f: (f.start, f.end))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces and punctuation at its ends."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _result_so(found: list[Token]) -> list[tuple[int, int, str]]:
    """ "so" after a comma or semicolon, joining a clause ("…, so the film was made"): a
    cause, unlike "so much" or "and so on"."""
    return [
        (t.position, t.position, "so")
        for t in found[:-1]
        if t.key == "so" and ("," in t.gap or ";" in t.gap) and _so_joins(found, t.position)
    ]


def _so_joins(found: list[Token], at: int) -> bool:
    """Whether "so" at *at* joins a clause: not "so much", "so far", "so good"."""
    return at + 1 < len(found) and not lexicon.tag(found[at + 1].word).startswith(("JJ", "RB"))


def opening_link(clause: list[Token]) -> tuple[Token, Token, str] | None:
    """The order or cause word that opens a clause, after an "and" or "but" if any
    ("…{cite}, so …", "…; then …"): its first and last word and its class. Such a word
    ties the clause to the one before it."""
    table = _classes()
    opening = 1 if clause and clause[0].key in ("and", "but") else 0
    found = [
        (first, last, phrase)
        for first, last, phrase in _phrases(clause, frozenset(connectives()))
        if first == opening and table[phrase] != IDIOM
    ]
    if len(clause) > opening and clause[opening].key == "so" and _so_joins(clause, opening):
        found.append((opening, opening, "so"))  # the clause's first word: its comma is before
    if not found:
        return None
    first, last, phrase = max(found, key=lambda found: found[1])
    return clause[first], clause[last], _class(table[phrase])


def lines_link(source: Passage, kind: str, earlier: set[str]) -> bool:
    """Whether the lines have an order or cause word of *kind* with a word of the earlier
    clause (*earlier*: its keys) around it: the lines that give the link themselves."""
    table = _classes()
    theirs = _their_phrases(source, frozenset(connectives())) + _result_so(source.tokens)
    return any(
        _class(table[phrase]) == kind
        and earlier
        & _context(source.tokens, first, last, THRESHOLDS.context + THRESHOLDS.lines_context)
        for first, last, phrase in theirs
        if table[phrase] != IDIOM
    )


def said(text: str, names: frozenset[str]) -> set[str]:
    """The keys of the content words, names and numbers of *text*."""
    return {t.key for t in tokens(text, names) if _says(t)}


def _class(name: str) -> str:
    """ "before", "after" and "order" connectives are all of the class order."""
    return "order" if name in ("before", "after", "order") else name


def _direction_at(found: list[Token], first: int, name: str) -> int:
    """:func:`_direction` of the connective at *first*, reversed after a span of time:
    "Earlier, X" tells the earlier event after the word, but in "her death two decades
    earlier" (or "25 years later") the event told before it is the one it dates."""
    direction = _direction(name)
    if first > 0 and found[first].key in ("early", "earlier", "late", "later"):
        if is_duration(found[first - 1].word):
            return -direction
    return direction


def _direction(name: str) -> int:
    """+1 when the words before the connective tell the earlier event, -1 the later."""
    return {"before": 1, "after": -1}.get(name, 0)


def _events(
    found: list[Token], first: int, last: int, direction: int
) -> tuple[list[Token], list[Token]] | None:
    """The words of the earlier and of the later event around an order word at
    *first*..*last* (each list nearest the word first), or ``None`` when it gives no
    direction. "X before Y", "X, then Y": X is earlier; "X after Y": Y is. An order word
    that opens its sentence joins the words up to the next comma to those after it:
    "Before X, Y": Y is earlier; "After X, Y": X is."""
    if not direction:
        return None
    start = next((t.position for t in reversed(found[: first + 1]) if t.opens_sentence), 0)
    end = next((t.position for t in found[last + 1 :] if t.opens_sentence), len(found))
    before = [t for t in reversed(found[start:first]) if _says(t)][: THRESHOLDS.event_words]
    after = [t for t in found[last + 1 : end] if _says(t)][: THRESHOLDS.event_words]
    if before:
        earlier, later = (before, after) if direction > 0 else (after, before)
    else:
        comma = next((t.position for t in found[last + 2 : end] if "," in t.gap), None)
        if comma is None:
            return None
        near = [t for t in after if t.position < comma]
        far = [t for t in after if t.position >= comma]
        earlier, later = (far, near) if direction > 0 else (near, far)
    return (earlier, later) if earlier and later else None


def _month(found: list[Token], at: int) -> bool:
    """Whether the word at *at* is the month May: capitalised inside a sentence, or next
    to a figure."""
    token = found[at]
    if token.word.lower() != "may":
        return False
    beside = found[max(0, at - 1) : at] + found[at + 1 : at + 2]
    return (token.word == "May" and at > 0) or any(t.kind == "number" for t in beside)


def _context(found: list[Token], first: int, last: int, reach: int) -> set[str]:
    """The keys of the content words, names and numbers within *reach* words of a span,
    in its own sentence."""
    window = found[max(0, first - reach) : last + 1 + reach]
    start = next(
        (t.position for t in reversed(window) if t.position <= first and t.opens_sentence), 0
    )
    end = next(
        (t.position for t in window if t.position > last and t.opens_sentence), last + reach + 1
    )
    return {
        t.key
        for t in window
        if start <= t.position < end and (t.position < first or t.position > last) and _says(t)
    }


def _after_one_of(found: list[Token], at: int) -> bool:
    """Whether "one of the", "among the" or "some of the" comes right before *at*."""
    before = [t.key for t in found[max(0, at - THRESHOLDS.one_of_reach) : at]]
    return "among" in before or ("of" in before and bool({"one", "some"} & set(before)))


AGENTS = {
    "review": "reviewer",
    "essay": "essayist",
    "interview": "interviewer",
    "article": "writer",
    "report": "reporter",
}
"""Who writes a kind of text: "one reviewer" names a review's author."""


def source_words(kinds: list[str]) -> frozenset[str]:
    """The words that may name the cited sources, of these *kinds* ("review", "news
    article"): a sentence may say "one reviewer" of a review without the review saying so,
    but "critics" or "the essay" of a review is a claim like any other."""
    found = set(SOURCE_WORDS)
    for kind in kinds if all(kinds) else [*kinds, *AGENTS]:  # a kind not known: any
        for word in kind.lower().split():
            found.add(lexicon.lemma(word))
            if word in AGENTS:
                found.add(AGENTS[word])
    return frozenset(found)


RANKING = frozenset({"first", "last", "only"})
"""Words that rank like a superlative: what follows them is what they rank within."""


def _ranks(token: Token) -> bool:
    if normalize(token.word) in RANKING:
        return True  # "first" is also the number 1
    return token.kind == "word" and lexicon.tag(token.word) in ("JJS", "RBS")


def _ranked(sequence: list[Token], position: int) -> list[Token]:
    """The words a ranking word at *position* ranks within: the adjectives, nouns and
    names that follow it, up to ``ranked_reach``, with no punctuation between."""
    found = []
    for token in sequence[position + 1 : position + 1 + THRESHOLDS.ranked_reach]:
        if token.gap or token.kind == "number":
            break
        if token.kind != "name" and (
            lexicon.is_function(token.word)
            or not lexicon.tag(token.word).startswith(("JJ", "NN", "VBN", "VBG"))
        ):
            break
        found.append(token)
    return found


def _alike(theirs: Token, mine: Token) -> bool:
    """Whether the lines' word is the clause's: the same key or lemma."""
    return bool(keys(theirs) & keys(mine))


def align(
    text: str,
    source: Passage,
    names: frozenset[str],
    synonyms: lexicon.Synonyms,
    skip: frozenset[int] = frozenset(),
    unsought: frozenset[str] = SOURCE_WORDS,
    genders: Mapping[str, str] | None = None,
) -> Alignment:
    """The flags of a clause: *text* (the claim's checked text, blanked outside the
    clause, its quotes and allowed phrases) against *source*. *skip*: character
    offsets of words the hard tier judges (names). *unsought*: the words (lemmas) not
    looked for in the lines, for they speak of the sources, not of the subject: the words
    that name the cited sources (:func:`source_words`) and, where the sentence names who
    speaks, the verbs by which a source ascribes a fact ("one review gives 2050", "sets
    the story in": :data:`.lexicon.ASCRIBING`). *genders*: the pronoun the sources use
    for each name (:func:`.agents.genders`), for who does what."""
    clause = tokens(text, names)
    positions = frozenset(t.position for t in clause if t.start in skip)
    return Aligner(clause, source, synonyms, positions, unsought, text, genders or {}).run()
