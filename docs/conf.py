"""Sphinx configuration of the Lost in Starlight Wiki.

Plain module-level settings; every exception to the defaults says why.
"""

import os

# The wiki's own extension is the starlight package (scripts/starlight), installed
# into the virtual env with the project (make venv).

project = "Lost in Starlight Wiki"
author = "Lost in Starlight Wiki editors"
copyright = "2026, Lost in Starlight Wiki editors"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "starlight.extension",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "timeline.yaml", "infobox.yaml"]

# MyST: colon fences for directives, "(label)=" targets, definition lists.
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
# wiki-file: links name files the build writes beside the pages (claims.json);
# starlight.pages.links makes them relative to each page.
myst_url_schemes = ["http", "https", "mailto", "wiki-file"]

# Citations. The bibliography is generated from ../sources/sources.yaml by
# starlight.extension, which names it in bibtex_bibfiles (this empty value is a
# placeholder sphinxcontrib-bibtex requires). The styles are the wiki's own
# (entry points in pyproject.toml): entries labelled by their shorthand, and
# citations whose pinpoint ("L9") links to the cited line. Anchors are stable:
# bibliography.html#cite-resonate.
bibtex_bibfiles = []
bibtex_default_style = "starlight"
bibtex_reference_style = "starlight-pinpoint"
bibtex_cite_id = "cite-{key}"
bibtex_tooltips = True

# The published site's address: canonical links, link previews (Open Graph and
# Twitter cards with docs/_static/preview.jpg), the sitemap and robots.txt use
# it. The Pages workflow sets it (make html BASEURL=...); Read the Docs gives
# its own; a local build has none, and then writes no sitemap.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
sitemap_url_scheme = "{link}"  # no language folder: the wiki is in English only
sitemap_excludes = ["search.html", "genindex.html"]

# What the site is: each page's meta description without one of its own ("Plot — …")
# and the link-preview image's text ("Lost in Starlight Wiki: …").
starlight_description = "a cited wiki about the animated film Lost in Starlight."

html_theme = "furo"
html_title = "Lost in Starlight Wiki"
html_static_path = ["_static"]
templates_path = ["_templates"]  # search.html: Furo's, without "noindex"
# In the form Sphinx gives it (priority 800: after the extensions' style sheets);
# given as a bare name, Sphinx adds the priority when the builder starts, and every
# incremental build reported html_css_files as changed.
html_css_files = [("starlight.css", {"priority": 800})]
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False  # the evidence is the archived sources, not the .md files
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": True,
}

# Claim checks (starlight.claims): the pages about the wiki itself, not the
# film, are exempt as a whole (no page can exempt itself); every source line
# about the film must be cited.
claims_editorial_pages = ["about", "bibliography", "verification", "sources/index"]
claims_min_coverage = 1.0
# The editorial policy in numbers (About this wiki): quotes only where the
# wording matters, facts in the wiki's own voice, a plot summary a reader
# reads in minutes, each fact with one home.
claims_max_quoted = 0.15
claims_page_max_quoted = {"reception": 0.30}  # opinions are quoted where wording matters
claims_max_attributing = 0.25
claims_max_words = {"plot": 900}
claims_max_citations_per_line = 15
# One home per fact: a claim may share at most seven words in a row with a claim
# on another page; the lead (index) and the timelines summarise the article.
claims_max_repeated_words = 7
claims_summary_pages = ["index", "timeline"]
# The review ledger: every claim confirmed by a person against its lines (make review).
claims_reviews = "reviews.tsv"

# Nitpicky mode (-n) is on in every build; nothing is ignored.
nitpicky = True

# -- PDF (make pdf): XeLaTeX for Unicode; archived sources as an appendix ----
latex_engine = "xelatex"
latex_documents = [
    ("index", "lost-in-starlight-wiki.tex", "Lost in Starlight Wiki", author, "manual"),
]
# The PDF reads as an article, then its evidence: the lead (the home page's
# text before its first table of contents) is the first chapter, unnumbered
# (starlight.site.latex), then one chapter a page; the evidence (archived
# sources, bibliography, verification) and the About page are appendices:
# index.md starts them with a raw \appendix, and they run on without page
# breaks. Every citation links to its line in the PDF; every other
# cross-reference also prints the page it leads to: "(see the plot, p. 3)".
latex_show_urls = "no"
latex_show_pagerefs = True
# Dates in the wiki's style: "6 December 2026" (the title page's date).
today_fmt = "%-d %B %Y"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # One-sided, each chapter on the next page whichever side it is: no blank pages.
    "extraclassoptions": "openany,oneside",
    # Sphinx would name the contents after the first toctree's caption ("The film").
    "tableofcontents": r"\renewcommand{\contentsname}{Contents}\sphinxtableofcontents",
    # Sphinx's xelatex default fonts: GNU FreeFont (fonts-freefont-otf).
    "preamble": r"""
\hypersetup{
  pdftitle={Lost in Starlight Wiki},
  pdfauthor={Lost in Starlight Wiki editors},
  pdfsubject={Lost in Starlight (2025), Netflix's first Korean animated feature film: a cited wiki},
  pdfkeywords={Lost in Starlight, animated film, Netflix, Han Ji-Won, citations, sources},
}
% Under the title on the title page: what the film is, as docs/index.md says.
\setreleaseinfo{A cited wiki about the 2025 South Korean animated film \emph{Lost in Starlight}}
% Notes lettered (a, b, c), as on the site: a note is never taken for reference [1].
\renewcommand{\thefootnote}{\alph{footnote}}
% latex_show_pagerefs: "(p. 3)", not "(page 3)".
\AtBeginDocument{\def\pageautorefname{p.}}
\makeatletter
% Chapter heads (fncychap's Bjarne, Sphinx's default) closer to their text.
\@ifpackagewith{fncychap}{Bjarne}{%
  \renewcommand{\DOTI}[1]{\CTV\FmTi{#1}\par\nobreak\vskip 16\p@}%
  \renewcommand{\DOTIS}[1]{\CTV\FmTi{#1}\par\nobreak\vskip 16\p@}%
}{}
% The appendices start on a page of their own and then run on: each chapter
% starts where the last one ended (on the next page if less than a quarter of
% this one is left), with the page's running head kept.
\usepackage{needspace}
\g@addto@macro\appendix{%
  \clearpage
  \patchcmd{\chapter}{\clearpage}{\par\needspace{.25\textheight}\bigskip}{}%
    {\PackageError{starlight}{conf.py: cannot patch \string\chapter}{}}%
  \patchcmd{\chapter}{\thispagestyle{plain}}{}{}%
    {\PackageError{starlight}{conf.py: cannot patch \string\chapter}{}}%
}
% An archived source's full text: each line numbered in the margin, close set.
\newenvironment{sphinxclasssource-text}{%
  \small\setlength{\parskip}{0pt plus 1pt}\setlength{\leftskip}{2.2em}%
  \renewcommand{\sphinxcrossref}[1]{\llap{\hbox to 2.2em{\hfil##1\hskip.7em}}}%
}{\par}
\expandafter\def\csname DUroleline-text\endcsname#1{\unskip#1}
% Its metadata: "Label: value", one field a line, no space between fields.
\newenvironment{sphinxclasssource-metadata}{%
  \small\setlength{\parskip}{0pt}%
  \renewcommand{\sphinxlineitem}[1]{\item[##1:]}%
  \let\starlight@listii\@listii
  \def\@listii{\starlight@listii\itemsep\z@\parsep\z@}%
}{\par}
\makeatother
""",
}
