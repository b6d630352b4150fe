"""Who does what: the doer of a verb in a clause and in its cited lines.

A claim may keep every word of its lines and still give an act to the wrong
person ("Nan-young offers herself as someone he can confide in" for "he
[Jay] offers himself as someone she can confide in"). Word alignment cannot
see it, and a pair of names far apart in the lines tells nothing when the
lines say "he". So the doer of a verb, where a sentence names it just before
the verb ("Jay repairs", "she can confide"), is compared on both sides: as a
name, or through the pronoun the sources use for that name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from starlight.claims import lexicon, wordnet
from starlight.claims.meaning import Token, tokens
from starlight.claims.settings import THRESHOLDS

PRONOUN_GENDERS = {
    "he": "he",
    "him": "he",
    "his": "he",
    "himself": "he",
    "she": "she",
    "her": "she",
    "hers": "she",
    "herself": "she",
}
"""The pronouns that say whom they stand for: a name the sources call "he" is not
one they call "she"."""
SUBJECTS = frozenset({"he", "she"})
TELLING = SUBJECTS | {"himself", "herself"}
"""The pronouns after a name's verb that stand for that name: another doer would be
named first. An object or possessive ("offers to fix her player") may be another's."""
COORDINATING = frozenset({"and", "or", "nor", "with", "than", "as"})
PASSIVE = frozenset({"be", "get"})


def genders(lines: Iterable[str], names: frozenset[str], reach: int) -> dict[str, str]:
    """The pronoun ("he" or "she") the lines use for each name, by majority: the first
    pronoun after a verb the name does, in its sentence, with no other name between,
    where it is a doer or a reflexive ("Nan-young knows she …", "Jay offers himself")."""
    votes: dict[str, Counter] = {}
    for line in lines:
        found = tokens(line, names)
        for at, verb in enumerate(found):
            named = doer(found, at, reach) if is_verb(verb) else None
            if named is None or named.name is None:
                continue
            for after in found[at + 1 :]:
                if after.opens_sentence or after.kind == "name":
                    break
                pronoun = PRONOUN_GENDERS.get(after.word.lower())
                if pronoun and after.word.lower() in TELLING:
                    votes.setdefault(named.name, Counter())[pronoun] += 1
                    break
                if pronoun:
                    break  # "Jay offers to fix her player": "her" may be another's
    found_genders = {}
    for key, counted in votes.items():
        (first, most), *rest = counted.most_common()
        if not rest or rest[0][1] < most:
            found_genders[key] = first
    return found_genders


@dataclass(frozen=True)
class Doer:
    """Who a sentence says does something: a name (its key) or a pronoun's gender."""

    token: Token
    name: str | None
    gender: str | None

    def differs(self, other: Doer, known: Mapping[str, str]) -> bool:
        """Whether this doer and *other* are surely not the same one."""
        if self.name and other.name:  # "Shinkai" is "Makoto Shinkai"
            words, others = _words(self.token), _words(other.token)
            return not (words <= others or others <= words)
        mine = self.gender or known.get(self.name or "")
        theirs = other.gender or known.get(other.name or "")
        return bool(mine and theirs and mine != theirs)


def _words(token: Token) -> set[str]:
    return set(token.word.lower().split())


def is_verb(token: Token) -> bool:
    """A verb, not an auxiliary; a word whose likelier reading is a plural noun counts
    when it can be a verb ("records"): :func:`doer` takes it only after "he", "she" or a
    name, where it is the verb."""
    if token.kind != "word" or lexicon.lemma(token.word) in lexicon.AUXILIARIES:
        return False
    tag = lexicon.tag(token.word)
    return tag.startswith("VB") or (tag == "NNS" and wordnet.can_be_verb(token.word.lower()))


def _singular(verb: Token) -> bool:
    """Whether the verb agrees with one doer only ("… and Hong voices Jay")."""
    return lexicon.tag(verb.word) in ("VBZ", "NNS")


def doer(sequence: Sequence[Token], at: int, reach: int) -> Doer | None:
    """Who does the verb at *at*: the name after a passive's "by" ("directed by Han"),
    or a name or "he"/"she" just before it ("Kang, who had written" counts as
    "Kang"), with only auxiliaries and adverbs between (at most *reach* words back) and
    no punctuation, or just before an aside set off by commas; not one of two joined
    doers ("Jay and she"), nor the patient of a passive ("Jay is offered"). After
    "and", only a verb of one doer counts ("Kim voices Nan and Hong voices Jay")."""
    verb = sequence[at]
    agent = _agent(sequence, at)
    if agent is not None:
        return agent
    if verb.gap:
        return _across_aside(sequence, at, verb)
    between: list[Token] = []
    for back in range(at - 1, max(at - 1 - reach, -1), -1):
        token = sequence[back]
        word = token.word.lower()
        relative = (
            word == "who" and token.gap == "," and back > 0 and sequence[back - 1].kind == "name"
        )
        if relative or token.kind == "name" or word in SUBJECTS:
            return _subject(sequence, back - 1 if relative else back, verb, between, relative)
        auxiliary = lexicon.lemma(token.word) in lexicon.AUXILIARIES
        if token.gap or not (auxiliary or lexicon.tag(token.word).startswith("RB")):
            return None
        between.append(token)
    return None


def _across_aside(sequence: Sequence[Token], at: int, verb: Token) -> Doer | None:
    """The doer before an aside set off by commas, just before the verb ("she, on board
    an orbiting base, records"; "He, who remained in the city, records"). An aside that
    names someone ("Tom Perez, the chairman of the Committee, announced") may name the
    doer the lines give, as another way of saying who: it tells nothing."""
    if verb.gap.strip() != ",":
        return None
    for back in range(at - 1, max(at - 1 - THRESHOLDS.aside_words, 0), -1):
        gap = sequence[back].gap.strip()
        if not gap:
            continue
        subject = sequence[back - 1]
        if (
            gap == ","
            and (subject.kind == "name" or subject.word.lower() in SUBJECTS)
            and not any(t.kind == "name" for t in sequence[back:at])
        ):
            return _subject(sequence, back - 1, verb, [], False)
        return None
    return None


def _subject(
    sequence: Sequence[Token], at: int, verb: Token, between: list[Token], relative: bool
) -> Doer | None:
    """The doer that the name or pronoun at *at* is, if it is the verb's."""
    token = sequence[at]
    if re.search(r"['’]s?$", token.word):
        return None  # "Jay's records": whose, not who
    if (
        not relative
        and at
        and sequence[at - 1].word.lower() in COORDINATING
        and not _singular(verb)
    ):
        return None  # "Nan-young and Jay repair": two doers, or one
    if any(lexicon.lemma(t.word) in PASSIVE for t in between) and lexicon.tag(verb.word) in (
        "VBN",
        "VBD",
    ):
        return None  # "Jay is offered": the patient
    if token.kind == "name":
        return Doer(token, token.key, None)
    return Doer(token, None, PRONOUN_GENDERS[token.word.lower()])


def _agent(sequence: Sequence[Token], at: int) -> Doer | None:
    """The name a passive gives as its doer: "Directed by Han Ji-won"."""
    after = sequence[at + 1 : at + 3]
    if (
        len(after) == 2
        and lexicon.tag(sequence[at].word) in ("VBN", "VBD")
        and after[0].word.lower() == "by"
        and not after[0].gap
        and not after[1].gap
        and after[1].kind == "name"
    ):
        return Doer(after[1], after[1].key, None)
    return None
