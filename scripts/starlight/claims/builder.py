"""A builder that reads the project and runs the claim checks, and writes nothing.

The checks need only what the read phase knows (the claims are read from the
doctrees and judged from ``env-updated`` on), so resolving and
writing every page, as Sphinx's ``dummy`` builder still does, is wasted time
for ``starlight check-claims``. ``sphinx-build -b claims docs out`` does the
same from the command line.
"""

from __future__ import annotations

from collections.abc import Set

from sphinx.builders.dummy import DummyBuilder
from sphinx.locale import __


class ClaimsBuilder(DummyBuilder):
    name = "claims"
    epilog = __("The claim checks ran; this builder writes no files.")

    def write_documents(self, docnames: Set[str]) -> None:
        """Nothing to write: the checks ran when the environment was checked."""
