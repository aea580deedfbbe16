"""A session of a series booked outside its window is warned about (never refused)."""

import datetime as dt
from dataclasses import replace

import pytest

from console.services.series import first_free_in_window, window_of, window_warning
from tests.legacy import force

D = dt.date


def complete(desk, aid):
    # Straight to completed, as an earlier day's visit would be in the store.
    force(desk, aid, lambda a: replace(a, status="completed"))


@pytest.fixture
def ann(desk):
    return desk.add_patient("Ann", "Lee", "714-225-5138")


@pytest.fixture
def first(desk, ann):
    """Session 1 on Tue 1 Dec 2026 at 10:00 (booked from Tue 24 Nov)."""
    return desk.book(ann.id, "2026-12-01 10:00", "sculptra")


def test_a_week_after_the_last_session_warns_with_the_window(desk, ann, first):
    said = window_warning(desk, ann.id, "sculptra", "2026-12-08 10:00")
    assert said == "This is session 2 of 3; its window is 29 Dec – 12 Jan."


def test_inside_the_window_says_nothing(desk, ann, first):
    assert window_warning(desk, ann.id, "sculptra", "2026-12-29 10:00") is None
    assert window_warning(desk, ann.id, "sculptra", "2027-01-12 17:00") is None


def test_too_late_warns_too(desk, ann, first):
    said = window_warning(desk, ann.id, "sculptra", "2027-01-19 10:00")
    assert said == "This is session 2 of 3; its window is 29 Dec – 12 Jan."


def test_session_three_counts_from_session_two(desk, ann, first):
    desk.book(ann.id, "2026-12-29 10:00", "sculptra")
    said = window_warning(desk, ann.id, "sculptra", "2027-01-05 10:00")
    assert said == "This is session 3 of 3; its window is 26 Jan – 9 Feb."


def test_not_a_series_or_a_first_session_says_nothing(desk, ann, first):
    assert window_warning(desk, ann.id, "consultation", "2026-12-08 10:00") is None
    other = desk.add_patient("Ben", "Ortiz", "714-225-5139")
    assert window_warning(desk, other.id, "sculptra", "2026-12-08 10:00") is None
    # Long after the last session: a new series starts, no window to keep.
    assert window_warning(desk, ann.id, "sculptra", "2027-04-01 10:00") is None


def test_a_complete_series_starts_again(desk, ann, first):
    second = desk.book(ann.id, "2026-12-29 10:00", "sculptra")
    third = desk.book(ann.id, "2027-01-26 10:00", "sculptra")
    for aid in (first.id, second.id, third.id):
        complete(desk, aid)
    assert window_warning(desk, ann.id, "sculptra", "2027-02-02 10:00") is None


def test_the_visit_being_moved_is_not_its_own_last_session(desk, ann, first):
    second = desk.book(ann.id, "2026-12-29 10:00", "sculptra")
    # Moving session 2 a week after session 1: warned, whatever session 2's old date.
    said = window_warning(desk, ann.id, "sculptra", "2026-12-08 10:00", ignore_id=second.id)
    assert said == "This is session 2 of 3; its window is 29 Dec – 12 Jan."
    assert window_of(desk, ann.id, "sculptra", first.start_at(desk.tz), first.id) is None


def test_first_free_in_window_takes_the_first_open_day(desk, ann, first):
    slot = first_free_in_window(
        desk, ann.id, "sculptra", D(2026, 12, 27), D(2027, 1, 10), dt.time(10, 0)
    )
    assert slot is not None
    # Sun 27 Dec is by appointment only: Mon 28 Dec is the first open day.
    assert slot.start.date() == D(2026, 12, 28)
    assert slot.start.time() == dt.time(10, 0)
