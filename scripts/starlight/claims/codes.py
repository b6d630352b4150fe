"""The kinds of finding, one enum: warning subtypes, CLI codes and the docs list."""

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
    ungrounded_name = "A proper name does not occur in the pinpointed lines."
    unused_source = "A source is never cited."
    empty_page = "A page has no content."
    uncited_tail = ("Text after the last citation of a sentence or table cell (a clause after a "
                    "semicolon included) has no citation of its own.")
    ungrounded_label = ("A heading, title, table head, definition term, field name, link text or "
                        "inline code carries a number or name that its section's citations "
                        "don't ground.")
    raw_content = "A raw HTML block or role on a content page shows text the checker cannot read."
    editorial_note = ("An Editor's note on a page that is not editorial carries a number or "
                      "proper name.")
    off_topic_pinpoint = "A pinpoint cites a line that sources.yaml marks as not about the film."
    unsupported = ("Most of a clause's content words (as lemmas, or reviewed synonyms) are not in "
                   "the lines its citation pinpoints.")
    ungrounded_term = ("A noun the pinpointed lines lack stands where they have another (same "
                       "neighbouring words), and no reviewed synonym links the two.")
    contradicted = ("A word is replaced by its opposite (WordNet antonym) where the pinpointed "
                    "lines hold the original.")
    negation = "A negation is added or dropped relative to the pinpointed lines."
    relation = ("Two items of a clause (names, figures, years) are paired differently from the "
                "pinpointed lines: swapped, or one put in another's place; or a word stands "
                "twice where the lines pair it with another (\"critics and audiences\").")
    unit_mismatch = "A number carries another unit than the pinpointed lines give it."
    misleading_ellipsis = ("An ellipsis in a quote joins text across a negation or across more "
                           "than one sentence of the source.")
    unattributed_opinion = ("Evaluative wording or a quotation stands in the wiki's own voice, "
                            "without saying whose it is.")
    coverage_below = "A source's lines about the film are cited less than the configured share."
    quote_heavy = ("More of a page's prose words are inside quotation marks than the configured "
                   "share (claims_max_quoted).")
    attribution_heavy = ("More of a page's sentences name a source or report someone's words "
                         "than the configured share (claims_max_attributing).")
    page_too_long = "A page has more prose words than configured (claims_max_words)."
    line_overcited = ("A source line is cited by more claims than configured "
                      "(claims_max_citations_per_line): a fact repeated instead of linked.")

    @property
    def is_input_error(self) -> bool:
        """Input the checker cannot judge: the command-line exit status is 2, not 1."""
        return self in _INPUT_ERRORS

    @property
    def qualified(self) -> str:
        """The code as Sphinx shows it: ``claims.uncited``."""
        return f"{WARNING_TYPE}.{self.name}"


_INPUT_ERRORS = frozenset({
    Code.malformed_citation, Code.bad_pinpoint, Code.source_missing,
    Code.source_unreadable, Code.empty_page, Code.raw_content,
})
