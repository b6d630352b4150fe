"""The table of units: generated from pint's registry, read without pint, reading each
word as pint reads it."""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path

import pint
import pytest

from starlight.claims import quantities
from starlight.claims.kept import DATA
from starlight.claims.quantities import Unit, converted, is_duration
from starlight.claims.unit_table import TABLE, dimension, main, text

REPO = Path(__file__).resolve().parent.parent


@cache
def _registry() -> pint.UnitRegistry:
    return pint.UnitRegistry()


def _pint_unit(word: str):
    """What the checker read with pint before the table: the unit, or ``None``."""
    if not word.isalpha() or len(word) < 2:
        return None
    own = {"decade": "10 * year", "decades": "10 * year"}
    try:
        unit = _registry().parse_expression(own.get(word.lower(), word.lower()))
    except Exception:  # pint raises many kinds of error for a word it does not know
        return None
    if not hasattr(unit, "dimensionality") or unit.dimensionless:
        return None
    return unit


def _vocabulary() -> set[str]:
    """Words an editor may write after a figure: every word of the sources, the pages and
    WiCE's dev claims, each unit the table names with a plural "s", and each prefix
    before a sample of units."""
    found: set[str] = set()
    texts = [path.read_text(encoding="utf-8") for path in (REPO / "sources").glob("*.txt")]
    texts += [path.read_text(encoding="utf-8") for path in (REPO / "docs").rglob("*.md")]
    with gzip.open(REPO / "scripts" / "measure" / "data" / "wice-dev.json.gz", "rt") as kept:
        texts.append(json.dumps(json.load(kept)))
    for chunk in texts:
        found.update(word.lower() for word in re.findall(r"[^\W\d_]+", chunk))
    table = [line.split("\t") for line in text().splitlines() if not line.startswith("#")]
    units = [fields[1] for fields in table if fields[0] in ("unit", "word")]
    prefixes = [fields[1] for fields in table if fields[0] == "prefix"]
    found.update(units)
    found.update(unit + "s" for unit in units)
    for prefix in prefixes:
        found.update(prefix + unit for unit in units[::7])
        found.update(prefix + unit + "s" for unit in units[::11])
    return found


def test_the_table_is_what_pint_makes(tmp_path):
    """Regenerated, the table is the one kept (run `starlight unit-table` after
    upgrading pint)."""
    assert main(["--out", str(tmp_path)]) == 0
    assert (tmp_path / TABLE).read_text(encoding="utf-8") == (DATA / TABLE).read_text(
        encoding="utf-8"
    )


def test_a_missing_folder_is_one_line_and_no_table(tmp_path, capsys):
    nowhere = tmp_path / "nowhere"
    assert main(["--out", str(nowhere)]) == 2
    assert capsys.readouterr().err == f"{nowhere}: no such folder to write the table into\n"
    assert not nowhere.exists()


def test_a_table_it_cannot_write_is_one_line_and_nothing_left(tmp_path, capsys):
    (tmp_path / TABLE).mkdir()  # a folder where the table goes
    assert main(["--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(f"{tmp_path / TABLE}: cannot write the table (")
    assert [path.name for path in tmp_path.iterdir()] == [TABLE]


def test_every_word_reads_as_pint_reads_it():
    """Unit or none, dimension and size: the table gives pint's reading of every word of
    the vocabulary (about 40,000, thousands of them units)."""
    differences = []
    units = 0
    for word in sorted(_vocabulary()):
        theirs, mine = _pint_unit(word), quantities._unit(word)
        if theirs is None or mine is None:
            if (theirs is None) != (mine is None):
                differences.append((word, theirs, mine))
            continue
        units += 1
        size = theirs.to_base_units().magnitude if mine.kind == "linear" else None
        if dimension(theirs.dimensionality) != mine.dimension or (
            size is not None and not abs(size - mine.factor) <= 1e-9 * abs(size)
        ):
            differences.append((word, theirs, mine))
    assert differences == []
    assert units > 2000


def test_a_figure_in_another_unit_is_converted_as_pint_converts_it():
    assert converted("23", "It weighs 10.5 kg (23 lb).", "It weighs 10.5 kg.")
    assert not converted("25", "It weighs 10.5 kg (25 lb).", "It weighs 10.5 kg.")
    assert converted("20", "It lasted twenty years.", "It lasted two decades.")
    assert converted("3", "a walk of 3 miles", "a walk of 4.8 kilometres")
    assert not converted("3", "a walk of 3 hours", "a walk of 4.8 kilometres")  # no dimension
    assert is_duration("fortnights") and not is_duration("kilometres")
    # pint writes one dimension in two orders (newton's and kip's force): one here.
    assert converted("224", "a 300 horsepower engine (224 kilowatts)", "a 300 horsepower engine")
    assert converted("4448", "It holds 4448 newtons.", "It holds 1 kip.")


def test_temperatures_convert_with_their_offset():
    """A temperature is no multiple of another: 10 °C is 50 °F. (pint refused to multiply
    a figure by such a unit, and the checker stopped with a traceback.)"""
    assert converted("50", "It was 10 celsius (50 fahrenheit).", "It was 10 celsius.")
    assert not converted("18", "It was 10 celsius (18 fahrenheit).", "It was 10 celsius.")
    assert converted("283", "It was 283 kelvin.", "It was 10 celsius.")


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("kilograms", Unit("kilogram", "[mass]", 1.0, 0.0, "linear")),
        ("hrs", Unit("hour", "[time]", 3600.0, 0.0, "linear")),  # a plural of "hr"
        ("kilodecades", None),  # pint's decade is logarithmic; an editor's, whole, ten years
        ("kilocelsius", None),  # a temperature takes no prefix
        ("percent", None),  # no dimension
    ],
)
def test_a_word_reads_as_a_unit_only_as_pint_reads_it(word, reading):
    assert quantities._unit(word) == reading
