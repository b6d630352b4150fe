"""The claims are judged in a second process while Sphinx writes the pages.

Judging every clause costs about a millisecond of pure Python, and loading the
lexicons 0.8 s; done in the main process after reading, that is 10–20% of a
clean build. The build's write phase needs the verdicts only for the
verification page and the dataset, so a forked worker loads the lexicons while
Sphinx reads and judges while Sphinx writes: on two cores the checks cost
little more than taking the claims from the doctrees. Where ``fork`` is not
available, or for the ``claims`` builder (which writes nothing to overlap
with), the judgement runs in the main process as before. The verdicts are the
same either way: the worker runs the same :func:`rules.check` on the same
pickled inputs.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any


def _forking() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Judge:
    """One build's judgement: started early, collected once."""

    def __init__(self, in_background: bool) -> None:
        self._executor: ProcessPoolExecutor | None = None
        if in_background and _forking():
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("fork"))
        self._future: Future | None = None
        self._result: Any = None
        self._done = False

    def warm(self, function: Callable[[], None]) -> None:
        """Run *function* (loading the lexicons) in the worker while Sphinx reads."""
        if self._executor is not None:
            self._executor.submit(function)

    def start(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Judge in the worker, or here and now without one."""
        if self._executor is None:
            self._result, self._done = function(*args, **kwargs), True
        else:
            self._future = self._executor.submit(function, *args, **kwargs)

    @property
    def started(self) -> bool:
        return self._done or self._future is not None

    def result(self) -> Any:
        """The verdicts, waiting for the worker if it is still judging."""
        if not self._done and self._future is not None:
            self._result, self._done = self._future.result(), True
            self.close()
        return self._result

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
