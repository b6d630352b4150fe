extensions = ["myst_parser", "sphinxcontrib.bibtex", "starlight.extension"]
bibtex_bibfiles = []
starlight_sources = "evidence/sources.yaml"
exclude_patterns = ["evidence", "timeline.yaml"]
html_theme = "furo"  # the real theme: its sidebar shows every page
