from starlight.testing import mini_project

globals().update(mini_project())
exclude_patterns = ["evidence", "timeline.yaml"]
html_theme = "furo"  # the real theme: its sidebar shows every page
