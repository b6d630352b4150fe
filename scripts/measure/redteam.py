#!/usr/bin/env python3
"""Red team for the claim checker: single edits of the real wiki, caught, flagged or missed.

Generates single-edit mutations of the real pages (``docs/*.md`` and
``docs/timeline.yaml``) *by kind*. Each kind is a small generator that finds
its own places in whatever the text is, with regular expressions over the
Markdown, the citation syntax, the source files and ``sources/sources.yaml``,
and word lists from outside the checker (below); no sentence of this wiki is
written here. Each mutation is applied alone to a copy of the project, the
claim check runs, and the mutation is judged against the checker's two tiers,
hard findings (Sphinx warnings, ``claims.<code>``) and flags (``flag.<kind>``,
each marking a word of a sentence):

* an **obvious** or **subtle** edit is *caught* when the hard tier reports a
  finding in the mutated file at one of its *accepted lines*: the changed
  line(s), the line where the sentence holding the edit starts, or the first
  line of the block holding it (paragraph, list item, table row, or for
  ``timeline.yaml`` the event's ``text:`` line, where the checker locates every
  event). Else it is *flagged* when a flag at an accepted line marks one of the
  edit's *wrong words* (``Mutation.wrong``: the words that make it wrong, which
  each kind names, e.g. the stronger word put in a hedge's place, the nouns of
  an invented clause, the words of a clause that a moved citation no longer
  supports; by default the words the edit adds or moves: of the earlier kinds,
  a removed negation, ``attribution_removed``, ``pinpoint_moved``,
  ``wrong_source`` and ``off_topic_cited`` name theirs, since they add no
  wrong word). Else it is *missed*.
* a **legitimate** edit *passes* when the hard tier reports no new finding;
  the flags it receives are counted apart (flags per edit).

Findings and flags the unmutated copy already has (the baseline) are subtracted
first, with their lines shifted past inserted lines, so the verdicts stay
meaningful while the wiki itself is being fixed.

Prints, per kind: class, places, tried, and caught / flagged / missed (for
legitimate kinds: passed / rejected / new flags), with a few examples of what
escaped (file:line, a short diff, the wrong words and what was reported
instead); then totals per class against the goals:

* obvious: 100% caught by the hard tier, at the right file and line;
* subtle: at least 90% caught or flagged at the word;
* legitimate: at least 95% passing the hard tier.

    python scripts/measure/redteam.py [--seed N] [--per-kind K] [--kinds a,b] [--jobs J]
                              [--json FILE] [--mode incremental|full] [--fail-under]
                              [--list] [--root DIR]

``--kinds`` takes kind names or a class (``obvious``, ``subtle``,
``legitimate``); ``--list`` prints the kinds. ``--json`` writes every
mutation (with its wrong words), its verdict and the findings and flags it
received, the summary and the packages' versions. Exit status: 0 with the
report (1 with ``--fail-under`` when a goal is not met); 2 for bad input or a
missing package, with one line ``path: what is wrong``.

Reproducible: each kind draws from its own ``random.Random(f"{seed}:{kind}")``,
so the same seed gives the same mutations, and choosing other kinds with
``--kinds`` does not change a kind's sample.

Speed: ``--mode incremental`` (the default). Each worker (``--jobs``, default
the CPU count) owns a copy of the project and one Sphinx application with the
extension's ``claims`` builder and a persistent doctree folder; it builds the
whole project once, then for each mutation rewrites one file, runs an
incremental build (Sphinx re-reads only the changed page and the pages that
depend on every page, then judges the whole project, reusing the verdicts of
unchanged claims, :mod:`starlight.claims.cache`) and restores the file, which
the next build re-reads; mutations are grouped by file, so one read serves
both. The mutations are made from a snapshot of the checkout, which every
worker copies, so edits made to the checkout meanwhile cannot mix in. The
default run (49 kinds, up to 8 places each, about 345 edits) takes about 30 s
on 2 cores. ``--mode full`` runs ``starlight check-claims`` on the copy for
every mutation instead, each time in a new doctree folder, so that nothing is
reused: the reference, for checking that incremental verdicts, kept verdicts
included, equal clean ones (``tests/test_redteam.py`` compares the two).

Word lists and their sources. The measure must not share its answers with what
it measures, so no word here comes from a resource the checker reads
(simplemma, TextBlob's lexicons and tagger, WordNet or anything derived from
it, number-parser, the checker's own lists), and none was written by looking at
the checker. Packages (pinned in ``REQUIRED``; a missing one stops the run with
one line saying which to install):

* evaluative words (``opinion_words``: whether a sentence states an opinion,
  for ``attribution_removed``; ``sentiment_reversed``'s words and their
  opposites): the VADER sentiment lexicon, ``vader_lexicon.txt`` of the
  ``vaderSentiment`` package (MIT), by mean valence;
* parts of speech and word forms (which words are verbs and in which form,
  plural nouns, adjectives; ``word_class`` for ``synonym_swap``;
  ``has_finite_verb`` for ``split_at_and`` and ``clause_reorder``; the verb of
  attribution in ``attribution_removed`` and ``subject_object_swap``):
  LemmInflect's dictionary (``lemminflect``, MIT; from the NIH SPECIALIST
  Lexicon), without its guesses for unknown words;
* common verbs and how common a word is (``verb_pool`` for
  ``verb_substituted``; similar frequency in ``verb_substituted`` and
  ``sentiment_reversed``): ``wordfreq``'s English list and Zipf frequencies;
* month and weekday names, units of time and distance (singular and plural,
  US and British spelling) and the names thousand / million / billion: Unicode
  CLDR, as shipped in ``babel`` (``Locale('en')``, ``format_unit``,
  ``format_compact_decimal``). Which unit a unit changes to is the red team's
  rule (``UNIT_ROWS``: the larger neighbour, from a year, a billion, a mile up
  the smaller one).

Hand lists, written for the red team from general English knowledge, without
looking at the checker: ``FUNCTION_WORDS`` (pronouns, determiners,
prepositions, conjunctions, auxiliaries; with ``DOCUMENT_WORDS``, the stop
words of ``content_words``), ``ANTONYM_PAIRS``, ``NOUN_KINDS`` and
``NEAR_SYNONYMS`` (kept from the earlier red team, which wrote them
independently of the checker's lexicons), ``AUXILIARIES``, ``SYMMETRIC_VERBS``,
``HEDGE_WORDS`` / ``HEDGE_FRAMES`` / ``HEARSAY`` (hedges and the word that
asserts instead), ``SCALE_WORDS`` / ``APPROXIMATORS`` (weaker and stronger
words of a scale), ``ORDER_WORDS`` / ``CAUSE_JOINTS`` (connectives of time and
cause), ``CLAUSE_TEMPLATES`` / ``ADVERBIAL_TEMPLATES`` (invented clauses, filled
with ``NOUN_KINDS`` nouns the sources use), ``SOURCE_WORDS`` and
``COPULA_OBJECTS``; ``NUMBER_WORDS`` and ``TENS`` are just the English number
names (Babel has no CLDR spell-out rules). The only data read from the project
are its pages, its sources and, for ``synonym_swap``, its reviewed synonym file.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import importlib.util
import io
import json
import multiprocessing
import os
import re
import runpy
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from functools import cache, cached_property, lru_cache, partial
from itertools import pairwise
from pathlib import Path
from random import Random
from typing import TYPE_CHECKING

from starlight import REPO, copy_project
from starlight.sources.pinpoint import PinpointError, parse_pinpoint

if TYPE_CHECKING:  # imported where a check starts: Sphinx takes a while to import
    from sphinx.application import Sphinx

CLASSES = ("obvious", "subtle", "legitimate")
GOALS = {"obvious": 1.0, "subtle": 0.90, "legitimate": 0.95}
GOAL_MEASURES = {
    "obvious": "caught by the hard tier",
    "subtle": "caught or flagged at the word",
    "legitimate": "passed the hard tier",
}
FOOTNOTE_LABEL = "redteam"
# The review ledger's finding: a person's gate, not the machine's (not measured).
UNREVIEWED = "claims.unreviewed"


class UsageError(Exception):
    """Bad input: printed as one line ``path: what is wrong``, exit status 2."""


# ---------------------------------------------------------------------------
# Word lists. None is a resource of the checker: each comes from a package the
# checker does not read, or is a hand list written for the red team (the module
# docstring says which, list by list).
# ---------------------------------------------------------------------------

REQUIRED = (
    # (module, the distribution as pinned, what the red team takes from it)
    ("vaderSentiment", "vaderSentiment==3.3.2", "sentiment words"),
    ("wordfreq", "wordfreq==3.1.1", "word frequencies"),
    ("lemminflect", "lemminflect==0.2.3", "parts of speech and verb forms"),
    ("babel", "babel==2.18.0", "month, weekday and unit names"),
)


class MissingPackage(UsageError):
    """A package the red team needs is not installed: one line, exit status 2."""


def _spec(module: str):
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        pin, why = next((pin, why) for name, pin, why in REQUIRED if name == module)
        raise MissingPackage(
            f"redteam: the package {pin} is not installed (it gives the "
            f"{why}); install it with: pip install {pin}"
        )
    return spec


def _need(module: str):
    """Import a required package, or raise :class:`MissingPackage` (one line)."""
    _spec(module)
    return importlib.import_module(module)


def versions() -> dict[str, str]:
    """The installed version of each package the red team takes words from."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for _, pin, _ in REQUIRED:
        name = pin.split("==")[0]
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = ""
    return found


def require() -> None:
    """Fail with one line when a package the red team needs is missing."""
    for module, _, _ in REQUIRED:
        _spec(module)


# -- hand lists, written for the red team from general English ---------------------

FUNCTION_WORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each even every few
for from further had has have having he her here hers herself him himself his how i if in into
is it its itself just least less let like many may me might more most much must my myself no
nor not now of off on once one only or other ought our ours ourselves out over own per quite
rather same she should since so some still such than that the their theirs them themselves
then there these they this those though through thus to too under until up upon us very was
we were what when where whether which while who whom whose why will with within without would
yet you your yours yourself already another anything something nothing everything someone
""".split()
)
"""English function words: pronouns, determiners, prepositions, conjunctions, auxiliaries."""

DOCUMENT_WORDS = frozenset("review essay preview film s t d ll ve re".split())
"""Words naming the kinds of document a wiki about a film cites, and clitic fragments."""

ANTONYM_PAIRS = """
first/last before/after mother/father mothers/fathers mom/dad son/daughter brother/sister
husband/wife man/woman men/women male/female boy/girl critics/audiences critic/audience
best/worst better/worse good/bad new/old younger/older future/past futuristic/retro
modern/ancient early/late earlier/later begins/ends beginning/end start/finish open/closed
always/never more/less most/least many/few same/different similar/different slow/fast
loud/quiet large/small big/small tiny/huge long/short high/low up/down above/below
inside/outside near/far behind/ahead together/apart success/failure win/lose won/lost
love/hate loves/hates happy/sad laugh/cry accepts/rejects remember/forget true/false
real/fake easy/difficult possible/impossible likely/unlikely familiar/unfamiliar
welcome/unwelcome known/unknown visible/invisible international/domestic global/local
public/private major/minor positive/negative optimistic/pessimistic hopeful/hopeless
forgiving/unforgiving safe/dangerous safely/dangerously strong/weak rich/poor
cheap/expensive bright/dark day/night morning/evening sunset/sunrise arrives/leaves
arrive/leave comes/goes return/depart gives/takes give/take sent/received push/pull
rising/falling rise/fall increase/decrease include/exclude agree/disagree
interested/uninterested adult/child adults/children parent/child teacher/student
employer/employee leader/follower winner/loser friend/enemy hero/villain left/right
top/bottom front/back next/previous previously/subsequently often/rarely
with/without emotional/rational alive/dead life/death living/dead born/died
stays/leaves stay/leave remained/left keep/lose active/passive analog/digital silent/noisy
empty/full heavy/light hot/cold warm/cool soft/hard wide/narrow deep/shallow slowly/quickly
quick/slow clearly/vaguely optional/required original/copy praise/criticism
praised/criticised praises/criticises support/oppose supportive/hostile ask/answer
asks/answers hit/flop growing/shrinking grow/shrink vulnerable/invulnerable
pleasant/unpleasant fresh/stale moving/unmoving grounded/ungrounded cozy/uncomfortable
proud/ashamed beautiful/ugly beautifully/clumsily stunning/dull heartfelt/insincere
sci-fi/fantasy romance/tragedy fiction/nonfiction south/north southern/northern east/west
reunite/separate together/separately lifelong/brief childhood/adulthood mature/immature
maturity/immaturity certainty/uncertainty reluctance/eagerness refreshing/tiresome
""".split()

NOUN_KINDS = {
    "person": """astronaut engineer scientist musician songwriter singer artist director
        filmmaker screenwriter writer producer actor actress critic captain pilot doctor
        teacher student expert candidate worker client manager leader survivor
        vendor composer animator journalist reporter author editor""".split(),
    "family": """mother father mom dad sister brother daughter son parent grandmother
        grandfather wife husband friend colleague""".split(),
    "place": """city planet country village town shop apartment base laboratory station cave
        crater bridge plaza rooftop corner street alley studio home house school office""".split(),
    "object": """record player turntable speaker detector equipment valve ribbon mug plant
        phone camera computer radio machine device piano guitar""".split(),
    # not "film", "movie", "animation", "anime", "story", "romance": all name the film itself
    "work": """series show documentary song soundtrack trailer teaser review essay article
        interview novel album screenplay script""".split(),
    "event": """mission expedition journey trip quake storm crash accident tragedy montage
        encounter""".split(),
    "sky": """planet star moon sun universe space cosmos galaxy comet meteorite
        asteroid""".split(),
}

NEAR_SYNONYMS = [
    set(group.split())
    for group in (
        "film movie",
        "mom mother",
        "dad father",
        "anime animation",
        "turntable record player",
        "screenplay script",
        "space cosmos universe",
        "trip journey",
        "expedition mission",
        "teaser trailer",
        "writer screenwriter",
        "filmmaker director",
        "star legend",
        "planet world",
        "shop studio",
        "songwriter composer musician",
        "equipment device machine",
        "tragedy accident",
        "story tale",
    )
]
"""Words of one kind that can stand for each other: never a wrong replacement."""

AUXILIARIES = (
    "is",
    "are",
    "was",
    "were",
    "can",
    "will",
    "would",
    "could",
    "should",
    "does",
    "do",
    "did",
    "must",
)

NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
"""The English number names (CLDR's spell-out rules are not in Babel)."""

SYLLABLES = "ka lo mi ren dar vel so tor ban quil fen gri mar os ul zan ber cor ly vi".split()

SYMMETRIC_VERBS = frozenset(
    """meet meets met marry marries married date dates dated fight
fights fought kiss kisses kissed hug hugs hugged resemble resembles resembled""".split()
)
"""Verbs whose subject and object can swap without changing the claim ("A met B")."""

HEDGE_WORDS = {
    # a hedge -> the word that asserts instead (modal, adverb, adjective, verb)
    "might": "will",
    "may": "will",
    "can": "will",
    "perhaps": "certainly",
    "possibly": "certainly",
    "probably": "certainly",
    "maybe": "certainly",
    "presumably": "certainly",
    "apparently": "clearly",
    "likely": "certain",
    "possible": "certain",
    "unlikely": "impossible",
    "suggests": "proves",
    "suggested": "proved",
    "suggest": "prove",
    "hints": "states",
    "hinted": "stated",
}
HEDGE_FRAMES = ("seem", "appear")
"""``seems to X`` -> ``Xs``: the hedge verb dropped, the verb after it made finite."""
HEARSAY = ("said", "reported", "believed", "thought", "rumoured", "rumored", "expected", "supposed")
"""``is said to X`` -> ``Xs``: the hearsay dropped."""

SCALE_WORDS = {
    # a weaker word of a scale -> stronger ones (quantity, frequency, degree)
    "some": ("all", "many"),
    "several": ("many", "all"),
    "many": ("all", "most"),
    "most": ("all",),
    "often": ("always",),
    "sometimes": ("always", "often"),
    "usually": ("always",),
    "frequently": ("always",),
    "occasionally": ("often", "always"),
    "rarely": ("never",),
    "seldom": ("never",),
    "partly": ("entirely",),
    "partially": ("fully",),
    "mostly": ("entirely",),
    "largely": ("entirely",),
    "mainly": ("only",),
    "somewhat": ("very",),
    "fairly": ("very",),
    "slightly": ("very",),
    "good": ("great", "excellent"),
    "liked": ("loved",),
    "likes": ("loves",),
    "little": ("no",),
}
APPROXIMATORS = {
    "nearly": "more than",
    "almost": "more than",
    "about": "exactly",
    "around": "exactly",
    "roughly": "exactly",
    "approximately": "exactly",
    "over": "exactly",
    "some": "exactly",
}
"""An approximation before a number -> a bound or an exact figure."""

ORDER_WORDS = {
    "before": ("after",),
    "after": ("before",),
    "when": ("before", "after"),
    "until": ("after",),
}
CAUSE_JOINTS = {", and": (", because", ", so"), ", while": (", because",), ", but": (", because",)}
SUBJECT_AFTER = r"(?=(?:the|a|an|it|he|she|they|this|these|its|his|her|their|one)\b|[A-Z])"
"""A clause opens after a connective: a determiner, a pronoun or a name."""

CLAUSE_TEMPLATES = {
    # relative clauses after a noun of a kind; {person} etc. are filled with nouns of
    # that kind that the sources use but the cited lines do not
    "person": (
        ", who had once worked as {a} {person} in {a2} {place}",
        ", who had grown up near {a} {place}",
    ),
    "family": (", who had once worked as {a} {person}", ", who had grown up in {a} {place}"),
    "place": (", where {a} {person} had lived for years", ", which was close to {a} {place}"),
    "object": (", which had belonged to {a} {person}", ", which was found in {a} {place}"),
    "work": (
        ", which was made with {a} {person} from {a2} {place}",
        ", which was written in {a} {place}",
    ),
    "event": (", which began in {a} {place}", ", which {a} {person} had planned for years"),
}
ADVERBIAL_TEMPLATES = (
    " while working as {a} {person}",
    " with the help of {a} {person}",
    " in {a} small {place}",
    " on the way to {a} {place}",
    " with {a} borrowed {object}",
)


# -- from packages the checker does not read ---------------------------------------

OPINION_VALENCE = 1.5
"""Least |valence| (VADER's scale, -4 .. +4) of an evaluative word."""
REVERSAL_VALENCE = 1.0


@lru_cache(maxsize=1)
def vader() -> dict[str, float]:
    """VADER's lexicon (``vader_lexicon.txt``): word -> mean valence, words of letters only."""
    spec = _spec("vaderSentiment")
    path = Path(next(iter(spec.submodule_search_locations))) / "vader_lexicon.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and re.fullmatch(r"[a-z][a-z-]*[a-z]", fields[0]):
            table[fields[0]] = float(fields[1])
    return table


@lru_cache(maxsize=1)
def opinion_words() -> frozenset[str]:
    """Evaluative words: VADER's words of |valence| >= :data:`OPINION_VALENCE`."""
    return frozenset(
        w for w, v in vader().items() if abs(v) >= OPINION_VALENCE and w not in stopwords()
    )


@cache
def zipf(word: str) -> float:
    """How common *word* is in English (wordfreq's Zipf scale: 0 unknown, 7 "the")."""
    return _need("wordfreq").zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words that carry no claim: :data:`FUNCTION_WORDS` and :data:`DOCUMENT_WORDS`."""
    return FUNCTION_WORDS | DOCUMENT_WORDS


@cache
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """LemmInflect's dictionary: part of speech -> lemmas of *word* (no guessing)."""
    return dict(_need("lemminflect").getAllLemmas(word))


@cache
def inflect(lemma: str, tag: str) -> str:
    """The form of *lemma* for a Penn tag (VBD, VBZ, NNS, ...), by LemmInflect; "" if none."""
    forms = _need("lemminflect").getInflection(lemma, tag=tag)
    return forms[0] if forms else ""


VERB_TAGS = ("VBD", "VBN", "VBZ")


@cache
def verb_forms(word: str) -> tuple[str, frozenset[str]]:
    """(lemma, tags) when *word* is a finite or participle form of a verb (not an auxiliary):
    ``("write", {"VBD"})`` for "wrote"; ``("", ∅)`` otherwise."""
    found = lemmas(word)
    if "AUX" in found or word in AUXILIARIES:
        return "", frozenset()
    for lemma in found.get("VERB", ()):
        tags = frozenset(t for t in VERB_TAGS if inflect(lemma, t) == word)
        if tags:
            return lemma, tags
    return "", frozenset()


def is_plural_noun(word: str) -> str:
    """The singular of *word* when it is a plural noun, else ""."""
    for lemma in lemmas(word).get("NOUN", ()):
        if lemma != word and inflect(lemma, "NNS") == word:
            return lemma
    return ""


def finite_verb(lemma: str, like: str) -> str:
    """*lemma* in the finite form of the auxiliary *like* ("is" -> VBZ, "were" -> VBD)."""
    if lemma == "be":
        return like
    if like in ("is", "seems", "appears", "has", "does"):
        return inflect(lemma, "VBZ")
    if like in ("was", "were", "seemed", "appeared", "had", "did"):
        return inflect(lemma, "VBD")
    return lemma


@lru_cache(maxsize=1)
def _babel_en():
    return _need("babel").Locale("en")


@lru_cache(maxsize=1)
def months() -> tuple[str, ...]:
    """The English month names, from Unicode CLDR (Babel)."""
    wide = _babel_en().months["format"]["wide"]
    return tuple(wide[n] for n in range(1, 13))


@lru_cache(maxsize=1)
def weekdays() -> tuple[str, ...]:
    """The English weekday names, from Unicode CLDR (Babel), Monday first."""
    wide = _babel_en().days["format"]["wide"]
    return tuple(wide[n] for n in range(7))


UNIT_ROWS = (
    # CLDR unit ids of one dimension, smallest first, and the first that turns down:
    # each unit changes to the next larger one, from the turn on to the next smaller
    (
        (
            "duration-second",
            "duration-minute",
            "duration-hour",
            "duration-day",
            "duration-week",
            "duration-month",
            "duration-year",
            "duration-decade",
            "duration-century",
        ),
        "duration-year",
    ),
    (("1000", "1000000", "1000000000"), "1000000000"),  # CLDR's long compact names
    (("length-kilometer", "length-mile"), "length-mile"),
)


def _unit_name(unit: str, count: int, locale: str) -> str:
    babel = _need("babel")
    if unit.isdigit():
        import babel.numbers

        text = babel.numbers.format_compact_decimal(
            count * int(unit), format_type="long", locale=locale
        )
    else:
        import babel.units

        text = babel.units.format_unit(count, unit, length="long", locale=locale)
    return text.split(" ", 1)[1] if " " in text else text


@lru_cache(maxsize=1)
def unit_changes() -> dict[str, str]:
    """Unit names (singular and plural, US and British spelling, from CLDR by Babel) ->
    the name of the neighbouring unit, in the same number and spelling."""
    changes: dict[str, str] = {}
    for locale in ("en", "en_GB"):
        for row, turn in UNIT_ROWS:
            names = [(_unit_name(u, 1, locale), _unit_name(u, 2, locale)) for u in row]
            for i, (one, many) in enumerate(names):
                j = i + 1 if i < row.index(turn) else i - 1
                changes.setdefault(one, names[j][0])
                changes.setdefault(many, names[j][1])
    return changes


@lru_cache(maxsize=1)
def verb_pool() -> tuple[tuple[str, dict[str, str]], ...]:
    """Common English verbs to put in another's place: wordfreq's 8,000 most frequent
    words that LemmInflect knows as the base form of a verb (not an auxiliary) and whose
    past form is about as common as the base (not mainly nouns: "school"), with forms."""
    pool = []
    for word in _need("wordfreq").top_n_list("en", 8000):
        if not re.fullmatch(r"[a-z]{4,}", word) or word in stopwords():
            continue
        found = lemmas(word)
        if "AUX" in found or word not in found.get("VERB", ()):
            continue
        forms = {t: inflect(word, t) for t in (*VERB_TAGS, "VB", "VBG")}
        if all(forms.values()) and zipf(forms["VBD"]) >= zipf(word) - 1.0:
            pool.append((word, forms))  # used as a verb: its past is about as common
    return tuple(pool)


def editorial_pages(docs: Path) -> list[str]:
    """The pages ``conf.py`` lists as about the wiki itself (``claims_editorial_pages``),
    exempt from the checks: no edit of theirs can be caught."""
    try:
        settings = runpy.run_path(str(docs / "conf.py"))
    except Exception as exc:  # conf.py is the project's code: anything can go wrong in it
        raise UsageError(
            f"{docs / 'conf.py'}: cannot be read ({type(exc).__name__}: {exc})"
        ) from None
    return list(settings.get("claims_editorial_pages", []))


def number_in_words(n: int) -> str:
    if n < 20:
        return NUMBER_WORDS[n]
    tens, ones = divmod(n, 10)
    return TENS[tens] + (f"-{NUMBER_WORDS[ones]}" if ones else "")


def antonym_table() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for pair in ANTONYM_PAIRS:
        left, right = pair.split("/")
        table.setdefault(left, []).append(right)
        table.setdefault(right, []).append(left)
    return table


def noun_kind_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for kind, words in NOUN_KINDS.items():
        for word in words:
            table.setdefault(word, kind)
    return table


# ---------------------------------------------------------------------------
# The project: sources, pages, blocks, sentences
# ---------------------------------------------------------------------------

ROLE = re.compile(r"\{[a-z][\w:-]*\}`[^`]*`")
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")
TARGET = re.compile(r"([\w-]+)(?:\{([^}]*)\})?")
CODE = re.compile(r"`[^`\n]+`")
LINK = re.compile(r"\[[^\]\n]*\]\([^)\n]*\)|\[\^[^\]\n]*\]|<[^>\n]+>")
QUOTE = re.compile(r'"[^"]*"|“[^”]*”')
CAPITAL = r"[A-Z][\w-]*"
CAPITALS = re.compile(rf"{CAPITAL}(?:(?:\s+|\s+(?:of|to)\s+){CAPITAL})*")
WORD = re.compile(r"(?<![\w’'-])[A-Za-z][a-z]+(?![\w’'-])")
WORDS = re.compile(r"[^\W_]+")
CONTENT = re.compile(r"[a-z][a-z’'-]+")
NUMBER = re.compile(r"(?<![\w.,/-])\d+(?:\.\d+)?(?![\w.]*\d)(?!-\d)(?![A-Za-z])")
"""A number of the text: not in a date ("2025-05-23") nor glued to letters ("2D", "30th")."""
YEAR = re.compile(r"^(19|20)\d\d$")
SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*(?=\s+[A-Z\d\x00(\[*])")
HIDDEN = "\x00"


def stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    for suffix in ("'s", "ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    return frozenset(
        stem(w) for w in CONTENT.findall(text.lower()) if len(w) >= 3 and w not in stopwords()
    )


def support(words: frozenset[str], text: str) -> float:
    """Share of *words* (stems) found in *text*."""
    if not words:
        return 1.0
    found = content_words(text)
    return len(words & found) / len(words)


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).casefold()


def mask(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: re.sub(r"[^\n]", HIDDEN, m.group()), text)


@dataclass
class Source:
    key: str
    label: str
    lines: dict[int, str]
    off_topic: list[int]
    structure: list[int]

    @cached_property
    def about(self) -> list[int]:
        """Lines on topic: not blank, not a heading, not marked off topic."""
        skip = set(self.off_topic) | set(self.structure)
        return [n for n, text in sorted(self.lines.items()) if text.strip() and n not in skip]

    def text(self, lines: Iterable[int]) -> str:
        return "\n".join(self.lines.get(n, "") for n in lines)


@dataclass
class Target:
    """One key of a citation role, with where its key and pinpoint are in the block."""

    key: str
    pin: str
    key_span: tuple[int, int]
    pin_span: tuple[int, int] | None

    @property
    def lines(self) -> list[int]:
        """The pinpointed lines; none when the pinpoint is malformed."""
        try:
            return list(parse_pinpoint(self.pin).lines)
        except PinpointError:
            return []


@dataclass
class Cite:
    start: int
    end: int
    targets: list[Target]


@dataclass
class Block:
    """A paragraph, list item, table row or timeline entry: the unit the checker reads."""

    project: Project = field(repr=False)
    file: str
    start: int  # line of the block's first text line (1-based)
    anchor: int  # where the checker locates the block (first line; ``text:`` line)
    kind: str  # para | item | row | event | when
    lines: list[str]
    depth: int = 0  # nesting in colon fences (admonitions, cards)
    partner: Block | None = field(default=None, repr=False)  # ``when`` -> its ``text``
    fixed: str = ""  # characters never edited (YAML syntax of ``when`` values)

    @property
    def end(self) -> int:
        return self.start + len(self.lines) - 1

    @cached_property
    def text(self) -> str:
        return "\n".join(self.lines)

    @cached_property
    def masked(self) -> str:
        """Roles, inline code, links, footnote references and HTML hidden; quotes kept."""
        text = mask(self.text, ROLE)
        text = mask(text, CODE)
        text = mask(text, LINK)
        if self.fixed:
            text = HIDDEN * len(self.fixed) + text[len(self.fixed) :]
            if text.endswith('"'):
                text = text[:-1] + HIDDEN
        return text

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        """Spans of quotations, marks included."""
        return [m.span() for m in QUOTE.finditer(self.masked) if HIDDEN not in m.group()]

    @cached_property
    def plain(self) -> str:
        """:attr:`masked` with quotations and labels hidden too: the wiki's own words."""
        chars = list(self.masked)
        for start, end in self.quotes:
            chars[start:end] = HIDDEN * (end - start)
        text = "".join(chars)
        for pattern in (self.project.label_pattern, self.project.title_pattern):
            text = mask(text, pattern) if pattern else text
        return text

    @cached_property
    def cites(self) -> list[Cite]:
        cites = []
        for match in CITE.finditer(self.text):
            base = match.start(1)
            targets = []
            for target in TARGET.finditer(match.group(1)):
                pin_span = (
                    (base + target.start(2), base + target.end(2))
                    if target.group(2) is not None
                    else None
                )
                targets.append(
                    Target(
                        target.group(1),
                        target.group(2) or "",
                        (base + target.start(1), base + target.end(1)),
                        pin_span,
                    )
                )
            cites.append(Cite(match.start(), match.end(), targets))
        return cites

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        if self.kind in ("row", "when"):
            return [(0, len(self.text))]
        spans, start = [], 0
        for match in SENTENCE_END.finditer(self.plain):
            spans.append((start, match.end()))
            start = match.end()
        spans.append((start, len(self.text)))
        result = []
        for s, e in spans:
            while s < e and self.text[s].isspace():
                s += 1
            if s < e:
                result.append((s, e))
        return result

    def sentence_at(self, pos: int) -> tuple[int, int]:
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return self.sentences[-1] if self.sentences else (0, len(self.text))

    def cites_in(self, start: int, end: int) -> list[Cite]:
        own = [c for c in self.cites if start <= c.start < end]
        if not own and self.partner is not None:
            return self.partner.cites
        return own

    def clause_cite(self, pos: int) -> Cite | None:
        """The citation of the clause at *pos*: the nearest one after it, else the last."""
        s, e = self.sentence_at(pos)
        cites = self.cites_in(s, e)
        after = [c for c in cites if c.start >= pos]
        return after[0] if after else (cites[-1] if cites else None)

    def cited_text(self, cites: Iterable[Cite]) -> str:
        sources = self.project.sources
        return "\n".join(
            sources[t.key].text(t.lines) for c in cites for t in c.targets if t.key in sources
        )

    def clause_text(self, pos: int) -> str:
        cite = self.clause_cite(pos)
        return self.cited_text([cite]) if cite else ""

    def sentence_text(self, pos: int) -> str:
        return self.cited_text(self.cites_in(*self.sentence_at(pos)))

    def line_of(self, pos: int) -> int:
        return self.start + self.text.count("\n", 0, pos)

    def names(
        self, start: int = 0, end: int | None = None, quoted: bool = False
    ) -> list[tuple[int, int, str]]:
        """Proper names (those the sources use) outside quotations, as (start, end, name)."""
        pattern = self.project.name_pattern
        if pattern is None:
            return []
        text = self.masked if quoted else self.plain
        return [
            (m.start(), m.end(), m.group())
            for m in pattern.finditer(text, start, len(text) if end is None else end)
        ]

    def numbers(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), m.group()) for m in NUMBER.finditer(self.plain, start, end)]

    def words(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Words of the wiki's own voice, not inside a name ("Life Form Detector")."""
        names = self.names()
        return [
            (m.start(), m.end(), m.group())
            for m in WORD.finditer(self.plain, start, end)
            if not any(s <= m.start() < e for s, e, _ in names)
        ]

    def single_line(self, start: int, end: int) -> bool:
        return "\n" not in self.text[start:end]

    def edit(
        self, kind: str, edits: list[tuple[int, int, str]], wrong: Iterable[str] = ()
    ) -> Mutation | None:
        """Replace spans of the block text; one mutation, located at the first edit.
        *wrong*: the words that make it wrong (default: the words it adds)."""
        edits = sorted(edits)
        text, last = [], 0
        for start, end, new in edits:
            if start < last:
                return None
            text.append(self.text[last:start])
            text.append(new)
            last = end
        text.append(self.text[last:])
        new_text = "".join(text)
        if new_text == self.text:
            return None
        position = edits[0][0]
        sentence = self.sentence_at(position)[0]
        return self.project.mutation(
            kind,
            self.file,
            self.start,
            self.lines,
            new_text.split("\n"),
            extra_accept=(self.anchor, self.line_of(sentence)),
            wrong=wrong,
        )

    def insert_after(self, kind: str, lines: list[str]) -> Mutation | None:
        """New lines after the block, separated by a blank line."""
        following = self.project.files[self.file].split("\n")
        if self.end < len(following) and following[self.end].strip():
            return None
        return self.project.mutation(kind, self.file, self.end + 1, [], ["", *lines])


@dataclass(frozen=True)
class Mutation:
    kind: str
    cls: str
    file: str
    first: int  # first changed line (1-based)
    old: tuple[str, ...]
    new: tuple[str, ...]
    accept: tuple[int, ...]  # lines of the mutated file where a finding counts
    wrong: tuple[str, ...] = ()  # the words that make it wrong (default: the words it adds)

    @property
    def wrong_words(self) -> frozenset[str]:
        """The words a flag must mark for the edit to count as flagged at the word: those
        named, or else every word the edit adds or moves."""
        if self.wrong:
            return frozenset(w.lower() for phrase in self.wrong for w in WORDS.findall(phrase))
        before = WORDS.findall(" ".join(self.old).lower())
        after = WORDS.findall(" ".join(self.new).lower())
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        return frozenset(
            w for tag, _, _, j1, j2 in matcher.get_opcodes() if tag != "equal" for w in after[j1:j2]
        )

    @property
    def line(self) -> int:
        """Where the edit is: the first line that differs."""
        offset = next(
            (i for i, (old, new) in enumerate(zip(self.old, self.new, strict=False)) if old != new),
            min(len(self.old), len(self.new)),
        )
        while (
            offset < len(self.new) - 1 and not self.new[offset].strip() and offset >= len(self.old)
        ):
            offset += 1  # inserted lines open with a blank one
        return self.first + offset

    @property
    def before(self) -> str:
        return "\n".join(self.old)

    @property
    def after(self) -> str:
        return "\n".join(self.new)

    def apply(self, text: str) -> str:
        lines = text.split("\n")
        at = self.first - 1
        if tuple(lines[at : at + len(self.old)]) != self.old:
            raise ValueError(f"{self.file}:{self.first}: the text has changed under the mutation")
        return "\n".join(lines[:at] + list(self.new) + lines[at + len(self.old) :])

    def short_diff(self, width: int = 36) -> str:
        before, after = " ⏎ ".join(self.old), " ⏎ ".join(self.new)
        prefix = len(os.path.commonprefix([before, after]))
        suffix = len(os.path.commonprefix([before[prefix:][::-1], after[prefix:][::-1]]))
        old = before[prefix : len(before) - suffix]
        new = after[prefix : len(after) - suffix]
        head = before[max(0, prefix - width) : prefix]
        tail = before[len(before) - suffix :][:width]

        def clip(text: str) -> str:
            return text if len(text) <= 90 else text[:60] + " … " + text[-25:]

        return (
            ("…" if prefix > width else "")
            + head
            + f"[-{clip(old)}-]{{+{clip(new)}+}}"
            + tail
            + ("…" if suffix > width else "")
        )

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "class": self.cls,
            "file": self.file,
            "line": self.line,
            "before": self.before,
            "after": self.after,
            "accept": list(self.accept),
            "wrong_words": sorted(self.wrong_words),
        }


class Project:
    """The pages, blocks and sources of one checkout, read once."""

    def __init__(self, root: Path):
        self.root = root
        docs = root / "docs"
        if not docs.is_dir():
            raise UsageError(f"{docs}: no such folder (expected the wiki's pages)")
        if not (docs / "conf.py").is_file():
            raise UsageError(f"{docs}: no conf.py here (not a Sphinx project)")
        self.sources = self._read_sources(root / "sources" / "sources.yaml")
        self.allow = self._read_lines(docs / "claims-allowlist.txt")
        self.labels = sorted({s.label for s in self.sources.values()}, key=len, reverse=True)
        self.label_pattern = (
            re.compile(
                r"(?<![\w-])(?:" + "|".join(re.escape(x) for x in self.labels) + r")(?![\w-])"
            )
            if self.labels
            else None
        )
        titles = [x for x in self.allow if " " in x]  # the film's title: never edited
        self.title_pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(x) for x in titles) + r")(?![\w-])")
            if titles
            else None
        )
        self.vocabulary = {
            w.lower()
            for s in self.sources.values()
            for t in s.lines.values()
            for w in re.findall(r"[A-Za-z][\w’'-]*", t)
        }
        self.lowercase = {
            w
            for s in self.sources.values()
            for t in s.lines.values()
            for w in re.findall(r"(?<![\w’'-])[a-z][\w’'-]*", t)
        }
        """Words the sources write in lower case somewhere: common words, not names."""
        self.source_numbers = {
            m
            for s in self.sources.values()
            for t in s.lines.values()
            for m in re.findall(r"\d+", t)
        }
        self.source_names = self._names_in_sources()
        self.name_pattern = (
            re.compile(
                r"(?<![\w-])(?:"
                + "|".join(re.escape(n) for n in sorted(self.source_names, key=len, reverse=True))
                + r")(?![\w-])"
            )
            if self.source_names
            else None
        )
        self.files: dict[str, str] = {}
        self.blocks: list[Block] = []
        self.headings: list[tuple[str, int, str]] = []
        editorial = set(editorial_pages(docs))
        for page in sorted(docs.glob("*.md")):
            text = page.read_text(encoding="utf-8")
            if page.stem in editorial:
                continue  # a page about the wiki itself (conf.py): not claims
            relative = page.relative_to(root).as_posix()
            self.files[relative] = text
            self.blocks += self._markdown_blocks(relative, text)
        timeline = docs / "timeline.yaml"
        if timeline.is_file():
            relative = timeline.relative_to(root).as_posix()
            self.files[relative] = timeline.read_text(encoding="utf-8")
            self.blocks += self._timeline_blocks(relative, self.files[relative])
        self.content_pages = sorted(
            {b.file for b in self.blocks if b.cites and b.file.endswith(".md")}
        )
        self.synonyms, self.synonyms_note = self._read_synonyms()
        self._names_cache: dict[str, set[str]] = {}

    # -- reading ------------------------------------------------------------

    def _read_sources(self, path: Path) -> dict[str, Source]:
        import yaml

        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        except yaml.YAMLError as exc:
            raise UsageError(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from None
        if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
            raise UsageError(f"{path}: needs a list 'sources'")
        sources = {}
        for entry in data["sources"]:
            if not isinstance(entry, dict) or "key" not in entry or "file" not in entry:
                raise UsageError(f"{path}: every source needs 'key' and 'file'")
            file = path.parent / str(entry["file"])
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise UsageError(f"{file}: cannot be read ({exc})") from None
            sources[str(entry["key"])] = Source(
                str(entry["key"]),
                str(entry.get("label") or entry["key"]),
                dict(enumerate(text.split("\n"), start=1)),
                [int(n) for n in entry.get("off_topic") or []],
                [int(n) for n in entry.get("structure") or []],
            )
        return sources

    @staticmethod
    def _read_lines(path: Path) -> list[str]:
        if not path.is_file():
            return []
        lines = (
            line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
        )
        return [line for line in lines if line]

    def _names_in_sources(self) -> set[str]:
        """Capitalised word runs the sources use inside a sentence (not at its start)."""
        names: set[str] = set()
        hide = [re.escape(x) for x in [*self.allow, *self.labels]]
        hidden = re.compile("|".join(hide)) if hide else None
        for source in self.sources.values():
            for number in source.about:
                text = source.lines[number]
                words = re.findall(r"[A-Za-z][\w’'-]*", text)
                if sum(w[0].isupper() for w in words) > 0.6 * len(words):
                    continue  # a headline in title case: every word capitalised
                if hidden:
                    text = mask(text, hidden)
                for match in CAPITALS.finditer(text):
                    before = text[: match.start()].rstrip()
                    if not before or before[-1] in ".!?:\"“‘'—" or before.endswith(HIDDEN):
                        continue  # sentence start: "The", "Set", "Once"
                    words = match.group().split()
                    while words and words[0] in ("The", "A", "An"):
                        words.pop(0)
                    name = " ".join(words)
                    if len(words) == 1 and (
                        name.lower() in self.lowercase
                        or name in months()
                        or name in weekdays()
                        or len(name) < 2
                    ):
                        continue  # a common word ("Director") or a date
                    if name:
                        names.add(name)
        return names

    def _markdown_blocks(self, file: str, text: str) -> list[Block]:
        lines = text.split("\n")
        blocks: list[Block] = []
        current: Block | None = None
        stack: list[tuple[int, str | None]] = []
        code = 0
        options = False
        index = 0
        if lines and lines[0].strip() == "---":
            index = next((k + 1 for k in range(1, len(lines)) if lines[k].strip() == "---"), 0)

        def close() -> None:
            nonlocal current
            if current is not None:
                blocks.append(current)
            current = None

        while index < len(lines):
            line, number = lines[index], index + 1
            stripped = line.strip()
            index += 1
            if code:
                run = f"{{{code},}}"  # as many backticks or tildes as opened it, or more
                if re.fullmatch(f"(`{run}|~{run})", stripped):
                    code = 0
                continue
            fence = re.match(r"(`{3,}|~{3,})", stripped)
            if fence:
                close()
                code = len(fence.group(1))
                continue
            colon = re.match(r"(:{3,})(\{([\w-]+)\})?", stripped)
            if colon:
                close()
                if colon.group(2) is None and stripped == colon.group(1):
                    if stack:
                        stack.pop()
                else:
                    stack.append((len(colon.group(1)), colon.group(3)))
                    options = True
                continue
            if options and re.match(r":[\w-]+:", stripped):
                continue
            options = False
            if any(name == "editors-note" for _, name in stack):
                close()
                continue
            heading = re.match(r"(#{1,6})\s+(.*)", stripped)
            if heading:
                close()
                if not stack:
                    self.headings.append((file, number, line))
                continue
            if not stripped or re.fullmatch(r"\(.+\)=", stripped) or stripped.startswith("<!--"):
                close()
                continue
            if stripped.startswith("|"):
                close()
                following = lines[index].strip() if index < len(lines) else ""
                if re.fullmatch(r"\|?[\s:|-]+\|?", stripped) or (
                    "-" in following and re.fullmatch(r"\|[\s:|-]+\|?", following)
                ):
                    continue  # a separator or a header row
                blocks.append(Block(self, file, number, number, "row", [line], len(stack)))
                continue
            if re.match(r"\s*(?:[-*+]|\d+[.)])\s+", line):
                close()
                current = Block(self, file, number, number, "item", [line], len(stack))
                continue
            if current is None:
                current = Block(self, file, number, number, "para", [line], len(stack))
            else:
                current.lines.append(line)
        close()
        return blocks

    def _timeline_blocks(self, file: str, text: str) -> list[Block]:
        lines = text.split("\n")
        blocks: list[Block] = []
        when: Block | None = None
        for index, line in enumerate(lines):
            match = re.match(r"(\s*)(-\s+)?(when|text):\s*(.*)$", line)
            if not match:
                continue
            indent = len(match.group(1)) + len(match.group(2) or "")
            value = match.group(4)
            if match.group(3) == "when":
                fixed = line[: match.start(4)] + ('"' if value.startswith('"') else "")
                when = Block(self, file, index + 1, index + 1, "when", [line], fixed=fixed)
                continue
            if value and not value.startswith((">", "|")):
                body, start = [line], index + 1
            else:
                body, start = [], index + 2
                for following in lines[index + 1 :]:
                    if not following.strip() or len(following) - len(following.lstrip()) <= indent:
                        break
                    body.append(following)
            if not body:
                continue
            event = Block(self, file, start, index + 1, "event", body)
            blocks.append(event)
            if when is not None and when.start < index + 1:
                when.partner = event
                when.anchor = index + 1
                blocks.append(when)
            when = None
        return blocks

    def _read_synonyms(self) -> tuple[list[tuple[str, str]], str]:
        """Reviewed synonym pairs, from a data file of the project if it has one."""
        candidates = sorted(self.root.joinpath("docs").glob("*synonym*"))
        candidates = [p for p in candidates if p.is_file() and p.suffix in (".txt", ".tsv", "")]
        if not candidates:
            return [], "skipped: the project has no reviewed synonym file"
        pairs: list[tuple[str, str]] = []
        for path in candidates:
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.split("#", 1)[0].strip()
                terms = [t.strip() for t in re.split(r"\t|↔|<->|=|,|;", line) if t.strip()]
                for left in terms:
                    for right in terms:
                        if left != right:
                            pairs.append((left, right))
        where = ", ".join(p.relative_to(self.root).as_posix() for p in candidates)
        return pairs, f"pairs from {where}"

    # -- making mutations ---------------------------------------------------

    def mutation(
        self,
        kind: str,
        file: str,
        first: int,
        old: list[str],
        new: list[str],
        extra_accept: Iterable[int] = (),
        wrong: Iterable[str] = (),
    ) -> Mutation | None:
        old, new = list(old), list(new)
        while old and new and old[0] == new[0]:
            old.pop(0)
            new.pop(0)
            first += 1
        while old and new and old[-1] == new[-1]:
            old.pop()
            new.pop()
        if old == new:
            return None
        changed = range(first, first + max(len(new), 1))
        accept = {n for n in changed if not (n - first < len(new) and not new[n - first].strip())}
        accept |= set(extra_accept)
        return Mutation(
            kind,
            KINDS[kind].cls,
            file,
            first,
            tuple(old),
            tuple(new),
            tuple(sorted(accept)),
            tuple(dict.fromkeys(wrong)),
        )

    def claim_blocks(self, *kinds: str, markdown_only: bool = False) -> list[Block]:
        return [
            b
            for b in self.blocks
            if (not kinds or b.kind in kinds)
            and (b.cites or b.partner is not None)
            and (not markdown_only or b.file.endswith(".md"))
        ]

    def names_in(self, text: str) -> set[str]:
        """The sources' names that occur in *text* (any case)."""
        cached = self._names_cache.get(text)
        if cached is None:
            lower = text.lower()
            cached = self._names_cache[text] = {
                n for n in self.source_names if n.lower() in lower and found(n, text)
            }
        return cached

    def foreign_name(self, rng: Random) -> str:
        while True:
            first = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
            last = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
            if first.lower() not in self.vocabulary and last.lower() not in self.vocabulary:
                return f"{first} {last}"

    def foreign_number(self, rng: Random, low: int = 3, high: int = 97) -> str:
        while True:
            number = str(rng.randint(low, high))
            if number not in self.source_numbers:
                return number

    def fabrication(self, rng: Random) -> str:
        """A sentence with a number and a name that no source has."""
        name = self.foreign_name(rng)
        number = self.foreign_number(rng)
        year = self.foreign_number(rng, 1950, 2019)
        return rng.choice(
            [
                f"{name} saw an early cut of the film in {year}",
                f"The film sold {number} million tickets in its first week, according to {name}",
                f"{name} composed {number} of the songs",
                f"The film won {number} awards at the {name} festival in {year}",
            ]
        )

    def fabricated_label(self, rng: Random) -> str:
        return rng.choice(
            [
                f"{self.foreign_name(rng)}, {self.foreign_number(rng, 1950, 2019)}",
                f"Seen by {self.foreign_number(rng)} million in "
                f"{self.foreign_number(rng, 1950, 2019)}",
                f"The {self.foreign_name(rng)} award",
            ]
        )


def is_variant(one: str, other: str) -> bool:
    """The same name written another way, or one inside the other ("Han" in "Han Ji-won")."""
    a, b = one.lower().replace("-", " "), other.lower().replace("-", " ")
    return a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "


def coordinated(between: str) -> bool:
    """Two items joined only by "and", "or" or a comma: swapping them changes nothing."""
    between = re.sub(r"[*_]", "", between)
    return bool(re.fullmatch(r"\s*(?:,|and|or|,\s*and|,\s*or|/|&|to|-|–)?\s*", between))


@cache
def _token(token: str) -> re.Pattern[str]:
    if token.replace(".", "").isdigit():
        return re.compile(rf"(?<![\d.]){re.escape(token)}(?![\d]|\.\d)")
    return re.compile(rf"(?<![\w-]){re.escape(token)}(?![\w-])", re.IGNORECASE)


def found(token: str, text: str) -> bool:
    """*token* occurs in *text* as a whole word (a number: not inside a longer number)."""
    return _token(token).search(text) is not None


def recase(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def last_role_sentence(block: Block) -> Iterator[tuple[int, int, Cite]]:
    """Single-line sentences that end with exactly one citation role (then "." or nothing)."""
    for s, e in block.sentences:
        cites = block.cites_in(s, e)
        if len(cites) != 1 or not block.single_line(s, e) or block.partner is not None:
            continue
        cite = cites[0]
        if re.fullmatch(r"\s*[.:]?\s*", block.text[cite.end : e]):
            yield s, e, cite


def item_prefix(block: Block, start: int) -> int:
    """Skip a list marker at the start of a sentence."""
    match = re.match(r"\s*(?:[-*+]|\d+[.)])\s+", block.text[start:])
    return start + match.end() if match and block.kind == "item" and start == 0 else start


# ---------------------------------------------------------------------------
# The kinds: one generator each, registered in KINDS
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str
    cls: str
    summary: str
    generate: Callable[[Project, Random], Iterable[Mutation | None]]


KINDS: dict[str, Kind] = {}


def kind(name: str, cls: str, summary: str):
    def register(function):
        KINDS[name] = Kind(name, cls, summary, function)
        return function

    return register


# -- obvious ------------------------------------------------------------------


@kind("citation_removed", "obvious", "the only citation of a sentence deleted")
def _citation_removed(p: Project, rng: Random):
    for block in p.claim_blocks("para", "item", "event"):
        for s, e in block.sentences:
            cites = block.cites_in(s, e)
            if len(cites) == 1 and block.partner is None:
                cite = cites[0]
                start = cite.start
                while start > s and block.text[start - 1].isspace():
                    start -= 1
                yield block.edit("citation_removed", [(start, cite.end, "")])


@kind("number_changed", "obvious", "a grounded number (not a year) changed")
def _number_changed(p: Project, rng: Random):
    for block in p.claim_blocks():
        for s, e, number in block.numbers(0, len(block.text)):
            if YEAR.match(number) or not found(number, block.clause_text(s)):
                continue
            while True:
                new = str(int(float(number)) + rng.choice([-3, -2, -1, 1, 2, 3, 5, 7]))
                if new not in p.source_numbers and int(new) > 0:
                    break
            yield block.edit("number_changed", [(s, e, new)])


@kind("year_changed", "obvious", "a grounded year changed to one no source has")
def _year_changed(p: Project, rng: Random):
    for block in p.claim_blocks():
        for s, e, number in block.numbers(0, len(block.text)):
            if not YEAR.match(number) or not found(number, block.clause_text(s)):
                continue
            while True:
                new = str(int(number) + rng.choice([-7, -4, -3, -2, 2, 3, 4, 6, 9]))
                if new not in p.source_numbers:
                    break
            yield block.edit("year_changed", [(s, e, new)])


@kind("quote_mangled", "obvious", "one letter changed inside a quotation")
def _quote_mangled(p: Project, rng: Random):
    for block in p.claim_blocks():
        for qs, qe in block.quotes:
            words = [m for m in re.finditer(r"[A-Za-z]{4,}", block.text[qs:qe])]
            if not words:
                continue
            word = rng.choice(words)
            chars = list(word.group())
            at = rng.randrange(1, len(chars))
            pool = "aeiou" if chars[at].lower() in "aeiou" else "bcdfgklmnprstv"
            choices = [c for c in pool if c != chars[at].lower()]
            for _ in range(10):
                chars[at] = rng.choice(choices)
                if "".join(chars).lower() not in p.vocabulary:
                    break
            start = qs + word.start()
            yield block.edit("quote_mangled", [(start, start + len(chars), "".join(chars))])


@kind("unknown_key", "obvious", "a citation key replaced by one with no source")
def _unknown_key(p: Project, rng: Random):
    for block in p.claim_blocks():
        for cite in block.cites:
            for target in cite.targets:
                while True:
                    new = "".join(rng.choice("bcdfgklmnprstvz") for _ in range(3)) + target.key
                    if new not in p.sources:
                        break
                yield block.edit("unknown_key", [(*target.key_span, new)])


@kind("pinpoint_out_of_range", "obvious", "a pinpoint past the source's last line")
def _pinpoint_out_of_range(p: Project, rng: Random):
    for block in p.claim_blocks():
        for cite in block.cites:
            for target in cite.targets:
                if target.pin_span and target.key in p.sources:
                    last = max(p.sources[target.key].lines)
                    yield block.edit(
                        "pinpoint_out_of_range",
                        [(*target.pin_span, f"L{last + rng.randint(1, 9)}")],
                    )


@kind("foreign_name", "obvious", "a name replaced by a made-up one no source has")
def _foreign_name(p: Project, rng: Random):
    for block in p.claim_blocks():
        for s, e, _ in block.names():
            yield block.edit("foreign_name", [(s, e, p.foreign_name(rng))])


# -- subtle: relations ----------------------------------------------------------


def _swaps(block, kind: str, items: list, cited: str, unlike) -> Iterator:
    """Each pair of *items* of one sentence, both found in its cited lines, swapped;
    ``unlike(first, second)`` leaves out pairs that are no swap (variants, a list)."""
    for i, first in enumerate(items):
        for second in items[i + 1 :]:
            if unlike(first, second):
                continue
            (s1, e1, one), (s2, e2, other) = first, second
            if found(one, cited) and found(other, cited):
                yield block.edit(kind, [(s1, e1, other), (s2, e2, one)])


def _names_unlike(block, names: list, first, second) -> bool:
    """Two names of a sentence that are no swap: variants of one name, or two of a list."""
    (_, e1, one), (s2, _, other) = first, second
    between = block.plain[e1:s2]
    for ns, ne, _ in names:  # "A, B and C": a list, in any order
        if e1 <= ns and ne <= s2:
            between = between[: ns - e1] + "," + " " * (ne - ns - 1) + between[ne - e1 :]
    return is_variant(one, other) or coordinated(re.sub(r",[\s,]*", ", ", between))


@kind("names_swapped", "subtle", "two grounded names swapped within a sentence or table row")
def _names_swapped(p: Project, rng: Random):
    for block in p.claim_blocks():
        for s, e in block.sentences:
            names = block.names(s, e)
            unlike = partial(_names_unlike, block, names)
            yield from _swaps(block, "names_swapped", names, block.sentence_text(s), unlike)


def _numbers_unlike(block, first, second) -> bool:
    """Two numbers of a sentence that are no swap: the same number, two of a list, numbers
    of different sorts (a year, a percentage, a count), or two parts of a date ("5 March
    2025")."""
    (_, e1, one), (s2, e2, other) = first, second
    between = block.plain[e1:s2]

    def sort_of(end: int, number: str) -> tuple[bool, bool]:
        return bool(YEAR.match(number)), block.text[end : end + 1] == "%"

    return (
        one == other
        or coordinated(between)
        or sort_of(e1, one) != sort_of(e2, other)
        or bool(re.fullmatch(rf"[\s,]*(?:{'|'.join(months())})?[\s,]*", between))
    )


@kind("numbers_swapped", "subtle", "two grounded numbers swapped within a sentence or table row")
def _numbers_swapped(p: Project, rng: Random):
    for block in p.claim_blocks():
        for s, e in block.sentences:
            unlike = partial(_numbers_unlike, block)
            yield from _swaps(
                block, "numbers_swapped", block.numbers(s, e), block.sentence_text(s), unlike
            )


@kind("year_from_same_line", "subtle", "a year replaced by another year of the same cited line")
def _year_from_same_line(p: Project, rng: Random):
    for block in p.claim_blocks():
        for s, e, number in block.numbers(0, len(block.text)):
            if not YEAR.match(number):
                continue
            cited = block.clause_text(s)
            others = sorted(
                {y for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", cited) if y != number}
            )
            if found(number, cited) and others:
                yield block.edit("year_from_same_line", [(s, e, rng.choice(others))])


@kind("subject_object_swap", "subtle", "X <verb> Y -> Y <verb> X around a finite verb")
def _subject_object_swap(p: Project, rng: Random):
    for block in p.claim_blocks():
        labels = (
            re.compile(r"(?:\b[Tt]he\s+)?(?:" + p.label_pattern.pattern + ")")
            if p.label_pattern
            else None
        )
        found_names = sorted(
            block.names()
            + [
                (m.start(), m.end(), m.group())
                for m in (labels.finditer(block.masked) if labels else [])
                if not any(qs <= m.start() < qe for qs, qe in block.quotes)
            ]
        )
        for (s1, e1, one), (s2, e2, other) in pairwise(found_names):
            between = block.text[e1:s2]
            match = re.fullmatch(r"\s+(\w+)\s+(?:[a-z]+\s+)?", between)
            verb = match.group(1) if match else ""
            if (
                verb.islower()
                and verb_forms(verb)[1] & {"VBD", "VBZ"}
                and verb not in SYMMETRIC_VERBS
                and not is_variant(one, other)
            ):
                subject = other[0].upper() + other[1:] if one[:1].isupper() else other
                obj = "the" + one[3:] if one.startswith("The ") else one
                yield block.edit("subject_object_swap", [(s1, e1, subject), (s2, e2, obj)])


@kind("credit_moved", "subtle", "a name replaced by another name of the same cited line")
def _credit_moved(p: Project, rng: Random):
    for block in p.claim_blocks():
        for s, e, name in block.names():
            cited = block.clause_text(s)
            if not found(name, cited):
                continue
            sentence = block.text[slice(*block.sentence_at(s))]
            others = sorted(
                {
                    n
                    for n in p.names_in(cited)
                    if not is_variant(n, name)
                    and not found(n, sentence)
                    and not any(is_variant(n, x) for _, _, x in block.names())
                }
            )
            alike = [n for n in others if len(n.split()) == len(name.split())]
            if alike or others:
                yield block.edit("credit_moved", [(s, e, rng.choice(alike or others))])


# -- subtle: polarity and words -----------------------------------------------------


@kind("negation", "subtle", "a negation added or removed")
def _negation(p: Project, rng: Random):
    """A "not" added after an auxiliary, or a negation taken away; a removal's wrong words
    are the auxiliary and the word after it, now stated without the negation."""
    aux = "|".join(AUXILIARIES)
    for block in p.claim_blocks():
        plain = block.plain
        for m in re.finditer(rf"\b({aux})\b(?=\s+(?!not\b|never\b)[a-z])", plain):
            yield block.edit("negation", [(m.end(), m.end(), " not")])
        for m in re.finditer(rf"\b({aux}|has|have|had)(\s+not)\b", plain):
            yield block.edit(
                "negation",
                [(m.start(2), m.end(2), "")],
                wrong=[m.group(1), _next_word(plain, m.end())],
            )
        for m in re.finditer(
            r"\b(is|are|was|were|does|do|did|could|would|should|has|have)"
            r"(n[’']t)\b",
            plain,
        ):
            yield block.edit(
                "negation",
                [(m.start(2), m.end(2), "")],
                wrong=[m.group(1), _next_word(plain, m.end())],
            )
        for m in re.finditer(r"\bcannot\b", plain):
            yield block.edit("negation", [(m.start(), m.end(), "can")])
        for m in re.finditer(r"\bnever\s+", plain):
            yield block.edit(
                "negation", [(m.start(), m.end(), "")], wrong=[_next_word(plain, m.start() + 5)]
            )


@kind("antonym", "subtle", "a grounded word replaced by its opposite (general antonym list)")
def _antonym(p: Project, rng: Random):
    table = antonym_table()
    for block in p.claim_blocks():
        for s, e, word in block.words(0, len(block.text)):
            opposites = table.get(word.lower())
            if opposites and found(word, block.clause_text(s)):
                yield block.edit("antonym", [(s, e, recase(rng.choice(opposites), word))])


@kind(
    "noun_same_kind", "subtle", "a grounded noun replaced by another of its kind from the sources"
)
def _noun_same_kind(p: Project, rng: Random):
    table = noun_kind_table()
    for block in p.claim_blocks():
        for s, e, word in block.words(0, len(block.text)):
            lower = word.lower()
            plural = lower not in table and lower.endswith("s") and lower[:-1] in table
            base = lower[:-1] if plural else lower
            if base not in table:
                continue
            cited = block.clause_text(s)
            if not found(word, cited):
                continue
            close = set().union(*(g for g in NEAR_SYNONYMS if base in g))
            others = [
                w
                for w in NOUN_KINDS[table[base]]
                if w != base
                and w in p.vocabulary
                and w not in close
                and not found(w, cited)
                and not found(w + "s", cited)
            ]
            if others:
                new = rng.choice(others) + ("s" if plural else "")
                yield block.edit("noun_same_kind", [(s, e, recase(new, word))])


@kind("unit_changed", "subtle", "a unit changed (month/year, million/billion, minutes/hours)")
def _unit_changed(p: Project, rng: Random):
    changes = unit_changes()
    units = "|".join(re.escape(u) for u in sorted(changes, key=len, reverse=True))
    counts = "|".join(["\\d+", "several", "few", "many", *NUMBER_WORDS, *TENS[2:]])
    pattern = re.compile(rf"\b(?:{counts})[\s-]+({units})\b", re.I)
    for block in p.claim_blocks():
        for m in pattern.finditer(block.plain):
            new = changes[m.group(1).lower()]
            yield block.edit("unit_changed", [(m.start(1), m.end(1), recase(new, m.group(1)))])


# -- subtle: evidence bound to its clause --------------------------------------------


@kind("quotes_swapped", "subtle", "quotes swapped between the two sources a sentence cites")
def _quotes_swapped(p: Project, rng: Random):
    """Two quotes of a sentence, each bound to its source: by the citation of its own clause
    ("… "X" [a], and … "Y" [b]") or by the label before it ("Resonate calls it "X", and the
    Love-story review calls it "Y" [a, b]"). Swapped, each is given to the other source."""
    key_of = {s.label: s.key for s in p.sources.values()}
    for block in p.claim_blocks():
        labels = [
            (m.start(), key_of.get(m.group()))
            for m in (p.label_pattern.finditer(block.masked) if p.label_pattern else [])
        ]

        for s, e in block.sentences:
            cites = block.cites_in(s, e)
            keys = {t.key for c in cites for t in c.targets if t.key in p.sources}
            if len(keys) < 2:
                continue
            per_key = {
                k: normalise(
                    block.cited_text(
                        [Cite(0, 0, [t for c in cites for t in c.targets if t.key == k])]
                    )
                )
                for k in keys
            }
            quotes = [(qs, qe) for qs, qe in block.quotes if s <= qs < e]
            for i, (s1, e1) in enumerate(quotes):
                for s2, e2 in quotes[i + 1 :]:
                    one, other = block.text[s1 + 1 : e1 - 1], block.text[s2 + 1 : e2 - 1]
                    in_one = {k for k, t in per_key.items() if normalise(one) in t}
                    in_other = {k for k, t in per_key.items() if normalise(other) in t}
                    said_one = [k for at, k in labels if s <= at < s1]
                    said_other = [k for at, k in labels if s1 < at < s2]
                    by_label = (
                        in_one
                        and in_other
                        and not in_one & in_other
                        and said_one
                        and said_other
                        and said_one[-1] in in_one
                        and said_other[-1] in in_other
                    )
                    c1, c2 = block.clause_cite(s1), block.clause_cite(s2)
                    t1 = normalise(block.cited_text([c1])) if c1 else ""
                    t2 = normalise(block.cited_text([c2])) if c2 else ""
                    by_clause = (
                        c1 is not c2
                        and normalise(one) in t1
                        and normalise(other) in t2
                        and normalise(one) not in t2
                        and normalise(other) not in t1
                    )
                    if by_label or by_clause:
                        yield block.edit(
                            "quotes_swapped", [(s1 + 1, e1 - 1, other), (s2 + 1, e2 - 1, one)]
                        )


def _clause_span(block: Block, cite: Cite) -> tuple[int, int]:
    s, e = block.sentence_at(cite.start)
    previous = [c.end for c in block.cites_in(s, e) if c.end <= cite.start]
    return (previous[-1] if previous else s), cite.start


def unsupported(clause: str, evidence: str) -> list[str]:
    """The words of *clause* (citation roles hidden) that *evidence* lacks: what a citation
    moved elsewhere leaves unsupported, the wrong words of such an edit."""
    text = re.sub(r"[’']s\b", "", mask(clause, ROLE).replace(HIDDEN, " "))
    return list(
        dict.fromkeys(
            w
            for w in CONTENT.findall(text.lower())
            if len(w) >= 3 and w not in stopwords() and not found(w, evidence)
        )
    )


@kind(
    "pinpoint_moved", "subtle", "a pinpoint moved to another line of the source that shares a name"
)
def _pinpoint_moved(p: Project, rng: Random):
    for block in p.claim_blocks():
        for cite in block.cites:
            cs, ce = _clause_span(block, cite)
            clause = block.text[cs:ce]
            words = content_words(mask(clause, ROLE))
            names = {n for _, _, n in block.names(*block.sentence_at(cite.start), quoted=True)}
            for target in cite.targets:
                source = p.sources.get(target.key)
                if (
                    not source
                    or not target.pin_span
                    or len(target.lines) != 1
                    or not names
                    or len(cite.targets) > 1
                ):  # another key may support the clause alone
                    continue
                here = support(words, source.text(target.lines))
                lines = [
                    n
                    for n in source.about
                    if n not in target.lines
                    and any(found(name, source.lines[n]) for name in names)
                    and here - support(words, source.lines[n]) >= 0.25
                ]
                if lines:
                    line = rng.choice(lines)
                    yield block.edit(
                        "pinpoint_moved",
                        [(*target.pin_span, f"L{line}")],
                        wrong=unsupported(clause, source.lines[line]),
                    )


@kind("wrong_source", "subtle", "the key replaced by another source's key (same lines when valid)")
def _wrong_source(p: Project, rng: Random):
    for block in p.claim_blocks():
        for cite in block.cites:
            cs, ce = _clause_span(block, cite)
            words = content_words(mask(block.text[cs:ce], ROLE))
            for target in cite.targets:
                source = p.sources.get(target.key)
                if not source or not target.lines or len(cite.targets) > 1:
                    continue  # with another key, the clause may stand on that one alone
                here = support(words, source.text(target.lines))
                options = []
                for other in sorted(p.sources):
                    if other == target.key or other in {t.key for t in cite.targets}:
                        continue
                    lines = (
                        target.lines
                        if all(n in p.sources[other].about for n in target.lines)
                        else None
                    )
                    pin = target.pin
                    if lines is None:
                        about = p.sources[other].about
                        if not about:
                            continue
                        lines = [rng.choice(about)]
                        pin = f"L{lines[0]}"
                    if here - support(words, p.sources[other].text(lines)) >= 0.25:
                        options.append((other, pin, lines))
                if options:
                    other, pin, lines = rng.choice(options)
                    edits = [(*target.key_span, other)]
                    if pin != target.pin and target.pin_span:
                        edits.append((*target.pin_span, pin))
                    yield block.edit(
                        "wrong_source",
                        edits,
                        wrong=unsupported(block.text[cs:ce], p.sources[other].text(lines)),
                    )


@kind("off_topic_cited", "subtle", "a pinpoint moved to a line marked off topic")
def _off_topic_cited(p: Project, rng: Random):
    for block in p.claim_blocks():
        for cite in block.cites:
            for target in cite.targets:
                source = p.sources.get(target.key)
                if source and source.off_topic and target.pin_span:
                    line = rng.choice(source.off_topic)
                    others = block.cited_text(
                        [Cite(0, 0, [t for t in cite.targets if t is not target])]
                    )
                    yield block.edit(
                        "off_topic_cited",
                        [(*target.pin_span, f"L{line}")],
                        wrong=unsupported(
                            block.text[slice(*_clause_span(block, cite))],
                            others + "\n" + source.lines[line],
                        ),
                    )


# -- subtle: nothing to check -------------------------------------------------------

TEMPLATES = (
    "{Name} later abandoned the {n1} because of the {n2}",
    "The {n1} was a commercial failure for {Name}",
    "{Name} never saw the {n1} before the {n2}",
    "The {n1} was cancelled soon after the {n2}",
    "{Name} was disappointed by the {n1} and the {n2}",
)


@kind("fabricated_sentence", "subtle", "a made-up sentence of ordinary words with a valid citation")
def _fabricated_sentence(p: Project, rng: Random):
    nouns_of: dict[str, list[str]] = {}
    for block in p.claim_blocks():
        nouns_of.setdefault(block.file, [])
        nouns_of[block.file] += [
            m.group(1).lower()
            for m in re.finditer(r"\b(?:the|a|an|his|her|its|their)\s+([a-z]{4,})\b", block.plain)
            if m.group(1).lower() not in stopwords()
        ]
    for block in p.claim_blocks("para", "item", markdown_only=True):
        for s, e, cite in last_role_sentence(block):
            if block.kind == "item" and len(block.lines) > 1:
                continue
            cited = block.cited_text([cite])
            nouns = sorted({n for n in nouns_of.get(block.file, []) if not found(n, cited)})
            names = sorted(p.names_in(cited))
            if len(nouns) < 2:
                continue
            n1, n2 = rng.sample(nouns, 2)
            name = rng.choice(names) if names else "The film"
            sentence = rng.choice(TEMPLATES).format(Name=name, n1=n1, n2=n2)
            sentence = sentence[0].upper() + sentence[1:]
            role = block.text[cite.start : cite.end]
            line = block.text[s:e].split("\n")[0]
            at = block.text.count("\n", 0, s)
            indent = _leading(r"\s*(?:[-*+]\s+)?", line) if block.kind == "item" else ""
            new = f"{indent}{sentence} {role}."
            lines = block.lines[: at + 1] + [new] + block.lines[at + 1 :]
            yield p.mutation(
                "fabricated_sentence",
                block.file,
                block.start,
                block.lines,
                lines,
                extra_accept=(block.anchor,),
            )


SOURCE_WORDS = re.compile(
    r"\b(?:reviews?|reviewers?|essays?|reports?|previews?|articles?|critics?|"
    r"writers?|authors?|It|He|She|They)\b"
)


def _leading(pattern: str, text: str) -> str:
    """What *pattern*, which may match nothing, matches at the start of *text*."""
    match = re.match(pattern, text)
    return match.group() if match else ""


COPULA_OBJECTS = {
    "it": "It is",
    "him": "He is",
    "her": "She is",
    "them": "They are",
    "the film": "The film is",
    "the movie": "The movie is",
    "the story": "The story is",
    "the couple": "The couple is",
}


def finite(word: str) -> bool:
    """*word* is a finite form of a verb, not an auxiliary ("calls", "found"; LemmInflect)."""
    return bool(verb_forms(word)[1] & {"VBD", "VBZ"})


def predicative(text: str) -> bool:
    """*text* opens with what can follow "is": an article, an adjective or adverb, an
    evaluative word ("a masterpiece", "remarkably refreshing"; not "to those who")."""
    m = re.match(r"[\"“]?\s*([A-Za-z][\w’'-]*)(?:\s+[\"“]?([A-Za-z][\w’'-]*))?", text)
    if not m:
        return False
    first, second = m.group(1).lower(), (m.group(2) or "").lower()
    if first in ("a", "an", "among", "like"):
        return True
    if first == "the":
        first = second
    if not first or first in stopwords():
        return False
    return first in opinion_words() or bool({"ADJ", "ADV"} & set(lemmas(first)))


@kind(
    "attribution_removed", "subtle", "an opinion's attribution removed: stated in the wiki's voice"
)
def _attribution_removed(p: Project, rng: Random):
    """ "According to X, …", "X found that …", "X called it …", "it was seen as …": the
    opinion after it is stated flatly, when it holds an evaluative word (VADER). The verb
    of attribution is any finite verb (LemmInflect) after a subject that names a source;
    the wrong words are those of the statement now made in the wiki's voice."""
    opinions = opinion_words()
    objects = "|".join(sorted(COPULA_OBJECTS, key=len, reverse=True))
    according = re.compile(r"According to ([^,\"{}]{1,60}), ")
    attributed = re.compile(
        rf" (?:also |likewise |then |later |itself )?([a-z]+)"
        rf"(?: (that) |(:? )(?=\")| ({objects}) (?:as )?)"
    )
    hedged = re.compile(r"\b(is|are|was|were) (?:[a-z]+ly |often |also )?([a-z]+) as ")
    named = re.compile(r"(?:(?:[A-Z][\w-]*|of|the)\s+){1,4}([a-z]+)\b")

    def evaluative(text: str) -> list[str]:
        words = [w.lower() for w in re.findall(r"[\w-]+", text)]
        words += [part for w in words if "-" in w for part in w.split("-")]
        return list(dict.fromkeys(w for w in words if w in opinions))

    def still_attributed(text: str) -> bool:
        m = named.match(text)
        return bool(m and finite(m.group(1)))

    def attributes(subject: str) -> bool:
        return bool(
            SOURCE_WORDS.search(subject)
            or p.names_in(subject)
            or (p.label_pattern and p.label_pattern.search(subject))
        )

    def edit(block: Block, spans: list, remainder: str) -> Mutation | None:
        # wrong: the statement now in the wiki's voice, its words up to the citation
        stated = mask(remainder, ROLE).split(HIDDEN, 1)[0]
        wrong = [w for w in re.findall(r"[A-Za-z][\w’'-]*", stated) if w.lower() not in stopwords()]
        return block.edit("attribution_removed", spans, wrong=wrong)

    for block in p.claim_blocks("para", "item", markdown_only=True):
        for s, e in block.sentences:
            start = item_prefix(block, s)
            while block.text.startswith("[^", start):  # a footnote definition's label
                start = block.text.index("]", start) + 1
                start += len(block.text[start:]) - len(block.text[start:].lstrip(": "))
            rest = block.plain[start:e].replace(HIDDEN, "\x01")
            text = block.text[start:e]
            m = according.match(text)
            if m and attributes(m.group(1)):
                remainder = text[m.end() :]
                if evaluative(remainder) and not still_attributed(remainder):
                    yield edit(
                        block, [(start, start + m.end() + 1, remainder[:1].upper())], remainder
                    )
                continue
            # the first finite verb after a subject of 1-80 characters, with "that", a
            # quotation or an object after it
            spaces = [i for i in range(1, min(len(text), 81)) if text[i] == " "]
            m = next(
                (
                    x
                    for x in (attributed.match(text, i) for i in spaces)
                    if x and finite(x.group(1)) and not re.search(r"[\"{}\x00;]", text[: x.start()])
                ),
                None,
            )
            if (
                m
                and attributes(text[: m.start()])
                and HIDDEN not in block.masked[start : start + m.start()]
            ):
                remainder = text[m.end() :]
                if not evaluative(remainder) or still_attributed(remainder):
                    continue
                if m.group(4) or (m.group(3) is not None and ":" not in m.group(3)):
                    if not predicative(remainder):
                        continue  # "recommended the film to …": no copula to put instead
                    lead = COPULA_OBJECTS[m.group(4) or "the film"] + " "  # group 4: a key
                    yield edit(block, [(start, start + m.end(), lead)], remainder)
                else:
                    yield edit(
                        block, [(start, start + m.end() + 1, remainder[:1].upper())], remainder
                    )
                continue
            m = next((x for x in hedged.finditer(rest) if "VBN" in verb_forms(x.group(2))[1]), None)
            if m and evaluative(text[m.end() :]):
                yield edit(
                    block, [(start + m.start(), start + m.end(), m.group(1) + " ")], text[m.end() :]
                )


@kind("ellipsis_bridge", "subtle", "an ellipsis inside a quote that bridges across a negation")
def _ellipsis_bridge(p: Project, rng: Random):
    aux = set(AUXILIARIES) | {"has", "have", "had"}
    for block in p.claim_blocks():
        for qs, qe in block.quotes:
            tokens = block.text[qs + 1 : qe - 1].split(" ")
            for i, token in enumerate(tokens):
                bare = re.sub(r"[^\w’']", "", token).lower()
                if bare in ("not", "never") or bare.endswith(("n't", "n’t")):
                    left = tokens[:i]
                    if bare in ("not", "never") and left and left[-1].lower() in aux:
                        left = left[:-1]
                    right = tokens[i + 1 :]
                    if len(left) >= 2 and len(right) >= 2:
                        yield block.edit(
                            "ellipsis_bridge",
                            [(qs + 1, qe - 1, " ".join(left) + " … " + " ".join(right))],
                        )
                    break


# -- subtle: natural edits (scale, hedge, clause, sentiment, order, cause, verb) ----------


def _word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w’'-])({alternation})(?![\w’'-])", re.IGNORECASE)


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"\s+([A-Za-z][\w’'-]*)", text[pos:])
    return m.group(1) if m else ""


def _previous_word(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z][\w’'-]*)\s+$", text[max(0, pos - 40) : pos])
    return m.group(1) if m else ""


def _assertive(lemma: str, like: str) -> str:
    """*lemma* in the finite form that the hedge *like* had ("seems" + be -> "is")."""
    like = like.lower()
    tag = (
        "VBD"
        if like.endswith("ed") or like in ("was", "were")
        else "VBZ"
        if like.endswith("s") and like != "was"
        else "VBP"
    )
    if lemma == "be":
        return {"VBD": "were" if like == "were" else "was", "VBZ": "is", "VBP": "are"}[tag]
    if lemma == "have":
        return {"VBD": "had", "VBZ": "has", "VBP": "have"}[tag]
    return lemma if tag == "VBP" else inflect(lemma, tag)


@kind(
    "hedge_dropped",
    "subtle",
    "a hedge replaced by a stronger word (might -> will, seems to be -> is)",
)
def _hedge_dropped(p: Project, rng: Random):
    """A modal, adverb, adjective or verb of doubt put in the asserting word's place; "seems
    to X" and "is said to X" made plain "Xs". Only where the cited lines lack the new word."""
    single = _word_pattern(HEDGE_WORDS)
    frame = re.compile(rf"\b((?:{'|'.join(HEDGE_FRAMES)})(?:s|ed)?) to ([a-z]+)\b")
    hearsay = re.compile(rf"\b(is|are|was|were) (?:{'|'.join(HEARSAY)}) to ([a-z]+)\b")
    modals = ("might", "may", "can")
    for block in p.claim_blocks():
        plain = block.plain
        for m in single.finditer(plain):
            word, lower = m.group(1), m.group(1).lower()
            following = _next_word(plain, m.end())
            if lower in modals and (word != lower or not following.islower()):
                continue  # "May" is a month; a modal stands before its verb
            if (
                lower in ("likely", "possible", "unlikely")
                and following not in ("that", "to")
                and _previous_word(plain, m.start()).lower()
                not in ("is", "are", "was", "were", "be", "been", "seems", "seemed")
            ):
                continue  # "as many as possible": no claim of likelihood
            new = (
                "must" if lower in ("might", "may") and following == "have" else HEDGE_WORDS[lower]
            )
            if not found(new, block.clause_text(m.start())):
                yield block.edit("hedge_dropped", [(*m.span(1), recase(new, word))], wrong=[new])
        for pattern in (frame, hearsay):
            for m in pattern.finditer(plain):
                verb = m.group(2)
                if verb not in lemmas(verb).get("VERB", ()) and verb not in ("be", "have"):
                    continue  # "seems to the reviewer": no verb after "to"
                new = _assertive(verb, m.group(1))
                if new and not found(new, block.clause_text(m.start())):
                    yield block.edit("hedge_dropped", [(m.start(), m.end(), new)], wrong=[new])


@kind(
    "scale_raised",
    "subtle",
    "a scale raised (some -> all, often -> always, one of the best -> the best)",
)
def _scale_raised(p: Project, rng: Random):
    """A weaker word of a scale replaced by a stronger one; an approximate number made exact
    or a bound ("about 40" -> "exactly 40"); "one of the best Xs" -> "the best X". Only where
    the cited lines lack the new word."""
    single = _word_pattern(SCALE_WORDS)
    numbers = "|".join([*NUMBER_WORDS[2:], *TENS[2:]])
    approximate = re.compile(
        rf"(?<![\w’'-])({'|'.join(APPROXIMATORS)})(?=\s+(?:\d|"
        rf"(?:{numbers})\b))",
        re.IGNORECASE,
    )
    one_of = re.compile(r"\b(?:one of|among) the ((?:most |least )?[a-z-]+)\b")
    quantifiers = ("some", "several", "many", "most")
    for block in p.claim_blocks():
        plain = block.plain
        for m in single.finditer(plain):
            word, lower = m.group(1), m.group(1).lower()
            following = _next_word(plain, m.end())
            before = _previous_word(plain, m.start()).lower()
            if lower in quantifiers and (
                following != "of"
                and not is_plural_noun(following)
                or before in ("as", "how", "so", "too", "the", "very", "to", "a")
            ):
                continue  # a quantifier of a plural noun, not "the most", "as many as"
            if lower == "little" and (
                before in ("a", "the", "very")
                or following in ("to", "or", "more")
                or "NOUN" not in lemmas(following)
            ):
                continue
            new = rng.choice(SCALE_WORDS[lower])
            if not found(new, block.clause_text(m.start())):
                yield block.edit("scale_raised", [(*m.span(1), recase(new, word))], wrong=[new])
        for m in approximate.finditer(plain):
            word = m.group(1)
            new = APPROXIMATORS[word.lower()]
            if not found(new, block.clause_text(m.start())):
                yield block.edit(
                    "scale_raised", [(*m.span(1), recase(new, word))], wrong=new.split()
                )
        for m in one_of.finditer(plain):
            top = m.group(1)
            last = top.split()[-1]
            if not (
                top.startswith(("most ", "least "))
                or last in ("best", "worst", "first", "last")
                or last.endswith("est")
                and "ADJ" in lemmas(last)
            ):
                continue  # not a superlative
            # the plural noun the superlative ranks: "the best Netflix movies" -> "movie"
            for w in re.compile(r"\s+([\w-]+)").finditer(plain, m.end()):
                if w.start() > m.end() + 40 or not re.fullmatch(r"[A-Za-z-]+", w.group(1)):
                    break
                singular = is_plural_noun(w.group(1))
                if singular:
                    claim = f"the {top}{plain[m.end() : w.start(1)]}{singular}"
                    if "\n" not in claim and not found(claim, block.clause_text(m.start())):
                        yield block.edit(
                            "scale_raised", [(m.start(), w.end(1), claim)], wrong=top.split()
                        )
                    break


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _fill(p: Project, rng: Random, template: str, unsaid: str) -> tuple[str, list[str]] | None:
    """*template* with its slots ({person}, {place}, {object}) filled with nouns of that kind
    the sources use and *unsaid* lacks; and the words that make it wrong."""
    chosen: dict[str, str] = {}
    for slot in re.findall(r"\{(person|place|object)\}", template):
        options = [
            w
            for w in NOUN_KINDS[slot]
            if w in p.vocabulary
            and not found(w, unsaid)
            and w not in chosen.values()
            and inflect(w, "NNS") not in ("", w)
        ]
        if not options:
            return None
        chosen[slot] = rng.choice(sorted(options))
    text = template
    for name, value in chosen.items():
        text = text.replace("{" + name + "}", value)
    # an article agrees with the word after it, which may be an adjective ("a small …")
    text = re.sub(
        r"\{a2?\}(\s+)([a-z]+)", lambda m: _article(m.group(2)) + m.group(1) + m.group(2), text
    )
    wrong = [
        w for w in re.findall(r"[a-z]+", text) if w not in stopwords() and not found(w, unsaid)
    ]
    return text, wrong


@kind(
    "invented_clause",
    "subtle",
    "a relative or adverbial clause of ordinary words no cited line gives",
)
def _invented_clause(p: Project, rng: Random):
    """ ", who had once worked as an engineer in a village" after a person, ", which had
    belonged to a pilot" after an object, " with the help of a doctor" before a citation:
    nouns of the right kind (the sources use them; the cited lines and the sentence do not)."""
    table = noun_kind_table()
    noun_phrase = re.compile(r"\b(?:the|a|an|his|her|their|its)\s+([a-z]+)\b")
    for block in p.claim_blocks("para", "item", "event"):
        for s, e in block.sentences:
            if not block.cites_in(s, e):
                continue
            sentence = block.text[s:e]
            for m in noun_phrase.finditer(block.plain, s, e):
                templates = CLAUSE_TEMPLATES.get(table.get(m.group(1), ""))
                after = block.plain[m.end() : e]
                if (
                    not templates
                    or not re.match(r"[,.;:]|\s+(?:[a-z]+\b|\{)", after)
                    or re.match(r",\s+(?:[A-Z]|(?:who|whom|whose|which|where|that)\b)", after)
                    or "NOUN" in lemmas(_next_word(after, 0))
                    and _next_word(after, 0) not in FUNCTION_WORDS
                ):
                    continue  # a noun of a kind, not the first of a compound ("record player")
                unsaid = block.clause_text(m.start()) + "\n" + sentence
                filled = _fill(p, rng, rng.choice(templates), unsaid)
                if filled is None:
                    continue
                clause, wrong = filled
                closing = "" if re.match(r"[,.;:]|\s*\{|\s*$", after) else ","
                yield block.edit(
                    "invented_clause", [(m.end(), m.end(), clause + closing)], wrong=wrong
                )
        if block.kind == "event":
            continue
        for s, e, cite in last_role_sentence(block):
            at = cite.start
            while at > s and block.text[at - 1].isspace():
                at -= 1
            unsaid = block.cited_text([cite]) + "\n" + block.text[s:e]
            filled = _fill(p, rng, rng.choice(ADVERBIAL_TEMPLATES), unsaid)
            if filled:
                yield block.edit("invented_clause", [(at, at, filled[0])], wrong=filled[1])


SENTIMENT_TAGS = {
    "ADJ": ("JJ", "JJR", "JJS"),
    "NOUN": ("NN", "NNS"),
    "VERB": ("VB", "VBD", "VBN", "VBZ", "VBG"),
    "ADV": ("RB",),
}


@cache
def grammar_of(word: str) -> frozenset[str]:
    """The Penn tags *word* can have as a form of its lemmas (LemmInflect)."""
    tags: set[str] = set()
    for upos, found in lemmas(word).items():
        for lemma in found:
            tags.update(t for t in SENTIMENT_TAGS.get(upos, ()) if inflect(lemma, t) == word)
    return frozenset(tags)


@lru_cache(maxsize=1)
def sentiment_index() -> dict[frozenset[str], list[tuple[str, float]]]:
    """VADER's evaluative words (|valence| >= :data:`REVERSAL_VALENCE`) by their tags."""
    index: dict[frozenset[str], list[tuple[str, float]]] = {}
    for word, valence in vader().items():
        if (
            abs(valence) >= REVERSAL_VALENCE
            and re.fullmatch(r"[a-z]{3,}", word)
            and word not in stopwords()
        ):
            tags = grammar_of(word)
            if tags:
                index.setdefault(tags, []).append((word, valence))
    return index


@kind(
    "sentiment_reversed",
    "subtle",
    "an evaluative word replaced by one of opposite sentiment (VADER)",
)
def _sentiment_reversed(p: Project, rng: Random):
    """An adjective or adverb of the wiki's own voice that VADER rates (|valence| >= 1) and
    the cited lines use, replaced by a word of the opposite sign that can stand in the same
    place (the same LemmInflect tags), about as common (wordfreq), absent from the cited
    lines."""
    table = vader()
    index = sentiment_index()
    for block in p.claim_blocks():
        for s, e, word in block.words(0, len(block.text)):
            lower = word.lower()
            valence = table.get(lower, 0.0)
            cited = block.clause_text(s)
            if abs(valence) < REVERSAL_VALENCE or lower in stopwords() or not found(word, cited):
                continue
            tags = grammar_of(lower)
            if not tags & {"JJ", "JJR", "JJS", "RB"} or tags & {"NN", "NNS"}:
                continue  # an evaluative adjective or adverb, not a noun ("death", "crash")
            common = zipf(lower)
            options = sorted(
                (abs(zipf(w) - common) + 0.5 * abs(abs(v) - abs(valence)), w)
                for w, v in index.get(tags, ())
                if v * valence < 0 and not found(w, cited) and abs(zipf(w) - common) <= 1.0
            )
            if options:
                new = rng.choice([w for _, w in options[:6]])
                yield block.edit("sentiment_reversed", [(s, e, recase(new, word))], wrong=[new])


@kind(
    "order_swapped",
    "subtle",
    "a connective of time turned round (before <-> after, when -> before/after)",
)
def _order_swapped(p: Project, rng: Random):
    """ "before" and "after" swapped, "when" and "until" made "before" or "after": the order
    of two events turned round, where the connective opens a phrase or a clause."""
    pattern = _word_pattern(ORDER_WORDS)
    for block in p.claim_blocks():
        plain = block.plain
        for m in pattern.finditer(plain):
            word = m.group(1)
            following = plain[m.end() :]
            if not re.match(r"\s+(?:\d|[\"“]|[A-Za-z])", following) or (
                word.lower() == "when" and not re.match(r"\s+" + SUBJECT_AFTER, following)
            ):
                continue  # "when" as a connective opens a clause
            new = rng.choice(ORDER_WORDS[word.lower()])
            yield block.edit("order_swapped", [(*m.span(1), recase(new, word))], wrong=[new])


@kind(
    "cause_asserted",
    "subtle",
    "two clauses made cause and effect (', and' -> ', because' or ', so')",
)
def _cause_asserted(p: Project, rng: Random):
    """Two clauses the wiki only puts side by side (", and", ", while", ", but") joined as
    cause and effect, where the cited lines lack the new connective."""
    joints = re.compile(rf"({'|'.join(re.escape(j) for j in CAUSE_JOINTS)})\s+{SUBJECT_AFTER}")
    for block in p.claim_blocks():
        for m in joints.finditer(block.plain):
            s, e = block.sentence_at(m.start())
            later = [c.start for c in block.cites_in(s, e) if c.start > m.end()]
            if not has_finite_verb(block.text[m.end() : later[0] if later else e]):
                continue  # "A, and B": a list, not two clauses
            new = rng.choice(CAUSE_JOINTS[m.group(1)])
            word = new.strip(", ")
            if not found(word, block.clause_text(m.start())):
                yield block.edit("cause_asserted", [(*m.span(1), new)], wrong=[word])


@kind(
    "connective_added",
    "subtle",
    "'after the X', 'before the X' or 'because of the X' added to a sentence",
)
def _connective_added(p: Project, rng: Random):
    """A time or a cause added at the end of a sentence with one citation: an event (a noun
    of the kind that the sources use, the cited lines and the sentence do not)."""
    for block in p.claim_blocks("para", "item", markdown_only=True):
        for s, e, cite in last_role_sentence(block):
            unsaid = block.cited_text([cite]) + "\n" + block.text[s:e]
            events = [w for w in NOUN_KINDS["event"] if w in p.vocabulary and not found(w, unsaid)]
            connectives = [c for c in ("after", "before", "because of") if not found(c, unsaid)]
            if not events or not connectives:
                continue
            at = cite.start
            while at > s and block.text[at - 1].isspace():
                at -= 1
            connective, event = rng.choice(connectives), rng.choice(sorted(events))
            yield block.edit(
                "connective_added",
                [(at, at, f" {connective} the {event}")],
                wrong=[connective.split()[0], event],
            )


@kind(
    "verb_substituted",
    "subtle",
    "a grounded verb replaced by another verb about as common (wordfreq)",
)
def _verb_substituted(p: Project, rng: Random):
    """A verb of the wiki's own voice (a past or third-person form, by LemmInflect) whose
    lemma the cited lines use, replaced by the same form of another common verb of about
    the same frequency (wordfreq) that the cited lines do not use in any form."""
    pool = verb_pool()
    antonyms = antonym_table()
    for block in p.claim_blocks():
        for s, e, word in block.words(0, len(block.text)):
            if not word.islower() or word in stopwords() or len(word) < 4:
                continue
            lemma, tags = verb_forms(word)
            if not tags or not verb_here(block.plain, s, e, tags):
                continue
            cited = block.clause_text(s)
            forms = {inflect(lemma, t) for t in (*VERB_TAGS, "VB", "VBG")} - {""}
            if not any(found(f, cited) for f in forms):
                continue  # not grounded: its replacement would change no supported claim
            tag = sorted(tags)[0]
            common = zipf(word)
            options = []
            for other, other_forms in pool:
                new = other_forms[tag]
                if (
                    other == lemma
                    or other[:4] == lemma[:4]
                    or new in antonyms.get(word, ())
                    or len({other_forms[t] for t in tags}) > 1
                    or "VBZ" in tags
                    and is_plural_noun(new)
                ):
                    continue  # one form for all the tags the word has ("called": VBD and VBN)
                distance = abs(zipf(new) - common)
                if distance <= 0.5:
                    options.append((distance, other, new))
            options.sort()
            unfound = [
                (o, n) for _, o, n in options if not any(found(f, cited) for f in pool_forms(o))
            ][:8]
            if unfound:
                _, new = rng.choice(unfound)
                yield block.edit("verb_substituted", [(s, e, new)], wrong=[new])


BE_HAVE = frozenset("is are was were be been being has have had".split())
MODALS = frozenset("to can could will would shall should may might must".split())


def verb_here(text: str, start: int, end: int, tags: frozenset[str]) -> bool:
    """The verb form at *start* is used as a finite verb or after "be"/"have", not as an
    adjective ("an animated feature", "the recorded songs"), a noun ("stars") or an
    infinitive ("to become")."""
    word = text[start:end]
    before = _previous_word(text, start).lower()
    if before.endswith("ly"):
        before = _previous_word(text, start - len(before) - 1).lower() or before
    following = _next_word(text, end)
    if before in DETERMINERS or before in MODALS:
        return False
    if tags == {"VBZ"} or "VBZ" in tags and not tags & {"VBD", "VBN"}:
        return not is_plural_noun(word)
    if "VBD" not in tags:  # a participle alone: "has become", "was chosen"
        return before in BE_HAVE
    # "-ed": a participle before a noun is an adjective
    return (
        not following
        or following in FUNCTION_WORDS
        or following[:1].isupper()
        or not following.isalpha()
    )


@cache
def pool_forms(lemma: str) -> tuple[str, ...]:
    return tuple({inflect(lemma, t) for t in (*VERB_TAGS, "VB", "VBG")} - {""})


# -- subtle: hiding places ----------------------------------------------------------


def _blocks_before_blank(p: Project) -> list[Block]:
    return [b for b in p.claim_blocks("para", "item", markdown_only=True) if b.depth == 0]


def _copied_sentence(block: Block) -> str | None:
    sentences = list(last_role_sentence(block))
    if not sentences:
        return None
    s, e, _ = sentences[-1]
    return block.text[item_prefix(block, s) : e].strip()


@kind("hide_footnote", "subtle", "a made-up number and name in a footnote")
def _hide_footnote(p: Project, rng: Random):
    for block in _blocks_before_blank(p):
        if f"[^{FOOTNOTE_LABEL}]" in p.files[block.file]:
            continue
        sentences = list(last_role_sentence(block))
        if not sentences or sentences[-1][1] < len(block.text.rstrip()) - 1:
            continue
        cite = sentences[-1][2]
        at = cite.start
        while at > 0 and block.text[at - 1].isspace():
            at -= 1
        text = block.text[:at] + f"[^{FOOTNOTE_LABEL}]" + block.text[at:]
        new = text.split("\n") + ["", f"[^{FOOTNOTE_LABEL}]: {p.fabrication(rng)}."]
        following = p.files[block.file].split("\n")
        if block.end < len(following) and following[block.end].strip():
            continue
        yield p.mutation(
            "hide_footnote", block.file, block.start, block.lines, new, extra_accept=(block.anchor,)
        )


def _insert_with_copy(name: str, make: Callable[[Project, Random, str], list[str]]):
    def generate(p: Project, rng: Random):
        for block in _blocks_before_blank(p):
            copy = _copied_sentence(block)
            if copy:
                yield block.insert_after(name, make(p, rng, copy))

    return generate


kind("hide_admonition_title", "subtle", "a made-up number or name in an admonition title")(
    _insert_with_copy(
        "hide_admonition_title",
        lambda p, rng, copy: [f":::{{admonition}} {p.fabricated_label(rng)}", copy, ":::"],
    )
)
kind("hide_deflist_term", "subtle", "a made-up number or name as a definition-list term")(
    _insert_with_copy(
        "hide_deflist_term", lambda p, rng, copy: [p.fabricated_label(rng), f": {copy}"]
    )
)
kind("hide_fieldlist_name", "subtle", "a made-up number or name as a field-list name")(
    _insert_with_copy(
        "hide_fieldlist_name", lambda p, rng, copy: [f":{p.fabricated_label(rng)}: {copy}"]
    )
)
kind("hide_raw_html", "subtle", "a made-up sentence in a {raw} html block")(
    _insert_with_copy(
        "hide_raw_html",
        lambda p, rng, copy: ["```{raw} html", f"<p>{p.fabrication(rng)}.</p>", "```"],
    )
)
kind("hide_editors_note", "subtle", "a made-up sentence in an {editors-note} on a content page")(
    _insert_with_copy(
        "hide_editors_note",
        lambda p, rng, copy: [":::{editors-note}", f"{p.fabrication(rng)}.", ":::"],
    )
)


@kind("hide_heading", "subtle", "a made-up number or name added to a heading")
def _hide_heading(p: Project, rng: Random):
    for file, number, line in p.headings:
        if file in p.content_pages and re.match(r"#{2,6}\s", line.strip()):
            label = p.fabricated_label(rng)
            yield p.mutation("hide_heading", file, number, [line], [f"{line.rstrip()}: {label}"])


def _before_role(name: str, make: Callable[[Project, Random], str]):
    def generate(p: Project, rng: Random):
        for block in p.claim_blocks("para", "item", markdown_only=True):
            for s, _, cite in last_role_sentence(block):
                at = cite.start
                while at > s and block.text[at - 1].isspace():
                    at -= 1
                yield block.edit(name, [(at, at, make(p, rng))])

    return generate


kind("hide_link_text", "subtle", "a made-up number or name as the text of a link")(
    _before_role("hide_link_text", lambda p, rng: f" (see [{p.fabricated_label(rng)}](index.md))")
)
kind("hide_inline_code", "subtle", "a made-up number or name as inline code in prose")(
    _before_role("hide_inline_code", lambda p, rng: f" (`{p.fabricated_label(rng)}`)")
)


@kind(
    "hide_table_cell_sentence", "subtle", "a second, made-up sentence after a table cell's citation"
)
def _hide_table_cell_sentence(p: Project, rng: Random):
    for block in p.claim_blocks("row"):
        for cite in block.cites:
            if re.match(r"\s*\|", block.text[cite.end :]):
                yield block.edit(
                    "hide_table_cell_sentence", [(cite.end, cite.end, f" {p.fabrication(rng)}.")]
                )


@kind("hide_semicolon_clause", "subtle", "a made-up clause after a semicolon after the citation")
def _hide_semicolon_clause(p: Project, rng: Random):
    for block in p.claim_blocks("para", "item", markdown_only=True):
        for _, e, cite in last_role_sentence(block):
            clause = p.fabrication(rng)
            clause = clause[0].lower() + clause[1:] if clause.startswith("The ") else clause
            yield block.edit(
                "hide_semicolon_clause",
                [(cite.end, e, f"; {clause}" + block.text[cite.end : e].strip())],
            )


# -- legitimate ---------------------------------------------------------------------


@kind("number_as_words", "legitimate", "a number written in words or digits (25 <-> twenty-five)")
def _number_as_words(p: Project, rng: Random):
    month_names = "|".join(months())
    spelled = {number_in_words(n): n for n in range(2, 100)}
    for block in p.claim_blocks():
        for s, e, number in block.numbers(0, len(block.text)):
            if "." in number or not 0 < int(number) < 100:
                continue
            around = block.text[max(0, s - 12) : e + 12]
            if re.search(month_names, around) or not found(number, block.clause_text(s)):
                continue
            words = number_in_words(int(number))
            sentence_start = block.sentence_at(s)[0]
            if not block.text[item_prefix(block, sentence_start) : s].strip():
                words = words.capitalize()
            if block.text[e : e + 1] == "%":
                yield block.edit("number_as_words", [(s, e + 1, f"{words} per cent")])
            else:
                yield block.edit("number_as_words", [(s, e, words)])
        pattern = re.compile(
            r"(?<![\w-])(" + "|".join(sorted(spelled, key=len, reverse=True)) + r")(?![\w-])",
            re.IGNORECASE,
        )
        for m in pattern.finditer(block.plain):
            if re.search(
                r"\bthe\s+$", block.plain[max(0, m.start() - 5) : m.start()], re.I
            ) or not re.match(r"\s+[a-z]", block.plain[m.end() :]):
                continue  # "the two" is a pronoun; a number word counts something
            cited = block.clause_text(m.start())
            digits = str(spelled[m.group(1).lower()])
            if found(m.group(1), cited) or found(digits, cited):
                yield block.edit("number_as_words", [(*m.span(), digits)])


@kind("iso_date", "legitimate", "a date written the other way (30 May 2025 <-> 2025-05-30)")
def _iso_date(p: Project, rng: Random):
    names = list(months())
    month_names = "|".join(names)
    day_names = "|".join(weekdays())
    day_first = re.compile(
        rf"\b(?:(?:{day_names}),?\s+)?(\d{{1,2}})\s+({month_names}),?\s+"
        rf"(\d{{4}})\b"
    )
    month_first = re.compile(
        rf"\b(?:(?:{day_names}),?\s+)?({month_names})\s+(\d{{1,2}}),?\s+"
        rf"(\d{{4}})\b"
    )
    iso = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")
    for block in p.claim_blocks():
        plain = block.plain
        for m in day_first.finditer(plain):
            day, month, year = int(m.group(1)), names.index(m.group(2)) + 1, m.group(3)
            yield block.edit("iso_date", [(*m.span(), f"{year}-{month:02d}-{day:02d}")])
        for m in month_first.finditer(plain):
            month, day, year = names.index(m.group(1)) + 1, int(m.group(2)), m.group(3)
            yield block.edit("iso_date", [(*m.span(), f"{year}-{month:02d}-{day:02d}")])
        for m in iso.finditer(plain):
            year, month, day = m.group(1), int(m.group(2)), int(m.group(3))
            if 1 <= month <= 12 and 1 <= day <= 31:
                yield block.edit("iso_date", [(*m.span(), f"{day} {names[month - 1]} {year}")])


@kind("bracketed_case", "legitimate", "a bracketed case change at the start of a quote ([i]n)")
def _bracketed_case(p: Project, rng: Random):
    names = {n.split()[0] for n in p.source_names}
    for block in p.claim_blocks():
        for qs, qe in block.quotes:
            m = re.match(r"[A-Za-z][\w’'-]*", block.text[qs + 1 : qe - 1])
            if not m or m.group() in names or m.group() == "I":
                continue
            word = m.group()
            if word[0].isupper() and word.lower() not in p.lowercase:
                continue  # a name, not a word whose case can change
            opening = block.text[item_prefix(block, block.sentence_at(qs)[0]) : qs]
            if (
                word[0].islower() == bool(opening.strip())
                or opening.rstrip().endswith(":")
                or len(block.text[qs:qe].split()) < 3
            ):
                continue  # "[T]he" opens a sentence, "[t]he" goes inside one; not a quoted word
            swapped = word[0].lower() if word[0].isupper() else word[0].upper()
            yield block.edit("bracketed_case", [(qs + 1, qs + 2, f"[{swapped}]")])


@kind("quote_ellipsis", "legitimate", "a list item or aside of a quote left out with an ellipsis")
def _quote_ellipsis(p: Project, rng: Random):
    """ ", X," inside a quote -> " …": no negation, no contrast, words kept on both sides."""
    turning = re.compile(
        r"\b(?:not|no|never|nor|without|but|yet|although|though|however|"
        r"except|unlike)\b|n[’']t\b",
        re.IGNORECASE,
    )
    for block in p.claim_blocks():
        for qs, qe in block.quotes:
            quote = block.text[qs + 1 : qe - 1]
            for m in re.finditer(r",\s+([^,]+?),(?=\s)", quote):
                before, after = quote[: m.start()].split(), quote[m.end() :].split()
                if (
                    len(before) < 2
                    or len(after) < 2
                    or turning.search(m.group(1))
                    or len(m.group(1).split()) > 6
                ):
                    continue
                yield block.edit("quote_ellipsis", [(qs + 1 + m.start(), qs + 1 + m.end(), " …")])


@kind("synonym_swap", "legitimate", "a word replaced by its reviewed synonym (project data file)")
def _synonym_swap(p: Project, rng: Random):
    """A grounded word replaced by a synonym from the project's reviewed file, where the
    synonym fits: an adjective ("Martian") only before a noun, as in "the Mars mission"."""
    if not p.synonyms:
        return
    for block in p.claim_blocks():
        for one, other in p.synonyms:
            for m in re.finditer(rf"(?<![\w-]){re.escape(one)}(?![\w-])", block.plain):
                if not found(one, block.clause_text(m.start())):
                    continue
                if word_class(other) != word_class(one):
                    following = re.match(r"\s+([a-z]+)\b", block.plain[m.end() :])
                    if not following or word_class(following.group(1)) != "noun":
                        continue  # "on Mars" -> "on Martian" is not English
                yield block.edit("synonym_swap", [(*m.span(), recase(other, m.group()))])


def word_class(word: str) -> str:
    """``adjective`` or ``noun`` (or ``other``): a word in lower case by LemmInflect's
    dictionary (a noun when it can be one), a capitalised one by its suffix."""
    if word[:1].islower():
        if word in stopwords() or word in NUMBER_WORDS or word in TENS:
            return "other"  # LemmInflect calls pronouns and numbers nouns
        found = lemmas(word)
        return "noun" if "NOUN" in found else "adjective" if "ADJ" in found else "other"
    return "adjective" if re.search(r"(?:ian|an|ese|ish|ic|al|ous|ive)$", word) else "noun"


DETERMINERS = frozenset(
    "the a an his her its their this these those my our your every each no some any".split()
)


PRONOUNS = frozenset("i you he she it we they one who which that".split())
PREPOSITIONS = frozenset("by for in on at with from to into of as".split())


def subject_like(word: str) -> bool:
    """*word* can stand right before the verb of its clause: a pronoun, a name or a noun
    (LemmInflect), not an adjective ("Korean animated feature")."""
    if word.lower() in PRONOUNS:
        return True
    if not word or word.lower() in FUNCTION_WORDS:
        return False
    found = {**lemmas(word.lower()), **lemmas(word)}
    return "ADJ" not in found and (word[:1].isupper() or "NOUN" in found)


def has_finite_verb(clause: str) -> bool:
    """Whether *clause* can stand as a sentence: it has a verb in a finite form (a word
    LemmInflect knows as a verb's past or third-person form, after a word that can be its
    subject, an adverb between them allowed), or an auxiliary."""
    text = mask(mask(clause, QUOTE), ROLE).replace(HIDDEN, " ")
    # the main clause only: a verb in "Jay, a musician who gave up …" is not its own
    text = re.split(r",|\b(?:who|which|that|whose|whom|where)\b", text, maxsplit=1)[0]
    words = re.findall(r"[A-Za-z][\w’'-]*", text)
    for i, word in enumerate(words):
        if not (word.islower() and finite(word)) or i == 0:
            continue
        following = words[i + 1] if i + 1 < len(words) else ""
        if (
            verb_forms(word)[1] >= {"VBD", "VBN"}
            and following
            and (
                following in PREPOSITIONS
                or not (following in FUNCTION_WORDS or following[:1].isupper())
            )
        ):
            continue  # "a film produced for …", "animated feature": a participle
        before = words[i - 1]
        if i >= 2 and set(lemmas(before.lower())) == {"ADV"}:
            before = words[i - 2]  # "it also found"
        if subject_like(before):
            return True
    return bool(
        re.search(
            r"\b(?:is|are|was|were|has|have|had|will|can|could|would|does|did|"
            r"do|may|might|must|should)\b|^\s*(?:another|one|it|he|she|they)\s+"
            r"\w+(?:s|ed)\b",
            text,
        )
    )


SUBJECT_START = re.compile(
    r"(?:the|a|an|it|he|she|they|their|his|her|its|this|these|one|"
    r"another|[A-Z][\w’'-]*)\b"
)


def _parallel(first: str, second: str) -> bool:
    """Two clauses with the same verb ("A calls it …", "B calls it …"): each has a subject."""
    if not SUBJECT_START.match(second.lstrip()) or not SUBJECT_START.match(first.lstrip()):
        return False
    a = re.findall(r"[\w’'-]+", mask(mask(first, QUOTE), ROLE).replace(HIDDEN, " "))[:7]
    b = re.findall(r"[\w’'-]+", mask(mask(second, QUOTE), ROLE).replace(HIDDEN, " "))[:6]
    shared = [
        w
        for w in b[1:]
        if w in a[1:] and w.isalpha() and w.islower() and (w not in stopwords() or finite(w))
    ]
    return bool(shared)


CLAUSE_JOINT = re.compile(r",? and (?=(?:the|it|he|she|they|this|these|its|[A-Z])\b)")


@kind("split_at_and", "legitimate", "a sentence split in two at 'and', the citation repeated")
def _split_at_and(p: Project, rng: Random):
    for block in p.claim_blocks("para", "item", markdown_only=True):
        for s, e, cite in last_role_sentence(block):
            start = item_prefix(block, s)
            for m in CLAUSE_JOINT.finditer(block.plain, start, cite.start):
                first = block.text[start : m.start()].rstrip(" ,")
                second = block.text[m.end() : cite.start].rstrip()
                if (
                    len(first.split()) < 3
                    or len(second.split()) < 3
                    or not _parallel(first, second)
                    or not has_finite_verb(second)
                ):
                    continue
                role = block.text[cite.start : cite.end]
                tail = block.text[cite.end : e]
                stop = "." if tail.strip() in ("", ".") else tail.strip()
                new = f"{first} {role}{stop} {second[0].upper()}{second[1:]} {role}{tail}"
                yield block.edit("split_at_and", [(start, e, new)])
        # "A [c1], and B [c2]." -> "A [c1]. B [c2].": each clause keeps its citation
        for s, e in block.sentences:
            for cite in block.cites_in(s, e)[:-1]:
                joint = re.compile(
                    r", and (?=(?:the|a|an|it|he|she|they|their|his|her|its|"
                    r"this|these|one|another)\b|[A-Z])"
                ).match(block.text, cite.end)
                following = block.cites_in(s, e)[block.cites_in(s, e).index(cite) + 1]
                if (
                    joint
                    and block.single_line(s, e)
                    and has_finite_verb(block.text[joint.end() : following.start])
                ):
                    after = block.text[joint.end() :]
                    yield block.edit(
                        "split_at_and", [(cite.end, joint.end() + 1, ". " + after[:1].upper())]
                    )


FUNCTION_STARTS = {
    "The",
    "It",
    "He",
    "She",
    "They",
    "This",
    "These",
    "Its",
    "A",
    "An",
    "His",
    "One",
    "Another",
    "Some",
    "Each",
    "Both",
    "Many",
    "Other",
    "Others",
    "Her",
    "Their",
}


def _lower_first(text: str) -> str:
    word = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if word in FUNCTION_STARTS else text


def _upper_first(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


@kind("clause_reorder", "legitimate", "two clauses of a sentence swapped, each with its citation")
def _clause_reorder(p: Project, rng: Random):
    joints = re.compile(r"(, and |, or |; |, but )")
    for block in p.claim_blocks("para", "item", "row", markdown_only=True):
        if block.kind == "row":
            segments = [(m.start() + 1, m.end()) for m in re.finditer(r"\|[^|]+(?=\|)", block.text)]
        else:
            segments = [
                (item_prefix(block, s), e) for s, e in block.sentences if block.single_line(s, e)
            ]
        for s, e in segments:
            cites = [c for c in block.cites if s <= c.start < e]
            text = block.text
            # (i) each clause with its own citation: "A [c1], and B [c2]."
            if len(cites) == 2:
                joint = joints.match(text, cites[0].end)
                tail = text[cites[1].end : e]
                if joint and re.fullmatch(r"\s*\.?\s*", tail):
                    lead = len(text[s:e]) - len(text[s:e].lstrip())
                    first = text[s + lead : cites[0].end]
                    second = text[joint.end() : cites[1].end]
                    short = len(first.split()) <= 7 and len(second.split()) <= 7
                    if short or (_parallel(first, second) and has_finite_verb(second)):
                        new = (
                            (_upper_first(second) if first[:1].isupper() else second)
                            + joint.group()
                            + (_lower_first(first) if first[:1].isupper() else first)
                        )
                        yield block.edit("clause_reorder", [(s + lead, cites[1].end, new)])
            # (ii) one citation after both clauses: "A, and B [c]."
            if len(cites) == 1 and block.kind != "row":
                cite = cites[0]
                for m in CLAUSE_JOINT.finditer(block.plain, s, cite.start):
                    if not m.group().startswith(","):
                        continue
                    first = text[s : m.start()]
                    second = text[m.end() : cite.start].rstrip()
                    if (
                        len(first.split()) >= 3
                        and len(second.split()) >= 3
                        and _parallel(first, second)
                    ):
                        new = f"{_upper_first(second)}, and {_lower_first(first)}"
                        yield block.edit(
                            "clause_reorder", [(s, s + len(text[s : cite.start].rstrip()), new)]
                        )


# ---------------------------------------------------------------------------
# Generating a sample
# ---------------------------------------------------------------------------


def select_kinds(spec: str | None) -> list[str]:
    if not spec:
        return list(KINDS)
    chosen: list[str] = []
    for name in (x.strip() for x in spec.split(",")):
        if not name:
            continue
        if name in CLASSES:
            chosen += [k for k, v in KINDS.items() if v.cls == name]
        elif name in KINDS:
            chosen.append(name)
        else:
            raise UsageError(
                f"--kinds: unknown kind '{name}' (see --list; classes: {', '.join(CLASSES)})"
            )
    return list(dict.fromkeys(chosen))


def places(project: Project, name: str, seed: int) -> list[Mutation]:
    """Every distinct mutation of one kind, in a reproducible order."""
    rng = Random(f"{seed}:{name}")
    seen: set[tuple] = set()
    result = []
    for mutation in KINDS[name].generate(project, rng):
        if mutation is None:
            continue
        key = (mutation.file, mutation.first, mutation.old, mutation.new)
        if key not in seen:
            seen.add(key)
            result.append(mutation)
    return result


def generate(
    project: Project, seed: int, per_kind: int, kinds: Iterable[str]
) -> tuple[list[Mutation], dict[str, int]]:
    """Up to *per_kind* mutations of each kind, drawn with the seed; and how many places
    each had."""
    sample: list[Mutation] = []
    available: dict[str, int] = {}
    for name in kinds:
        candidates = places(project, name, seed)
        available[name] = len(candidates)
        rng = Random(f"{seed}:{name}:sample")
        chosen = sorted(rng.sample(range(len(candidates)), min(per_kind, len(candidates))))
        sample += [candidates[i] for i in chosen]
    return sample, available


# ---------------------------------------------------------------------------
# Running the check and judging
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A finding of the hard tier, or a flag (``code`` ``flag.<kind>``, ``word`` set)."""

    path: str
    line: int
    code: str
    message: str
    word: str = ""

    @property
    def is_flag(self) -> bool:
        return self.code.startswith("flag.")

    def format(self) -> str:
        return f"{self.path}:{self.line}" + (f" [{self.code}]" if self.code else "")


_FLAG = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+): flag: '(?P<word>.*?)': (?P<message>.*) "
    r"\[(?P<code>flag\.\w+)\]$"
)


def _flag_finding(path: str, line: int, flag, root: Path) -> Finding:
    relative = Path(path).resolve()
    for base in (root, root.resolve()):
        if relative.is_relative_to(base):
            relative = relative.relative_to(base)
            break
    return Finding(relative.as_posix(), line, flag.kind.qualified, flag.message, flag.word)


_WARNING = re.compile(
    r"^(?P<where>.*?): (?:WARNING|ERROR|CRITICAL|SEVERE|error): "
    r"(?P<message>.*?)(?: \[(?P<code>[\w.-]+)\])?$"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def parse_findings(output: str, root: Path) -> list[Finding]:
    """Findings from Sphinx warnings or ``check_claims.py`` lines, paths relative to *root*."""
    findings = []
    prefixes = {str(root) + os.sep, str(root.resolve()) + os.sep}
    for line in _ANSI.sub("", output).splitlines():
        match = _WARNING.match(line.strip())
        if not match:
            continue
        where = match.group("where")
        for prefix in prefixes:
            where = where.replace(prefix, "")
        located = re.match(r"(.*?):(\d+)(?::\d+)?$", where)
        path, number = (located.group(1), int(located.group(2))) if located else (where, 0)
        findings.append(
            Finding(
                Path(path).as_posix(), number, match.group("code") or "", match.group("message")
            )
        )
    return findings


def fresh_findings(
    mutation: Mutation, findings: Iterable[Finding], baseline: Iterable[Finding] = ()
) -> list[Finding]:
    """The findings the mutation caused: the baseline's removed (lines shifted past the edit).

    Baseline findings are matched by file, line and code (and a flag by its word), not by
    message: messages quote the sentence, which the mutation may have changed.
    """
    shift = len(mutation.new) - len(mutation.old)
    known: Counter[tuple[str, int, str, str]] = Counter()
    for f in baseline:
        line = (
            f.line + shift
            if f.path == mutation.file and f.line >= mutation.first + len(mutation.old)
            else f.line
        )
        known[(f.path, line, f.code, f.word.lower())] += 1
    result = []
    for f in findings:
        key = (f.path, f.line, f.code, f.word.lower())
        if known[key]:
            known[key] -= 1
        else:
            result.append(f)
    return result


def judge(
    mutation: Mutation, findings: Iterable[Finding], baseline: Iterable[Finding] = ()
) -> tuple[str, list[Finding]]:
    """For an error: ``caught`` when the hard tier reports a finding at the right file and
    line, else ``flagged`` when a flag there marks one of its wrong words, else
    ``missed``. For a legitimate edit: ``rejected`` on any new finding of the hard tier,
    else ``passed`` (its flags are counted apart)."""
    new = fresh_findings(mutation, findings, baseline)
    hard = [f for f in new if not f.is_flag]
    if mutation.cls == "legitimate":
        return ("rejected" if hard else "passed"), new
    here = [f for f in new if f.path == mutation.file and f.line in mutation.accept]
    if any(not f.is_flag for f in here):
        return "caught", new
    wrong = mutation.wrong_words
    if any(f.is_flag and wrong & {w.lower() for w in WORDS.findall(f.word)} for f in here):
        return "flagged", new
    return "missed", new


class CheckFailed(Exception):
    """The check itself crashed (not a finding)."""


class Engine:
    """One copy of the project and a way to check it, incrementally or from scratch."""

    def __init__(self, project: Path, mode: str = "incremental"):
        self.project = project
        self.mode = mode
        self.stack = ExitStack()
        self.app: Sphinx | None = None  # the incremental mode's, made by _start
        self.warnings = io.StringIO()

    def baseline(self) -> list[Finding]:
        if self.mode == "incremental":
            self._start(fresh=True)
        return self.check()

    def _start(self, fresh: bool) -> None:
        from sphinx.application import Sphinx
        from sphinx.util.console import nocolor
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        nocolor()
        self.stack.close()
        self.stack = ExitStack()
        docs = self.project / "docs"
        build = self.project / "build" / "redteam"
        self.stack.enter_context(patch_docutils(docs))
        self.stack.enter_context(docutils_namespace())
        self.warnings = io.StringIO()
        # The machine is measured, not the review ledger: its gate would catch every
        # edit (an edited claim is unreviewed) and reject every honest one.
        self.app = Sphinx(
            str(docs),
            str(docs),
            str(build / "out"),
            str(build / "doctrees"),
            "claims",
            status=None,
            warning=self.warnings,
            freshenv=fresh,
            keep_going=True,
            confoverrides={"claims_reviews": ""},
        )

    def check(self) -> list[Finding]:
        if self.mode == "full":
            # A folder of its own each time: no verdict of an earlier check is reused.
            with tempfile.TemporaryDirectory(prefix="redteam-full-") as doctrees:
                result = subprocess.run(
                    [sys.executable, "-m", "starlight", "check-claims", "--doctrees", doctrees],
                    cwd=self.project,
                    capture_output=True,
                    text=True,
                )
            if result.returncode not in (0, 1, 2) or "Traceback" in result.stderr:
                raise CheckFailed(
                    result.stderr.strip().splitlines()[-1]
                    if result.stderr.strip()
                    else f"exit status {result.returncode}"
                )
            found = parse_findings(result.stdout + "\n" + result.stderr, self.project)
            return [
                f for f in found if not f.is_flag and f.code != UNREVIEWED
            ] + self._flags_of_lines(result.stdout)
        if self.app is None:
            raise CheckFailed("the incremental check was not started (baseline first)")
        self.warnings.seek(0)
        self.warnings.truncate()
        try:
            self.app.build()
        except Exception as exc:
            raise CheckFailed(f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}") from exc
        return parse_findings(self.warnings.getvalue(), self.project) + self._flags()

    def _flags(self) -> list[Finding]:
        """The flags of this build's report, as findings of code ``flag.<kind>``."""
        from starlight import buildstate

        report = buildstate.of(self.app).report
        if report is None:
            return []
        return [_flag_finding(path, line, flag, self.project) for path, line, flag in report.flags]

    def _flags_of_lines(self, output: str) -> list[Finding]:
        """The flags ``check-claims`` printed (``path:line: flag: message [flag.kind]``)."""
        found = []
        for line in output.splitlines():
            match = _FLAG.match(line.strip())
            if match:
                found.append(
                    Finding(
                        match.group("path"),
                        int(match.group("line")),
                        match.group("code"),
                        match.group("message"),
                        match.group("word"),
                    )
                )
        return found

    def try_mutation(self, mutation: Mutation) -> list[Finding]:
        path = self.project / mutation.file
        original = path.read_text(encoding="utf-8")
        try:
            mutated = mutation.apply(original)
        except ValueError as exc:
            raise CheckFailed(str(exc)) from None
        try:
            _write(path, mutated)
            return self.check()
        except CheckFailed:
            _write(path, original)
            if self.mode == "incremental":
                self._start(fresh=True)  # the environment may be half-updated
                self.check()
            raise
        finally:
            _write(path, original)

    def close(self) -> None:
        self.stack.close()


def _write(path: Path, text: str) -> None:
    """Write and make the file newer than any build so far (Sphinx compares times)."""
    path.write_text(text, encoding="utf-8")
    stamp = time.time_ns() + 1_000_000
    os.utime(path, ns=(stamp, stamp))


def copy_of(root: Path, target: Path) -> Path:
    """A copy of the project to mutate: the checkout's, or that of another root."""
    return copy_project(target, root)


_WORKER: Engine | None = None


def _init_worker(root: str, scratch: str, mode: str) -> None:
    global _WORKER
    project = copy_of(Path(root), Path(tempfile.mkdtemp(prefix="worker-", dir=scratch)))
    _WORKER = Engine(project, mode)
    _WORKER.baseline()


def _run_one(mutation: Mutation) -> tuple[list[Finding], str]:
    assert _WORKER is not None
    try:
        return _WORKER.try_mutation(mutation), ""
    except CheckFailed as exc:
        return [], str(exc)


@dataclass
class Result:
    mutation: Mutation
    verdict: str
    findings: list[Finding]
    error: str = ""


def run(
    root: Path,
    mutations: list[Mutation],
    jobs: int,
    mode: str,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Finding], list[Result]]:
    """The baseline findings and the verdict of every mutation (made from *root*'s text).

    Each worker checks its own copy of *root*: one worker per job, or this process alone.
    """
    with tempfile.TemporaryDirectory(prefix="redteam-") as scratch:
        main = Engine(copy_of(root, Path(scratch, "main")), mode)
        try:
            baseline = main.baseline()
        except CheckFailed as exc:
            raise UsageError(
                f"{root / 'docs'}: the check fails on the unmutated wiki: {exc}"
            ) from None
        order = sorted(range(len(mutations)), key=lambda i: (mutations[i].file, i))
        outcomes: dict[int, tuple[list[Finding], str]] = {}
        if jobs <= 1 or len(mutations) <= 1:
            global _WORKER
            _WORKER = main
            for done, index in enumerate(order, 1):
                outcomes[index] = _run_one(mutations[index])
                if progress:
                    progress(done, len(order))
            main.close()
        else:
            main.close()
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            with ProcessPoolExecutor(
                jobs,
                mp_context=context,
                initializer=_init_worker,
                initargs=(str(root), scratch, mode),
            ) as pool:
                chunk = max(1, min(8, len(order) // (jobs * 4) or 1))
                results = pool.map(_run_one, [mutations[i] for i in order], chunksize=chunk)
                for done, (index, outcome) in enumerate(zip(order, results, strict=True), 1):
                    outcomes[index] = outcome
                    if progress:
                        progress(done, len(order))
    verdicts = []
    for index, mutation in enumerate(mutations):
        findings, error = outcomes[index]
        if error:
            verdicts.append(
                Result(
                    mutation, "missed" if mutation.cls != "legitimate" else "rejected", [], error
                )
            )
        else:
            verdict, fresh = judge(mutation, findings, baseline)
            verdicts.append(Result(mutation, verdict, fresh))
    return baseline, verdicts


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def summarise(results: list[Result], kinds: list[str], available: dict[str, int]) -> dict:
    """Counts per kind and per class, and whether each class meets its goal.

    An error kind (obvious, subtle) counts ``caught`` (a hard finding at the edit's line),
    ``flagged`` (no hard finding there, but a flag there marking one of its wrong words) and
    ``missed``; a legitimate kind ``passed`` (no new hard finding), ``rejected`` and
    ``flags`` (the new flags its edits received). Each class's ``share`` is what its goal
    measures: caught (obvious), caught or flagged (subtle), passed (legitimate)."""
    per_kind = {}
    for name in kinds:
        mine = [r for r in results if r.mutation.kind == name]
        row: dict = {"class": KINDS[name].cls, "places": available.get(name, 0), "tried": len(mine)}
        if KINDS[name].cls == "legitimate":
            row["passed"] = sum(r.verdict == "passed" for r in mine)
            row["rejected"] = len(mine) - row["passed"]
            row["flags"] = sum(f.is_flag for r in mine for f in r.findings)
            row["flagged_edits"] = sum(any(f.is_flag for f in r.findings) for r in mine)
        else:
            for verdict in ("caught", "flagged", "missed"):
                row[verdict] = sum(r.verdict == verdict for r in mine)
        per_kind[name] = row
    per_class = {}
    for cls in CLASSES:
        rows = [v for v in per_kind.values() if v["class"] == cls]
        tried = sum(v["tried"] for v in rows)
        total: dict = {"tried": tried}
        if cls == "legitimate":
            for key in ("passed", "rejected", "flags", "flagged_edits"):
                total[key] = sum(v[key] for v in rows)
            good = total["passed"]
            total["flags_per_edit"] = round(total["flags"] / tried, 3) if tried else None
        else:
            for key in ("caught", "flagged", "missed"):
                total[key] = sum(v[key] for v in rows)
            total["caught_share"] = total["caught"] / tried if tried else None
            total["caught_or_flagged_share"] = (
                (total["caught"] + total["flagged"]) / tried if tried else None
            )
            good = total["caught"] if cls == "obvious" else total["caught"] + total["flagged"]
        share = good / tried if tried else None
        total.update(
            {
                "share": share,
                "measure": GOAL_MEASURES[cls],
                "goal": GOALS[cls],
                "met": share is not None and share >= GOALS[cls],
            }
        )
        per_class[cls] = total
    return {"kinds": per_kind, "classes": per_class}


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.0%}"


def report(
    results: list[Result],
    summary: dict,
    baseline: list[Finding],
    header: str,
    notes: dict[str, str],
    examples: int = 3,
) -> str:
    out = [header, ""]
    if baseline:
        hard = sum(not f.is_flag for f in baseline)
        out.append(
            f"Note: the unmutated wiki already has {hard} finding(s) and "
            f"{len(baseline) - hard} flag(s), e.g. {baseline[0].format()}; verdicts "
            "count only what a mutation adds."
        )
        out.append("")

    def note(name: str, row: dict) -> str:
        return (
            f"   ({notes[name]})"
            if name in notes
            else ("   (no places in this text)" if not row["places"] else "")
        )

    out.append(
        "Errors: 'caught' by the hard tier at the edit's line; else 'flagged' there at "
        "one of the edit's wrong words; else 'missed'."
    )
    out.append(
        f"{'kind':<26} {'class':<11} {'places':>6} {'tried':>5} {'caught':>6} "
        f"{'flagged':>7} {'missed':>6}"
    )
    for cls in ("obvious", "subtle"):
        for name, row in summary["kinds"].items():
            if row["class"] == cls:
                out.append(
                    f"{name:<26} {cls:<11} {row['places']:>6} {row['tried']:>5} "
                    f"{row['caught']:>6} {row['flagged']:>7} {row['missed']:>6}"
                    f"{note(name, row)}"
                )
    out += [
        "",
        "Legitimate edits: 'passed' the hard tier (no new finding), or 'rejected'; "
        "'flags': new flags they received.",
    ]
    out.append(
        f"{'kind':<26} {'class':<11} {'places':>6} {'tried':>5} {'passed':>6} "
        f"{'rejected':>8} {'flags':>5}"
    )
    for name, row in summary["kinds"].items():
        if row["class"] == "legitimate":
            out.append(
                f"{name:<26} {'legitimate':<11} {row['places']:>6} {row['tried']:>5} "
                f"{row['passed']:>6} {row['rejected']:>8} {row['flags']:>5}"
                f"{note(name, row)}"
            )
    escaped = [r for r in results if r.verdict in ("missed", "rejected")]
    if escaped:
        out += ["", "Examples of what escaped (or, for legitimate edits, was rejected):"]
        for name in summary["kinds"]:
            mine = [r for r in escaped if r.mutation.kind == name]
            if not mine:
                continue
            out.append(f"  {name} ({len(mine)}):")
            for r in mine[:examples]:
                m = r.mutation
                if r.error:
                    said = f"check failed: {r.error}"
                elif r.findings:
                    said = "reported " + ", ".join(
                        f.format() + (f" '{f.word}'" if f.word else "") for f in r.findings[:2]
                    )
                else:
                    said = "no finding"
                wrong = ", ".join(sorted(m.wrong_words)) or "(none)"
                out.append(f"    {m.file}:{m.line}: {m.short_diff()}")
                out.append(f"        wrong words: {wrong} -> {said}")
    out += ["", "Totals and goals:"]
    for cls, row in summary["classes"].items():
        goal = "100%" if row["goal"] == 1 else f">= {row['goal']:.0%}"
        verdict = "not measured" if row["share"] is None else ("met" if row["met"] else "not met")
        if cls == "legitimate":
            counts = f"{row['passed']} passed, {row['rejected']} rejected"
            extra = (
                f"; {row['flags']} new flag(s), on {row['flagged_edits']} of the "
                f"{row['tried']} edits ({row['flags_per_edit'] or 0:.2f} per edit)"
            )
        else:
            counts = f"{row['caught']} caught, {row['flagged']} flagged, {row['missed']} missed"
            extra = (
                f"; caught or flagged {_percent(row['caught_or_flagged_share'])}"
                if cls == "obvious"
                else f"; caught alone {_percent(row['caught_share'])}"
            )
        out.append(f"  {cls:<11} {row['tried']:>4} tried: {counts}")
        out.append(
            f"  {'':<11} {row['measure']}: {_percent(row['share'])}, goal {goal}: {verdict}{extra}"
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--per-kind",
        type=int,
        default=8,
        metavar="K",
        help="mutations per kind, at most (default: 8)",
    )
    parser.add_argument("--kinds", help="comma-separated kinds or classes (default: all)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="J",
        help="worker processes, each with its own copy (default: CPU count)",
    )
    parser.add_argument("--json", metavar="FILE", help="write every mutation and verdict here")
    parser.add_argument(
        "--mode",
        choices=("incremental", "full"),
        default="incremental",
        help="incremental Sphinx builds (default) or check_claims.py each time",
    )
    parser.add_argument("--fail-under", action="store_true", help="exit 1 when a goal is not met")
    parser.add_argument("--examples", type=int, default=3, help="examples per kind (default: 3)")
    parser.add_argument(
        "--root", default=str(REPO), help="the project to mutate (default: this checkout)"
    )
    parser.add_argument("--list", action="store_true", help="list the kinds and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, k in KINDS.items():
            print(f"{name:<26} {k.cls:<11} {k.summary}")
        return 0
    try:
        if args.per_kind < 1:
            raise UsageError(f"--per-kind: must be at least 1, not {args.per_kind}")
        if args.jobs < 1:
            raise UsageError(f"--jobs: must be at least 1, not {args.jobs}")
        kinds = select_kinds(args.kinds)
        require()  # one line, not a traceback, when a package is missing
        root = Path(args.root).resolve()
        started = time.perf_counter()
        Project(root)  # bad input is reported before anything is copied
        scratch = tempfile.TemporaryDirectory(prefix="redteam-snapshot-")
        # One snapshot: the mutations and every worker's copy see the same text, even
        # while someone edits the checkout.
        snapshot = copy_of(root, Path(scratch.name))
        project = Project(snapshot)
        mutations, available = generate(project, args.seed, args.per_kind, kinds)
        notes = {}
        if "synonym_swap" in kinds and not project.synonyms:
            notes["synonym_swap"] = project.synonyms_note
        interactive = sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            if interactive:
                print(f"\r{done}/{total} mutations checked", end="", file=sys.stderr, flush=True)

        try:
            baseline, results = run(snapshot, mutations, args.jobs, args.mode, progress)
        except UsageError as exc:
            raise UsageError(str(exc).replace(str(snapshot), str(root))) from None
        finally:
            scratch.cleanup()
        if interactive:
            print(file=sys.stderr)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    summary = summarise(results, kinds, available)
    header = (
        f"Red team of the claim checker: {len(mutations)} single edits of "
        f"{root / 'docs'}, {len(kinds)} kinds (seed {args.seed}, up to "
        f"{args.per_kind} per kind, {args.mode} checks, {args.jobs} worker(s), "
        f"{elapsed:.0f} s)"
    )
    sys.stdout.write(report(results, summary, baseline, header, notes, args.examples))
    if args.json:
        data = {
            "seed": args.seed,
            "per_kind": args.per_kind,
            "mode": args.mode,
            "jobs": args.jobs,
            "seconds": round(elapsed, 1),
            "packages": versions(),
            "baseline": [asdict(f) for f in baseline],
            "summary": summary,
            "results": [
                {
                    **r.mutation.as_json(),
                    "verdict": r.verdict,
                    "error": r.error,
                    "findings": [asdict(f) for f in r.findings],
                }
                for r in results
            ],
        }
        Path(args.json).write_text(
            json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    if args.fail_under and not all(row["met"] for row in summary["classes"].values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
