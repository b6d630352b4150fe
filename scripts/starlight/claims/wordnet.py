"""Word relations from Princeton WordNet 3.0, for aligning a claim's words with its lines.

A claim may say in other words what its lines say: a synonym ("built" for
"constructed"), a more general word ("musician" for "songwriter", never the
other way round: the more specific word says more than the lines; for a verb,
what the lines' verb entails or causes: "sleep" for "snore", "die" for "kill"), an
adjective of similar meaning ("immense", "huge") or a word derived from the
lines' ("discovery" for "discover"). The tables are generated from Debian's
``wordnet-base`` by :mod:`.wordnet_tables` and shipped with the package, so no
WordNet is needed at run time; decoded once per installation (:mod:`.kept`).

Only a word's most frequent senses count (``THRESHOLDS.senses``): a rare sense of a
common word links almost anything ("sell" is also "betray").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from starlight.claims.kept import DATA, kept, rows
from starlight.claims.settings import THRESHOLDS


@dataclass(frozen=True)
class Tables:
    senses: dict[str, tuple[int, ...]]
    words: dict[int, tuple[str, ...]]
    general: dict[int, tuple[int, ...]]
    similar: dict[int, tuple[int, ...]]
    derived: dict[str, frozenset[str]]
    exceptions: dict[str, tuple[str, ...]]
    pos: dict[int, str]  # each synset's part of speech: n, v, a or r


def _decode() -> Tables:
    senses: dict[str, list[int]] = {}
    words: dict[int, list[str]] = {}
    pos: dict[int, str] = {}
    for word, part, numbers in rows("wordnet-senses.tsv"):
        ids = [int(n) for n in numbers.split()]
        senses.setdefault(word, []).extend(ids)  # each part of speech's, most frequent first
        for number in ids:
            words.setdefault(number, []).append(word)
            pos[number] = part
    general, similar = {}, {}
    for synset, up, like in rows("wordnet-links.tsv"):
        if up:
            general[int(synset)] = tuple(int(n) for n in up.split())
        if like:
            similar[int(synset)] = tuple(int(n) for n in like.split())
    derived: dict[str, set[str]] = {}
    for left, right in rows("wordnet-derived.tsv"):
        derived.setdefault(left, set()).add(right)
        derived.setdefault(right, set()).add(left)
    exceptions: dict[str, list[str]] = {}
    for form, _pos, base in rows("wordnet-exceptions.tsv"):
        exceptions.setdefault(form, []).append(base)
    return Tables(
        {w: tuple(ids) for w, ids in senses.items()},
        {n: tuple(ws) for n, ws in words.items()},
        general,
        similar,
        {w: frozenset(ws) for w, ws in derived.items()},
        {form: tuple(bases) for form, bases in exceptions.items()},
        pos,
    )


@cache
def tables() -> Tables:
    stats = [
        (DATA / name).stat()
        for name in (
            "wordnet-senses.tsv",
            "wordnet-links.tsv",
            "wordnet-derived.tsv",
            "wordnet-exceptions.tsv",
        )
    ]
    return kept("wordnet", _decode, [(s.st_size, s.st_mtime_ns) for s in stats])


def derived(word: str) -> frozenset[str]:
    """Words WordNet derives from *word* or *word* from ("canada": "canadian")."""
    return tables().derived.get(word, frozenset())


def known(word: str) -> bool:
    """Whether WordNet has *word* (a lemma; several words joined by ``_``)."""
    return word in tables().senses


def can_be_verb(word: str) -> bool:
    """Whether WordNet has a verb among the senses of *word*'s bases ("records")."""
    return _has_sense(word, "v")


def can_be_noun(word: str) -> bool:
    """Whether WordNet has a noun among the senses of *word*'s bases ("leads")."""
    return _has_sense(word, "n")


def _has_sense(word: str, part: str) -> bool:
    table = tables()
    return any(table.pos[n] == part for base in bases(word) for n in table.senses.get(base, ()))


ENDINGS = (
    ("s", ""),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
    ("es", "e"),
    ("es", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
    ("er", ""),
    ("est", ""),
    ("er", "e"),
    ("est", "e"),
)
"""WordNet's detachment rules (``morphy``): an ending and what replaces it."""


@lru_cache(maxsize=65536)
def bases(word: str) -> tuple[str, ...]:
    """The base words WordNet knows for *word* (lower case), as its own morphology finds
    them: the word itself, an irregular form's base ("went": "go"), or the word less an
    inflection ("mixes": "mix", "coping": "cope", "ageing": "age")."""
    table = tables()
    found = [word] if word in table.senses else []
    for base in table.exceptions.get(word, ()):
        if base not in found:
            found.append(base)
    for ending, replacement in ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            base = word[: -len(ending)] + replacement
            if base in table.senses and base not in found:
                found.append(base)
    return tuple(found)


@lru_cache(maxsize=16384)
def covered(word: str, pos: str | None = None) -> dict[str, str]:
    """The words a claim may write where the lines write *word* (a lemma; *pos*: its part
    of speech there, ``n``, ``v``, ``a`` or ``r``, or any), each with how it relates:
    ``synonym``, ``more general``, ``similar`` or ``derived``. A verb's more general
    words are taken one step up only: WordNet's verbs climb fast to "give" and "change",
    which say nothing."""
    table = tables()
    found: dict[str, str] = {}
    own = _senses(word, pos)
    for number in own:
        for other in table.words.get(number, ()):
            found.setdefault(other, "synonym")
        # An adjective's similar ones, and theirs: the satellites of one head adjective
        # ("massive", "large", "enormous") say much the same; antonyms are other heads.
        for like in table.similar.get(number, ()):
            for near in (like, *table.similar.get(like, ())):
                for other in table.words.get(near, ()):
                    found.setdefault(other, "similar")
    level = set(own)
    for step in range(THRESHOLDS.hypernym_depth):
        level = {
            up
            for number in level
            for up in table.general.get(number, ())
            if step < THRESHOLDS.verb_hypernym_depth or table.pos.get(number) != "v"
        }
        for number in level:
            for other in table.words.get(number, ()):
                found.setdefault(other, "more general")
    for other in table.derived.get(word, ()):
        found.setdefault(other, "derived")
    found.pop(word, None)
    return found


def _senses(word: str, pos: str | None) -> list[int]:
    """The word's most frequent senses (``THRESHOLDS.senses`` per part of speech), of
    part of speech *pos* only when it is given."""
    table = tables()
    ranks: dict[str, int] = {}
    found = []
    for number in table.senses.get(word, ()):
        part = table.pos[number]
        ranks[part] = ranks.get(part, 0) + 1
        if ranks[part] <= THRESHOLDS.senses and (pos is None or part == pos):
            found.append(number)
    return found


POS = {"N": "n", "V": "v", "J": "a", "R": "r"}


def part_of_speech(tag: str) -> str | None:
    """WordNet's part of speech for a Penn tag ("NNS": "n"), or ``None``."""
    return POS.get(tag[:1])
