extensions = ["myst_parser", "sphinxcontrib.bibtex", "starlight.extension"]
bibtex_bibfiles = []  # set by starlight.extension from evidence/sources.yaml
starlight_sources = "evidence/sources.yaml"
exclude_patterns = ["evidence", "infobox.yaml"]
html_theme = "basic"
