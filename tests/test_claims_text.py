"""Pure logic of the claim checker: sentences, normalising and matching."""

import pytest

from starlight.claims.rules import _quote_found, closest_passage
from starlight.claims.sentences import MARKER_BASE, split_sentences
from starlight.claims.text import months, name_matches, normalize, numbers, quotes, word_keys

CITE = chr(MARKER_BASE)


def sentences(text):
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Dr. Park spoke. Then he left.", ["Dr. Park spoke.", "Then he left."]),
        ("J. R. Kim wrote it. It sold.", ["J. R. Kim wrote it.", "It sold."]),
        ("It costs 2.5 million. It sold.", ["It costs 2.5 million.", "It sold."]),
        ("Stars, e.g. Vega, shine. Yes.", ["Stars, e.g. Vega, shine.", "Yes."]),
        ("He said “Go.” Then left.", ["He said “Go.”", "Then left."]),
        ("The heading “What Is It?” is odd. Yes.", ["The heading “What Is It?” is odd.", "Yes."]),
        ("Wait… and see. Go.", ["Wait… and see.", "Go."]),
        (f"It is 2050 {CITE}. Next one.", [f"It is 2050 {CITE}.", "Next one."]),
        (f"It is 2050. {CITE} Next one.", [f"It is 2050. {CITE}", "Next one."]),
        ("No end here", ["No end here"]),
    ],
)
def test_sentence_splitting(text, expected):
    assert sentences(text) == expected


def test_normalize_folds_quotes_dashes_case_and_space():
    assert normalize("“Visual  Masterpiece” — it’s") == normalize('"visual masterpiece" - it\'s')


@pytest.mark.parametrize(
    ("claim", "source", "same"),
    [
        ("six", "a 6-month journey", True),
        ("30 May", "May 30th", True),
        ("88%", "88% and 91%", True),
        ("2,000", "2000 people", True),
        ("fourth", "a 4th expedition", True),
        ("25", "2025", False),
        ("seven", "six", False),
        ("twenty-five years", "25 years later", True),
        ("twenty-five", "20 or 5", False),
        ("2025-05-30", "Friday 30 May 2025", True),
        ("the 6th championship", "The VI Championship", True),  # Roman numerals
        ("World War 2", "World War II", True),
        ("the 7th championship", "The VI Championship", False),
        ("4", "IVY and VI", False),  # a word is no numeral, nor are its letters
        ("in 2019", "Fri 15 Feb 19", True),  # a two-digit year beside a day and month
        ("in 1999", "Feb 15, 99", True),  # POSIX %y: 69 to 99 are the 1900s
        ("in 1919", "Fri 15 Feb 19", False),
        ("in 2019", "from 15 May 19:30", False),  # a time, not a year
        ("in 2019", "team 19 won", False),
    ],
)
def test_numbers_compare_as_values(claim, source, same):
    assert (numbers(claim) <= numbers(source)) is same


def test_iso_dates_give_their_year_day_and_month():
    assert numbers("date 2025-05-23") == {"2025", "23"}  # the month is a month, not a number
    assert months("date 2025-05-23") == {5}
    assert months("on 30 May") == {5}


@pytest.mark.parametrize(
    ("name", "source", "found"),
    [
        ("Ji-won", "Han Ji-Won directed", True),
        ("Netflix’s", "on Netflix", True),
        ("Nan-Young", "Nan-young’s mother", True),
        ("K-dramas", "the home of K-dramas", True),
        ("Seoul", "in Busan", False),
        ("Ji-Hoon", "Han Ji-Won", False),
    ],
)
def test_names_match_case_possessive_and_hyphen(name, source, found):
    assert name_matches(name, word_keys(source)) is found


def test_quotes_are_found_outermost_and_single():
    text = "It is a “visual masterpiece” and ‘Parasite’ and Netflix’s “A ‘B’ C” too"
    assert quotes(text) == ["visual masterpiece", "Parasite", "A ‘B’ C"]  # in the text's order


@pytest.mark.parametrize(
    ("quote", "passage", "found"),
    [
        ("visual masterpiece", "calling it a “visual masterpiece.”", True),
        ("Visual Masterpiece", "a visual masterpiece", True),
        (
            "far more interested … than the logistical ones",
            "“far more interested in the emotional dimensions than the logistical ones”",
            True,
        ),
        ("visual masterpeice", "a visual masterpiece", False),
        ("ones … far more", "far more interested than the logistical ones", False),
    ],
)
def test_quote_matching(quote, passage, found):
    assert _quote_found(quote, passage) is found


def test_closest_passage_is_a_hint():
    assert (
        closest_passage("visual masterpeice", "calling it a “visual masterpiece.”")
        == "visual masterpiece"
    )
