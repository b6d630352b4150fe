from starlight.testing import mini_project

globals().update(mini_project())
exclude_patterns = ["evidence", "infobox.yaml"]
