extensions = ["myst_parser", "starlight.pages.sidebar"]
html_theme = "furo"
