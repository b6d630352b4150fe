"""What the checker knows of English words, all from maintained lexicons.

- Lemmas: simplemma's English dictionary ("tunes" → "tune", "directed" → "direct").
- Parts of speech: the Brill lexicon TextBlob ships (``en-lexicon.txt``), one
  most likely tag per word, so a noun can be told from a verb without a model.
- Evaluative words: TextBlob's sentiment lexicon (``en-sentiment.xml``, the
  Pattern lexicon): polarity and subjectivity per adjective.
- Opposites: antonym pairs from Princeton WordNet 3.0, generated into
  ``data/antonyms.tsv`` by ``starlight wordnet-tables`` (which also makes the
  tables of :mod:`.wordnet`: synonyms, more general words, derived words).
- Reviewed synonyms: the project's own data file (``claims_synonyms``), for
  pairs no lexicon links ("Martian" = "Mars").

Everything is loaded once per process and cached; the two slowest tables to decode
(the dictionary and the Brill lexicon) are kept between processes (:mod:`starlight.claims.kept`).
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from functools import cache, cached_property, lru_cache
from pathlib import Path

from simplemma import Lemmatizer
from simplemma import __version__ as simplemma_version
from simplemma.strategies import DefaultDictionaryFactory, DefaultStrategy, DictionaryLookupStrategy

from starlight.claims.kept import kept, rows
from starlight.claims.settings import THRESHOLDS
from starlight.claims.text import WORD
from starlight.errors import InputError, read_text


def _package_folder(name: str) -> Path:
    """The folder of the installed package *name*, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    return Path(spec.origin).parent


# TextBlob's data files, found without importing TextBlob (which imports NLTK).
_TEXTBLOB_EN = _package_folder("textblob") / "en"

NEGATIONS = frozenset(
    "not n't never no nothing none neither nor without nobody nowhere cannot".split()
)
"""Words that turn what follows into its opposite."""

REPORTING = frozenset(
    """
    according acclaim add admit agree applaud argue believe call cite claim comment compare
    conclude consider count credit criticise criticize declare deem describe dub explain
    feel find hail judge label laud list mention name note observe praise quote rank rate
    recall recommend refer remark report review say see speak state suggest tell term think
    view warn write aim want intend hope wish seek
""".split()
)
"""Lemmas of verbs that attribute words, a view or an aim to someone ("Bong Joon Ho calls
it …", "Han aimed for …")."""

AIMING = frozenset("aim want intend hope wish seek".split())
"""Verbs of :data:`REPORTING` that give someone's aim: they attribute what follows them
("Han wanted characters …"), never what came before ("a beautiful romance, which Han
wanted …")."""

EVALUATING = frozenset(
    """
    acclaim admit agree applaud credit criticise criticize hail laud praise recommend warn
    aim want intend hope wish seek compare
""".split()
)
"""Verbs of :data:`REPORTING` that say more than who speaks: a judgement ("praised",
"warned") or an aim ("aimed for"). The others ("found", "noted", "called") only
attribute, so the alignment does not look for them in the sources."""

ATTRIBUTING_NOUNS = frozenset(
    "source review reviewer essay preview article critic writer author interview account "
    "report version".split()
)
"""Nouns that name who speaks ("one reviewer found", "the essay's words")."""

SAYING = frozenset("say tell call write report describe state mention note add quote".split())
"""Verbs of saying, for the editorial measure: a sentence built on one reports words
rather than facts (a narrower list than :data:`SAID`, which the alignment skips)."""

SAID = frozenset(
    """
    add argue call claim comment describe dub hail label mention name note praise quote remark
    report say state tell term write
""".split()
)
"""Verbs that carry words rather than facts: the alignment does not look for them in the
sources ("Han said …"). Verbs of thinking and seeing ("find", "see") are content."""

JUDGING = frozenset("might may perhaps probably arguably deserve should ought".split())
"""Words that judge or guess in any voice ("it deserves more recognition", "it might get
buried"): the TextBlob lexicon rates adjectives only."""

ASCRIBING = frozenset("date give place put set spell".split())
"""Verbs by which a source ascribes a fact ("the review sets the story in 2051"): not
attribution of an opinion, but not content to find in the source either."""

AUXILIARIES = frozenset("be have do will would shall should can could may might must".split())

_CONTENT_TAGS = ("NN", "VB", "JJ")
_NOUN_TAGS = ("NN", "NNS")


@cache
def _tags() -> dict[str, str]:
    stat = (_TEXTBLOB_EN / "en-lexicon.txt").stat()
    return kept("brill-tags", _decode_tags, stat.st_size, stat.st_mtime_ns)


def _decode_tags() -> dict[str, str]:
    tags: dict[str, str] = {}
    for line in (_TEXTBLOB_EN / "en-lexicon.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith(";") or " " not in line:
            continue
        word, tag = line.split()[:2]
        tags.setdefault(word, tag)
    return tags


@lru_cache(maxsize=65536)
def tag(word: str) -> str:
    """The word's most likely part of speech (Penn tag); a guess by ending when unknown."""
    tags = _tags()
    found = tags.get(word) or tags.get(word.lower())
    if found:
        return found
    lower = word.lower()
    if "-" in lower:
        return tag(lower.rsplit("-", 1)[1]) if lower.rsplit("-", 1)[1] else "NN"
    if lower.endswith("ly"):
        return "RB"
    if lower.endswith(("ing", "ed")):
        return "VBG" if lower.endswith("ing") else "VBN"
    if lower.endswith(("ous", "ful", "ive", "ic", "al", "able", "less")):
        return "JJ"
    return "NNS" if lower.endswith("s") else "NN"


class _KeptDictionaries:
    """simplemma's dictionaries (a ``DictionaryFactory``), each decoded once per
    installation (:mod:`starlight.claims.kept`) instead of once per process."""

    def __init__(self) -> None:
        self._decoder = DefaultDictionaryFactory()
        self._dictionaries: dict[str, Mapping[str, str]] = {}

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        if lang not in self._dictionaries:
            self._dictionaries[lang] = kept(
                f"simplemma-{lang}",
                lambda: self._decoder.get_dictionary(lang),
                lang,
                simplemma_version,
            )
        return self._dictionaries[lang]


_DICTIONARIES = _KeptDictionaries()
# simplemma.lemmatize's and simplemma.is_known's own settings, on those dictionaries.
_LEMMATIZER = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_DICTIONARIES))
_LOOKUP = DictionaryLookupStrategy(_DICTIONARIES)


def _is_known(word: str) -> bool:
    return _LOOKUP.get_lemma(unicodedata.normalize("NFC", word), "en") is not None


def warm() -> None:
    """Load every lexicon now (about 0.45 s, or 0.17 s once kept), so that the first claim
    does not pay for it."""
    from starlight.claims import wordnet

    _tags()
    _antonyms()
    _sentiment()
    wordnet.tables()
    lemma("words")
    _is_known("words")


@lru_cache(maxsize=65536)
def is_english(word: str) -> bool:
    """Whether *word* (lower case) is an English word rather than a name: in the Brill
    lexicon in lower case; or, when the lexicon does not list it as a proper noun,
    in simplemma's English dictionary ("timeline", not "Bergen" or "Trondheim")."""
    tags = _tags()
    if word in tags or lemma(word) in tags or word.split("-")[0] in tags:
        return True
    if tags.get(word.capitalize(), "").startswith("NNP"):
        return False
    return _is_known(word)


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of *word*, lower case ("Tunes" → "tune")."""
    lower = word.lower().replace("’", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    found = _LEMMATIZER.lemmatize(lower, "en").lower()
    # One spelling for both sides of a comparison: "favour" and "favor" are one word.
    return _BRITISH.sub(lambda match: _AMERICAN[match.group(1)], found)


_AMERICAN = {"our": "or", "ise": "ize", "yse": "yze", "tre": "ter", "ogue": "og"}
_BRITISH = re.compile(r"(?<=[a-z]{2})(our|ise|yse|tre|ogue)$")


@lru_cache(maxsize=65536)
def is_content(word: str) -> bool:
    """A noun, verb or adjective that says something (not "is", "has", "the", "such")."""
    return tag(word).startswith(_CONTENT_TAGS) and not is_function(word)


_FUNCTION_TAGS = frozenset("CC DT EX IN MD PDT POS PRP PRP$ RP TO WDT WP WP$ WRB".split())
QUANTIFIERS = frozenset(
    """
    such other same own many much several few more most less least various certain each
    every only whole entire another one ones
""".split()
)
"""Adjectives by tag that work as determiners ("such", "other"): they say how many or
which, not what."""


@lru_cache(maxsize=65536)
def is_function(word: str) -> bool:
    """A word that builds the sentence rather than saying something ("the", "of", "she", "is")."""
    return tag(word) in _FUNCTION_TAGS or lemma(word) in AUXILIARIES or lemma(word) in QUANTIFIERS


def is_noun(word: str) -> bool:
    return tag(word) in _NOUN_TAGS and word.replace("-", "").isalpha()


@cache
def _antonyms() -> dict[str, frozenset[str]]:
    pairs: dict[str, set[str]] = {}
    for left, right in rows("antonyms.tsv"):
        pairs.setdefault(left, set()).add(right)
        pairs.setdefault(right, set()).add(left)
    return {word: frozenset(others) for word, others in pairs.items()}


NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non-", "non")


@lru_cache(maxsize=65536)
def antonyms(word: str) -> frozenset[str]:
    """Words of opposite meaning to *word* in WordNet, by its lemma and as written:
    WordNet pairs forms ("known", "unknown") whose lemmas may differ ("know"). Only a
    pair that differs by a negative prefix is one word, whose other side is also given
    by its lemma ("recorded", the opposite of "live", is not "record")."""
    table, lower = _antonyms(), word.lower()
    written = table.get(lower, frozenset())
    return (
        table.get(lemma(word), frozenset())
        | written
        | {
            lemma(other)
            for other in written
            if any(
                lower == prefix + other or other == prefix + lower for prefix in NEGATIVE_PREFIXES
            )
        }
    )


@cache
def _sentiment() -> dict[str, tuple[float, float]]:
    """Per adjective: (polarity, subjectivity), averaged over its senses as Pattern does."""
    senses: dict[str, list[tuple[float, float]]] = {}
    root = ElementTree.parse(_TEXTBLOB_EN / "en-sentiment.xml").getroot()
    for word in root:
        form = (word.get("form") or "").lower()
        if form and word.get("pos", "JJ").startswith("JJ"):
            senses.setdefault(form, []).append(
                (float(word.get("polarity", 0)), float(word.get("subjectivity", 0)))
            )
    return {
        form: (sum(p for p, _ in values) / len(values), sum(s for _, s in values) / len(values))
        for form, values in senses.items()
    }


def evaluative(word: str) -> bool:
    """Whether *word* passes judgement ("stunning", "best"), not description ("red", "first");
    an adverb made from such an adjective judges too ("unfortunately", "beautifully")."""
    lower = word.lower()
    if is_ly_adverb(word):
        stem = lower[:-2]  # "beautiful", "happi", "terrib", "sensib"
        candidates = (
            stem,
            stem[:-1] + "y" if stem.endswith("i") else stem,
            stem + "e",
            stem + "le" if stem.endswith("b") else stem,
        )
        return any(_judges(candidate) for candidate in candidates)
    return tag(word).startswith("JJ") and _judges(lower)


def is_ly_adverb(word: str) -> bool:
    """An adverb made from an adjective ("globally", "beautifully"), not "only" or "early"."""
    lower = word.lower()
    return tag(word).startswith("RB") and lower.endswith("ly") and len(lower) > 5


def names_speaker(word: str) -> bool:
    """Whether *word* is a noun that names who speaks ("one review", "the essay's"; not
    "it is reported")."""
    return lemma(word) in ATTRIBUTING_NOUNS and tag(word).startswith("NN")


def _judges(adjective: str) -> bool:
    found = _sentiment().get(adjective)
    return found is not None and abs(found[0]) * found[1] >= THRESHOLDS.evaluative


def content_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if is_content(w)]


class Synonyms:
    """Reviewed sets of words that mean the same in this wiki, one set a line.

    ``Martian = Mars``: a claim may say either where its source says the
    other. Words are compared as lemmas; a set may hold phrases, of which
    every word then counts.
    """

    def __init__(self, path: str = "", groups: list[list[str]] | None = None) -> None:
        self.path = path
        self.groups = groups or []

    @cached_property
    def _index(self) -> dict[str, set[str]]:
        """Each lemma's synonyms, made on first use: lemmas need simplemma's dictionary,
        which only the process that judges should load."""
        index: dict[str, set[str]] = {}
        for group in self.groups:
            lemmas = {lemma(w) for phrase in group for w in WORD.findall(phrase)}
            for member in lemmas:
                index.setdefault(member, set()).update(lemmas - {member})
        return index

    def of(self, word_lemma: str) -> set[str]:
        return self._index.get(word_lemma, set())

    def same_spelling(self, one: str, other: str) -> bool:
        """Whether a reviewed line lists both spellings exactly ("Nan-young = Nan-Young")."""
        return any(one in group and other in group for group in self.groups)


def load_synonyms(path: Path | str) -> Synonyms:
    """``a = b = c`` per line; ``#`` starts a comment. A missing file means no synonyms."""
    path = Path(path)
    if not path.exists():
        return Synonyms(str(path))
    groups = []
    for number, raw in enumerate(read_text(path, "synonyms").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        group = [part.strip() for part in line.split("=")]
        if len(group) < 2 or not all(group):
            raise InputError(path, number, f"expected 'word = word', got '{line}'")
        groups.append(group)
    return Synonyms(str(path), groups)
