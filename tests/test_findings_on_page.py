"""make serve: a page with findings shows them on the page; the published site never does."""

import pytest

from conftest import previewed


def page(app) -> str:
    app.build()
    return (app.outdir / "index.html").read_text(encoding="utf-8")


@previewed("claims-quote-bad")
def test_a_page_with_findings_lists_them_at_its_top_while_previewing(app):
    html = page(app)
    box = html[html.index("claims-findings") :]
    box = box[: box.index("</div>")]
    assert "Claim check: 1 finding on this page" in box
    assert (
        ">claims-quote-bad-preview/index.md:4</span></code>: quote not found in [alpha L2]: "
        "&quot;a luminus voyage&quot; (closest: &quot;a luminous voyage&quot;)" in box
    )
    assert "[claims.quote_not_found]" in box
    assert html.index("claims-findings") < html.index("Alpha is a film")  # first on the page


@pytest.mark.parametrize(
    "root",
    [
        pytest.param("claims-quote-good", marks=previewed("claims-quote-good")),  # nothing to show
        pytest.param(  # the published build
            "claims-quote-bad", marks=pytest.mark.sphinx("html", testroot="claims-quote-bad")
        ),
    ],
)
def test_no_box_without_findings_or_outside_the_previewed(app, root):
    assert "claims-findings" not in page(app)


@previewed("flags-scale-bad")
def test_a_page_with_flags_lists_the_flagged_words_while_previewing(app):
    html = page(app)
    box = html[html.index("claims-flags") :]
    box = box[: box.index("</div>")]
    assert "Claim check: 3 flagged words to confirm against the cited lines" in box
    assert (
        ">flags-scale-bad-preview/index.md:4</span></code>: ‘always’: stronger than the cited "
        "lines' 'often' (frequency)" in box
    )
    assert "[flag.scale]" in box
    assert html.index("claims-flags") < html.index("Drift is an animated film")


@pytest.mark.parametrize(
    "root",
    [
        pytest.param("flags-scale-good", marks=previewed("flags-scale-good")),  # nothing flagged
        pytest.param(  # the published build
            "flags-scale-bad", marks=pytest.mark.sphinx("html", testroot="flags-scale-bad")
        ),
    ],
)
def test_no_flags_box_without_flags_or_outside_the_previewed(app, root):
    assert "claims-flags" not in page(app)
