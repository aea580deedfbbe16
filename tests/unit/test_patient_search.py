"""Finding a patient by a mistyped name, part of a phone number or a date of birth."""

import pytest

from console.clinic.search import build_rows, search

PATIENTS = [
    ("P-1", "John", "Smith", "+17142255137", "1980-05-06"),
    ("P-2", "Jane", "Smithers", "+15625550199", "1975-12-01"),
    ("P-3", "Thị", "Nguyễn", "+16575550123", None),
    ("P-4", "Joan", "Smyth", "+19495550111", "1980-05-07"),
    ("P-5", "Luis", "García-López", "+13235550100", "1990-01-31"),
]


@pytest.fixture(scope="module")
def groups():
    return [build_rows(PATIENTS[:3]), build_rows(PATIENTS[3:])]


def ids(hits):
    return [h.patient_id for h in hits]


def test_typos_find_the_name(groups):
    hits = search(groups, "jonh smtih")
    assert ids(hits)[0] == "P-1"
    assert hits[0].matched == "name"


def test_without_accents_finds_the_accented_name(groups):
    assert ids(search(groups, "nguyen")) == ["P-3"]
    assert ids(search(groups, "garcia lopez")) == ["P-5"]


def test_prefix_finds_every_match(groups):
    assert set(ids(search(groups, "smith"))) >= {"P-1", "P-2"}


def test_part_of_a_phone_number(groups):
    hits = search(groups, "225-51")
    assert ids(hits) == ["P-1"]
    assert hits[0].matched == "phone"
    assert set(ids(search(groups, "555"))) == {"P-2", "P-3", "P-4", "P-5"}


def test_full_phone_number_scores_highest(groups):
    hits = search(groups, "(714) 225-5137")
    assert hits[0].patient_id == "P-1" and hits[0].score == 100.0


@pytest.mark.parametrize("typed", ["1980-05-06", "05/06/1980", "5/6/1980"])
def test_date_of_birth_in_both_formats(groups, typed):
    hits = search(groups, typed)
    assert ids(hits) == ["P-1"]
    assert hits[0].matched == "dob"


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_finds_nothing(groups, query):
    assert search(groups, query) == []


def test_unrelated_name_finds_nothing(groups):
    assert search(groups, "zebulon") == []


def test_limit_is_respected(groups):
    assert len(search(groups, "555", limit=2)) == 2
