"""The claim checker: every claim cited, every citation verified against its source.

``extract`` reads claims from doctrees; ``registry`` declares the rules (each a
small function of ``rules``, with its code, scope and inputs), which ``engine`` runs
against the sources; ``codes`` names the findings, ``report`` formats them. The Sphinx
extension (``starlight.claims.sphinx``) and ``starlight check-claims`` both
use these modules; neither re-implements the other. Nothing here imports the
wiki's site (``starlight.extension``, ``.pages``, ``.site``, ``.bibliography``): any
Sphinx + MyST + sphinxcontrib-bibtex project can use the checker alone.
"""
