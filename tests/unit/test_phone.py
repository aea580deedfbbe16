"""Phone numbers: typed in any US style, stored as E.164, read aloud nationally."""

import pytest

from console.clinic.errors import InvalidInput
from console.clinic.phone import display_phone, normalise_phone, phone_digits


@pytest.mark.parametrize(
    "typed",
    [
        "(714) 225-5137",
        "714-225-5137",
        "714.225.5137",
        "7142255137",
        "+1 714 225 5137",
        "1-714-225-5137",
        " 714 225 5137 ",
    ],
)
def test_us_formats_normalise_to_e164(typed):
    assert normalise_phone(typed) == "+17142255137"


@pytest.mark.parametrize("typed", ["123", "abc", "", None, "555-01", "(000) 000-0000"])
def test_invalid_numbers_are_refused_with_the_phone_field(typed):
    with pytest.raises(InvalidInput) as err:
        normalise_phone(typed)
    assert err.value.field == "phone"
    assert str(err.value).endswith(".")


def test_display_is_national_for_us_numbers():
    assert display_phone("+17142255137") == "(714) 225-5137"


def test_display_is_international_for_foreign_numbers():
    assert display_phone(normalise_phone("+44 20 7946 0958")) == "+44 20 7946 0958"


def test_digits_are_the_national_number():
    assert phone_digits("+17142255137") == "7142255137"
