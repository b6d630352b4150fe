extensions = ["myst_parser", "sphinxcontrib.bibtex", "starlight.extension"]
bibtex_bibfiles = []
starlight_sources = "evidence/sources.yaml"
exclude_patterns = ["evidence"]
html_theme = "basic"
