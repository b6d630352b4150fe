"""The red team (``starlight redteam``): reproducible single edits, judged at the right line."""

from __future__ import annotations

import difflib

import pytest

from starlight.claims import redteam
from conftest import REPO

pytestmark = pytest.mark.slow  # builds the real wiki (make test-fast leaves it out)

OBVIOUS = ["citation_removed", "number_changed"]


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
    changed = [k for k in roomy if [m for m in first if m.kind == k]
               != [m for m in other if m.kind == k]]
    assert len(changed) > len(roomy) // 2, changed


def test_every_mutation_changes_one_place_of_its_file(project):
    sample, _ = redteam.generate(project, seed=3, per_kind=2, kinds=list(redteam.KINDS))
    assert {m.cls for m in sample} == set(redteam.CLASSES)
    for mutation in sample:
        before = project.files[mutation.file]
        after = mutation.apply(before)
        assert after != before, mutation
        changes = [op for op in difflib.SequenceMatcher(
            None, before.split("\n"), after.split("\n"), autojunk=False).get_opcodes()
            if op[0] != "equal"]
        assert len(changes) == 1, (mutation.kind, mutation.file, mutation.line, changes)
        assert mutation.line in mutation.accept, mutation


def _prose(project, kind):
    """The first place of *kind* outside a table (rows are located by their table)."""
    rows = {(b.file, b.start) for b in project.blocks if b.kind == "row"}
    return next(m for m in redteam.places(project, kind, 1)
                if (m.file, m.line) not in rows and m.file.endswith(".md"))


def test_obvious_edits_are_caught_at_their_line_on_a_clean_copy(wiki, project):
    sample = [_prose(project, kind) for kind in OBVIOUS]
    baseline, results = redteam.run(wiki, sample, jobs=2, mode="incremental")
    assert baseline == [], [f.format() for f in baseline[:10]]
    for result in results:
        assert result.error == ""
        assert result.verdict == "caught", (result.mutation, result.findings)
        assert any(f.path == result.mutation.file and f.line == result.mutation.line
                   for f in result.findings), result.findings
    # An incremental check judges a mutation exactly as a clean check_claims.py run does.
    _, clean = redteam.run(wiki, sample[1:], jobs=1, mode="full")
    assert sorted((f.path, f.line, f.code) for f in clean[0].findings) == \
        sorted({(f.path, f.line, f.code) for f in results[1].findings})


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


def test_bad_input_is_one_line_and_exit_status_2(tmp_path, capsys):
    assert redteam.main(["--kinds", "number_changed,no_such_kind"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("--kinds: unknown kind 'no_such_kind'") and error.count("\n") == 1
    assert redteam.main(["--root", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error == f"{tmp_path / 'docs'}: no such folder (expected the wiki's pages)\n"
