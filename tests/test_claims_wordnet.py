"""The WordNet tables: generated from Debian's wordnet-base, read without WordNet."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from starlight.claims import wordnet
from starlight.claims.wordnet_tables import main as make_tables

DEBIAN = Path("/usr/share/wordnet")
TABLES = (
    "antonyms.tsv",
    "wordnet-senses.tsv",
    "wordnet-links.tsv",
    "wordnet-derived.tsv",
    "wordnet-exceptions.tsv",
)


def test_a_claim_may_write_a_synonym_or_a_more_general_word_never_a_more_specific_one():
    assert wordnet.covered("construct")["build"] == "synonym"
    assert wordnet.covered("songwriter")["musician"] == "more general"
    assert "songwriter" not in wordnet.covered("musician")  # more specific says more
    assert "drummer" not in wordnet.covered("songwriter")  # another of its kind
    assert wordnet.covered("immense")["huge"] in ("synonym", "similar")
    assert wordnet.covered("discover")["discovery"] == "derived"
    assert "sell" not in wordnet.covered("repair")


def test_a_verb_may_be_written_as_what_the_lines_verb_entails_or_causes():
    assert wordnet.covered("snore", "v")["sleep"] == "more general"  # snoring entails sleep
    assert wordnet.covered("kill", "v")["die"] == "more general"  # killing causes death
    assert "snore" not in wordnet.covered("sleep", "v")  # sleeping need not be snoring
    assert "kill" not in wordnet.covered("die", "v")


def test_a_word_relates_in_the_part_of_speech_it_has_there():
    # "sacrifice" the verb is also "sell at a loss"; the noun is not.
    assert "sell" in wordnet.covered("sacrifice", "v")
    assert "sell" not in wordnet.covered("sacrifice", "n")
    # A verb's more general words are one step up only: "fulfil" is not "give".
    assert "give" not in wordnet.covered("fulfil", "v")


def test_bases_follow_wordnet_s_morphology():
    assert wordnet.bases("mixes") == ("mix",)
    assert "cope" in wordnet.bases("coping")
    assert wordnet.bases("went") == ("go",)
    assert wordnet.bases("xyzzyq") == ()


@pytest.mark.wordnet
@pytest.mark.slow  # reads all of WordNet (about 3 s)
def test_the_generator_makes_the_committed_tables_again(tmp_path):
    """The tables in the package are what wordnet-tables makes from Debian's WordNet,
    byte for byte (.ci/run installs wordnet-base)."""
    assert make_tables(["--wordnet", str(DEBIAN), "--out", str(tmp_path)]) == 0
    for name in TABLES:
        assert filecmp.cmp(tmp_path / name, wordnet.DATA / name, shallow=False), name


def test_missing_wordnet_files_are_one_line_and_nothing_is_written(tmp_path):
    (tmp_path / "wordnet").mkdir()
    (tmp_path / "wordnet" / "data.noun").write_text("")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "starlight",
            "wordnet-tables",
            "--wordnet",
            str(tmp_path / "wordnet"),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"{tmp_path / 'wordnet' / 'index.noun'}: missing: WordNet's files are not all here "
        "(apt-get install wordnet-base, or --wordnet DIR)"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wordnet"]
