/* Numbers are words to the search (starlight.pages.search_numbers).
 *
 * The wiki's search index keeps numbers ("2050"), but Sphinx's searchtools.js
 * skips a query's digit-only words before looking them up. Loaded after it on
 * the search page only, this puts them back among the words searched for and
 * highlighted. It relies on searchtools.js's internals (starlight.compat's
 * IN_THE_BROWSER): where they are not what it expects, it leaves the query as
 * searchtools.js parses it, and the browser tests fail on the locked Sphinx.
 */
(() => {
  "use strict";
  if (typeof Search === "undefined" || typeof splitQuery !== "function") return;
  const parse = Search._parseQuery;
  if (typeof parse !== "function") return;
  Search._parseQuery = (query) => {
    const parsed = parse(query);
    const [, searchTerms, , highlightTerms] = Array.isArray(parsed) ? parsed : [];
    if (!(searchTerms instanceof Set && highlightTerms instanceof Set)) return parsed;
    const numbers = splitQuery(query.trim()).filter((word) => /^\d+$/.test(word));
    if (!numbers.length) return parsed;
    numbers.forEach((number) => {
      searchTerms.add(number);
      highlightTerms.add(number);
    });
    // The words the result pages highlight, as searchtools.js keeps them.
    if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED)
      localStorage.setItem("sphinx_highlight_terms", [...highlightTerms].join(" "));
    return parsed;
  };
})();
