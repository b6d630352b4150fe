extensions = ["myst_parser", "sphinxcontrib.bibtex", "starlight.extension"]
bibtex_bibfiles = []  # set by starlight.extension
starlight_sources = "evidence/sources.yaml"
exclude_patterns = ["evidence"]
html_theme = "furo"
latex_engine = "xelatex"
