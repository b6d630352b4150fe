"""One pair of mini projects per rule: the bad one gives the exact warning, the good one none."""

from __future__ import annotations

import re
import shutil

import pytest
from sphinx.util.console import strip_colors

EXPECTED = {
    "claims-uncited-bad": [
        'index.md:4: WARNING: uncited claim: "Critics liked it a lot." [claims.uncited]',
    ],
    "claims-source-bad": [
        "evidence/sources.yaml:6: WARNING: SHA-256 of beta.txt is "
        "df940c6558ba7266610d31989258b8284162c77fcd8d2012f6e31b88c519e387, not "
        "c454cc62b3bc49d5325043ecc0adfb853506c02344114b212ad791eb47cd123b as recorded "
        "[claims.hash_mismatch]",
        "evidence/sources.yaml:6: WARNING: source 'beta' (beta.txt) is never cited "
        "[claims.unused_source]",
        "evidence/sources.yaml:10: WARNING: file of source 'delta' is missing: delta.txt "
        "[claims.source_missing]",
        "index.md:4: WARNING: citation key 'gamma' has no bibliography entry [claims.unknown_key]",
        "index.md:5: WARNING: pinpoint alpha L7 is outside alpha.txt (3 lines) [claims.bad_pinpoint]",
        "index.md:6: WARNING: citation of 'alpha' has no pinpoint (write {L<n>} after the key) "
        "[claims.no_pinpoint]",
    ],
    "claims-quote-bad": [
        'index.md:4: WARNING: quote not found in [alpha L2]: "a luminus voyage" '
        '(closest: "a luminous voyage") [claims.quote_not_found]',
    ],
    "claims-grounding-bad": [
        "index.md:4: WARNING: number 7 not found in [alpha L1] [claims.ungrounded_number]",
        "index.md:5: WARNING: name 'Seoul' not found in [alpha L3] [claims.ungrounded_name]",
    ],
    "claims-unused-bad": [
        "evidence/sources.yaml:6: WARNING: source 'beta' (beta.txt) is never cited "
        "[claims.unused_source]",
    ],
}
CLEAN = ["claims-uncited-good", "claims-source-good", "claims-quote-good",
         "claims-grounding-good", "claims-unused-good"]


def claim_warnings(app, warning) -> list[str]:
    prefix = str(app.srcdir) + "/"
    lines = strip_colors(warning.getvalue()).splitlines()
    return sorted(line.replace(prefix, "") for line in lines if "[claims." in line)


@pytest.mark.parametrize("testroot", sorted(EXPECTED))
def test_bad_project_gives_the_exact_warnings(make_app, rootdir, tmp_path, testroot):
    srcdir = tmp_path / testroot
    shutil.copytree(rootdir / f"test-{testroot}", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert claim_warnings(app, app._warning) == sorted(EXPECTED[testroot])


@pytest.mark.parametrize("testroot", CLEAN)
def test_good_project_is_clean(make_app, rootdir, tmp_path, testroot):
    srcdir = tmp_path / testroot
    shutil.copytree(rootdir / f"test-{testroot}", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert strip_colors(app._warning.getvalue()) == ""
    statuses = {claim.status for claim in app.claims_report.claims}
    assert statuses <= {"verified", "cited"}


@pytest.mark.sphinx("html", testroot="claims-uncited-good")
def test_exemptions_are_reported(app):
    app.build()
    reasons = [e.reason for e in app.claims_report.exemptions]
    assert reasons == ["editor's note"]
    html = (app.outdir / "index.html").read_text()
    assert "Editor’s note" in html
    texts = [c.text for c in app.claims_report.claims]
    assert not any(re.search(r"See the", t) for t in texts)  # navigation is not a claim


@pytest.mark.parametrize("testroot", ["claims-quote-bad", "claims-quote-good"])
def test_claims_builder_checks_without_writing(make_app, rootdir, tmp_path, testroot):
    """``-b claims`` (what check_claims.py uses) warns as the HTML build does, and writes nothing."""
    srcdir = tmp_path / testroot
    shutil.copytree(rootdir / f"test-{testroot}", srcdir)
    app = make_app("claims", srcdir=srcdir)
    app.build()
    assert claim_warnings(app, app._warning) == sorted(EXPECTED.get(testroot, []))
    assert [claim.status for claim in app.claims_report.claims]
    assert not list(app.outdir.rglob("*.*"))
