"""The red team (scripts/measure/redteam.py): reproducible single edits, judged at the right
line (hard findings) or at the right word (flags), with words from outside the checker."""

from __future__ import annotations

import difflib
import inspect
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import redteam
from conftest import REPO

pytestmark = pytest.mark.slow  # builds the real wiki (make test-fast leaves it out)

OBVIOUS = ["citation_removed", "number_changed"]
NATURAL = [
    "hedge_dropped",
    "scale_raised",
    "invented_clause",
    "sentiment_reversed",
    "order_swapped",
    "cause_asserted",
    "connective_added",
    "verb_substituted",
]
"""The kinds of natural subtle edits: each names the words that make it wrong."""


@pytest.fixture(scope="module", autouse=True)
def packages():
    """The red team's word lists need their packages: a clear failure, not a traceback."""
    try:
        redteam.require()
    except redteam.MissingPackage as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def wiki(tmp_path_factory):
    """A copy of the checkout: the mutations and the checks read the same text."""
    return redteam.copy_of(REPO, tmp_path_factory.mktemp("redteam") / "wiki")


@pytest.fixture(scope="module")
def project(wiki) -> redteam.Project:
    return redteam.Project(wiki)


def test_generation_is_reproducible_from_the_seed(wiki, project):
    kinds = list(redteam.KINDS)
    first, places = redteam.generate(project, seed=7, per_kind=2, kinds=kinds)
    again, _ = redteam.generate(redteam.Project(wiki), seed=7, per_kind=2, kinds=kinds)
    assert first == again
    other, _ = redteam.generate(project, seed=8, per_kind=2, kinds=kinds)
    roomy = [k for k in kinds if places[k] > 4]
    assert len(roomy) > 20, places  # the generators find their places in the real text
    changed = [
        k for k in roomy if [m for m in first if m.kind == k] != [m for m in other if m.kind == k]
    ]
    assert len(changed) > len(roomy) // 2, changed


def test_every_mutation_changes_one_place_of_its_file(project):
    sample, _ = redteam.generate(project, seed=3, per_kind=2, kinds=list(redteam.KINDS))
    assert {m.cls for m in sample} == set(redteam.CLASSES)
    for mutation in sample:
        before = project.files[mutation.file]
        after = mutation.apply(before)
        assert after != before, mutation
        # Blank lines anchor no match: an edit that adds one beside a blank line it keeps
        # ("…[^x]", "", "[^x]: …" at the end of a file) is still one place.
        changes = [
            op
            for op in difflib.SequenceMatcher(
                lambda line: not line.strip(), before.split("\n"), after.split("\n"), autojunk=False
            ).get_opcodes()
            if op[0] != "equal"
        ]
        assert len(changes) == 1, (mutation.kind, mutation.file, mutation.line, changes)
        assert mutation.line in mutation.accept, mutation


def test_natural_kinds_find_places_and_name_their_wrong_words(project):
    for kind in NATURAL:
        assert redteam.KINDS[kind].cls == "subtle"
        found = redteam.places(project, kind, 1)
        assert found, f"{kind}: no place in the real wiki"
        for mutation in found:
            # named, not the default; and each is a word the edited lines now say
            assert mutation.wrong, (kind, mutation.short_diff())
            said = {w.lower() for w in redteam.WORDS.findall(" ".join(mutation.new))}
            assert mutation.wrong_words <= said, (kind, mutation.wrong, mutation.short_diff())
            assert not mutation.wrong_words & {"the", "a", "an", "of", "to", "and"}, mutation
    # every kind's wrong words are words of the mutated file (moved citations: the clause)
    for kind in redteam.KINDS:
        for mutation in redteam.places(project, kind, 1)[:20]:
            text = mutation.apply(project.files[mutation.file]).lower()
            assert mutation.wrong_words <= set(redteam.WORDS.findall(text)), (kind, mutation)


def test_natural_kinds_make_the_edits_they_say(project):
    def diffs(kind):
        return [(m.short_diff(), m.wrong) for m in redteam.places(project, kind, 1)]

    hedges = " ".join(d for d, _ in diffs("hedge_dropped"))
    assert re.search(r"\[-(?:might|may|can|perhaps|possibly|probably)-\]", hedges), hedges
    for diff, _ in diffs("order_swapped"):
        assert re.search(r"\[-(?i:before|after|when|until)-\]\{\+(?i:before|after)\+\}", diff)
    for diff, wrong in diffs("cause_asserted"):
        assert wrong[0] in ("because", "so"), (diff, wrong)
    table = redteam.vader()
    for mutation in redteam.places(project, "sentiment_reversed", 1):
        before = redteam.WORDS.findall(" ".join(mutation.old))
        after = redteam.WORDS.findall(" ".join(mutation.new))
        replaced = [
            (before[i1].lower(), after[j1].lower())
            for tag, i1, _, j1, _ in difflib.SequenceMatcher(None, before, after).get_opcodes()
            if tag == "replace"
        ]
        assert len(replaced) == 1, mutation.short_diff()
        old, new = replaced[0]
        assert new == mutation.wrong[0] and table[old] * table[new] < 0, mutation.short_diff()


def _prose(project, kind):
    """The first place of *kind* outside a table (rows are located by their table)."""
    rows = {(b.file, b.start) for b in project.blocks if b.kind == "row"}
    return next(
        m
        for m in redteam.places(project, kind, 1)
        if (m.file, m.line) not in rows and m.file.endswith(".md")
    )


def test_obvious_edits_are_caught_at_their_line_on_a_clean_copy(wiki, project):
    sample = [_prose(project, kind) for kind in OBVIOUS]
    baseline, results = redteam.run(wiki, sample, jobs=2, mode="incremental")
    assert not [f for f in baseline if not f.is_flag], [f.format() for f in baseline[:10]]
    for result in results:
        assert result.error == ""
        assert result.verdict == "caught", (result.mutation, result.findings)
        assert any(
            f.path == result.mutation.file and f.line == result.mutation.line and not f.is_flag
            for f in result.findings
        ), result.findings
    # An incremental check judges a mutation exactly as a clean check_claims.py run does.
    _, clean = redteam.run(wiki, sample[1:], jobs=1, mode="full")
    assert sorted((f.path, f.line, f.code) for f in clean[0].findings) == sorted(
        {(f.path, f.line, f.code) for f in results[1].findings}
    )


def test_judging_wants_the_mutated_file_and_line(project):
    mutation = _prose(project, "number_changed")
    at = redteam.Finding(mutation.file, mutation.line, "claims.ungrounded_number", "number")
    elsewhere = redteam.Finding(mutation.file, mutation.line + 40, at.code, at.message)
    other_file = redteam.Finding("docs/index.md", mutation.line, at.code, at.message)
    assert redteam.judge(mutation, [at])[0] == "caught"
    assert redteam.judge(mutation, [elsewhere])[0] == "missed"
    assert redteam.judge(mutation, [other_file])[0] == "missed"
    assert redteam.judge(mutation, [])[0] == "missed"
    # A finding the unmutated wiki already has is not the mutation's doing.
    assert redteam.judge(mutation, [at], baseline=[at])[0] == "missed"
    legitimate = next(m for m in redteam.places(project, "iso_date", 1))
    assert redteam.judge(legitimate, [])[0] == "passed"
    assert redteam.judge(legitimate, [elsewhere])[0] == "rejected"


def _flag(mutation, word, line=None, kind="scale"):
    return redteam.Finding(
        mutation.file,
        mutation.line if line is None else line,
        f"flag.{kind}",
        f"'{word}' is not in the cited lines",
        word,
    )


def test_a_flag_counts_only_at_the_line_and_on_a_wrong_word(project):
    mutation = _prose(project, "scale_raised")
    stronger = mutation.wrong[0]
    other = next(
        w
        for w in redteam.WORDS.findall(" ".join(mutation.new))
        if w.lower() not in mutation.wrong_words
    )
    # pass: a flag at the edit's line that marks the stronger word (or a phrase holding it)
    assert redteam.judge(mutation, [_flag(mutation, stronger)])[0] == "flagged"
    assert redteam.judge(mutation, [_flag(mutation, f"{stronger} of them")])[0] == "flagged"
    # fail: another word of the line, the right word at another line, or a known flag
    assert redteam.judge(mutation, [_flag(mutation, other)])[0] == "missed"
    assert redteam.judge(mutation, [_flag(mutation, stronger, mutation.line + 40)])[0] == "missed"
    assert (
        redteam.judge(mutation, [_flag(mutation, stronger)], baseline=[_flag(mutation, stronger)])[
            0
        ]
        == "missed"
    )
    # a hard finding at the line outranks the flag
    hard = redteam.Finding(mutation.file, mutation.line, "claims.ungrounded_name", "not found")
    assert redteam.judge(mutation, [hard, _flag(mutation, other)])[0] == "caught"
    # without named words, the words the edit adds are the wrong ones
    antonym = _prose(project, "antonym")
    added = antonym.wrong_words
    assert not antonym.wrong and added
    assert (
        redteam.judge(antonym, [_flag(antonym, sorted(added)[0], kind="polarity")])[0] == "flagged"
    )
    # a flag never rejects a legitimate edit: it is counted apart
    legitimate = next(m for m in redteam.places(project, "iso_date", 1))
    verdict, fresh = redteam.judge(legitimate, [_flag(legitimate, "May")])
    assert verdict == "passed" and [f.is_flag for f in fresh] == [True]


def test_summary_counts_flagged_for_subtle_edits_only(project):
    subtle = _prose(project, "scale_raised")
    obvious = _prose(project, "number_changed")
    legitimate = next(m for m in redteam.places(project, "iso_date", 1))
    flag = _flag(subtle, subtle.wrong[0])
    results = [
        redteam.Result(subtle, "flagged", [flag]),
        redteam.Result(subtle, "missed", []),
        redteam.Result(obvious, "flagged", [_flag(obvious, "x")]),
        redteam.Result(legitimate, "passed", [_flag(legitimate, "May"), _flag(legitimate, "June")]),
        redteam.Result(legitimate, "passed", []),
    ]
    kinds = ["scale_raised", "number_changed", "iso_date"]
    summary = redteam.summarise(results, kinds, {k: 9 for k in kinds})
    assert summary["kinds"]["scale_raised"] == {
        "class": "subtle",
        "places": 9,
        "tried": 2,
        "caught": 0,
        "flagged": 1,
        "missed": 1,
    }
    classes = summary["classes"]
    assert classes["subtle"]["share"] == 0.5  # caught or flagged
    assert classes["obvious"]["share"] == 0.0 and not classes["obvious"]["met"]  # hard only
    assert classes["obvious"]["caught_or_flagged_share"] == 1.0
    assert classes["legitimate"]["passed"] == 2 and classes["legitimate"]["flags"] == 2
    assert classes["legitimate"]["flags_per_edit"] == 1.0 and classes["legitimate"]["met"]
    text = redteam.report(results, summary, [], "header", {})
    assert re.search(r"^scale_raised\s+subtle\s+9\s+2\s+0\s+1\s+1$", text, re.M), text
    assert re.search(r"^iso_date\s+legitimate\s+9\s+2\s+2\s+0\s+2$", text, re.M), text
    assert "caught or flagged at the word: 50%, goal >= 90%: not met" in text
    assert "2 new flag(s), on 1 of the 2 edits (1.00 per edit)" in text
    json.dumps(summary)  # the --json output carries it as it is


# -- independence: no word list comes from a resource the checker reads -------------------

CHECKER_RESOURCES = (
    "textblob",
    "simplemma",
    "number_parser",
    "nltk",
    "wordnet",
    "starlight.claims",
    "starlight/claims",
)


def test_the_red_team_imports_and_opens_nothing_of_the_checker(tmp_path):
    """Generating every kind, with the checker's resources made unimportable, neither
    imports them nor opens their files (lexicons, WordNet, the checker's data)."""
    script = textwrap.dedent(f"""
        import builtins, io, sys
        for name in ("textblob", "simplemma", "number_parser", "nltk"):
            sys.modules[name] = None  # importing them fails
        opened = []
        real_open = builtins.open
        def spy(file, *args, **kwargs):
            opened.append(str(file))
            return real_open(file, *args, **kwargs)
        builtins.open = io.open = spy
        sys.path.insert(0, {str(REPO / "scripts" / "measure")!r})
        import redteam
        from pathlib import Path
        project = redteam.Project(Path({str(REPO)!r}))
        sample, _ = redteam.generate(project, 1, 3, list(redteam.KINDS))
        assert len(sample) > 100, len(sample)
        loaded = [m for m, module in sys.modules.items() if module is not None and (
                  m.split(".")[0] in ("textblob", "simplemma", "number_parser", "nltk")
                  or m.startswith("starlight.claims"))]
        print(repr((loaded, opened)))
    """)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded, opened = eval(result.stdout.strip().splitlines()[-1])
    assert loaded == []
    touched = [f for f in opened if any(r in f.lower() for r in CHECKER_RESOURCES)]
    assert touched == [], touched
    assert any(f.endswith("vader_lexicon.txt") for f in opened), opened


def test_the_source_names_no_checker_resource_in_code():
    code = inspect.getsource(redteam).split('"""', 2)[2]  # past the module docstring
    for pattern in (
        r"^\s*(?:import|from)\s+(?:textblob|simplemma|number_parser|nltk)\b",
        r"^\s*(?:import|from)\s+starlight\.claims\b",
        r"en-sentiment|en-lexicon",
        r"/usr/share/wordnet",
        r"claims/data",
    ):
        assert not re.search(pattern, code, re.M), pattern


def test_opinion_words_come_from_vader_not_textblob():
    table = redteam.vader()
    words = redteam.opinion_words()
    assert words == {
        w
        for w, v in table.items()
        if abs(v) >= redteam.OPINION_VALENCE and w not in redteam.stopwords()
    }
    assert {"masterpiece", "stunning", "heartfelt", "worst"} <= words
    # TextBlob's sentiment lexicon (which the checker reads) is not where they come from:
    # most of them it does not have at all
    textblob_en = pytest.importorskip("textblob.en")
    xml = (Path(textblob_en.__file__).parent / "en-sentiment.xml").read_text(encoding="utf-8")
    textblob = {w.lower() for w in re.findall(r'<word form="([^"]+)"', xml)}
    assert len(words - textblob) > 0.5 * len(words), (len(words - textblob), len(words))


def test_names_of_months_weekdays_and_units_come_from_cldr():
    from babel import Locale

    assert redteam.months() == tuple(Locale("en").months["format"]["wide"][n] for n in range(1, 13))
    assert redteam.weekdays()[0] == "Monday" and len(redteam.weekdays()) == 7
    changes = redteam.unit_changes()
    assert changes["months"] == "years" and changes["month"] == "year"
    assert changes["years"] == "months" and changes["centuries"] == "decades"
    assert changes["kilometres"] == "miles" and changes["million"] == "billion"


def test_a_missing_package_is_one_line_and_exit_status_2(monkeypatch, capsys):
    monkeypatch.setattr(
        redteam,
        "REQUIRED",
        (*redteam.REQUIRED, ("no_such_package_here", "no-such-package==1.0", "testing")),
    )
    assert redteam.main(["--kinds", "number_changed"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Traceback" not in error
    assert "no-such-package==1.0" in error and "pip install" in error


def test_bad_input_is_one_line_and_exit_status_2(tmp_path, capsys):
    assert redteam.main(["--kinds", "number_changed,no_such_kind"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("--kinds: unknown kind 'no_such_kind'") and error.count("\n") == 1
    assert redteam.main(["--root", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error == f"{tmp_path / 'docs'}: no such folder (expected the wiki's pages)\n"
