"""The command line's calls (Sunday visits, counts), close (visits without answers,
missed series) and book (a series session outside its window) from the real process."""

from dataclasses import replace

import pytest

from console.clinic.clock import FixedClock
from console.desk import Desk
from console.store import Store
from tests.legacy import force

NOW = "2026-11-24 10:30"
SATURDAY = "2026-11-28 10:00"


def book(frontdesk, patient_id, start, type_key="consultation"):
    """Book and return the new appointment's id."""
    result = frontdesk(
        "book", "--patient", patient_id, "--start", start, "--type", type_key, "--json"
    )
    assert result.code == 0, result.err
    return result.json()["id"]


ALL_NO = {"nsaids": "no", "new_conditions": "no", "new_allergies": "no"}


@pytest.fixture
def in_process(store_dir, config, treatments, pinned_now):
    """``in_process(change)``: run ``change(desk)`` on a desk on the same store (at NOW)."""

    def run(change):
        desk = Desk(Store(store_dir), config, treatments, FixedClock(pinned_now(NOW), config.tz))
        try:
            change(desk)
        finally:
            desk.close()

    return run


def test_saturday_calls_list_sunday_then_monday(ok, frontdesk, patient_id):
    sunday = book(frontdesk, patient_id, "2026-11-29 11:00")
    monday = book(frontdesk, patient_id, "2026-11-30 15:00", "follow_up")

    out = ok("calls", now=SATURDAY)

    lines = out.splitlines()
    assert lines[0].startswith("Sun 29 Nov 2026: By appointment only")
    assert sunday in lines[1]
    assert lines[2].startswith("Mon 30 Nov 2026: Open")
    assert monday in lines[3]
    assert lines[-1] == "2 left to call · 0 to call again"

    data = frontdesk("calls", "--json", now=SATURDAY).json()
    assert data["date"] == "2026-11-30"
    assert [c["appointment"] for c in data["calls"]] == [sunday, monday]
    assert data["left"] == 2 and data["call_again"] == []


def test_calls_count_and_call_again(ok, frontdesk, patient_id):
    aid = book(frontdesk, patient_id, "2026-11-30 15:00")
    ok("call", aid, "no answer", now=SATURDAY)

    out = ok("calls", now=SATURDAY)
    assert "[no answer]" in out
    assert out.splitlines()[-1] == "0 left to call · 1 to call again"
    assert frontdesk("calls", "--json", now=SATURDAY).json()["call_again"] == [aid]


def test_calls_show_the_patients_alert(ok, frontdesk, patient_id, in_process):
    book(frontdesk, patient_id, "2026-11-30 15:00")
    in_process(lambda desk: desk.set_alert(patient_id, "Needs a Spanish speaker"))

    assert "      ! Needs a Spanish speaker" in ok("calls", now=SATURDAY)
    (call,) = frontdesk("calls", "--json", now=SATURDAY).json()["calls"]
    assert call["alert"] == "Needs a Spanish speaker"


def test_close_lists_visits_checked_in_without_answers(ok, frontdesk, patient_id, in_process):
    answered = book(frontdesk, patient_id, "2026-11-24 10:30", "sculptra")
    skipped = book(frontdesk, patient_id, "2026-11-24 15:00", "sculptra")

    def arrive(desk):
        desk.checkin(answered, answers=ALL_NO)
        # As an older version left it: arrived with no answers recorded.
        force(desk, skipped, lambda a: replace(a, status="arrived"))

    in_process(arrive)

    out = ok("close", now="2026-11-24 18:30")

    assert f"checked in without answers: 3:00 PM {skipped} John Smith" in out
    assert answered not in [line for line in out.splitlines() if "without answers" in line]
    data = frontdesk("close", "--json", now="2026-11-24 18:30").json()
    assert [r["appointment"] for r in data["checked_in_without_answers"]] == [skipped]


def test_close_marks_a_missed_series_window(ok, frontdesk, patient_id, in_process):
    aid = book(frontdesk, patient_id, "2026-11-24 10:30", "sculptra")

    def treat(desk):
        desk.checkin(aid, answers=ALL_NO)
        for status in ("in_treatment", "completed"):
            desk.set_status(aid, status)

    in_process(treat)

    inside = ok("close", now="2026-12-30 18:00")
    late = ok("close", now="2027-01-06 18:00")

    assert "series with no next booking" in inside and "missed" not in inside
    assert "Sculptra 2 of 3 · next window 22 Dec–5 Jan · missed" in late
    data = frontdesk("close", "--json", now="2027-01-06 18:00").json()
    assert data["series_without_next_booking"][0]["missed"] is True


def test_book_outside_the_series_window_warns_and_books(ok, frontdesk, patient_id):
    book(frontdesk, patient_id, "2026-12-01 10:00", "sculptra")

    result = frontdesk(
        "book", "--patient", patient_id, "--start", "2026-12-08 10:00", "--type", "sculptra"
    )

    assert result.code == 0, result.err
    assert result.err == ("frontdesk: This is session 2 of 3; its window is 29 Dec – 12 Jan.\n")
    day = frontdesk("day", "2026-12-08", "--json").json()["appointments"]
    assert [a["type"] for a in day] == ["sculptra"]


def test_book_inside_the_window_says_nothing(frontdesk, patient_id):
    book(frontdesk, patient_id, "2026-12-01 10:00", "sculptra")
    result = frontdesk(
        "book", "--patient", patient_id, "--start", "2026-12-29 10:00", "--type", "sculptra"
    )
    assert result.code == 0 and result.err == ""
