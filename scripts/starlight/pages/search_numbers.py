"""Numbers are words to the search: "2050" finds the pages that name the year.

Sphinx's search leaves out every word made only of digits, twice: the index
builder's word filter (``SearchLanguage.word_filter``) drops them, and the
search page (``searchtools.js``) skips them in the query. A wiki about a film
set in 2050 is searched for years and figures, so its search language is
English with numbers kept (registered for ``en`` with
``app.add_search_language``), and on the search page ``search-numbers.js``
puts a query's numbers back among the words searched for and highlighted
(the script relies on searchtools.js's internals, and leaves the query alone
where they are not what it expects: ``starlight.compat.IN_THE_BROWSER``).
"""

from __future__ import annotations

from sphinx.search.en import SearchEnglish

QUERY_SCRIPT = "search-numbers.js"  # in starlight/static, served by starlight.extension


class EnglishWithNumbers(SearchEnglish):
    """Sphinx's English search, whose index keeps numbers ("2050", "91")."""

    def word_filter(self, word: str) -> bool:
        return word not in self.stopwords


def on_html_page_context(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The search page alone loads the query's half. Deferred, it runs after
    searchtools.js (which the page loads after its other scripts) and before the
    search starts (when the page has loaded)."""
    if pagename == "search":
        app.add_js_file(QUERY_SCRIPT, loading_method="defer")


def setup(app) -> dict:
    app.add_search_language(EnglishWithNumbers)
    app.connect("html-page-context", on_html_page_context)
    # An index holding other words is not reused: Sphinx drops the index, and re-reads
    # every page, when an extension's env_version changes. 1: numbers kept; 2: an
    # archived page's line numbers and citation counts left out (starlight.pages.archive).
    return {"env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
