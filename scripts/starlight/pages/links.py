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
  scheme in ``conf.py``). Outside HTML the link is dropped, keeping its text;
- ``wiki-pin:resonate#L9`` — the pinpoint of a citation (written by the
  citation style): :class:`PinpointResolver` makes it a link to the cited lines
  on the source's archived page, carrying the preview's data in HTML
  (:mod:`starlight.pages.preview`).

All four schemes are resolved here, after Sphinx's own cross-references.
"""

from __future__ import annotations

import json
import posixpath

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from starlight import compat
from starlight.claims.addresses import raw_path
from starlight.errors import InputError
from starlight.pages.preview import pinpoint_reference
from starlight.sources.catalog import cached_catalog
from starlight.sources.pinpoint import PinpointError, lines_phrase, parse_pinpoint

DOC_SCHEME = "wiki-doc:"
RAW_SCHEME = "wiki-raw:"
FILE_SCHEME = "wiki-file:"
PIN_SCHEME = "wiki-pin:"


def doc_uri(docname: str, anchor: str = "") -> str:
    return f"{DOC_SCHEME}{docname}" + (f"#{anchor}" if anchor else "")


def pin_uri(key: str, pinpoint: str) -> str:
    """The lines *pinpoint* (``L9``) of the source *key*."""
    return f"{PIN_SCHEME}{key}#{pinpoint}"


def raw_uri(file_name: str, docname: str) -> str:
    """The raw file *file_name*, or the page *docname* where files can't be linked."""
    return f"{RAW_SCHEME}{docname}#{file_name}"


def resolve(uri: str, builder, fromdocname: str) -> str:
    """The real address of a ``wiki-doc:``/``wiki-raw:`` address on page *fromdocname*."""
    if uri.startswith(DOC_SCHEME):
        docname, _, anchor = uri[len(DOC_SCHEME) :].partition("#")
        target = builder.get_relative_uri(fromdocname, docname)
        return target + (f"#{anchor}" if anchor else "")
    if uri.startswith(RAW_SCHEME):
        docname, _, file_name = uri[len(RAW_SCHEME) :].partition("#")
        if builder.format != "html":
            return builder.get_relative_uri(fromdocname, docname)
        return _from_page(builder, fromdocname, raw_path(file_name))
    if uri.startswith(FILE_SCHEME):
        return _from_page(builder, fromdocname, uri[len(FILE_SCHEME) :])
    return uri


def _from_page(builder, fromdocname: str, path: str) -> str:
    page = builder.get_target_uri(fromdocname)
    return posixpath.relpath(path, posixpath.dirname(page) or ".")


class WikiLinkResolver(SphinxPostTransform):
    """Rewrite site addresses into links relative to the current page."""

    default_priority = 20  # after Sphinx resolves cross-references (10)

    def run(self, **kwargs) -> None:
        builder = compat.app_of(self.env).builder
        for node in self.document.findall(nodes.reference):
            uri = node.get("refuri", "")
            if uri.startswith(FILE_SCHEME) and builder.format != "html":
                node.replace_self(node.children)
            elif uri.startswith((DOC_SCHEME, RAW_SCHEME, FILE_SCHEME)):
                node["refuri"] = resolve(uri, builder, self.env.docname)
                if uri.startswith(DOC_SCHEME):
                    node["internal"] = True


class PinpointResolver(SphinxPostTransform):
    """Turn ``wiki-pin:`` links into links to the cited lines, with preview data."""

    default_priority = 20

    def run(self, **kwargs) -> None:
        builder = compat.app_of(self.env).builder
        catalog = cached_catalog(self.config.claims_sources_file)
        for node in list(self.document.findall(nodes.reference)):
            uri = node.get("refuri", "")
            if not uri.startswith(PIN_SCHEME):
                continue
            key, _, text = uri[len(PIN_SCHEME) :].partition("#")
            source = catalog.get(key)
            try:
                pinpoint = parse_pinpoint(text)
                lines = source.lines() if source else []
            except (PinpointError, InputError):
                source = None
            if source is None:  # no such source, or a bad pinpoint: the claim checks report it
                node["classes"] = []
                node.replace_self(node.children)
                continue
            page = builder.get_relative_uri(self.env.docname, source.docname)
            if builder.format != "html":
                node["refuri"] = f"{page}#{pinpoint.anchor}"
                node["internal"] = True
                continue
            query = (
                f"?lines={','.join(map(str, pinpoint.lines))}" if len(pinpoint.lines) > 1 else ""
            )
            excerpt = json.dumps(
                [lines[n - 1] for n in pinpoint.lines if 0 < n <= len(lines)], ensure_ascii=False
            )
            replacement = pinpoint_reference(
                "",
                "",
                *node.children,
                refuri=f"{page}{query}#{pinpoint.anchor}",
                internal=True,
                source_label=source.reader_title,  # the words the reference list uses
                lines_label=lines_phrase(text),
                excerpt=excerpt,
                classes=node["classes"],
                marker=node.get("marker"),
                review=node.get("review", ""),
                support_smartquotes=False,
            )
            node.replace_self(replacement)
