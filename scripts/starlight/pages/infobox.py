"""The infobox, rendered from one data file of cited values (``docs/infobox.yaml``).

Each field is written once, with its citations, in the data file; the
``{infobox}`` directive renders it as a table whose cells are parsed as MyST
Markdown, so their citations are real citations and the claim checker judges
every cell like any sentence (warnings point into the data file). The same
data gives the film's structured data (:mod:`starlight.pages.structured`), so
the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from starlight.claims.sphinx import editors_note
from starlight.errors import InputError, compose_yaml, read_text
from starlight.filecache import per_version
from starlight.pages.datatable import data_table, located, markdown_cell

# The schema.org Movie properties a field may fill, and the types a value may name.
PROPERTIES = (
    "director",
    "author",
    "actor",
    "productionCompany",
    "datePublished",
    "countryOfOrigin",
    "genre",
)
TYPES = ("Person", "Organization", "Country")
# Where the structured data spells a name otherwise than the infobox, the page says
# why (an Editor's note: about the wiki, so it names no one).
RESPELLED_NOTE = (
    "This page also gives the infobox to search engines as structured data, "
    "in which each name is spelled as most of the sources that name it "
    "spell it (on a tie, as the wiki spells it): where that differs from the "
    "wiki's spelling, it is one the infobox gives as \u201calso spelled\u201d."
)


@dataclass(frozen=True)
class Spelling:
    name: str
    cite: str

    @property
    def keys(self) -> set[str]:
        """The sources that write the name so (one vote each)."""
        return {target.split("{", 1)[0].strip() for target in _split(self.cite)}


@dataclass(frozen=True)
class Value:
    name: str
    cite: str
    type: str | None = None
    character: str | None = None
    date: str | None = None
    spellings: tuple[Spelling, ...] = ()

    @property
    def all_spellings(self) -> tuple[Spelling, ...]:
        return (Spelling(self.name, self.cite), *self.spellings)

    def shown(self) -> str:
        """The value alone in its cell: "Kim Tae-ri, also spelled …"."""
        return self._with_spellings(", also spelled {}")

    def shown_in_list(self) -> str:
        """The value among others: its spellings in brackets, not to read as another."""
        return self._with_spellings(" (also spelled {})")

    def _with_spellings(self, spelled: str) -> str:
        text = self.name
        if self.character:
            text += f" as {self.character}"
        if self.spellings:
            text += spelled.format(" or ".join(spelling.name for spelling in self.spellings))
        return text

    def citations(self) -> list[str]:
        return _targets(spelling.cite for spelling in self.all_spellings)


@dataclass(frozen=True)
class Field:
    label: str
    property: str | None
    values: tuple[Value, ...]
    text: str | None
    cite: str | None
    line: int

    def markdown(self) -> str:
        """The row's cell as MyST Markdown. Values are cited where their citations change
        (evidence is judged clause by clause), so values that share them share one."""
        if self.text:
            return f"{self.text} {_role(_targets([self.cite or '']))}"
        shown = []
        for index, value in enumerate(self.values):
            following = self.values[index + 1] if index + 1 < len(self.values) else None
            same = following is not None and following.citations() == value.citations()
            text = value.shown_in_list() if len(self.values) > 1 else value.shown()
            shown.append(text + ("" if same else f" {_role(value.citations())}"))
        return _joined(shown)


@dataclass(frozen=True)
class Infobox:
    title: str
    fields: tuple[Field, ...]
    path: Path

    def spellings(self, name: str) -> dict[str, set[str]]:
        """Every spelling of *name* given anywhere in the infobox (a name's other
        spellings are written once, where it first appears), with the sources that
        write each; the wiki's own spelling first."""
        found: dict[str, set[str]] = {}
        for field in self.fields:
            for value in field.values:
                if value.name == name:
                    for spelling in value.all_spellings:
                        found.setdefault(spelling.name, set()).update(spelling.keys)
        return found

    def preferred(self, name: str) -> str:
        """The spelling most sources give; on a tie, the wiki's own (*name*)."""
        spellings = self.spellings(name)
        return max(spellings, key=lambda spelling: len(spellings[spelling]))

    def sources_of(self, name: str) -> set[str]:
        """The sources that give *name*, in any spelling."""
        return set().union(*self.spellings(name).values())

    def respelled(self) -> bool:
        """Whether the structured data spells any name otherwise than the infobox."""
        return any(
            self.preferred(value.name) != value.name
            for field in self.fields
            for value in field.values
        )


def _split(cite: str) -> list[str]:
    """``a{L1},b{L2,3}`` -> ``["a{L1}", "b{L2,3}"]`` (commas inside braces stay)."""
    parts, depth, current = [], 0, ""
    for char in cite:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [part for part in [*parts, current] if part.strip()]


def _targets(cites: Iterable[str]) -> list[str]:
    """The citation targets of several ``cite`` values, in order, each once."""
    return list(dict.fromkeys(t.strip() for cite in cites for t in _split(cite)))


def _role(targets: list[str]) -> str:
    return f"{{cite:p}}`{','.join(targets)}`"


def _joined(parts: Iterable[str]) -> str:
    parts = list(parts)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def load_infobox(path: Path | str) -> Infobox:
    """Read the data file (again only when it changed); any problem is an :class:`InputError`."""
    return _load(Path(path))


@per_version
def _load(path: Path) -> Infobox:
    text = read_text(path, "infobox")
    root = compose_yaml(path, text, "infobox")
    data = yaml.safe_load(text) if isinstance(root, yaml.MappingNode) else None
    if (
        not isinstance(root, yaml.MappingNode)
        or not isinstance(data, dict)
        or not isinstance(data.get("title"), str)
    ):
        raise InputError(path, 1, "the infobox needs a 'title' and a list of 'fields'")
    items = next((value for key, value in root.value if key.value == "fields"), None)
    if not isinstance(items, yaml.SequenceNode) or not items.value:
        raise InputError(path, 1, "the infobox needs a list of 'fields'")
    fields = tuple(
        _field(item, data["fields"][index], path) for index, item in enumerate(items.value)
    )
    return Infobox(title=data["title"], fields=fields, path=path)


def _line(node: yaml.Node, key: str | None = None) -> int:
    """The line of *node*, or of its entry *key* when it has one."""
    if key is not None and isinstance(node, yaml.MappingNode):
        for name, _ in node.value:
            if name.value == key:
                return name.start_mark.line + 1
    return node.start_mark.line + 1


def _field(node: yaml.Node, data: object, path: Path) -> Field:
    line = _line(node)
    if not isinstance(data, dict) or not isinstance(data.get("label"), str):
        raise InputError(path, line, "each field needs a 'label'")
    prop = data.get("property")
    if prop is not None and prop not in PROPERTIES:
        raise InputError(
            path,
            _line(node, "property"),
            f"unknown property '{prop}' (use {', '.join(PROPERTIES)})",
        )
    values = data.get("values") or []
    if not isinstance(values, list):
        raise InputError(path, _line(node, "values"), "'values' must be a list")
    if bool(values) == bool(data.get("text")):
        raise InputError(path, line, f"field '{data['label']}' needs either 'values' or 'text'")
    if data.get("text") and not _cite(data.get("cite")):
        raise InputError(path, line, f"field '{data['label']}' needs 'cite' for its text")
    if prop and not values:
        raise InputError(path, line, f"field '{data['label']}' fills '{prop}': give 'values'")
    value_nodes = next(v for k, v in node.value if k.value == "values").value if values else []
    return Field(
        label=data["label"],
        property=prop,
        values=tuple(
            _value(value, value_node, path)
            for value, value_node in zip(values, value_nodes, strict=True)
        ),
        text=data.get("text"),
        cite=_cite(data.get("cite")),
        line=line,
    )


def _cite(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _spelling(data: object) -> Spelling | None:
    """A spelling of a value's name, or None without its 'name' or its 'cite'."""
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        return None
    cite = _cite(data.get("cite"))
    return Spelling(data["name"], cite) if cite else None


def _value(data: object, node: yaml.Node, path: Path) -> Value:
    line = _line(node)
    cite = _cite(data.get("cite")) if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not cite:
        raise InputError(path, line, "each value needs a 'name' and a 'cite'")
    if data.get("type") not in (None, *TYPES):
        raise InputError(
            path, _line(node, "type"), f"unknown type '{data['type']}' (use {', '.join(TYPES)})"
        )
    spellings = data.get("spellings") or []
    spelled = tuple(
        spelling
        for spelling in map(_spelling, spellings if isinstance(spellings, list) else [])
        if spelling is not None
    )
    if not isinstance(spellings, list) or len(spelled) != len(spellings):
        raise InputError(
            path,
            _line(node, "spellings"),
            f"spellings of '{data['name']}' need a 'name' and a 'cite'",
        )
    iso = data.get("date")
    if iso is not None and not _is_iso_date(str(iso)):
        raise InputError(
            path, _line(node, "date"), f"date '{iso}' of '{data['name']}' is not YYYY-MM-DD"
        )
    return Value(
        name=data["name"],
        cite=cite,
        type=data.get("type"),
        character=data.get("character"),
        date=str(iso) if iso else None,
        spellings=spelled,
    )


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


class InfoboxDirective(SphinxDirective):
    """``{infobox}``: the infobox data as a table, and a note on the structured data."""

    option_spec = {"file": str}

    def run(self) -> list[nodes.Node]:
        relative = self.options.get("file", self.config.starlight_infobox)
        rel_path, path = self.env.relfn2path(relative, self.env.docname)
        self.env.note_dependency(rel_path)
        try:
            infobox = load_infobox(path)
        except InputError as exc:
            raise self.error(str(exc)) from None
        table, body = data_table(["infobox-table"], None, (35, 65))
        for field in infobox.fields:
            label = located(nodes.entry("", nodes.paragraph("", field.label)), path, field.line)
            body += nodes.row("", label, markdown_cell(self, field.markdown(), path, field.line))
        result: list[nodes.Node] = [table]
        if infobox.respelled():
            result.append(editors_note(nodes.paragraph("", RESPELLED_NOTE)))
        return result
