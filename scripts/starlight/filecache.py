"""Read a file once per version of it, however often the build asks.

Every page that cites a source, shows the timeline or needs the source
metadata asks for the same few files; a build of hundreds of pages would read
and parse them thousands of times. A version is the file's modification time
and size, so an edit between two builds of one process is still seen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def per_version(load: Callable[[Path], T]) -> Callable[[Path | str], T]:
    """*load(path)*, called again only when the file at *path* has changed.

    A file that cannot be examined is handed to *load*, which reports it;
    errors are never cached.
    """

    @lru_cache(maxsize=64)
    def load_version(path: Path, mtime_ns: int, size: int) -> T:
        return load(path)

    @wraps(load)
    def cached(path: Path | str) -> T:
        path = Path(path)
        try:
            stat = path.stat()
        except OSError:
            return load(path)
        return load_version(path, stat.st_mtime_ns, stat.st_size)

    return cached
