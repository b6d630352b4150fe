"""One error type for bad input, so every tool can print ``path:line: message``."""

from __future__ import annotations


class InputError(Exception):
    """Bad input found in a file the wiki reads (a source, the metadata, a data file)."""

    def __init__(self, path: object, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"
