"""In the PDF, the bibliography's entries go on the wiki's Bibliography page.

Sphinx's LaTeX builder moves every citation to one ``thebibliography`` at the
end of the book, which LaTeX typesets as a chapter of its own, also called
"Bibliography": the table of contents then listed the wiki's Bibliography
page (holding only its editor's note) and, after it, the entries. This
post-transform moves the entries into the wiki's page and typesets them
there without a chapter heading of their own.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform

# Inside the group, the bibliography opens no chapter and adds nothing to the
# table of contents; ``thebibliography`` calls ``\chapter*{\bibname}``.
_BEGIN = r"""\begingroup
\renewenvironment{sphinxthebibliography}[1]%
  {\renewcommand{\chapter}[2]{}\begin{thebibliography}{#1}}%
  {\end{thebibliography}}
"""
_END = "\\endgroup\n"


class BibliographyInPlace(SphinxPostTransform):
    default_priority = 760  # after Sphinx's BibliographyTransform (750) gathered the entries
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        entries = next(iter(self.document.findall(thebibliography)), None)
        page = self._bibliography_page()
        if entries is None or page is None:
            return
        entries.parent.remove(entries)
        page += nodes.raw("", _BEGIN, format="latex")
        page += entries
        page += nodes.raw("", _END, format="latex")

    def _bibliography_page(self) -> nodes.section | None:
        docname = self.config.starlight_bibliography_doc
        for start in self.document.findall(addnodes.start_of_file):
            if start.get("docname") == docname:
                return next(iter(start.findall(nodes.section)), None)
        return None
