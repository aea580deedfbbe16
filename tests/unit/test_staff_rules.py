"""Staff names, roles, PINs (salted scrypt hashes) and the pause after wrong PINs."""

from __future__ import annotations

import pytest

from console.clinic.errors import InvalidInput
from console.clinic.staff import (
    FIRST_PAUSE_S,
    LONGEST_PAUSE_S,
    MAX_TRIES,
    PinHash,
    StaffMember,
    hash_pin,
    minutes_text,
    parse_name,
    parse_pin,
    parse_role,
    pin_matches,
)


@pytest.mark.parametrize("name", ["maria", "Maria", "jose.l", "ana_2", "a", "x" * 32, "7-up"])
def test_good_names(name):
    assert parse_name(name) == name.lower()


@pytest.mark.parametrize(
    "name",
    ["", " ", "-x", ".hidden", "a b", 'a"b', "a;b", "x" * 33, "maría", "a\nb", "a/b", "$(id)"],
)
def test_bad_names_are_one_sentence(name):
    with pytest.raises(InvalidInput) as err:
        parse_name(name)
    assert str(err.value).endswith("starting with a letter or a digit.")
    assert "\n" not in str(err.value)


def test_roles():
    assert parse_role("Manager") == "manager"
    assert parse_role("receptionist") == "receptionist"
    with pytest.raises(InvalidInput, match="use receptionist or manager"):
        parse_role("admin")


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "１２３４", "12 34"])
def test_bad_pins_never_echo_the_pin(pin):
    with pytest.raises(InvalidInput) as err:
        parse_pin(pin)
    assert str(err.value) == "A PIN is 4 to 8 digits."


def test_a_pin_is_kept_only_as_a_salted_scrypt_hash():
    one, two = hash_pin("4829"), hash_pin("4829")
    assert one.salt != two.salt and one.hash != two.hash  # salted
    assert "4829" not in str(one.to_doc())
    assert pin_matches("4829", one) and pin_matches("4829", two)
    assert not pin_matches("4828", one)
    assert (one.n, one.r, one.p) == (2**15, 8, 1)
    assert PinHash.from_doc(one.to_doc()) == one


@pytest.mark.parametrize(
    "change",
    [
        {"n": 2**30},  # gigabytes of memory asked for by a tampered file
        {"n": 1000},  # not a power of two
        {"r": 0},
        {"p": 99},
        {"n": "32768"},
        {"salt": "zz"},
        {"hash": "00"},
        {"extra": 1},
    ],
)
def test_a_tampered_hash_is_refused_before_any_work(change):
    doc = {**hash_pin("4829").to_doc(), **change}
    with pytest.raises(ValueError):
        PinHash.from_doc(doc)


def test_five_wrong_pins_pause_the_name_and_each_pause_doubles():
    member = StaffMember("maria", pin=hash_pin("1234"))
    now = 1_000_000.0
    for _ in range(MAX_TRIES - 1):
        member = member.after_wrong_pin(now)
        assert member.paused_for(now) == 0
    member = member.after_wrong_pin(now)
    assert member.paused_for(now) == FIRST_PAUSE_S
    assert member.paused_for(now + FIRST_PAUSE_S) == 0
    later = now + FIRST_PAUSE_S
    for _ in range(MAX_TRIES):
        member = member.after_wrong_pin(later)
    assert member.paused_for(later) == 2 * FIRST_PAUSE_S
    cleared = member.after_right_pin()
    assert (cleared.failures, cleared.pauses, cleared.paused_until) == (0, 0, 0)


def test_the_pause_is_capped_even_for_a_tampered_count():
    member = StaffMember("maria", failures=MAX_TRIES - 1, pauses=10**18)
    assert member.after_wrong_pin(0).paused_for(0) == LONGEST_PAUSE_S


def test_member_documents_round_trip_and_bad_ones_are_refused():
    member = StaffMember(
        "maria", "manager", hash_pin("1234"), 2, 1, 99, "2026-11-24T10:30:00-08:00"
    )
    assert StaffMember.from_doc(member.to_doc()) == member
    for bad in (
        {**member.to_doc(), "role": "owner"},
        {**member.to_doc(), "name": "../x"},
        {**member.to_doc(), "failures": -1},
        {**member.to_doc(), "paused_until": "soon"},
        {**member.to_doc(), "pin": {"hash": "x"}},
        ["maria"],
    ):
        with pytest.raises(ValueError):
            StaffMember.from_doc(bad)


def test_minutes_text():
    assert minutes_text(1) == "1 minute"
    assert minutes_text(300) == "5 minutes"
    assert minutes_text(301) == "6 minutes"
