from starlight.testing import mini_project

globals().update(mini_project())
claims_max_repeated_words = 5
claims_summary_pages = ["index"]
