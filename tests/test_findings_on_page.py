"""make serve: a page with findings shows them on the page; the published site never does."""

import shutil

import pytest


def build(make_app, rootdir, tmp_path, root, **overrides):
    srcdir = tmp_path / root
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides=overrides)
    app.build()
    return (app.outdir / "index.html").read_text(encoding="utf-8")


def test_a_page_with_findings_lists_them_at_its_top_while_previewing(make_app, rootdir, tmp_path):
    html = build(make_app, rootdir, tmp_path, "claims-quote-bad", claims_show_findings=True)
    box = html[html.index("claims-findings") :]
    box = box[: box.index("</div>")]
    assert "Claim check: 1 finding on this page" in box
    assert (
        ">claims-quote-bad/index.md:4</span></code>: quote not found in [alpha L2]: "
        "&quot;a luminus voyage&quot; (closest: &quot;a luminous voyage&quot;)" in box
    )
    assert "[claims.quote_not_found]" in box
    assert html.index("claims-findings") < html.index("Alpha is a film")  # first on the page


@pytest.mark.parametrize(
    ("root", "overrides"),
    [
        ("claims-quote-good", {"claims_show_findings": True}),  # nothing to show
        ("claims-quote-bad", {}),  # the published build
    ],
)
def test_no_box_without_findings_or_outside_the_preview(
    make_app, rootdir, tmp_path, root, overrides
):
    assert "claims-findings" not in build(make_app, rootdir, tmp_path, root, **overrides)


def test_a_page_with_flags_lists_the_flagged_words_while_previewing(make_app, rootdir, tmp_path):
    html = build(make_app, rootdir, tmp_path, "flags-scale-bad", claims_show_findings=True)
    box = html[html.index("claims-flags") :]
    box = box[: box.index("</div>")]
    assert "Claim check: 3 flagged words to confirm against the cited lines" in box
    assert (
        ">flags-scale-bad/index.md:4</span></code>: ‘always’: stronger than the cited "
        "lines' 'often' (frequency)" in box
    )
    assert "[flag.scale]" in box
    assert html.index("claims-flags") < html.index("Drift is an animated film")


@pytest.mark.parametrize(
    ("root", "overrides"),
    [
        ("flags-scale-good", {"claims_show_findings": True}),  # nothing flagged
        ("flags-scale-bad", {}),  # the published build
    ],
)
def test_no_flags_box_without_flags_or_outside_the_preview(
    make_app, rootdir, tmp_path, root, overrides
):
    assert "claims-flags" not in build(make_app, rootdir, tmp_path, root, **overrides)
