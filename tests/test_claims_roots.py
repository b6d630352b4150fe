"""One pair of mini projects per rule: the bad one gives the exact warning, the good one none.

Each case is named as its project would be, ``<rule>-bad`` or ``<rule>-good``; it
builds the root ``tests/roots/test-<case>``, or, in :data:`CONFIGURED`, a root shared
with another case and configured by the test."""

from __future__ import annotations

import json
import os
import re

import pytest
from sphinx.util.console import strip_colors

from conftest import previewed
from starlight import buildstate

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
        "index.md:5: WARNING: pinpoint alpha L7 is outside alpha.txt (3 lines) "
        "[claims.bad_pinpoint]",
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
        # A name only an off-topic line gives (an unrelated headline) is no source's.
        "index.md:6: WARNING: name 'Trondheim' not found in [alpha L1] [claims.ungrounded_name]",
    ],
    "claims-unused-bad": [
        "evidence/sources.yaml:6: WARNING: source 'beta' (beta.txt) is never cited "
        "[claims.unused_source]",
    ],
    "claims-uncited-tail-bad": [
        'index.md:3: WARNING: text after the last citation is uncited: "; it was first shown in '
        'Oslo." [claims.uncited_tail]',
        # The table row is on line 8; a row is reported at the line where its table starts.
        'index.md:6: WARNING: text after the last citation is uncited: ", who also wrote it" '
        "[claims.uncited_tail]",
    ],
    "claims-ungrounded-label-bad": [
        "index.md:5: WARNING: heading \"Premiere in Bergen\" holds name 'Bergen', which its "
        "section's citations don't ground [claims.ungrounded_label]",
        'index.md:9: WARNING: definition term "Lumen Festival 2019" holds number 2019, which its '
        "section's citations don't ground [claims.ungrounded_label]",
        "index.md:12: WARNING: field name \"Venue in Bergen\" holds name 'Bergen', which its "
        "section's citations don't ground [claims.ungrounded_label]",
        # Link text and inline code in running text are part of the sentence; a link that
        # only navigates ("see the …") is a label.
        "index.md:14: WARNING: name 'Trondheim' not found in [alpha L3] [claims.ungrounded_name]",
        "index.md:16: WARNING: number 1999 not found in [alpha L3] [claims.ungrounded_number]",
        "index.md:18: WARNING: link text \"programme of Trondheim\" holds name 'Trondheim', which "
        "its section's citations don't ground [claims.ungrounded_label]",
    ],
    "claims-raw-content-bad": [
        "index.md:5: WARNING: raw HTML on a content page: write Markdown, whose sentences the "
        "checker can read [claims.raw_content]",
    ],
    "claims-editorial-note-bad": [
        "index.md:6: WARNING: Editor's note on a content page holds number 2024, name 'Lumen', "
        "name 'Festival': move it to the text, cited, or to an editorial page "
        "[claims.editorial_note]",
    ],
    "claims-off-topic-pinpoint-bad": [
        "index.md:4: WARNING: pinpoint alpha L3-4 cites L4, which sources.yaml marks as off "
        "topic [claims.off_topic_pinpoint]",
    ],
    "claims-unit-mismatch-bad": [
        "index.md:4: WARNING: unit: 6 year (the cited lines say 6 month) in [alpha L2] "
        "[claims.unit_mismatch]",
    ],
    "claims-misleading-ellipsis-bad": [
        "index.md:4: WARNING: the ellipsis in \"is … so impossible\" leaves out 'not' of [alpha "
        "L2] [claims.misleading_ellipsis]",
    ],
    "claims-coverage-below-bad": [
        "evidence/sources.yaml:2: WARNING: source 'alpha' is 67% covered (at least 100% "
        "required); lines on topic not cited: L2 [claims.coverage_below]",
    ],
    "claims-malformed-citation-bad": [  # one line naming the role and what is wrong
        "index.md:4: WARNING: malformed citation role {cite:p}`alpha{L3}.`: its closing "
        "backtick is missing [claims.malformed_citation]",
        "index.md:6: WARNING: malformed citation role {cite}`alpha{L1`: a brace is not closed "
        "[claims.malformed_citation]",
        "index.md:8: WARNING: malformed citation role {cite:p}`alpha{L2`: a brace is not closed "
        "[claims.malformed_citation]",
    ],
    "claims-clause-evidence-bad": [  # each quote is in the other source's clause
        'index.md:4: WARNING: quote not found in [alpha L2]: "warm at heart" (closest: "calls '
        'the") [claims.quote_not_found]',
        'index.md:4: WARNING: quote not found in [beta L1]: "a gentle hum" (closest: "calls the '
        'film") [claims.quote_not_found]',
    ],
    "claims-name-spelling-bad": [
        "index.md:4: WARNING: name 'Ji-Won' is spelled 'Ji-won' in [alpha L2] "
        "[claims.ungrounded_name]",
    ],
}
EXPECTED["claims-label-first-word-bad"] = [
    # A label's first word is a name too when it is no English word.
    "index.md:5: WARNING: heading \"Bergen premiere\" holds name 'Bergen', which its "
    "section's citations don't ground [claims.ungrounded_label]",
    "index.md:9: WARNING: definition term \"Trondheim\" holds name 'Trondheim', which its "
    "section's citations don't ground [claims.ungrounded_label]",
    "index.md:12: WARNING: field name \"Bergen venue\" holds name 'Bergen', which its "
    "section's citations don't ground [claims.ungrounded_label]",
    "index.md:14: WARNING: name 'Trondheim' not found in [alpha L3] [claims.ungrounded_name]",
]
EXPECTED["claims-contradicted-bad"] = [
    # A negation added or dropped where the lines have the same words around the word: the
    # hard tier is sure of it. (Other contexts are flagged: test-flags-polarity-*.)
    "index.md:4: WARNING: 'not repair': the cited lines do not negate it, with the same words "
    "around it, in [alpha L2] [claims.contradicted]",
    "index.md:5: WARNING: 'reaches': the cited lines negate it, with the same words around it, "
    "in [alpha L3] [claims.contradicted]",
]
EXPECTED["claims-editorial-page-bad"] = [
    # Front matter alone ("claims: editorial") no longer exempts a page: conf.py lists them.
    'about.md:7: WARNING: uncited claim: "The wiki was started in 2026 by its editors." '
    "[claims.uncited]",
]
EXPECTED["claims-quote-heavy-bad"] = [
    "index.md:1: WARNING: 17% of the page's 18 prose words are inside quotation marks (at most "
    "10%): paraphrase what is not an opinion or a statement [claims.quote_heavy]",
]
EXPECTED["claims-attribution-heavy-bad"] = [
    "index.md:1: WARNING: 50% of the page's 2 sentences name a source or report words (at most "
    "40%): state facts in the wiki's own voice [claims.attribution_heavy]",
]
EXPECTED["claims-page-too-long-bad"] = [
    "index.md:1: WARNING: the page has 26 prose words (at most 20) [claims.page_too_long]",
]
EXPECTED["claims-line-overcited-bad"] = [  # reported at the source's entry in the metadata
    "evidence/sources.yaml:2: WARNING: alpha L1 is cited by 2 claims (at most 1): give each fact "
    "one home page and link to it [claims.line_overcited]",
]
EXPECTED["claims-repeated-fact-bad"] = [  # the lead (index) may summarise; pages may not
    "story.md:4: WARNING: repeats 6 words (“crew trains for the mission in”) of release line 4: "
    "give each fact one home page and link to it [claims.repeated_fact]",
]
# Legitimate paraphrase: "Martian" by the reviewed synonym Martian = Mars, and the
# passive "Nan is voiced by Kim" for "Kim voices Nan".
CLEAN = [
    "claims-paraphrase-good",
    "claims-uncited-good",
    "claims-source-good",
    "claims-quote-good",
    "claims-grounding-good",
    "claims-unused-good",
    "claims-uncited-tail-good",
    "claims-ungrounded-label-good",
    "claims-raw-content-good",
    "claims-editorial-note-good",
    "claims-off-topic-pinpoint-good",
    "claims-unit-mismatch-good",
    "claims-misleading-ellipsis-good",
    "claims-coverage-below-good",
    "claims-malformed-citation-good",
    "claims-clause-evidence-good",
    "claims-name-spelling-good",
    "claims-quote-heavy-good",
    "claims-attribution-heavy-good",
    "claims-page-too-long-good",
    "claims-line-overcited-good",
    "claims-repeated-fact-good",
    "claims-editorial-page-good",
    "claims-contradicted-good",
]


# One pair of mini projects per flag kind: the bad one is flagged at the words listed
# (file, line, kind, word), without a warning; the good one is neither warned nor flagged.
FLAGGED = {
    "flags-unsupported-bad": [
        ("index.md", 4, "unsupported", "box-office failure"),
        # A name the source gives on another line: the machine cannot prove it wrong
        # (the lines may mean it unnamed), so a person decides; one no source gives
        # fails the hard tier (claims-grounding-bad).
        ("index.md", 5, "unsupported", "Oslo"),
        # A count the lines do not state, where they count nothing: as for the name,
        # a person decides; where they count anything, the count fails the hard tier.
        ("index.md", 6, "unsupported", "Three"),
    ],
    "flags-unsupported-term-bad": [("index.md", 4, "unsupported", "engineer")],
    "flags-scale-bad": [
        ("index.md", 4, "scale", "always"),
        ("index.md", 5, "scale", "will"),
        ("index.md", 6, "scale", "best"),
    ],
    "flags-polarity-antonym-bad": [("index.md", 4, "polarity", "last")],
    "flags-polarity-negation-bad": [
        ("index.md", 4, "polarity", "not repair"),
        ("index.md", 5, "polarity", "reaches"),
    ],
    "flags-order-bad": [
        ("index.md", 4, "order", "before"),
        ("index.md", 5, "order", "because of"),
        ("index.md", 5, "unsupported", "storm"),
    ],
    # A heading that states something is aligned with its section's citations.
    "flags-label-bad": [
        ("index.md", 6, "unsupported", "Drift won"),
        ("index.md", 6, "unsupported", "award"),
        # A name the sources give, not the section's lines: flagged, as in a sentence.
        ("index.md", 10, "unsupported", "Oslo"),
    ],
    "flags-opinion-bad": [
        ("index.md", 3, "opinion", "stunning"),
        ("index.md", 4, "opinion", "a quiet triumph"),
    ],
    # Two swapped items: both are flagged.
    "flags-relation-bad": [
        ("index.md", 4, "relation", "Hong"),
        ("index.md", 4, "relation", "Kim"),
        ("index.md", 5, "relation", "Forbes"),
        ("index.md", 5, "relation", "Han"),
    ],
}
UNFLAGGED = [name.replace("-bad", "-good") for name in FLAGGED]


# Cases whose project differs from another's only in a setting: the root they share
# and the settings of this case. Each keeps its own build folder (srcdir).
CONFIGURED: dict[str, tuple[str, dict]] = {
    "claims-editorial-page-bad": ("claims-editorial-page", {}),
    "claims-editorial-page-good": ("claims-editorial-page", {"claims_editorial_pages": ["about"]}),
    "claims-coverage-below-bad": ("claims-partly-covered", {"claims_min_coverage": 1.0}),
    "claims-malformed-citation-good": ("claims-partly-covered", {}),
    "claims-page-too-long-bad": ("claims-each-line-once", {"claims_max_words": {"index": 20}}),
    "claims-line-overcited-good": ("claims-each-line-once", {"claims_max_citations_per_line": 1}),
    # The text says what the lines say, negations included: the hard tier finds no
    # contradiction and the aligner flags no polarity.
    "claims-contradicted-good": ("claims-faithful-negations", {}),
    "flags-polarity-negation-good": ("claims-faithful-negations", {}),
}


def cases(names: list[str]) -> list:
    """Each case as a pytest.param carrying the sphinx marker that builds its project."""
    params = []
    for name in names:
        testroot, confoverrides = CONFIGURED.get(name, (name, {}))
        own = {"srcdir": name} if testroot != name else {}
        marker = pytest.mark.sphinx("html", testroot=testroot, confoverrides=confoverrides, **own)
        params.append(pytest.param(name, id=name, marks=marker))
    return params


def published_claims(app) -> list[dict]:
    """The claims an HTML build publishes (its report keeps only their statuses)."""
    return json.loads((app.outdir / "claims.json").read_text(encoding="utf-8"))["claims"]


def warnings(app) -> str:
    return strip_colors(app.warning.getvalue())


def claim_warnings(app) -> list[str]:
    prefix = str(app.srcdir) + "/"
    return sorted(
        line.replace(prefix, "") for line in warnings(app).splitlines() if "[claims." in line
    )


@pytest.mark.parametrize("case", cases(sorted(EXPECTED)))
def test_bad_project_gives_the_exact_warnings(app, case):
    app.build()
    assert claim_warnings(app) == sorted(EXPECTED[case])


@pytest.mark.parametrize("case", cases(CLEAN))
def test_good_project_is_clean(app, case):
    app.build()
    assert warnings(app) == ""
    statuses = {claim["status"] for claim in published_claims(app)}
    assert statuses <= {"verified", "cited"}


def report_flags(app) -> list[tuple[str, int, str, str]]:
    return [
        (os.path.relpath(path, app.srcdir), line, flag.kind.name, flag.word)
        for path, line, flag in buildstate.of(app).report.flags
    ]


@pytest.mark.parametrize("case", cases(sorted(FLAGGED)))
def test_bad_project_is_flagged_at_the_words(app, case):
    """Flags are not warnings: the build passes; the report, claims.json and the terminal
    report list them."""
    app.build()
    assert warnings(app) == ""
    assert report_flags(app) == FLAGGED[case]
    data = json.loads((app.outdir / "claims.json").read_text(encoding="utf-8"))
    published = sorted(
        (item["line"], flag["kind"], flag["word"], item["text"][flag["start"] : flag["end"]])
        for item in data["claims"] + data["labels"]
        for flag in item["flags"]
    )
    assert sorted((line, kind, word) for _, line, kind, word in FLAGGED[case]) == [
        (line, kind, word) for line, kind, word, _ in published
    ]
    assert all(word == shown for _, _, word, shown in published)


@pytest.mark.parametrize("case", cases(UNFLAGGED))
def test_good_project_is_not_flagged(app, case):
    app.build()
    assert warnings(app) == ""
    assert report_flags(app) == []


@previewed("claims-uncited-good")
def test_editors_notes_show_in_the_preview(app):
    app.build()
    assert "Editor’s note" in (app.outdir / "index.html").read_text()


@pytest.mark.sphinx("html", testroot="claims-uncited-good")
def test_exemptions_are_reported(app):
    app.build()
    reasons = [e.reason for e in buildstate.of(app).report.exemptions]
    assert reasons == ["editor's note"]
    html = (app.outdir / "index.html").read_text()
    assert "Editor’s note" not in html  # for editors: shown by make serve only
    texts = [claim["text"] for claim in published_claims(app)]
    assert not any(re.search(r"See the", t) for t in texts)  # navigation is not a claim


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            name, marks=pytest.mark.sphinx("claims", testroot=name, srcdir=f"{name}-b-claims")
        )
        for name in ("claims-quote-bad", "claims-quote-good")
    ],
)
def test_claims_builder_checks_without_writing(app, case):
    """``-b claims`` (what check_claims.py uses) warns as the HTML build does, and writes
    nothing."""
    app.build()
    assert claim_warnings(app) == sorted(EXPECTED.get(case, []))
    assert [claim.status for claim in buildstate.of(app).report.claims]
    assert not list(app.outdir.rglob("*.*"))


@pytest.mark.slow  # Sphinx's parallel reader forks per page chunk (make test-fast leaves it out)
@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            name, marks=pytest.mark.sphinx("html", testroot=name, srcdir=f"{name}-j2", parallel=2)
        )
        for name in ("claims-uncited-bad", "claims-uncited-good")
    ],
)
def test_parallel_reading_gives_the_same_warnings(app, case):
    """With ``-j 2`` the pages are read in other processes, which pickle their
    doctrees; the worker reads the claims from those, so the verdicts are the same."""
    assert app.is_parallel_allowed("read")
    app.build()
    assert claim_warnings(app) == sorted(EXPECTED.get(case, []))
    assert published_claims(app)
