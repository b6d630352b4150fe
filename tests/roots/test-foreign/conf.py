project = "Vela"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "starlight.claims.sphinx"]
bibtex_bibfiles = ["refs.bib"]
claims_sources = "sources.yaml"
