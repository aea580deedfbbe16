"""Health entries, the alert line, screening answers and the status timing rules."""

import datetime as dt

import arrow
import pytest

from console.clinic.errors import BookingRefused, InvalidInput
from console.clinic.localtime import zone
from console.clinic.models import Appointment, Patient, alert_line, entries, entry
from console.clinic.screening import check_timing, screened
from console.clinic.treatments import Question

TZ = zone("America/Los_Angeles")
QUESTIONS = (
    Question("nsaids", "NSAIDs?", "yes", ""),
    Question("new_conditions", "Conditions?", "yes", "", adds="conditions"),
    Question("new_allergies", "Allergies?", "yes", "", adds="allergies"),
)
NOW = arrow.Arrow(2026, 11, 24, 10, 30, tzinfo=TZ)


def test_old_text_splits_into_entries_once_each():
    assert entries("Penicillin; Latex\nlatex\n\n  lidocaine ") == (
        "Penicillin",
        "Latex",
        "lidocaine",
    )
    assert entries(["A", " ", "a", "B\x1b[31m"]) == ("A", "B[31m")
    assert entries(None) == entries("") == ()


def test_one_entry_is_cleaned_and_checked():
    assert entry("  Latex ", "allergies") == "Latex"
    with pytest.raises(InvalidInput, match="one allergy at a time"):
        entry("A; B", "allergies")
    with pytest.raises(InvalidInput, match="Type the condition"):
        entry(" ", "conditions")
    with pytest.raises(InvalidInput, match="at most"):
        entry("x" * 121, "allergies")


def test_alert_is_one_short_line():
    assert alert_line("Needs a\nSpanish   speaker") == "Needs a Spanish speaker"
    with pytest.raises(InvalidInput, match="at most 80"):
        alert_line("x" * 81)


def test_patient_documents_round_trip_with_lists_and_read_old_text():
    patient = Patient("P-000001", "Ann", "Lee", "+17142255138", allergies=("A", "B"))
    assert Patient.from_doc(patient.to_doc()) == patient
    old = {**patient.to_doc(), "allergies": "Penicillin\nLatex", "conditions": "Asthma; Diabetes"}
    read = Patient.from_doc(old)
    assert (read.allergies, read.conditions) == (("Penicillin", "Latex"), ("Asthma", "Diabetes"))


def test_screened_records_answers_flags_and_what_a_yes_adds():
    record, additions = screened(
        QUESTIONS,
        {"nsaids": "No", "new_conditions": "no", "new_allergies": "yes"},
        {"new_allergies": " Latex "},
        NOW,
    )
    assert record["answers"] == {"nsaids": "no", "new_conditions": "no", "new_allergies": "yes"}
    assert record["flagged"] == ["new_allergies"]
    assert record["details"] == {"new_allergies": "Latex"}
    assert additions == {"allergies": ["Latex"]}


def test_a_yes_that_adds_needs_what():
    with pytest.raises(InvalidInput, match=r"^Say what the new allergy is\.$") as err:
        screened(
            QUESTIONS, {"nsaids": "no", "new_conditions": "no", "new_allergies": "yes"}, {}, NOW
        )
    assert err.value.field == "new_allergies"


def test_every_question_needs_yes_or_no():
    with pytest.raises(InvalidInput, match="with yes or no") as err:
        screened(QUESTIONS, {"nsaids": "no"}, None, NOW)
    assert err.value.field == "new_conditions"


def visit(start: str) -> Appointment:
    return Appointment("A-0000001", "P-000001", start, 30, "consultation", "Provider A", "Room 1")


@pytest.mark.parametrize(
    ("now", "allowed"),
    [("10:14", False), ("10:15", True), ("09:50", False), ("17:00", True)],
)
def test_no_show_from_the_grace_period_on(now, allowed):
    at = arrow.get(f"2026-11-24T{now}:00", tzinfo=TZ)
    appt = visit("2026-11-24T10:00:00-08:00")
    if allowed:
        check_timing(appt, "no_show", at, TZ, grace_minutes=15, who="Ana O'Brien")
        return
    with pytest.raises(BookingRefused) as err:
        check_timing(appt, "no_show", at, TZ, grace_minutes=15, who="Ana O'Brien")
    assert str(err.value) == (
        "Too early for a no-show: Ana O'Brien's 10:00 AM visit can be marked from 10:15 AM "
        "(15 minutes after the start)."
    )


@pytest.mark.parametrize("target", ["arrived", "no_show"])
@pytest.mark.parametrize("day", [dt.date(2026, 11, 23), dt.date(2026, 12, 1)])
def test_arrival_and_no_show_only_on_the_visits_day(target, day):
    appt = visit(f"{day.isoformat()}T10:00:00-08:00")
    with pytest.raises(BookingRefused, match="not today"):
        check_timing(appt, target, NOW, TZ, grace_minutes=15, who="Ann")


def test_treatment_not_before_the_visits_day():
    appt = visit("2026-12-01T10:00:00-08:00")
    with pytest.raises(BookingRefused, match="before its day"):
        check_timing(appt, "completed", NOW, TZ, grace_minutes=15, who="Ann")
    check_timing(
        visit("2026-11-20T10:00:00-08:00"), "completed", NOW, TZ, grace_minutes=15, who="A"
    )
