extensions = ["myst_parser", "sphinxcontrib.bibtex", "starlight.extension"]
bibtex_bibfiles = []  # set by starlight.extension from evidence/sources.yaml
bibtex_default_style = "starlight"
bibtex_reference_style = "starlight-pinpoint"
bibtex_cite_id = "cite-{key}"
starlight_sources = "evidence/sources.yaml"
exclude_patterns = ["evidence", "infobox.yaml"]
html_theme = "basic"
