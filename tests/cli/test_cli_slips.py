"""Slips a sloppy user makes on the command line: refused in one sentence, nothing written.

Reviewer r2's findings on issue 11: repeated or misplaced screening answers, entries
longer than the desk allows, look-alike names registered twice, and the console's own
options given to a command that ignores them.
"""

import pytest

from tests.cli.test_cli_safety import ALL_NO, ana, one_sentence, visit_id

__all__ = ["ana"]  # the fixture, used by name


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ("nsaids=no,nsaids=yes,new_conditions=no,new_allergies=no", "answered twice"),
        ("nsaids=no:aspirin,new_conditions=no,new_allergies=no", "only a yes says what"),
        ("nsaids=yes:aspirin,new_conditions=no,new_allergies=no", "yes or no alone"),
        ("nsaids=no,new_conditions=no,new_allergies=yes:" + "z" * 300, "at most 120"),
        ("nsaids=no,new_conditions=no,new_allergies=yes:Latex; Sulfa", "one allergy at a time"),
    ],
)
def test_repeated_or_misplaced_answers_are_refused(ana, frontdesk, make_desk, answers, words):
    aid = visit_id(frontdesk, ana, "today 11:00", "sculptra")
    assert words in one_sentence(frontdesk("checkin", aid, "--answers", answers))
    stored = make_desk().appointment(aid)
    assert stored.status == "booked" and "pre_treatment" not in stored.extra
    assert make_desk().patient(ana).allergies == ("Penicillin", "Latex")


def test_answer_ids_take_any_case_and_spacing(ana, frontdesk, make_desk):
    aid = visit_id(frontdesk, ana, "today 11:00", "sculptra")
    done = frontdesk(
        "checkin", aid, "--answers", " NSAIDS = No , New_Conditions=NO,new_allergies=YES : Sulfa"
    )
    assert done.code == 0, done.err
    record = make_desk().appointment(aid).extra["pre_treatment"]
    assert record["answers"] == {"nsaids": "no", "new_conditions": "no", "new_allergies": "yes"}
    assert make_desk().patient(ana).allergies == ("Penicillin", "Latex", "Sulfa")
    assert ALL_NO  # the form the refusals print, kept in one place


def test_an_overlong_allergy_is_refused_when_registering(frontdesk, make_desk):
    result = frontdesk(
        "patient", "add", "--first", "Bo", "--last", "Li", "--phone", "7145550101",
        "--allergies", "Latex; " + "y" * 500,
    )  # fmt: skip
    assert "at most 120 characters" in one_sentence(result)
    assert make_desk().patient_count() == 0


@pytest.mark.parametrize(
    ("first", "last", "phone"),
    [
        (" ana ", "o’brien", "(714) 225-5100"),
        ("Ana", "OBrien", "+1 714 225 5100"),
        ("ANA", "O Brien", "714.225.5100"),
    ],
)
def test_look_alike_names_with_the_same_phone_are_duplicates(
    ana, frontdesk, make_desk, first, last, phone
):
    result = frontdesk("patient", "add", "--first", first, "--last", last, "--phone", phone)
    assert "already registered as Ana O'Brien" in one_sentence(result)
    assert make_desk().patient_count() == 1


@pytest.mark.parametrize(
    "args",
    [
        ["--date", "12/1", "calls"],
        ["--date", "2/30", "day"],
        ["--demo", "book", "--patient", "P-X", "--start", "today 11:00", "--type", "facial"],
        ["--initials", "find", "ana"],
    ],
)
def test_console_options_before_a_command_are_refused(ana, frontdesk, make_desk, args):
    line = one_sentence(frontdesk(*args))
    assert "option of the console" in line or "options of the console" in line
    assert make_desk().patient_count() == 1


def test_a_call_note_is_one_clean_line_of_bounded_length(ana, frontdesk, make_desk):
    aid = visit_id(frontdesk, ana, "tomorrow 11:00", "consultation")
    result = frontdesk("call", aid, "no_answer", "--note", "n" * 100_000)
    assert "at most 200 characters" in one_sentence(result)
    assert "calls" not in make_desk().appointment(aid).extra
    done = frontdesk("call", aid, "left_message", "--note", "call\x1b[31m back\nafter 5")
    assert done.code == 0, done.err
    (call,) = make_desk().appointment(aid).extra["calls"]
    assert "\x1b" not in call["note"] and "\n" not in call["note"]
    assert call["outcome"] == "left_message"


def test_an_alert_of_control_characters_does_not_clear_the_alert(ana, frontdesk, make_desk):
    result = frontdesk("patient", "alert", ana, "\x07\x1b")
    assert "empty once control characters are removed" in one_sentence(result)
    assert make_desk().patient(ana).alert == "Needs a Spanish speaker"


def test_a_walk_in_at_a_time_already_passed_is_refused(ana, frontdesk, make_desk):
    result = frontdesk("walkin", ana, "--type", "consultation", "--at", "9:00am")
    assert "9:00 AM has passed (it is 10:30 AM)" in one_sentence(result)
    assert make_desk().history(ana) == []
    done = frontdesk("walkin", ana, "--type", "consultation", "--at", "10:30", "--json")
    assert done.code == 0, done.err
    assert done.json()["start"].startswith("2026-11-24T10:30")


def test_audit_of_an_empty_id_is_refused(ana, frontdesk):
    line = one_sentence(frontdesk("audit", "--id", ""))
    assert line == "frontdesk: Give the id of a patient or appointment after --id."
