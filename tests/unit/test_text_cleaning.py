"""Cleaning typed text: NFC, no terminal control or bidi characters."""

import re
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as hs

from console.clinic.errors import InvalidInput
from console.clinic.text import clean, clean_name, fold

# Written out here, independently of the module under test.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def test_decomposed_name_becomes_composed():
    decomposed = "Nguye\u0302\u0303n"
    assert clean(decomposed) == "Nguyễn"
    assert clean(decomposed) == unicodedata.normalize("NFC", decomposed)
    assert len(clean(decomposed)) == 6


def test_escape_sequence_loses_its_escape():
    cleaned = clean("\x1b[31mRed")
    assert "\x1b" not in cleaned
    assert cleaned.endswith("Red")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ann\x9b2J", "Ann2J"),  # C1 CSI
        ("Ann\u202eeB", "AnneB"),  # right-to-left override
        ("Ann\x7f", "Ann"),  # DEL
        ("A\x07nn", "Ann"),  # BEL
        ("  Mary   Jane  ", "Mary Jane"),
    ],
)
def test_control_characters_are_removed(raw, expected):
    assert clean(raw) == expected


def test_notes_keep_tabs_and_lines():
    assert clean("dose:\t2 vials\nnext\t6 weeks", multiline=True) == "dose:\t2 vials\nnext\t6 weeks"


def test_name_made_only_of_controls_is_refused():
    with pytest.raises(InvalidInput) as err:
        clean_name("\x1b\x07")
    assert err.value.field == "name"


def test_fold_drops_case_and_accents():
    assert fold("NGUYỄN") == fold("nguyen") == "nguyen"


@given(hs.text(), hs.booleans())
def test_cleaned_text_never_holds_control_characters(text, multiline):
    cleaned = clean(text, multiline=multiline)
    assert not FORBIDDEN.search(cleaned)
    if not multiline:
        assert "\n" not in cleaned


@given(hs.text())
@example("e\x1b\u0301")  # a control character between a letter and its accent
def test_cleaned_text_is_nfc(text):
    cleaned = clean(text)
    assert unicodedata.normalize("NFC", cleaned) == cleaned
