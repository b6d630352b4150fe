"""Make an incremental build's search index equal a clean build's.

When a word disappears from a page, Sphinx's incremental build prunes the
page from the word's entry but keeps the word, with an empty list
(``"onc":[]``), which a clean build never writes. After the build, such
empty entries are dropped, and the index is written back with Sphinx's own
serializer, so it is byte-identical to a clean build's.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.search import js_index


def drop_empty_terms(path: Path) -> bool:
    """Remove words that no page holds any more; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    data = js_index.loads(text)
    changed = False
    for table in ("terms", "titleterms"):
        terms = data.get(table, {})
        empty = [word for word, pages in terms.items() if pages == []]
        for word in empty:
            del terms[word]
        changed = changed or bool(empty)
    if changed:
        path.write_text(js_index.dumps(data), encoding="utf-8")
    return changed


def on_build_finished(app, exception) -> None:
    index = Path(app.outdir, "searchindex.js")
    if exception is None and app.builder.format == "html" and index.is_file():
        drop_empty_terms(index)


def setup(app) -> dict:
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
