from starlight.testing import mini_project

globals().update(mini_project())
html_theme = "furo"  # the real theme: its sidebar shows every page
