"""Where a patient stands in a treatment series (pure: hand-made appointments)."""

import datetime as dt

import pytest

from console.clinic.localtime import parse_local, to_iso
from console.clinic.models import Appointment
from console.clinic.series import series_progress

D = dt.date
TODAY = D(2026, 11, 24)


@pytest.fixture
def regimen(treatments):
    return treatments["sculptra"].regimen


@pytest.fixture
def visit(tz):
    """``visit("2026-11-24", status="completed", series=None, type="sculptra")``."""
    counter = iter(range(1, 1000))

    def build(day, status="completed", *, series=None, type="sculptra", at="10:00"):
        start = to_iso(parse_local(f"{day} {at}", tz))
        extra = {"series": series} if series else {}
        return Appointment(
            f"A-{next(counter)}",
            "P-1",
            start,
            60,
            type,
            "Provider A",
            "Room 1",
            status,
            extra=extra,
        )

    return build


@pytest.fixture
def progress(regimen, tz):
    def run(appointments, today=TODAY):
        return series_progress(appointments, "sculptra", "Sculptra", regimen, today, tz)

    return run


def test_no_sessions_means_no_series(progress, visit):
    assert progress([]) is None
    assert progress([visit("2026-11-20", type="consultation")]) is None
    assert progress([visit("2026-11-20", "cancelled")]) is None


def test_one_completed_nothing_booked(progress, visit):
    state = progress([visit("2026-11-24")])

    assert (state.label, state.number, state.of, state.completed) == ("Sculptra", 2, 3, 1)
    assert state.next_booked is None
    assert state.next_window == (D(2026, 12, 22), D(2027, 1, 5))
    assert state.needs_booking
    assert not state.complete
    assert state.describe() == "Sculptra 2 of 3 · next window 22 Dec–5 Jan"


def test_next_window_inside_one_month(progress, visit):
    state = progress([visit("2026-12-04")], today=D(2026, 12, 4))
    assert state.next_window == (D(2027, 1, 1), D(2027, 1, 15))
    assert state.describe() == "Sculptra 2 of 3 · next window 1–15 Jan"


def test_next_session_booked(progress, visit):
    first, second = visit("2026-11-24"), visit("2026-12-22", "booked")

    state = progress([second, first])

    assert state.next_booked == second
    assert state.next_window is None
    assert not state.needs_booking
    assert (state.number, state.completed) == (2, 1)
    assert state.describe().startswith("Sculptra 2 of 3 · booked ")
    assert "22" in state.describe().removeprefix("Sculptra 2 of 3 · booked ")


def test_describe_booked_names_the_day(progress, visit):
    # The docstring promises "Sculptra 2 of 3 · booked Tue 12 Jan", like the window text.
    state = progress([visit("2026-11-24"), visit("2026-12-22", "confirmed")])
    assert state.describe() == "Sculptra 2 of 3 · booked Tue 22 Dec"


def test_first_session_booked_only(progress, visit):
    state = progress([visit("2026-12-01", "booked", series={"number": 1, "of": 3})])

    assert (state.number, state.completed) == (1, 0)
    assert state.next_booked is not None
    assert state.next_window is None
    assert not state.needs_booking


def test_complete_series(progress, visit):
    state = progress([visit("2026-07-01"), visit("2026-08-05"), visit("2026-09-10")])

    assert state.complete
    assert (state.number, state.completed) == (3, 3)
    assert not state.needs_booking
    assert state.next_window is None
    assert state.describe() == "Sculptra series complete (3 of 3)"


def test_cancelled_and_no_show_are_ignored(progress, visit):
    state = progress(
        [
            visit("2026-10-01"),
            visit("2026-10-29", "cancelled"),
            visit("2026-11-05", "no_show"),
            visit("2026-12-01", "cancelled"),
        ]
    )

    assert (state.number, state.completed) == (2, 1)
    assert state.next_booked is None
    assert state.next_window == (D(2026, 10, 29), D(2026, 11, 12))
    assert state.needs_booking


def test_past_booking_left_open_is_not_the_next_session(progress, visit):
    # Booked two weeks ago and never resolved: it is not "booked next".
    state = progress([visit("2026-10-01"), visit("2026-11-10", "booked")])
    assert state.next_booked is None


def test_gap_longer_than_twice_the_longest_interval_starts_a_new_series(progress, visit):
    # 9 Aug -> 2 Nov is 85 days (> 2 x 42).
    state = progress([visit("2026-07-05"), visit("2026-08-09"), visit("2026-11-02")])

    assert (state.number, state.completed) == (2, 1)
    assert state.next_window == (D(2026, 11, 30), D(2026, 12, 14))


def test_gap_of_exactly_twice_the_interval_continues_the_series(progress, visit):
    # 10 Aug -> 2 Nov is 84 days.
    state = progress([visit("2026-07-06"), visit("2026-08-10"), visit("2026-11-02")])
    assert state.complete


def test_session_tagged_number_one_starts_a_new_series(progress, visit):
    state = progress(
        [
            visit("2026-10-01"),
            visit("2026-10-29"),
            visit("2026-11-30", "booked", series={"number": 1, "of": 3}),
        ]
    )

    assert (state.number, state.completed) == (1, 0)
    assert state.next_booked is not None and state.next_booked.start.startswith("2026-11-30")
    assert not state.needs_booking


def test_a_fourth_session_starts_the_next_series(progress, visit):
    state = progress(
        [visit("2026-06-01"), visit("2026-07-01"), visit("2026-08-01"), visit("2026-09-01")]
    )

    assert (state.number, state.completed) == (2, 1)
    assert state.next_window == (D(2026, 9, 29), D(2026, 10, 13))


def test_other_types_do_not_count(progress, visit):
    state = progress([visit("2026-10-01"), visit("2026-11-02", type="follow_up")])
    assert state.completed == 1
    assert state.next_booked is None
