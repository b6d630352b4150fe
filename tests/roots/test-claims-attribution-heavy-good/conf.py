from starlight.testing import mini_project

globals().update(mini_project())
claims_max_attributing = 0.4
