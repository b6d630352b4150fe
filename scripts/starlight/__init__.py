"""Tools for the Lost in Starlight Wiki: sources, citations and the Sphinx extension.

Every module here does one thing; the Sphinx extension (:mod:`starlight.extension`)
and the command-line scripts in ``scripts/`` share them, so no rule is written twice.
"""
