from starlight.testing import mini_project

globals().update(mini_project())
claims_min_coverage = 1.0
