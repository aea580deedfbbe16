"""The appointment status state machine."""

import itertools

import pytest

from console.clinic import status as st
from console.clinic.errors import IllegalStatusChange

# The clinic's rules, written out independently of the module's table.
LEGAL = {
    ("booked", "confirmed"),
    ("booked", "arrived"),
    ("booked", "cancelled"),
    ("booked", "no_show"),
    ("confirmed", "arrived"),
    ("confirmed", "cancelled"),
    ("confirmed", "no_show"),
    ("arrived", "in_treatment"),
    ("arrived", "cancelled"),
    ("in_treatment", "completed"),
    ("no_show", "arrived"),
}
STATUSES = ("booked", "confirmed", "arrived", "in_treatment", "completed", "cancelled", "no_show")


def test_the_module_knows_exactly_these_statuses():
    assert set(st.ALL) == set(STATUSES)


@pytest.mark.parametrize(("current", "new"), sorted(LEGAL))
def test_legal_change_is_allowed(current, new):
    st.check_change(current, new)
    assert new in st.allowed_next(current)


ILLEGAL = sorted(set(itertools.product(STATUSES, STATUSES)) - LEGAL)


@pytest.mark.parametrize(("current", "new"), ILLEGAL)
def test_every_other_change_is_refused_with_a_sentence(current, new):
    with pytest.raises(IllegalStatusChange) as err:
        st.check_change(current, new)
    message = str(err.value)
    assert message.endswith(".")
    assert "\n" not in message
    assert err.value.field == "status"


@pytest.mark.parametrize(
    ("current", "new", "words"),
    [
        ("completed", "arrived", "completed appointment cannot become arrived"),
        ("cancelled", "booked", "cancelled appointment cannot become booked"),
        ("booked", "completed", "it can become"),
    ],
)
def test_refusal_names_the_statuses(current, new, words):
    with pytest.raises(IllegalStatusChange, match=words):
        st.check_change(current, new)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("in treatment", "in_treatment"),
        ("In-Treatment", "in_treatment"),
        ("no-show", "no_show"),
        ("noshow", "no_show"),
        (" Arrived ", "arrived"),
    ],
)
def test_parse_status_accepts_human_spellings(typed, key):
    assert st.parse_status(typed) == key


def test_parse_status_refuses_unknown_words():
    with pytest.raises(IllegalStatusChange, match="not a status"):
        st.parse_status("teleported")
