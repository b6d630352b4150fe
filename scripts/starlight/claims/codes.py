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
    Code.source_unreadable, Code.empty_page,
})
