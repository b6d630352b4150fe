extensions = ["myst_parser", "starlight.sidebar"]
html_theme = "furo"
