"""The registry of what the checker reports: findings and flags.

A *finding* (:class:`Code`) is what a machine can prove: a missing or broken
citation, a quote, number, unit, date or name the cited lines do not have. It
is a warning (``claims.<code>``), so ``-W`` fails the build. A *flag*
(:class:`FlagKind`) marks a word whose meaning the machine cannot prove: a
word the cited lines lack, a stronger hedge, an opposite, an order or cause, an
opinion in the wiki's own voice, a pair made otherwise. Flags are shown to the
editor and listed in the report; they do not fail the build.
"""

from __future__ import annotations

from enum import Enum

WARNING_TYPE = "claims"


class Code(Enum):
    """Each finding's code; silence one with ``suppress_warnings = ["claims.<code>"]``."""

    uncited = "A sentence that states something carries no citation."
    malformed_citation = "A citation role is unclosed or malformed, so it shows as plain text."
    unknown_key = "A citation names a key that has no bibliography entry."
    no_pinpoint = "A citation does not name the lines of the source that support the sentence."
    bad_pinpoint = "A pinpoint is malformed or names a line the source does not have."
    source_missing = "A bibliography entry's file is missing from sources/."
    source_unreadable = "A source file cannot be read as UTF-8 text."
    hash_mismatch = "A source file's SHA-256 differs from the one recorded in sources.yaml."
    quote_not_found = "Text in quotation marks does not occur in the pinpointed lines."
    ungrounded_number = "A number, percentage, year or date does not occur in the pinpointed lines."
    ungrounded_name = (
        "A proper name is spelled otherwise than in the pinpointed lines, or no source "
        "gives it (one the sources give elsewhere is flagged)."
    )
    unused_source = "A source is never cited."
    empty_page = "A page has no content."
    uncited_tail = (
        "Text after the last citation of a sentence or table cell (a clause after a "
        "semicolon included) has no citation of its own."
    )
    ungrounded_label = (
        "A heading, title, table head, definition term, field name, link text or "
        "inline code carries a number or name that its section's citations "
        "don't ground."
    )
    raw_content = "A raw HTML block or role on a content page shows text the checker cannot read."
    editorial_note = (
        "An Editor's note on a page that is not editorial carries a number or proper name."
    )
    off_topic_pinpoint = "A pinpoint cites a line that sources.yaml marks as off topic."
    unit_mismatch = "A number carries another unit than the pinpointed lines give it."
    contradicted = (
        "A word is negated, or put in the place of its WordNet antonym, where the "
        "pinpointed lines have the same words around it without that change: they "
        "say the opposite."
    )
    misleading_ellipsis = (
        "An ellipsis in a quote joins text across a negation or across more "
        "than one sentence of the source."
    )
    coverage_below = "A source's lines on topic are cited less than the configured share."
    quote_heavy = (
        "More of a page's prose words are inside quotation marks than the configured "
        "share (claims_max_quoted)."
    )
    attribution_heavy = (
        "More of a page's sentences name a source or report someone's words "
        "than the configured share (claims_max_attributing)."
    )
    page_too_long = "A page has more prose words than configured (claims_max_words)."
    line_overcited = (
        "A source line is cited by more claims than configured "
        "(claims_max_citations_per_line): a fact repeated instead of linked."
    )
    unreviewed = (
        "A claim was never confirmed by a person against its cited lines, or "
        "changed (its words or its lines) since (claims_reviews: the ledger)."
    )
    repeated_fact = (
        "A claim shares a longer run of words with a claim on another page than "
        "configured (claims_max_repeated_words): a fact told twice instead of "
        "summarised and linked."
    )

    @property
    def is_input_error(self) -> bool:
        """Input the checker cannot judge: the command-line exit status is 2, not 1."""
        return self in _INPUT_ERRORS

    @property
    def qualified(self) -> str:
        """The code as Sphinx shows it: ``claims.uncited``."""
        return f"{WARNING_TYPE}.{self.name}"


_INPUT_ERRORS = frozenset(
    {
        Code.malformed_citation,
        Code.bad_pinpoint,
        Code.source_missing,
        Code.source_unreadable,
        Code.empty_page,
        Code.raw_content,
    }
)


FLAG_TYPE = "flag"


class FlagKind(Enum):
    """Why a word is flagged: what the machine could not prove of it."""

    unsupported = (
        "A word the cited lines do not have: not the same word, a word derived "
        "from it, a WordNet synonym, similar or more general word, nor a reviewed "
        "synonym."
    )
    scale = (
        "A quantifier, hedge, frequency or degree word stronger or weaker than the "
        'cited lines\' ("always" for "often", "will" for "might", "the best" '
        'for "one of the best", "only" for "first"), or a word the lines hedge '
        "stated without the hedge."
    )
    polarity = (
        "The opposite of the cited lines: a word whose WordNet antonym they have in "
        "its place, or a negation added or dropped."
    )
    order = (
        'An order or cause word ("before", "after", "because", "led to") that '
        "the cited lines do not give."
    )
    opinion = (
        "An evaluative word or a quotation in the wiki's own voice: the sentence does "
        "not say whose view or words it gives."
    )
    relation = (
        "A name or figure paired with another word than in the cited lines: two "
        "swapped, one put in another's place, or one word said where the lines pair "
        "it with another."
    )

    @property
    def qualified(self) -> str:
        """The kind as reports show it: ``flag.scale``."""
        return f"{FLAG_TYPE}.{self.name}"
