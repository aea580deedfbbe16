"""Booking from the command line: book, day, reschedule, cancel, check in, status, slots."""

import pytest


@pytest.fixture
def booked(patient_id, frontdesk):
    result = frontdesk(
        "book",
        "--patient",
        patient_id,
        "--start",
        "2026-11-24 11:00",
        "--type",
        "consultation",
        "--json",
    )
    assert result.code == 0, result.err
    return result.json()


def day_rows(frontdesk, day="2026-11-24"):
    return frontdesk("day", day, "--json").json()["appointments"]


def test_book_then_day_shows_the_patient(booked, ok):
    assert booked["start"] == "2026-11-24T11:00:00-08:00"
    assert booked["end"] == "2026-11-24T11:30:00-08:00"
    lines = ok("day").splitlines()
    assert lines[0] == "Tue 24 Nov 2026: Open 9:00 AM–6:00 PM"
    (row,) = [line for line in lines if booked["id"] in line]
    for text in ("11:00 AM", "John Smith", "(714) 225-5137", "Consultation", "booked"):
        assert text in row


def test_day_as_json(booked, frontdesk):
    (row,) = day_rows(frontdesk)
    assert row["id"] == booked["id"]
    assert row["patient_name"] == "John Smith"
    assert row["patient_phone"] == "(714) 225-5137"
    assert row["status"] == "booked"


def test_reschedule_moves_the_visit(booked, frontdesk):
    moved = frontdesk("reschedule", booked["id"], "--start", "2026-12-02 14:00", "--json").json()
    assert moved["start"] == "2026-12-02T14:00:00-08:00"
    assert day_rows(frontdesk) == []
    assert [r["id"] for r in day_rows(frontdesk, "2026-12-02")] == [booked["id"]]


def test_cancel_frees_the_slot(booked, patient_id, frontdesk):
    assert frontdesk("cancel", booked["id"], "--json").json()["status"] == "cancelled"
    again = frontdesk(
        "book", "--patient", patient_id, "--start", "2026-11-24 11:00", "--type", "consultation"
    )
    assert again.code == 0, again.err
    assert sorted(r["status"] for r in day_rows(frontdesk)) == ["booked", "cancelled"]


def test_checkin_marks_arrived(booked, frontdesk, ok):
    assert frontdesk("checkin", booked["id"], "--json").json()["status"] == "arrived"
    assert ok("status", booked["id"], "in treatment").rstrip().endswith("in treatment")
    assert day_rows(frontdesk)[0]["status"] == "in_treatment"


def test_illegal_status_change_is_refused(booked, frontdesk):
    result = frontdesk("status", booked["id"], "completed")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "cannot become completed" in result.err
    assert day_rows(frontdesk)[0]["status"] == "booked"


def test_walkin_takes_the_next_free_slot_today(patient_id, frontdesk):
    walked = frontdesk("walkin", "--patient", patient_id, "--type", "follow_up", "--json").json()
    assert walked["status"] == "arrived"
    assert walked["walk_in"] is True
    assert walked["start"] == "2026-11-24T10:30:00-08:00"


def test_walkin_is_refused_on_sunday(patient_id, frontdesk):
    result = frontdesk(
        "walkin", "--patient", patient_id, "--type", "follow_up", now="2026-11-29 11:00"
    )
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "walk-ins" in result.err.lower()


def test_slots_skip_booked_times(booked, frontdesk):
    frontdesk(
        "book",
        "--patient",
        booked["patient_id"],
        "--start",
        "2026-11-25 10:00",
        "--type",
        "sculptra",
        "--provider",
        "Provider A",
    )
    other = frontdesk(
        "patient", "add", "--first", "Ann", "--last", "Lee", "--phone", "714-225-5138"
    ).out.strip()
    frontdesk(
        "book",
        "--patient",
        other,
        "--start",
        "2026-11-25 10:00",
        "--type",
        "sculptra",
        "--provider",
        "Provider B",
    )
    slots = frontdesk("slots", "2026-11-25", "--type", "consultation", "--json").json()
    starts = [s["start"][11:16] for s in slots]
    assert starts[:4] == ["09:00", "09:15", "09:30", "11:00"]
    assert starts[-1] == "17:30"


def test_slots_on_a_closed_day(ok):
    assert ok("slots", "2026-11-26", "--type", "consultation").strip() == "no free slots"
