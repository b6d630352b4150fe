import pytest

from starlight.sources.pinpoint import PinpointError, parse_pinpoint


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("L7", (7,)),
        ("L7-9", (7, 8, 9)),
        ("L7–9", (7, 8, 9)),
        ("L7-L9", (7, 8, 9)),
        ("L7,9", (7, 9)),
        ("L7, L9", (7, 9)),
        ("L2,7-8", (2, 7, 8)),
        (" L12 ", (12,)),
    ],
)
def test_valid_pinpoints(text, lines):
    pinpoint = parse_pinpoint(text)
    assert pinpoint.lines == lines
    assert pinpoint.anchor == f"L{lines[0]}"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no pinpoint"),
        ("p. 7", "must start with 'L'"),
        ("L0", "numbered from 1"),
        ("L9-7", "ends before it starts"),
        ("Lx", "not of the form"),
        ("L7,,8", "not of the form"),
    ],
)
def test_invalid_pinpoints(text, reason):
    with pytest.raises(PinpointError, match=reason):
        parse_pinpoint(text)
