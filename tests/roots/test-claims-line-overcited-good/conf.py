extensions = ["myst_parser", "sphinxcontrib.bibtex", "starlight.extension"]
bibtex_bibfiles = []  # set by starlight.extension from evidence/sources.yaml
starlight_sources = "evidence/sources.yaml"
exclude_patterns = ["evidence"]
html_theme = "basic"
myst_enable_extensions = ["colon_fence"]
claims_max_citations_per_line = 1
