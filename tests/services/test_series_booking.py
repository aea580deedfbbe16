"""Planning and booking a Sculptra series through the real desk, checked on the store."""

import datetime as dt

import pytest

from console.clinic.errors import BookingRefused, InvalidInput, NotFound
from console.clinic.series import PlannedSession
from console.services.series import (
    book_series,
    plan_series_for,
    progress,
    series_types,
    without_next_booking,
)

D = dt.date
ALL_NO = {"nsaids": "no", "new_conditions": "no", "new_allergies": "no"}


def finish(desk, aid):
    """Walk a visit through arrived and in treatment to completed."""
    desk.checkin(aid, answers=ALL_NO if desk.needs_screening(desk.appointment(aid)) else None)
    for status in ("in_treatment", "completed"):
        desk.set_status(aid, status)


@pytest.fixture
def ann(desk):
    return desk.add_patient("Ann", "Lee", "714-225-5138")


def test_plan_books_nothing(desk, ann):
    first, sessions = plan_series_for(desk, ann.id, "2026-12-01 10:00")

    assert first.isoformat() == "2026-12-01T10:00:00-08:00"
    assert [(s.number, s.of, s.window_start) for s in sessions] == [
        (2, 3, D(2026, 12, 29)),
        (3, 3, D(2027, 1, 26)),
    ]
    assert [s.slot.start.isoformat() for s in sessions] == [
        "2026-12-29T10:00:00-08:00",
        "2027-01-26T10:00:00-08:00",
    ]
    assert desk.history(ann.id) == []


def test_plan_crosses_spring_forward(make_desk):
    desk = make_desk(now="2026-02-10 09:00")
    pid = desk.add_patient("Ann", "Lee", "714-225-5138").id

    _, sessions = plan_series_for(desk, pid, "2026-02-16 10:00")

    assert sessions[0].slot.start.isoformat() == "2026-03-16T10:00:00-07:00"


def test_plan_avoids_the_patients_own_visits(desk, ann):
    desk.book(ann.id, "2026-12-29 09:45", "consultation")

    _, sessions = plan_series_for(desk, ann.id, "2026-12-01 10:00")

    # 10:00-11:00 on the 29th would overlap Ann's own 9:45 consultation.
    assert sessions[0].slot.start.isoformat() == "2026-12-30T10:00:00-08:00"


def test_plan_with_sundays(desk, ann):
    _, sessions = plan_series_for(desk, ann.id, "2026-11-29 11:00", include_sundays=True)
    assert sessions[0].slot.start.isoformat() == "2026-12-27T11:00:00-08:00"


@pytest.mark.parametrize(
    ("type_key", "message"),
    [
        ("consultation", "A consultation is not part of a treatment series."),
        ("botox", "'botox' is not an appointment type"),
    ],
)
def test_plan_refuses_types_without_a_series(desk, ann, type_key, message):
    with pytest.raises(InvalidInput) as err:
        plan_series_for(desk, ann.id, "2026-12-01 10:00", type_key)
    assert message in str(err.value)


def test_plan_refuses_unknown_patient(desk):
    with pytest.raises(NotFound):
        plan_series_for(desk, "P-NOBODY", "2026-12-01 10:00")


def test_book_series_tags_every_session(desk, make_desk, ann):
    first, sessions = plan_series_for(desk, ann.id, "2026-12-01 10:00")

    booked = book_series(desk, ann.id, first, "sculptra", sessions)

    assert len(booked) == 3
    stored = make_desk().history(ann.id)  # a fresh desk reads the files again
    assert [a.id for a in stored] == booked
    assert [a.start for a in stored] == [
        "2026-12-01T10:00:00-08:00",
        "2026-12-29T10:00:00-08:00",
        "2027-01-26T10:00:00-08:00",
    ]
    assert {a.type for a in stored} == {"sculptra"}
    assert {a.status for a in stored} == {"booked"}
    head = stored[0]
    assert head.extra["series"] == {"number": 1, "of": 3}
    assert [a.extra["series"] for a in stored[1:]] == [
        {"id": head.id, "number": 2, "of": 3},
        {"id": head.id, "number": 3, "of": 3},
    ]
    assert [(a.provider, a.room) for a in stored[1:]] == [
        (s.slot.provider, s.slot.room) for s in sessions
    ]


def test_book_series_reuses_a_first_session_already_booked(desk, make_desk, ann):
    existing = desk.book(ann.id, "2026-12-01 10:00", "sculptra")
    first, sessions = plan_series_for(desk, ann.id, "2026-12-01 10:00")

    booked = book_series(desk, ann.id, first, "sculptra", sessions)

    assert existing.id not in booked
    stored = make_desk().history(ann.id)
    assert len(stored) == 3
    assert [a.extra["series"]["id"] for a in stored[1:]] == [existing.id, existing.id]


def test_booking_the_same_series_twice_books_no_second_copy(desk, make_desk, ann):
    # A repeated `frontdesk plan --book` (a retry, a double press) for the same first
    # session: the first session is recognised, and so must the later ones be.
    first, sessions = plan_series_for(desk, ann.id, "2026-12-01 10:00")
    book_series(desk, ann.id, first, "sculptra", sessions)

    again_first, again = plan_series_for(desk, ann.id, "2026-12-01 10:00")
    book_series(desk, ann.id, again_first, "sculptra", again)

    stored = make_desk().history(ann.id)
    assert [a.extra["series"]["number"] for a in stored] == [1, 2, 3], [a.start for a in stored]


def test_book_series_leaves_sessions_without_a_slot(desk, make_desk, ann):
    first, sessions = plan_series_for(desk, ann.id, "2026-12-01 10:00")
    without = [
        PlannedSession(s.number, s.of, s.window_start, s.window_end, None) if s.number == 2 else s
        for s in sessions
    ]

    booked = book_series(desk, ann.id, first, "sculptra", without)

    assert len(booked) == 2
    numbers = [a.extra["series"]["number"] for a in make_desk().history(ann.id)]
    assert numbers == [1, 3]


def test_book_series_refuses_a_first_session_in_the_past(desk, ann):
    first, sessions = plan_series_for(desk, ann.id, "2026-11-23 10:00")
    with pytest.raises(BookingRefused, match="in the past"):
        book_series(desk, ann.id, first, "sculptra", sessions)


def test_moved_session_outside_its_window_is_flagged_not_refused(desk, make_desk, ann):
    first, sessions = plan_series_for(desk, ann.id, "2026-12-01 10:00")
    booked = book_series(desk, ann.id, first, "sculptra", sessions)
    second = sessions[0]
    assert second.in_window(second.slot.start)

    moved = desk.reschedule(booked[1], "2027-01-15 10:00")  # three days after the window

    assert make_desk().appointment(booked[1]).start == "2027-01-15T10:00:00-08:00"
    assert not second.in_window(moved.start_at(desk.tz))
    assert second.in_window(desk.appointment(booked[2]).start_at(desk.tz)) is False
    assert sessions[1].in_window(desk.appointment(booked[2]).start_at(desk.tz))


def test_progress_follows_the_booked_series(make_desk, ann, desk):
    first, sessions = plan_series_for(desk, ann.id, "2026-12-01 10:00")
    booked = book_series(desk, ann.id, first, "sculptra", sessions)

    state = progress(desk, ann.id)
    assert (state.number, state.completed) == (1, 0)
    assert state.next_booked.id == booked[0]
    assert not state.needs_booking

    later = make_desk(now="2026-12-01 11:30")
    finish(later, booked[0])
    state = progress(later, ann.id)
    assert (state.number, state.completed) == (2, 1)
    assert state.next_booked.id == booked[1]
    assert not state.needs_booking

    later.cancel(booked[1])
    later.cancel(booked[2])
    state = progress(later, ann.id)
    assert (state.number, state.completed, state.next_booked) == (2, 1, None)
    assert state.needs_booking
    assert state.next_window == (D(2026, 12, 29), D(2027, 1, 12))


def test_progress_is_none_without_a_series_type(desk, ann):
    desk.book(ann.id, "2026-12-01 10:00", "consultation")
    assert progress(desk, ann.id, "consultation") is None
    assert progress(desk, ann.id, "no_such_type") is None
    assert progress(desk, ann.id) is None


def test_series_types_are_the_sculptra_sessions(desk):
    assert series_types(desk) == ["sculptra"]


def test_without_next_booking_lists_only_patients_with_a_session_due(make_desk):
    desk = make_desk(now="2026-11-24 08:00")
    due = desk.add_patient("Ann", "Lee", "714-225-5138")
    planned = desk.add_patient("Ben", "Ortiz", "714-225-5139")
    consult = desk.add_patient("Cara", "Diaz", "714-225-5140")
    open_visit = desk.add_patient("Dan", "Wu", "714-225-5141")
    for patient, at in ((due, "09:00"), (planned, "10:00")):
        finish(desk, desk.book(patient.id, f"2026-11-24 {at}", "sculptra").id)
    desk.book(planned.id, "2026-12-22 10:00", "sculptra")
    finish(desk, desk.book(consult.id, "2026-11-24 11:00", "consultation").id)
    desk.book(open_visit.id, "2026-11-24 12:00", "sculptra")

    found = without_next_booking(make_desk(now="2026-11-24 18:00"))

    assert [pid for pid, _ in found] == [due.id]
    assert found[0][1].describe() == "Sculptra 2 of 3 · next window 22 Dec–5 Jan"


def test_without_next_booking_looks_back_120_days(make_desk):
    old = make_desk(now="2026-07-01 08:00")
    pid = old.add_patient("Ann", "Lee", "714-225-5138").id
    finish(old, old.book(pid, "2026-07-01 10:00", "sculptra").id)

    assert [p for p, _ in without_next_booking(make_desk(now="2026-10-29 12:00"))] == [pid]
    assert without_next_booking(make_desk(now="2026-10-30 12:00")) == []
