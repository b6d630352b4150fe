"""Links that work from any page and in any output.

A relative address written into a ``.bib`` field or a pybtex style resolves
against the page that shows it, so it breaks on pages in subfolders. Styles
therefore write site addresses instead, and :class:`WikiLinkResolver` turns
them into real links once the page and the builder are known:

- ``wiki-doc:sources/resonate#L9`` — a page (and anchor) of the wiki;
- ``wiki-raw:resonate/002_ff5399043b46c44f.txt`` — the raw file of a source,
  copied to ``sources/`` in the HTML output; in the PDF, which has no files
  beside it, the link leads to the source's archived copy instead;
- ``wiki-file:claims.json`` — a file the build writes at the top of the HTML
  output (pages write it as a Markdown link; ``wiki-file`` is a MyST URL
  scheme in ``conf.py``). Outside HTML the link is dropped, keeping its text.
"""

from __future__ import annotations

import posixpath

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

DOC_SCHEME = "wiki-doc:"
RAW_SCHEME = "wiki-raw:"
FILE_SCHEME = "wiki-file:"
RAW_FOLDER = "sources"


def doc_uri(docname: str, anchor: str = "") -> str:
    return f"{DOC_SCHEME}{docname}" + (f"#{anchor}" if anchor else "")


def raw_uri(file_name: str, docname: str) -> str:
    """The raw file *file_name*, or the page *docname* where files can't be linked."""
    return f"{RAW_SCHEME}{docname}#{file_name}"


def raw_path(file_name: str) -> str:
    """Where a raw source file lands in the HTML output."""
    return f"{RAW_FOLDER}/{file_name}"


def resolve(uri: str, builder, fromdocname: str) -> str:
    """The real address of a ``wiki-doc:``/``wiki-raw:`` address on page *fromdocname*."""
    if uri.startswith(DOC_SCHEME):
        docname, _, anchor = uri[len(DOC_SCHEME):].partition("#")
        target = builder.get_relative_uri(fromdocname, docname)
        return target + (f"#{anchor}" if anchor else "")
    if uri.startswith(RAW_SCHEME):
        docname, _, file_name = uri[len(RAW_SCHEME):].partition("#")
        if builder.format != "html":
            return builder.get_relative_uri(fromdocname, docname)
        return _from_page(builder, fromdocname, raw_path(file_name))
    if uri.startswith(FILE_SCHEME):
        return _from_page(builder, fromdocname, uri[len(FILE_SCHEME):])
    return uri


def _from_page(builder, fromdocname: str, path: str) -> str:
    page = builder.get_target_uri(fromdocname)
    return posixpath.relpath(path, posixpath.dirname(page) or ".")


class WikiLinkResolver(SphinxPostTransform):
    """Rewrite site addresses into links relative to the current page."""

    default_priority = 20  # after Sphinx resolves cross-references (10)

    def run(self, **kwargs) -> None:
        for node in self.document.findall(nodes.reference):
            uri = node.get("refuri", "")
            if uri.startswith(FILE_SCHEME) and self.env._app.builder.format != "html":
                node.replace_self(node.children)
            elif uri.startswith((DOC_SCHEME, RAW_SCHEME, FILE_SCHEME)):
                node["refuri"] = resolve(uri, self.env._app.builder, self.env.docname)
                if uri.startswith(DOC_SCHEME):
                    node["internal"] = True
