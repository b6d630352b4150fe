"""The claim checker: every claim cited, every citation verified against its source.

``extract`` reads claims from doctrees, ``rules`` judges them against the
sources, ``codes`` names the findings, ``report`` formats them. The Sphinx
extension (``starlight.claims.sphinx``) and ``starlight check-claims`` both
use these modules; neither re-implements the other.
"""
