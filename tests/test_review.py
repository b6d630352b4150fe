"""The review ledger and ``starlight review``: every claim confirmed by a person.

A mini project with two claims, one flagged ("builds" where the line says
"repairs"), and ``claims_reviews`` set: the gate fails until each claim is
reviewed; the interactive review runs in a pseudo-terminal, as an editor's.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import STARLIGHT, copy_root
from starlight.claims import ledger

pytestmark = pytest.mark.slow  # each test runs the checks several times (about 30 s)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_root("review", tmp_path / "review")


def starlight(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*STARLIGHT, *args, "--docs", str(project), "--doctrees", str(project / "_doctrees")],
        capture_output=True,
        text=True,
        cwd=project,
    )


def check(project: Path) -> subprocess.CompletedProcess:
    return starlight(project, "check-claims")


def keys(project: Path) -> dict[str, str]:
    """Each claim awaiting review: its first words → its key (from --list)."""
    listed = starlight(project, "review", "--list").stdout.splitlines()[:-1]
    found = {}
    for line in listed:
        head, text = line.split(": ", 2)[1:]
        found[" ".join(text.split()[:2])] = head.split()[1]
    return found


def test_the_gate_fails_until_each_claim_is_reviewed(project):
    first = check(project)
    assert first.returncode == 1
    assert first.stdout.count("[claims.unreviewed]") == 2
    assert "never reviewed" in first.stdout and "flags: 'builds'" in first.stdout
    found = keys(project)
    assert set(found) == {"Drift is", "It follows"}
    # A flag remains: no approval without a note saying why the lines support it.
    refused = starlight(project, "review", "--approve", found["It follows"], "--reviewer", "Ada")
    assert refused.returncode == 1
    assert refused.stderr.strip().endswith(
        "flags remain ('builds'): give a note that says why the lines support them"
    )
    assert (
        starlight(project, "review", "--approve", found["Drift is"], "--reviewer", "Ada").returncode
        == 0
    )
    assert (
        starlight(
            project,
            "review",
            "--approve",
            found["It follows"],
            "--reviewer",
            "Ada",
            "--note",
            "'builds' is wrong: the line says repairs; left for a fix",
        ).returncode
        == 0
    )
    assert check(project).returncode == 0
    rows = ledger.load(project / "reviews.tsv")
    assert [(r.page, r.reviewer) for r in rows] == [("index", "Ada"), ("index", "Ada")]


def test_a_changed_claim_or_line_is_unreviewed_again_and_only_it(project):
    for key in keys(project).values():
        starlight(project, "review", "--approve", key, "--reviewer", "Ada", "--note", "read")
    page = project / "index.md"
    # Whitespace and punctuation only: the reviews hold.
    page.write_text(page.read_text().replace("animated film by", "animated  film, by"))
    assert check(project).returncode == 0
    # A word changed: that claim, and only it, awaits review, with its last reviewer.
    page.write_text(page.read_text().replace("animated  film, by", "animated series by"))
    changed = check(project)
    assert changed.returncode == 1
    assert changed.stdout.count("[claims.unreviewed]") == 1
    assert "index.md:3: error: claim changed since Ada reviewed it on" in changed.stdout
    listed = starlight(project, "review", "--list").stdout
    assert "changed" in listed and "1 of 2 claims await review" in listed


def test_a_rewritten_claims_old_row_leaves_the_ledger_at_the_next_review(project):
    for key in keys(project).values():
        starlight(project, "review", "--approve", key, "--reviewer", "Ada", "--note", "read")
    page = project / "index.md"
    old = "Drift is an animated film by Mara Quill"
    page.write_text(page.read_text().replace(old, "Mara Quill directed it in 2023"))
    listed = starlight(project, "review", "--list").stdout
    assert "unreviewed" in listed  # a new key: the old row no claim answers to
    (new,) = keys(project).values()
    approve = ["review", "--approve", new, "--reviewer", "Bo", "--note", "read"]
    assert starlight(project, *approve).returncode == 0
    rows = ledger.load(project / "reviews.tsv")
    assert sorted(r.reviewer for r in rows) == ["Ada", "Bo"]  # not the old row as well


def test_a_changed_source_line_unreviews_the_claims_that_cite_it(project):
    for key in keys(project).values():
        starlight(project, "review", "--approve", key, "--reviewer", "Ada", "--note", "read")
    source = project / "evidence" / "alpha.txt"
    lines = source.read_text().split("\n")
    lines[1] = lines[1].replace("repairs", "mends")
    source.write_text("\n".join(lines))
    meta = project / "evidence" / "sources.yaml"
    import hashlib

    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    text = meta.read_text()
    old = next(line.split(": ")[1] for line in text.splitlines() if "sha256" in line)
    meta.write_text(text.replace(old, digest))
    found = check(project)
    assert found.stdout.count("[claims.unreviewed]") == 1
    assert "index.md:4: error: claim changed since Ada reviewed it" in found.stdout


def test_a_claim_whose_machine_checks_fail_cannot_be_approved(project):
    page = project / "index.md"
    page.write_text(page.read_text().replace("by Mara Quill", "by Mara Quill in 1999"))
    key = keys(project)["Drift is"]
    refused = starlight(project, "review", "--approve", key, "--reviewer", "Ada")
    assert refused.returncode == 1
    assert "the machine checks fail" in refused.stderr and "mend the claim" in refused.stderr
    assert not (project / "reviews.tsv").exists()


class _Terminal:
    """Reads a pseudo-terminal; each expectation starts after the last one matched."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.text = ""
        self.cursor = 0

    def expect(self, wanted: str, timeout: float = 60) -> str:
        """Wait for ``wanted`` after the cursor; return what came since, up to its end."""
        end = time.monotonic() + timeout
        while (found := self.text.find(wanted, self.cursor)) < 0:
            remaining = end - time.monotonic()
            assert remaining > 0, f"never saw {wanted!r} in {self.text[self.cursor :]!r}"
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                assert chunk, f"the review ended before {wanted!r}: {self.text[self.cursor :]!r}"
                self.text += chunk.decode("utf-8", "replace")
        since, self.cursor = self.text[self.cursor : found + len(wanted)], found + len(wanted)
        return since


def test_the_review_walks_an_editor_through_in_a_terminal(project):
    """In a pseudo-terminal: the claim, its flag marked, its lines; approve with a note."""
    main, child = pty.openpty()
    process = subprocess.Popen(
        [
            *STARLIGHT,
            "review",
            "--docs",
            str(project),
            "--doctrees",
            str(project / "_doctrees"),
            "--reviewer",
            "Grace",
        ],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=project,
        close_fds=True,
    )
    os.close(child)
    terminal = _Terminal(main)
    prompt = "[a]pprove, [s]kip, [e]dit, [q]uit? "
    try:
        first = terminal.expect(prompt)
        assert "(1 of 2)" in first and "Drift is an animated film by Mara Quill" in first
        assert "alpha L1:" in first and "\x1b[4m" in first  # shared words underlined
        os.write(main, b"a\n")
        terminal.expect("note (optional): ")
        os.write(main, b"\n")
        terminal.expect("(2 of 2)")
        second = terminal.expect(prompt)
        assert "\x1b[1;7mbuilds\x1b[0m" in second  # the flagged word, marked
        assert "flag: 'builds': not in the cited lines" in second
        os.write(main, b"a\n")
        terminal.expect("note (required: flags remain): ")
        os.write(main, b"\n")  # no note: refused, asked again
        terminal.expect("give a note")
        terminal.expect("[a]pprove")
        os.write(main, b"a\n")
        terminal.expect("note (required: flags remain): ")
        os.write(main, b"the line says repairs: to be mended\n")
        terminal.expect("2 reviewed, 0 left")
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    rows = ledger.load(project / "reviews.tsv")
    assert sorted(r.note for r in rows) == ["", "the line says repairs: to be mended"]
    assert {r.reviewer for r in rows} == {"Grace"}
    assert check(project).returncode == 0


def test_readers_see_the_reviews(project):
    """The preview's data, claims.json and the W3C annotations carry each review."""
    import json

    found = keys(project)
    starlight(project, "review", "--approve", found["Drift is"], "--reviewer", "Ada")
    out = project / "_build"
    built = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-n", str(project), str(out)],
        capture_output=True,
        text=True,
    )
    # One claim is still unreviewed: the build warns, and the preview says so.
    assert "never reviewed" in built.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'data-review="confirmed against line 1 by Ada on ' in html
    assert 'data-review="not yet confirmed by a person"' in html
    data = json.loads((out / "claims.json").read_text(encoding="utf-8"))
    assert data["reviews"] == {"states": {"reviewed": 1, "unreviewed": 1}, "reviewers": {"Ada": 1}}
    states = {c["text"][:8]: c["review"]["state"] for c in data["claims"]}
    assert states == {"Drift is": "reviewed", "It follo": "unreviewed"}
    annotations = json.loads((out / "claims.jsonld").read_text(encoding="utf-8"))["first"]["items"]
    assessing = [
        body for item in annotations for body in item["body"] if body.get("purpose") == "assessing"
    ]
    assert [(b["creator"]["name"], b["value"]) for b in assessing] == [
        ("Ada", "Confirmed by a person against the cited lines.")
    ]
