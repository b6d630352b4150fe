"""One error type for bad input, so every tool can print ``path:line: message``."""

from __future__ import annotations

from pathlib import Path

import yaml


class InputError(Exception):
    """Bad input found in a file the wiki reads (a source, the metadata, a data file)."""

    def __init__(self, path: object, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        # The arguments as given, so the error pickles (the claims are judged in a worker).
        super().__init__(self.path, line, message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text of *path*; an unreadable or undecodable file is an :class:`InputError`."""
    data = b""
    try:
        data = Path(path).read_bytes()
        return data.decode("utf-8")
    except OSError as exc:
        raise InputError(path, None, f"cannot read {what}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, f"{what} is not valid UTF-8") from None


def yaml_error(path: Path, exc: Exception, what: str) -> InputError:
    """A located error for malformed YAML (PyYAML knows the line)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or "invalid YAML"
    return InputError(path, mark.line + 1 if mark else None, f"malformed {what}: {problem}")


def compose_yaml(path: Path, text: str, what: str):
    """The node tree of a YAML data file, which keeps each value's line; malformed YAML
    and a key given twice in one mapping are :class:`InputError`\\ s. PyYAML keeps the
    last of two equal keys without a word, so an edit to the first would do nothing
    and the lines reported for the entry would be the other's."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc, what) from None
    _no_duplicate_keys(path, root, what)
    return root


def _no_duplicate_keys(path: Path, node, what: str) -> None:
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise InputError(
                            path,
                            line,
                            f"malformed {what}: '{key.value}' is given twice in one "
                            f"mapping (first at line {seen[key.value]})",
                        )
                    seen[key.value] = line
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
