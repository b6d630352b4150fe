/* Numbers are words to the search (starlight.pages.search_numbers).
 *
 * The wiki's search index keeps numbers ("2050"), but Sphinx's searchtools.js
 * skips a query's digit-only words before looking them up. Loaded after it on
 * the search page only, this puts them back among the words searched for and
 * highlighted. starlight.compat checks at every build that searchtools.js
 * still skips them there and that Search._parseQuery returns what is used here.
 */
(() => {
  "use strict";
  if (typeof Search === "undefined" || typeof splitQuery === "undefined") return;
  const parse = Search._parseQuery;
  Search._parseQuery = (query) => {
    const parsed = parse(query);
    const [, searchTerms, , highlightTerms] = parsed;
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
