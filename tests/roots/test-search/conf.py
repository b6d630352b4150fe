from starlight.testing import mini_project

globals().update(mini_project())
claims_editorial_pages = ["about"]
