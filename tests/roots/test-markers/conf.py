extensions = ["myst_parser", "sphinxcontrib.bibtex", "starlight.extension"]
bibtex_bibfiles = []
bibtex_default_style = "starlight"
bibtex_reference_style = "starlight-pinpoint"
bibtex_cite_id = "cite-{key}"
starlight_sources = "evidence/sources.yaml"
exclude_patterns = ["evidence"]
html_theme = "basic"
