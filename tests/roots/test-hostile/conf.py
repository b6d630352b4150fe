from starlight.testing import mini_project

globals().update(mini_project())
html_theme = "furo"
latex_engine = "xelatex"
