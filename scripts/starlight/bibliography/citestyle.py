"""Citation look: ``[Resonate, L9]``, where ``L9`` links to line 9 of the archived copy.

A sphinxcontrib-bibtex referencing style. The label links to the
bibliography (as usual); the pinpoint (the role's post-text) links to the
lines it names on the source's archived page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pybtex.richtext import HRef, Text
from sphinxcontrib.bibtex.style.referencing import BracketStyle, GroupReferenceStyle
from sphinxcontrib.bibtex.style.referencing.basic_label import (
    BasicLabelParentheticalReferenceStyle,
    BasicLabelTextualReferenceStyle,
)
from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
from sphinxcontrib.bibtex.style.template import entry_label, join, join2, node, pre_text, reference

from starlight.pages.links import pin_uri
from starlight.sources.pinpoint import PinpointError, parse_pinpoint

# Its name as pyproject.toml's entry point gives it and docs/conf.py uses it.
STYLE_NAME = "starlight-pinpoint"


@node
def pinpoint(children, data):
    """The post-text, linked to the lines it names on the archived page (see preview)."""
    assert not children
    post = data["reference_info"].post_text
    if not post:
        return Text()
    try:
        lines = parse_pinpoint(post)
    except PinpointError:
        return Text(post)  # reported by the claim checks, with its location
    return HRef(pin_uri(data["entry"].key, lines.text), Text(post))


def _inner(style):
    return join2(sep1=style.pre_text_sep, sep2=style.post_text_sep)[
        pre_text, reference[entry_label], pinpoint
    ]


@dataclass
class PinpointParentheticalStyle(BasicLabelParentheticalReferenceStyle):
    def inner(self, role_name):
        return _inner(self)


@dataclass
class PinpointTextualStyle(BasicLabelTextualReferenceStyle):
    def inner(self, role_name):
        return join(sep=self.text_reference_sep)[
            reference[entry_label],
            join[self.bracket.left, pinpoint, self.bracket.right],
        ]


@dataclass
class PinpointReferenceStyle(GroupReferenceStyle):
    """``{cite:p}`` gives ``[Label, L9]``; ``{cite:t}`` gives ``Label [L9]``."""

    bracket: BracketStyle = field(default_factory=lambda: BracketStyle(sep="; "))

    def __post_init__(self):
        self.styles.extend(
            [
                PinpointParentheticalStyle(bracket=self.bracket),
                PinpointTextualStyle(bracket=self.bracket),
                ExtraLabelReferenceStyle(bracket=self.bracket),
                ExtraEmptyReferenceStyle(),
            ]
        )
        super().__post_init__()
