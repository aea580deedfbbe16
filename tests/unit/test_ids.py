"""Patient and appointment ids: readable, and forgiving when typed back."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from console.clinic.ids import new_id, normalise_id


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (" p-7k2q9xb ", "P-7K2Q9XB"),
        ("a-oil0", "A-0110"),
        ("P-ABC123", "P-ABC123"),
    ],
)
def test_normalise_id(typed, expected):
    assert normalise_id(typed) == expected


def test_new_id_shape():
    assert re.fullmatch(r"P-[0-9A-HJKMNP-TV-Z]{6}", new_id("P", 6))


@given(hs.sampled_from(["P", "A"]), hs.integers(min_value=4, max_value=9))
def test_an_id_read_back_in_lower_case_is_the_same_id(prefix, length):
    made = new_id(prefix, length)
    assert normalise_id(made.lower()) == made
