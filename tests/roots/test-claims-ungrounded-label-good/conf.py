from starlight.testing import mini_project

globals().update(mini_project())
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
