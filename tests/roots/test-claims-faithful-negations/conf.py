from starlight.testing import mini_project

globals().update(mini_project())
