"""Timelines rendered from one data file of cited events (``docs/timeline.yaml``).

The real-world track is ordered by each event's ``sort`` key; the in-story
track keeps the order of the file, because the sources disagree on the
story's dates.

Events are written once, with their citations, in the data file; the
``{timeline}`` directive renders one track of it as a table. Each event's
text is parsed as MyST Markdown, so its citations are real citations, and the
nodes keep the data file's line so warnings point into the data file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from starlight.errors import InputError, compose_yaml, read_text
from starlight.filecache import per_version
from starlight.pages.datatable import data_table, located, markdown_cell

TRACKS = {"real_world": "Real-world timeline", "in_story": "In-story timeline"}


@dataclass(frozen=True)
class Event:
    track: str
    when: str
    sort: str
    text: str
    see: str | None
    line: int


def load_events(path: Path) -> list[Event]:
    """Read every event of every track (again only when the file changed)."""
    return list(_load_events(path))


@per_version
def _load_events(path: Path) -> list[Event]:
    """Read every event of every track; any problem is an :class:`InputError`."""
    text = read_text(path, "timeline")
    root = compose_yaml(path, text, "timeline")
    if not isinstance(root, yaml.MappingNode):
        raise InputError(path, 1, f"timeline needs the lists {', '.join(TRACKS)}")
    events: list[Event] = []
    for name_node, items in root.value:
        track = name_node.value
        if track not in TRACKS:
            raise InputError(path, name_node.start_mark.line + 1, f"unknown track '{track}'")
        if not isinstance(items, yaml.SequenceNode):
            raise InputError(path, items.start_mark.line + 1, f"'{track}' must be a list")
        for item in items.value:
            line = item.start_mark.line + 1
            data = (
                yaml.safe_load(yaml.serialize(item)) if isinstance(item, yaml.MappingNode) else None
            )
            if not isinstance(data, dict):
                raise InputError(path, line, "each event must be a mapping")
            for name in ("when", "text"):
                if not isinstance(data.get(name), (str, int)) or not str(data[name]).strip():
                    raise InputError(path, line, f"event is missing '{name}'")
            text_line = next(
                (value.start_mark.line + 1 for key, value in item.value if key.value == "text"),
                line,
            )
            events.append(
                Event(
                    track=track,
                    when=str(data["when"]).strip(),
                    sort=str(data.get("sort") or data["when"]),
                    text=" ".join(str(data["text"]).split()),
                    see=data.get("see"),
                    line=text_line,
                )
            )
    return events


class TimelineDirective(SphinxDirective):
    """``{timeline} real_world``: one track of the timeline data as a table."""

    required_arguments = 1
    option_spec = {"file": str}

    def run(self) -> list[nodes.Node]:
        track = self.arguments[0]
        if track not in TRACKS:
            raise self.error(f"unknown timeline track '{track}' (use {', '.join(TRACKS)})")
        relative = self.options.get("file", self.config.starlight_timeline)
        rel_path, path = self.env.relfn2path(relative, self.env.docname)
        self.env.note_dependency(rel_path)
        try:
            events = [event for event in load_events(Path(path)) if event.track == track]
            if track == "real_world":  # dated; the story's dates are disputed, so its order stays
                events.sort(key=lambda event: event.sort)
        except InputError as exc:
            raise self.error(str(exc)) from None
        table, body = data_table(
            ["timeline", f"timeline-{track.replace('_', '-')}"], ("When", "What happens"), (22, 78)
        )
        for event in events:
            body += self._row(event, path)
        return [table]

    def _row(self, event: Event, path: str) -> nodes.row:
        when = located(
            nodes.entry("", nodes.paragraph("", event.when, classes=["timeline-when"])),
            path,
            event.line,
        )
        markdown = event.text
        if event.see:
            markdown += f"\n\n{{ref}}`The sources disagree <{event.see}>`"
        what = markdown_cell(self, markdown, path, event.line)
        if event.see and len(what) and isinstance(what[-1], nodes.Element):
            what[-1]["classes"].append("timeline-see")
        return nodes.row("", when, what, ids=[f"event-{event.track}-{event.line}"])
