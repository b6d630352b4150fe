"""The development tools that measure the checker on text nobody here tuned it to:
WiCE (``make bench-verify``) and hand-written edits (``scripts/measure/edits.py``)."""

from __future__ import annotations

import json
import shutil

import edits
import wice
from conftest import copy_root


def test_a_seeded_sample_of_wice_dev_prints_the_measures(tmp_path, capsys):
    out = tmp_path / "wice.json"
    assert wice.main(["--sample", "12", "--seed", "3", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "WiCE dev split: 12 oracle-chunk claims, 12 token-annotated sub-claims" in printed
    for line in (
        "supported claims the hard tier passes",
        "supported claims with no finding and no flag",
        "partially and not supported claims failed or flagged",
        "unsupported tokens, checker: precision",
    ):
        assert line in printed
    figures = json.loads(out.read_text())
    counts = figures["claims"]["counts"]
    assert sum(row["claims"] for row in counts.values()) == 12
    assert all(
        row["hard"] + row["flagged"] + row["clean"] == row["claims"] for row in counts.values()
    )
    assert set(figures["tokens"]) == {"checker", "word overlap"}
    again = tmp_path / "again.json"
    wice.main(["--sample", "12", "--seed", "3", "--json", str(again)])
    assert again.read_text() == out.read_text()  # the seed fixes the sample


def test_the_checker_flags_a_wice_style_claim_at_its_wrong_words():
    lines = ["Brian Pendleton, musician, born April 13 1944; died May 25 2001."]
    wrong = wice.judge("Brian Pendleton died on 16 May 2001.", lines, "Brian Pendleton")
    right = wice.judge("Brian Pendleton died on 25 May 2001.", lines, "Brian Pendleton")
    assert wrong.hard and not right.hard
    claim = "Brian Pendleton died on 16 May 2001."
    assert any(claim[start:end] == "16" for start, end in wrong.spans)


def test_the_test_split_needs_a_checkout(capsys):
    assert wice.main(["--split", "test"]) == 2
    assert capsys.readouterr().err.startswith("--split test and --convert read a WiCE checkout")


def write_edits(path, entries) -> None:
    import yaml

    path.write_text(yaml.safe_dump(entries), encoding="utf-8")


def test_hand_written_edits_are_caught_flagged_or_passed(tmp_path, capsys):
    root = tmp_path / "wiki"
    copy_root("flags-scale-good", root / "docs")
    shutil.move(root / "docs" / "evidence", root / "sources")  # laid out as this wiki is
    with (root / "docs" / "conf.py").open("a") as conf:
        conf.write('starlight_sources = "../sources/sources.yaml"\n')
    errors, honest = tmp_path / "errors.yaml", tmp_path / "honest.yaml"
    write_edits(
        errors,
        [
            {
                "id": "e1",
                "kind": "scale",
                "page": "docs/index.md",
                "find": "Critics often",
                "replace": "Critics always",
                "wrong": ["always"],
            },
            {
                "id": "e2",
                "kind": "name",
                "page": "docs/index.md",
                "find": "by Mara Quill",
                "replace": "by Ada Lorne",
                "wrong": ["Ada Lorne"],
            },
            {
                "id": "e3",
                "kind": "deletion",
                "page": "docs/index.md",
                "find": "animated film",
                "replace": "film",
                "wrong": ["film"],
            },
        ],
    )
    write_edits(
        honest,
        [
            {
                "id": "h1",
                "kind": "voice",
                "page": "docs/index.md",
                "find": "Critics often praise",
                "replace": "Critics frequently praise",
                "wrong": [],
            }
        ],
    )
    assert edits.main([str(errors), str(honest), "--root", str(root), "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    assert (
        "  all                    3      1       1      1   caught or flagged at the word: "
        "67%" in printed
    )
    assert "passed the hard tier: 1 of 1 (100%); new flags: 0 (0.00 per edit)" in printed


def test_an_edit_that_does_not_apply_is_one_line_and_exit_two(tmp_path, capsys):
    errors = tmp_path / "errors.yaml"
    write_edits(
        errors,
        [
            {
                "id": "e1",
                "page": "docs/index.md",
                "find": "no such text",
                "replace": "x",
                "wrong": ["x"],
            }
        ],
    )
    root = tmp_path / "wiki"
    copy_root("flags-scale-good", root / "docs")
    assert edits.main([str(errors), "--root", str(root)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"{errors}: edit e1: 'find' occurs 0 times in docs/index.md, not once"
    )


def test_edits_whose_text_is_gone_can_be_left_out_and_counted(tmp_path, capsys):
    """A set kept outside the repository does not follow the wiki's text: its stale
    edits are left out by name, and the rest measured."""
    root = tmp_path / "wiki"
    copy_root("flags-scale-good", root / "docs")
    shutil.move(root / "docs" / "evidence", root / "sources")
    with (root / "docs" / "conf.py").open("a") as conf:
        conf.write('starlight_sources = "../sources/sources.yaml"\n')
    errors = tmp_path / "errors.yaml"
    gone = {"id": "e1", "page": "docs/index.md", "find": "no such text", "replace": "x"}
    kept = {
        "id": "e2",
        "kind": "scale",
        "page": "docs/index.md",
        "find": "Critics often",
        "replace": "Critics always",
        "wrong": ["always"],
    }
    write_edits(errors, [gone, kept])
    argv = [str(errors), "--root", str(root), "--jobs", "1", "--leave-out-stale"]
    assert edits.main(argv) == 0
    printed = capsys.readouterr().out
    assert f"{errors}: 1 edits left out, their text gone: e1" in printed
    assert f"{errors}: 1 edits" in printed
    assert "caught or flagged at the word: 100%" in printed
