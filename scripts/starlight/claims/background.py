"""The claims are judged in a second process while Sphinx writes the pages.

Judging every clause costs about a millisecond of pure Python, and loading the
lexicons 0.8 s; done in the main process after reading, that is 10–20% of a
clean build. The build's write phase needs the verdicts only for the
verification page and the published files (``claims.json``, ``claims.jsonld``),
so a forked worker loads the lexicons and reads each page's claims from its
pickled doctree while Sphinx reads the next, then judges them and makes those
files' text while Sphinx writes the pages: on two cores the build itself only
lists the pages and collects the verdicts (the ``claims`` builder, which writes nothing, still
gains the lexicons' loading). Where ``fork`` is not available, the same work
runs in the main process. The verdicts are the same either way: the worker
runs the same functions on the same inputs. One worker serves every build of a
process (the tests build dozens of mini projects), so the lexicons load once
per process, not once per build.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

_WORKER: ProcessPoolExecutor | None = None
_IS_WORKER = False
"""Whether this process is the worker: set by the pool when it starts one."""
_SETTLED = False

_YOUNG_OBJECTS = 50_000
"""Allocations between two collections of young objects in the settled worker
(Python's default is 700): judging makes many short-lived objects and few cycles."""


def _worker() -> ProcessPoolExecutor | None:
    """The process's one worker, forked on first use; ``None`` without ``fork``, or in
    a process that multiprocessing started (a pool's job, as in ``redteam.py``): it
    may not have children, or would wait for them at its exit."""
    global _WORKER
    if (
        _WORKER is None
        and "fork" in multiprocessing.get_all_start_methods()
        and multiprocessing.parent_process() is None
    ):
        _WORKER = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("fork"), initializer=_mark_worker
        )
    return _WORKER


def _mark_worker() -> None:
    global _IS_WORKER
    _IS_WORKER = True


def settle() -> None:
    """In the worker, once its tables are loaded (the first time only): the garbage
    collector leaves them alone from now on, and runs less often. The tables are
    millions of objects that live as long as the worker; each full collection walked
    them all, and the collections cost a tenth of the worker's CPU (0.4 s of 4.2 s at
    226 pages; now 0.1-0.2 s). Not in the building process: its objects are Sphinx's."""
    global _SETTLED
    if _IS_WORKER and not _SETTLED:
        _SETTLED = True
        gc.freeze()
        gc.set_threshold(_YOUNG_OBJECTS, *gc.get_threshold()[1:])


def _forget_worker() -> None:
    """A worker that died (killed, out of memory) is replaced at the next build; a
    forked child (a red-team job, Sphinx's parallel reader) makes its own, for the
    parent's worker is managed by threads the child does not have."""
    global _WORKER
    _WORKER = None


os.register_at_fork(after_in_child=_forget_worker)


@atexit.register
def _stop_worker() -> None:
    """Stop the worker while the interpreter is whole: dropped later, when modules are
    torn down, the pool's clean-up fails on a module already gone and prints a
    traceback."""
    if _WORKER is not None:
        _WORKER.shutdown(wait=False, cancel_futures=True)
        _forget_worker()


class _Task:
    """One task of a build: queued in the worker, or done here and now without one."""

    def __init__(self, future: Future | None = None, result: Any = None) -> None:
        self.future, self._result, self._done = future, result, future is None

    def result(self) -> Any:
        """Its result, waiting for the worker if need be; a worker that died is replaced
        at the next build."""
        if not self._done and self.future is not None:
            try:
                self._result, self._done = self.future.result(), True
            except BrokenProcessPool:
                _forget_worker()
                raise
        return self._result


def _collected(task: _Task | None) -> Any:
    return task.result() if task is not None else None


class Judge:
    """One build's judgement: started early, collected once."""

    @classmethod
    def in_background(cls) -> Judge:
        """Judged in the build's second process, while Sphinx goes on."""
        return cls(_worker())

    @classmethod
    def in_process(cls) -> Judge:
        """Judged when collected, in this process."""
        return cls(None)

    def __init__(self, executor: ProcessPoolExecutor | None) -> None:
        self._executor = executor
        self._owner = os.getpid()  # a forked child (a parallel reader) must not submit
        self._ahead: _Task | None = None
        self._judged: _Task | None = None
        self._after: _Task | None = None

    def _submit(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Future | None:
        """*function* queued in the worker; ``None`` without one (or when it has died)."""
        if self._executor is None or os.getpid() != self._owner:
            return None
        try:
            return self._executor.submit(function, *args, **kwargs)
        except BrokenProcessPool:
            _forget_worker()
            return None

    def _task(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> _Task:
        """*function* queued in the worker, or run here and now without one."""
        future = self._submit(function, *args, **kwargs)
        return _Task(future) if future is not None else _Task(result=function(*args, **kwargs))

    def prepare(self, function: Callable[..., None], *args: Any) -> None:
        """Run *function* in the worker while Sphinx reads, for what it leaves there
        (the lexicons loaded, a page read ahead); nothing without a worker."""
        self._submit(function, *args)

    def ahead(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Queue *function* before the judgement: what the pages being written need
        sooner than the verdicts (the reviews readers see)."""
        self._ahead = self._task(function, *args, **kwargs)

    def ahead_result(self) -> Any:
        """What :meth:`ahead` made, waiting for it but not for the judgement."""
        return _collected(self._ahead)

    def start(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Judge in the worker, or here and now without one."""
        self._judged = self._task(function, *args, **kwargs)

    def then(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Queue *function* after the judgement: what only the build's end needs (the
        published files), made while Sphinx writes the last pages."""
        self._after = self._task(function, *args, **kwargs)

    def after_result(self) -> Any:
        """What :meth:`then` made, waiting for it."""
        return _collected(self._after)

    @property
    def started(self) -> bool:
        return self._judged is not None

    def result(self) -> Any:
        """The verdicts, waiting for the worker if it is still judging."""
        return _collected(self._judged)

    def close(self) -> None:
        """Drop a judgement nobody will collect (the build failed)."""
        for task in (self._ahead, self._judged, self._after):
            if task is not None and task.future is not None:
                task.future.cancel()
