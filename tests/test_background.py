"""The claims judged in a worker process give the same verdicts as judged in place."""

import gc
import multiprocessing
import os
import time

import pytest

from starlight.claims.background import Judge, settle
from starlight.errors import InputError


def _pid_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


def _refuse() -> None:
    raise InputError("docs/claims-allowlist.txt", 3, "not a phrase")


def test_the_worker_judges_in_another_process_and_returns_the_verdict():
    judge = Judge.in_background()
    judge.start(_pid_and_square, 7)
    pid, square = judge.result()
    assert square == 49
    assert pid != os.getpid()
    assert judge.result() == (pid, 49)  # collected once, kept


def test_without_a_worker_the_judgement_runs_here():
    judge = Judge.in_process()
    assert not judge.started
    judge.start(_pid_and_square, 3)
    assert judge.started and judge.result() == (os.getpid(), 9)


def _collector() -> tuple[int, int]:
    return gc.get_freeze_count(), gc.get_threshold()[0]


def test_the_worker_lets_its_loaded_tables_be_and_the_building_process_is_untouched():
    """After its tables load, the worker's collector no longer walks them, and collects
    young objects less often; settling the building process changes nothing."""
    here = _collector()
    settle()
    assert _collector() == here
    judge = Judge.in_background()
    judge.prepare(settle)
    judge.start(_collector)
    frozen, young = judge.result()
    assert frozen > 0 and young > here[1]


def test_an_input_error_in_the_worker_reaches_the_build():
    judge = Judge.in_background()
    judge.start(_refuse)
    with pytest.raises(InputError, match="claims-allowlist.txt:3"):
        judge.result()


def test_a_dead_worker_is_replaced_and_the_next_build_still_judges():
    judge = Judge.in_background()
    judge.start(os._exit, 3)  # the worker dies mid-judgement
    with pytest.raises(Exception, match="terminated abruptly"):
        judge.result()
    again = Judge.in_background()
    again.start(_pid_and_square, 5)
    assert again.result()[1] == 25


def _judge_in_a_child() -> tuple[int, int]:
    judge = Judge.in_background()
    judge.start(_pid_and_square, 6)
    return judge.result()


def test_a_pool_job_never_uses_its_parents_worker():
    parent = Judge.in_background()
    parent.start(_pid_and_square, 2)
    assert parent.result()[1] == 4  # the parent's worker is running
    with multiprocessing.get_context("fork").Pool(1) as pool:
        pid, square = pool.apply_async(_judge_in_a_child).get(timeout=60)
    assert square == 36
    assert pid not in (os.getpid(), parent.result()[0])  # judged in the child itself


def _judge_and_report(results) -> None:
    results.put(_judge_in_a_child())


def test_a_process_multiprocessing_started_judges_in_place_and_exits():
    """As redteam.py's jobs: a worker of its own would keep it from exiting (its
    exit waits for its children)."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_judge_and_report, args=(results,))
    child.start()
    pid, square = results.get(timeout=60)
    child.join(timeout=30)
    if child.exitcode is None:
        child.kill()
    assert child.exitcode == 0
    assert square == 36 and pid == child.pid


def test_the_building_process_never_loads_the_lexicons(tmp_path):
    """Their 0.8 s is the worker's, spent while Sphinx reads; not the build's."""
    import subprocess
    import sys

    from conftest import ROOTS

    docs, out = str(ROOTS / "test-claims-paraphrase-good"), str(tmp_path / "out")
    probe = (
        "from sphinx.cmd.build import main\n"
        f"status = main(['-q', '-b', 'html', {docs!r}, {out!r}])\n"
        "from starlight.claims import lexicon\n"
        "print(status, lexicon.lemma.cache_info().currsize, lexicon._tags.cache_info().currsize)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.split() == ["0", "0", "0"], result.stdout + result.stderr


def test_a_worker_forked_under_a_lock_does_not_keep_it(tmp_path):
    """check-claims holds a lock on its doctree folder while the claim checker forks its
    worker, which outlives the build: the next check in the same process, or in another,
    must still get the lock."""
    import multiprocessing
    import subprocess
    import sys
    import time

    from starlight.locks import exclusive

    lock = tmp_path / "doctrees" / ".lock"
    context = multiprocessing.get_context("fork")
    with exclusive(lock):
        child = context.Process(target=time.sleep, args=(30,))
        child.start()
    try:
        script = (
            "import sys; from pathlib import Path; from starlight.locks import exclusive\n"
            "with exclusive(Path(sys.argv[1])): print('locked')"
        )
        taken = subprocess.run(
            [sys.executable, "-c", script, str(lock)], capture_output=True, text=True, timeout=20
        )
        assert taken.stdout.strip() == "locked"
    finally:
        child.kill()
        child.join()


def _when_allowed(path: str) -> str:
    while not os.path.exists(path):  # the test allows it once it has the early result
        time.sleep(0.01)
    return "judged"


@pytest.mark.parametrize(
    ("sooner", "later"),
    [
        # The reviews shown on the pages being written wait for the claims to be read,
        # not for the whole judgement.
        (("ahead", "ahead_result"), ("start", "result")),
        # The verification page takes the verdicts while the worker still makes the
        # files published at the build's end.
        (("start", "result"), ("then", "after_result")),
    ],
    ids=["reviews before verdicts", "verdicts before published files"],
)
def test_what_is_needed_sooner_does_not_wait_for_what_comes_after(tmp_path, sooner, later):
    allowed = tmp_path / "allowed"
    judge = Judge.in_background()
    getattr(judge, sooner[0])(_pid_and_square, 4)
    getattr(judge, later[0])(_when_allowed, str(allowed))
    assert getattr(judge, sooner[1])()[1] == 16  # while what comes after still waits
    allowed.write_text("")
    assert getattr(judge, later[1])() == "judged"


def test_without_a_worker_what_is_needed_sooner_runs_here_first():
    judge = Judge.in_process()
    judge.ahead(_pid_and_square, 2)
    judge.start(_pid_and_square, 3)
    judge.then(_pid_and_square, 4)
    assert judge.ahead_result() == (os.getpid(), 4) and judge.result() == (os.getpid(), 9)
    assert judge.after_result() == (os.getpid(), 16)
