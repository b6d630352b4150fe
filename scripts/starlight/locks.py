"""One process at a time: a lock file that others wait on.

``starlight check-claims`` takes it on its doctree folder (Sphinx rewrites those
files in place), and the tests take it to build the real wiki once per run.
Where ``fcntl`` is missing (not POSIX), there is no lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """Hold the lock file *lock* (made, with its folder, when missing) until the block ends."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(lock, "w") as handle:
        # A POSIX record lock, not flock(): it belongs to this process, so a child forked
        # meanwhile (the claim checker's worker, which outlives the build) does not go on
        # holding it after the block ends.
        fcntl.lockf(handle, fcntl.LOCK_EX)
        yield
