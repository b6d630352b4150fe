"""The archived source articles and their metadata (``sources/sources.yaml``).

The metadata file is the one description of the sources: the bibliography is
generated from it, the archived pages render it and the checks compare its
SHA-256 sums with the files. Files are read as bytes and split on ``\\n`` only,
so that line *N* here is line *N* in any editor and on the archived page.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from starlight.errors import InputError, compose_yaml, read_text
from starlight.filecache import per_version

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")
NOT_STATED = "not stated"
# What a source's entry may hold; anything else (a misspelt or renamed field) is an error
# rather than silently ignored.
FIELDS = (
    "key",
    "label",
    "file",
    "sha256",
    "kind",
    "headline",
    "publisher",
    "date",
    "summary",
    "description",
    "links",
    "off_topic",
    "structure",
    "evidence",
)


@dataclass(frozen=True)
class Link:
    """An address that the text of a source contains, and the line it is on."""

    url: str
    line: int


@dataclass(frozen=True)
class Source:
    """One archived article, as described by its metadata entry."""

    key: str
    label: str
    file: str
    sha256: str
    folder: Path
    kind: str = ""
    headline: str | None = None
    publisher: str | None = None
    date: str | None = None
    summary: str = ""
    description: str = ""
    links: tuple[Link, ...] = ()
    off_topic: frozenset[int] = frozenset()
    """Lines about something other than the project's subject (share buttons, unrelated
    headlines): a claim may not cite them, and coverage leaves them out."""
    structure: frozenset[int] = frozenset()
    evidence: dict[str, tuple[int, ...]] = field(default_factory=dict)
    meta_line: int = 0

    @property
    def path(self) -> Path:
        return self.folder / self.file

    @property
    def docname(self) -> str:
        """The archived page of this source, as a Sphinx document name."""
        return f"sources/{self.key}"

    def reader_parts(self) -> tuple[str, str, str]:
        """How a reader is told which text this is, as (lead, headline, tail): its kind
        and publisher with its headline where the text states them, else its
        description; then its date where the text states one."""
        if self.publisher or self.headline:
            kind = self.kind or "source"
            lead = kind[0].upper() + kind[1:] + (f" by {self.publisher}" if self.publisher else "")
            headline = self.headline or ""
        else:
            lead, headline = self.description or self.label, ""
        return lead, headline, f", {long_date(self.date)}" if self.date else ""

    @property
    def names(self) -> list[str]:
        """How prose may name this source: its publisher, and its description
        without its article ("review of the film as …")."""
        described = re.sub(r"^(?:an?|the)\s+", "", self.description, flags=re.IGNORECASE)
        return [name for name in (self.publisher, described) if name]

    @property
    def reader_title(self) -> str:
        lead, headline, tail = self.reader_parts()
        return f"{lead}: {headline}{tail}" if headline else f"{lead}{tail}"

    def read_bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise InputError(self.path, None, f"cannot read source: {exc.strerror}") from None

    def text(self) -> str:
        """The whole file as text; a file that is not UTF-8 is an error."""
        return _source_text(self.path)

    def lines(self) -> list[str]:
        """The file's lines (split on newline only), numbered from 1 by position + 1."""
        return split_lines(self.text())

    def label_origin(self, lines: list[str]) -> str | None:
        """Where the label comes from in the text (*lines*), for readers; ``None`` when
        it comes from nowhere the text shows."""
        words = _folded(self.label.strip("“”\"'"))
        if not words:
            return None
        if self.publisher and _folded(self.publisher) == words:
            return "its publisher"
        if self.headline and words in _folded(self.headline):
            return "its headline"
        for number in sorted(self.structure):
            if 0 < number <= len(lines) and words in _folded(lines[number - 1]):
                return f"its heading “{lines[number - 1].strip()}” (L{number})"
        if lines and words in _folded(lines[0]):
            return "its opening words"
        return None

    def actual_sha256(self) -> str:
        return hashlib.sha256(self.read_bytes()).hexdigest()

    def unsupported_metadata(self) -> list[str]:
        """The metadata fields (headline, publisher, date) whose value is not in the
        lines their ``evidence`` names: the metadata holds only what the text states."""
        lines = self.lines()
        unsupported = []
        for name, numbers in self.evidence.items():
            value = getattr(self, name, None)
            stated = " ".join(lines[n - 1] for n in numbers if 0 < n <= len(lines))
            if not isinstance(value, str) or _folded(value) not in _folded(stated):
                unsupported.append(name)
        return unsupported


@per_version
def _source_text(path: Path) -> str:
    return read_text(path, "source")


def split_lines(text: str) -> list[str]:
    """Split on ``\\n`` only; a final newline does not start another line."""
    if not text:
        return []
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


@dataclass(frozen=True)
class Catalog:
    """All sources, in the order of the metadata file."""

    path: Path
    sources: tuple[Source, ...]

    def get(self, key: str) -> Source | None:
        return next((source for source in self.sources if source.key == key), None)


def _line_numbers(value: object, where: str, path: Path, line: int) -> frozenset[int]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in value
    ):
        raise InputError(path, line, f"{where} must be a list of line numbers")
    return frozenset(value)


def _optional_text(entry: dict, name: str, path: Path, line: int) -> str | None:
    value = entry.get(name)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise InputError(path, line, f"'{name}' must be text or null")
    return " ".join(str(value).split())


def long_date(iso: str) -> str:
    """``2025-05-23`` as the wiki writes dates: ``23 May 2025``."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def _folded(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def _source(entry: object, folder: Path, path: Path, line: int) -> Source:
    if not isinstance(entry, dict):
        raise InputError(path, line, "each source must be a mapping")
    unknown = [name for name in entry if name not in FIELDS]
    if unknown:
        raise InputError(
            path, line, f"unknown field '{unknown[0]}' (a source may have: {', '.join(FIELDS)})"
        )
    for name in ("key", "label", "file", "sha256"):
        if entry.get(name) is None or not str(entry[name]).strip():
            raise InputError(path, line, f"source is missing '{name}'")
        if not isinstance(entry[name], str):
            raise InputError(path, line, f"'{name}' must be text (put it in quotes)")
    key = entry["key"]
    if not KEY_PATTERN.match(key):
        raise InputError(path, line, f"key '{key}' must be lower-case letters, digits and '-'")
    if not SHA256_PATTERN.match(entry["sha256"]):
        raise InputError(path, line, f"sha256 of '{key}' is not 64 hex digits")
    if "/" in entry["file"] or entry["file"].startswith("."):
        raise InputError(path, line, f"file of '{key}' must be a plain file name")
    links = []
    for item in entry.get("links") or []:
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            raise InputError(path, line, f"links of '{key}' need a 'url' and a 'line'")
        links.append(Link(url=item["url"], line=int(item.get("line") or 0)))
    evidence = {
        name: tuple(sorted(_line_numbers(lines, f"evidence.{name}", path, line)))
        for name, lines in (entry.get("evidence") or {}).items()
    }
    return Source(
        key=key,
        label=" ".join(entry["label"].split()),
        file=entry["file"],
        sha256=entry["sha256"],
        folder=folder,
        kind=_optional_text(entry, "kind", path, line) or "",
        headline=_optional_text(entry, "headline", path, line),
        publisher=_optional_text(entry, "publisher", path, line),
        date=_optional_text(entry, "date", path, line),
        summary=_optional_text(entry, "summary", path, line) or "",
        description=_optional_text(entry, "description", path, line) or "",
        links=tuple(links),
        off_topic=_line_numbers(entry.get("off_topic"), "off_topic", path, line),
        structure=_line_numbers(entry.get("structure"), "structure", path, line),
        evidence=evidence,
        meta_line=line,
    )


def cached_catalog(path: Path | str) -> Catalog:
    """:func:`load_catalog`, read again only when the file has changed."""
    return _catalog_per_version(path)


def load_catalog(path: Path | str) -> Catalog:
    """Read and validate the metadata file; any problem is an :class:`InputError`."""
    path = Path(path)
    text = read_text(path, "metadata")
    root = compose_yaml(path, text, "metadata")
    data = yaml.safe_load(text)
    if (
        not isinstance(root, yaml.MappingNode)  # the node of the dict below
        or not isinstance(data, dict)
        or not isinstance(data.get("sources"), list)
    ):
        raise InputError(path, 1, "metadata needs a top-level 'sources' list")
    item_nodes: list[yaml.Node] = next(
        (value.value for name, value in root.value if name.value == "sources"), []
    )
    sources: list[Source] = []
    for entry, node in zip(data["sources"], item_nodes, strict=True):
        source = _source(entry, path.parent, path, node.start_mark.line + 1)
        if any(known.key == source.key for known in sources):
            raise InputError(path, source.meta_line, f"duplicate key '{source.key}'")
        sources.append(source)
    return Catalog(path=path, sources=tuple(sources))


_catalog_per_version = per_version(load_catalog)
