"""The claim checker's settings in one place: what ``conf.py`` may set, and the
thresholds of the rules.

:data:`OPTIONS` is every ``claims_*`` value ``conf.py`` may set, with its type, its
default and what it does; the extension registers them from here and checks each
value when the configuration is read, so a wrong one stops the build with one line
(``conf.py: claims_min_coverage must be a number from 0 to 1, not 2``, and how many
more are wrong). The About page lists them from here too.

:data:`THRESHOLDS` holds the numbers the rules compare with, each named and
explained: how far apart two words may stand to count as paired, how many of a
word's senses count, and so on. They are not options: a verdict must mean the same
in every project.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sphinx.errors import ConfigError


@dataclass(frozen=True)
class Option:
    """One value ``conf.py`` may set."""

    name: str
    default: Any
    types: tuple[type, ...]
    help: str
    rebuild: str = "env"  # what Sphinx rebuilds when it changes
    valid: Callable[[Any], bool] | None = None  # default: of one of *types*
    expect: str = ""  # what *valid* asks for, in words

    def accepts(self, value: Any) -> bool:
        if self.valid is not None:
            return self.valid(value)
        return isinstance(value, self.types) and not (
            isinstance(value, bool) and bool not in self.types
        )

    def expected(self) -> str:
        return self.expect or " or ".join(
            "None" if t is NONE else f"a {t.__name__}" for t in self.types
        )


def _number(value: Any) -> bool:
    """An int or a float, not a bool (which Python counts as an int)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _share(value: Any) -> bool:
    return value is None or (_number(value) and 0 <= value <= 1)


def _shares(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and _share(v) and v is not None for k, v in value.items()
    )


def count(value: Any) -> bool:
    """A positive whole number (not a bool, which Python counts as an int)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _counts(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and count(v) for k, v in value.items()
    )


def _names(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


NONE = type(None)
OPTIONS: tuple[Option, ...] = (
    Option(
        "claims_check",
        True,
        (bool,),
        "Judge the claims at all (off only for measuring what the checks cost).",
    ),
    Option(
        "claims_sources",
        "",
        (str,),
        "The sources file (YAML: each source's key, label, file and sha256) the claims are "
        "checked against, relative to conf.py; the files it names sit beside it.",
    ),
    Option(
        "claims_allowlist",
        "claims-allowlist.txt",
        (str,),
        "File of phrases the wiki may write in its own voice without a source (the "
        "title, words about its sources), one per line, relative to conf.py.",
    ),
    Option(
        "claims_synonyms",
        "claims-synonyms.txt",
        (str,),
        'File of reviewed synonyms ("Martian = Mars"), one set per line, relative to conf.py.',
    ),
    Option(
        "claims_editorial_pages",
        [],
        (list, tuple),
        "Pages about the wiki itself, not its subject: exempt as a whole. Only conf.py "
        "makes a page editorial.",
        valid=_names,
        expect="a list of page names",
    ),
    Option(
        "claims_min_coverage",
        0.0,
        (float, int),
        "Share of each source's lines about the subject that some claim must cite.",
        valid=_share,
        expect="a number from 0 to 1",
    ),
    Option(
        "claims_max_quoted",
        None,
        (float, int, NONE),
        "Most share of a page's prose words inside quotation marks (None: no limit).",
        valid=_share,
        expect="a number from 0 to 1, or None",
    ),
    Option(
        "claims_page_max_quoted",
        {},
        (dict,),
        "The same limit for single pages: {page: share}.",
        valid=_shares,
        expect="a dict of page names to numbers from 0 to 1",
    ),
    Option(
        "claims_max_attributing",
        None,
        (float, int, NONE),
        "Most share of a page's sentences that name a source or report words (None: no limit).",
        valid=_share,
        expect="a number from 0 to 1, or None",
    ),
    Option(
        "claims_page_max_attributing",
        {},
        (dict,),
        "The same limit for single pages: {page: share}.",
        valid=_shares,
        expect="a dict of page names to numbers from 0 to 1",
    ),
    Option(
        "claims_max_words",
        {},
        (dict,),
        "Most prose words of single pages: {page: words}.",
        valid=_counts,
        expect="a dict of page names to positive whole numbers",
    ),
    Option(
        "claims_max_citations_per_line",
        None,
        (int, NONE),
        "Most claims that may cite one source line: a fact repeated instead of linked "
        "(None: no limit).",
        valid=lambda v: v is None or count(v),
        expect="a positive whole number, or None",
    ),
    Option(
        "claims_reviews",
        None,
        (str, NONE),
        "The review ledger (a TSV file beside conf.py): every claim must be confirmed "
        "in it by a person against its cited lines (None: no ledger, no gate).",
    ),
    Option(
        "claims_max_repeated_words",
        None,
        (int, NONE),
        "Longest run of words a claim may share with a claim on another page; a longer "
        "one tells a fact twice (None: no limit).",
        valid=lambda v: v is None or count(v),
        expect="a positive whole number, or None",
    ),
    Option(
        "claims_summary_pages",
        [],
        (list, tuple),
        "Pages that summarise the others (a lead, a timeline): their claims may repeat "
        "words of the pages they summarise.",
        valid=_names,
        expect="a list of page names",
    ),
    Option(
        "claims_show_findings",
        False,
        (bool,),
        "Show each page's findings and flagged words in a box on the page (make serve "
        "turns it on; the published site never has it).",
        rebuild="html",
    ),
)


def register(app, options: tuple[Option, ...] = OPTIONS) -> None:
    """Register every option of *options* (the checker's) with Sphinx."""
    for option in options:
        app.add_config_value(
            option.name, option.default, option.rebuild, option.types, description=option.help
        )


def check(conf: Path, config, options: tuple[Option, ...] = OPTIONS) -> None:
    """Stop the build at the first of *options* (the checker's) that *config* sets
    wrongly: one line, at its line of *conf*, with how many more are wrong."""
    wrong = problems(config, options)
    if wrong:
        name, problem = wrong[0]
        more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
        raise ConfigError(f"{conf}:{line_of(conf, name)}: {problem}{more}")


def problems(config, options: tuple[Option, ...] = OPTIONS) -> list[tuple[str, str]]:
    """(option, what is wrong) for each of *options* (the checker's) that *config* sets
    wrongly."""
    found = []
    for option in options:
        value = getattr(config, option.name)
        if not option.accepts(value):
            found.append((option.name, f"{option.name} must be {option.expected()}, not {value!r}"))
    return found


PAGE_OPTIONS = (
    "claims_editorial_pages",
    "claims_page_max_quoted",
    "claims_page_max_attributing",
    "claims_max_words",
    "claims_summary_pages",
)
"""The options that name pages: a name that is no page is a mistake (a typo exempts
nothing, or limits nothing)."""


def unknown_pages(config, pages) -> list[tuple[str, str]]:
    """(option, what is wrong) for each page an option names that the project lacks."""
    found = []
    for name in PAGE_OPTIONS:
        for page in getattr(config, name):
            if page not in pages:
                found.append((name, f"{name} names '{page}', which is no page of this project"))
    return found


def line_of(conf: Path, name: str) -> int:
    """The line of ``conf.py`` that sets *name* (1 when it cannot be found)."""
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(lines, 1) if line.startswith(name)), 1)


@dataclass(frozen=True)
class Thresholds:
    """The numbers the rules compare with. Each was chosen on the project's development
    data (WiCE's dev split, the red team, hand-written edits of the wiki kept for
    development), never on the data kept to measure the checker (WiCE's test split,
    held-out hand-written edits and pages)."""

    senses: int = field(
        default=5,
        metadata={
            "help": (
                "How many of a word's senses, most frequent first, count per part of speech when "
                "WordNet relates two words: a rare sense of a common word links almost anything "
                '("sell" is also "betray").'
            )
        },
    )
    hypernym_depth: int = field(
        default=3,
        metadata={
            "help": (
                "How many steps up WordNet's hypernym tree a more general noun may be "
                '("musician" for "songwriter").'
            )
        },
    )
    verb_hypernym_depth: int = field(
        default=1,
        metadata={
            "help": (
                'The same for verbs: WordNet\'s verbs climb fast to "give", "change" and "act", '
                "which a claim could then put for almost any verb of its lines."
            )
        },
    )
    context: int = field(
        default=4,
        metadata={
            "help": (
                "How many words on either side of a scale or order word are its context: the "
                "lines' word of the same scale or class must stand by one of the same words."
            )
        },
    )
    doer_reach: int = field(
        default=3,
        metadata={
            "help": (
                "How many auxiliaries and adverbs may stand between a verb and the name or "
                'pronoun before it for that to count as who does it ("she can hardly '
                'confide").'
            )
        },
    )
    aside_words: int = field(
        default=8,
        metadata={
            "help": (
                "How many words an aside set off by commas may hold between a doer and "
                'its verb for the doer to count ("she, on board an orbiting base, '
                'records").'
            )
        },
    )
    ranked_reach: int = field(
        default=4,
        metadata={
            "help": (
                'How many words after a superlative or "first", "last", "only" are read '
                'as what it ranks within ("first Korean animated feature"): the lines\' '
                "words there that the clause leaves out widen the ranking."
            )
        },
    )
    hedge_reach: int = field(
        default=3,
        metadata={
            "help": ('How many words after a hedge of the lines ("might get buried") it covers.')
        },
    )
    evaluative: float = field(
        default=0.3,
        metadata={
            "help": (
                "How strongly a word must judge, |polarity| x subjectivity in TextBlob's sentiment "
                'lexicon, to be an opinion ("stunning", "best"; not "red", "first").'
            )
        },
    )
    pair_window: int = field(
        default=3,
        metadata={
            "help": (
                "How far apart, in words that say something, two items of a clause may stand to "
                "count as paired (a name and its role, a figure and what it counts)."
            )
        },
    )
    far: int = field(
        default=25,
        metadata={"help": ("The distance that counts as not paired at all in the lines.")},
    )
    order_penalty: int = field(
        default=3,
        metadata={
            "help": (
                "Added to a pair's distance when the lines have its two words the other way round."
            )
        },
    )
    sentence_penalty: int = field(
        default=10,
        metadata={"help": ("Added when the two words stand in different sentences of the lines.")},
    )
    aside_penalty: int = field(
        default=8,
        metadata={
            "help": (
                "Added when one word stands in a bracketed aside of the lines and the "
                "other outside it (and is not the word the aside is about): in "
                '"tethered to Earth by Jay (voiced by Hong Kyung)", Hong Kyung is far '
                'from "tethered" (as far as through a pronoun).'
            )
        },
    )
    pronoun_penalty: int = field(
        default=8,
        metadata={
            "help": (
                "Added when a pronoun of the lines stands in for a name: it may be that name, or "
                "another."
            )
        },
    )
    near: int = field(
        default=5, metadata={"help": ("Pairs this close in the lines count as side by side.")}
    )
    apart: int = field(
        default=12, metadata={"help": ("Pairs this far apart in the lines count as not paired.")}
    )
    reach: int = field(
        default=16,
        metadata={
            "help": ("Pairs this far apart still count as within one sentence of each other.")
        },
    )

    sure_context: int = field(
        default=2,
        metadata={
            "help": (
                "How many content words on each side of a negated or opposite word the lines "
                "must share with the clause (at least this many in all) for the checker to be "
                "sure they say the opposite: a finding (contradicted), not a flag."
            )
        },
    )
    shared_neighbours: int = field(
        default=3,
        metadata={
            "help": (
                "How many of their neighbours (see neighbours) an opposite and the lines' word "
                "must share to stand in the same place."
            )
        },
    )

    stem: int = field(
        default=6,
        metadata={
            "help": (
                "How many first letters of a word (of at least as many) are its stem: a word of "
                'the same stem is the same word ("reluctance" for "reluctant").'
            )
        },
    )
    prefix: int = field(
        default=4,
        metadata={
            "help": (
                "How many first letters two words must share, one beginning the other, for one to"
                ' be derived from the other ("childhood" and "child").'
            )
        },
    )
    neighbours: int = field(
        default=3,
        metadata={
            "help": (
                "How many meaningful words on either side of a word are its neighbours: what "
                "tells where it stands."
            )
        },
    )
    slot_reach: int = field(
        default=4,
        metadata={
            "help": (
                "How far before and after a noun the nearest meaningful words that make its slot "
                "are looked for."
            )
        },
    )
    negation_reach: int = field(
        default=4,
        metadata={"help": ("How many words after a negation the word it negates may stand.")},
    )
    negation_before: int = field(
        default=2,
        metadata={
            "help": (
                "How many words right before a word a negation must stand in to negate it there "
                '("isn\'t much").'
            )
        },
    )
    weak_negation_reach: int = field(
        default=3,
        metadata={
            "help": (
                'How many words before a word of the lines a negation, or a word such as "fail" '
                'or "lack", negates it.'
            )
        },
    )
    dropped_before: int = field(
        default=4,
        metadata={
            "help": (
                "How many words before a word the lines negate the clause's own negation of it "
                "may stand (else the negation was dropped)."
            )
        },
    )
    dropped_after: int = field(
        default=2,
        metadata={"help": ("The same, after the word.")},
    )
    said_reach: int = field(
        default=4,
        metadata={
            "help": (
                'How many words after a verb of saying ("reported to have landed") the verb of '
                "what it reports may stand."
            )
        },
    )
    passive_reach: int = field(
        default=3,
        metadata={
            "help": (
                'How many words past a pair a passive "by" may stand to make the pair\'s order say'
                ' nothing ("employed by X").'
            )
        },
    )
    passive_speaker_reach: int = field(
        default=4,
        metadata={
            "help": (
                'How many words after a verb of saying a "by" may stand to name its speaker ("is '
                'reported by").'
            )
        },
    )
    pairing_margin: int = field(
        default=3,
        metadata={
            "help": (
                "How many words a pair must move, to or from side by side in the lines, to count "
                "as paired or unpaired."
            )
        },
    )
    halving_margin: int = field(
        default=6,
        metadata={
            "help": (
                "How many words closer a pair must come, besides twice as close, to belong with "
                "the figure put in its place (or farther, to belong less)."
            )
        },
    )
    improvement_margin: int = field(
        default=2,
        metadata={"help": ("How many words closer a pair must come to fit the lines better.")},
    )
    decisive_near: int = field(
        default=3,
        metadata={
            "help": (
                "A name or figure and a word that go from decisive_far words apart to this close:"
                " one such pair tells as much as two."
            )
        },
    )
    decisive_far: int = field(
        default=15,
        metadata={"help": ("See decisive_near.")},
    )
    telling_pairs: int = field(
        default=2,
        metadata={
            "help": (
                "How many pairs (net) must come side by side, or twice as close, when two items "
                "are swapped or one is replaced, for the clause to be flagged as pairing them "
                "otherwise."
            )
        },
    )
    swap_ratio: float = field(
        default=0.5,
        metadata={
            "help": (
                "Two items swapped fit the lines far better when the pairs' total distance falls "
                "to this share of the clause's, and by swap_margin words."
            )
        },
    )
    swap_margin: int = field(
        default=6,
        metadata={"help": ("See swap_ratio.")},
    )
    replace_ratio: float = field(
        default=0.4,
        metadata={
            "help": (
                "A name put in another's place fits the lines far better when the pairs' total "
                "distance falls to this share of the clause's, and by replace_margin words."
            )
        },
    )
    replace_margin: int = field(
        default=8,
        metadata={"help": ("See replace_ratio.")},
    )
    saved_words: int = field(
        default=10,
        metadata={
            "help": (
                "A figure put in another's place, one pair twice as close and none farther: the "
                "words of distance it must save in all to be flagged."
            )
        },
    )
    join_gap: int = field(
        default=3,
        metadata={
            "help": (
                "How many words apart two words the lines lack may stand (only function words "
                "between) to be flagged as one phrase."
            )
        },
    )
    lines_context: int = field(
        default=3,
        metadata={
            "help": (
                "How many words more the lines' context of a scale or order word spans than the "
                "clause's context."
            )
        },
    )
    said_elsewhere: int = field(
        default=40,
        metadata={
            "help": (
                "How many words around a scale word of the lines the clause's context must be "
                "found in: else the lines say it of something else."
            )
        },
    )
    modified_reach: int = field(
        default=5,
        metadata={"help": ("How many words after an adjective the nouns it modifies may stand.")},
    )
    event_words: int = field(
        default=12,
        metadata={
            "help": (
                'How many content words on either side of an order word ("before", "after") make '
                "up the events it orders."
            )
        },
    )
    one_of_reach: int = field(
        default=4,
        metadata={
            "help": (
                'How many words before a superlative a hedge of it ("one of the", "among the") '
                "may begin."
            )
        },
    )
    bracket_letters: int = field(
        default=2,
        metadata={
            "help": (
                "A bracketed alteration in a quotation of at most this many letters changes a "
                'word\'s case ("[i]n"); a longer one stands for words the quotation leaves out.'
            )
        },
    )
    bracket_words: int = field(
        default=6,
        metadata={
            "help": ("How many words of the lines a longer bracketed alteration may stand for.")
        },
    )

    def explained(self) -> list[tuple[str, Any, str]]:
        """(name, value, what it is) of every threshold, for the docs."""
        return [(f.name, getattr(self, f.name), f.metadata["help"]) for f in fields(self)]


THRESHOLDS = Thresholds()
