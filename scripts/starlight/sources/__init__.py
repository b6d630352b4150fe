"""The sources and their numbered lines: the metadata catalog and pinpoints.

Neutral ground: the claim checker, the wiki's site and the red team all read the
sources through it, and it imports none of them.
"""
