"""Issue 11 on the command line: alerts, health entries, duplicates, screening, timing, walk-ins.

Each test runs the real ``frontdesk`` process and then reads the store with a desk of
its own: what matters is what was (or was not) written.
"""

import pytest

ALL_NO = "nsaids=no,new_conditions=no,new_allergies=no"


def one_sentence(result) -> str:
    """A refusal: exit 2, nothing on stdout, one line on stderr; returns that line."""
    assert result.code == 2, (result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert result.out == ""
    return lines[0]


@pytest.fixture
def ana(ok):
    return ok(
        "patient",
        "add",
        "--first",
        "Ana",
        "--last",
        "O'Brien",
        "--phone",
        "714-225-5100",
        "--dob",
        "3/4/1985",
        "--allergies",
        "Penicillin; Latex",
        "--conditions",
        "Diabetes",
        "--alert",
        "Needs a Spanish speaker",
    ).strip()


def visit_id(frontdesk, pid, start, kind, now="2026-11-24 08:00"):
    result = frontdesk(
        "book", "--patient", pid, "--start", start, "--type", kind, "--json", now=now
    )
    assert result.code == 0, result.err
    return result.json()["id"]


# -- patients: entries, alert, duplicates ---------------------------------------------


def test_add_keeps_entries_alert_and_any_date_form(ana, make_desk):
    stored = make_desk().patient(ana)
    assert stored.allergies == ("Penicillin", "Latex")
    assert stored.conditions == ("Diabetes",)
    assert stored.alert == "Needs a Spanish speaker"
    assert stored.dob.isoformat() == "1985-03-04"


def test_show_prints_the_alert_and_entries(ana, ok, frontdesk):
    text = ok("patient", "show", ana)
    assert "alert: Needs a Spanish speaker" in text
    assert "allergies: Penicillin; Latex" in text
    data = frontdesk("patient", "show", ana, "--json").json()
    assert (data["alert"], data["allergies"], data["conditions"]) == (
        "Needs a Spanish speaker",
        ["Penicillin", "Latex"],
        ["Diabetes"],
    )


def test_allergy_add_never_removes_another_and_remove_is_explicit(ana, ok, make_desk):
    ok("patient", "allergy", "add", ana, "Lidocaine")
    assert make_desk().patient(ana).allergies == ("Penicillin", "Latex", "Lidocaine")
    ok("patient", "allergy", "remove", ana, "latex")
    assert make_desk().patient(ana).allergies == ("Penicillin", "Lidocaine")
    ok("patient", "condition", "add", ana, "High blood pressure")
    ok("patient", "condition", "remove", ana, "diabetes")
    assert make_desk().patient(ana).conditions == ("High blood pressure",)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("allergy", "add", "{pid}", "penicillin"), "already has"),
        (("allergy", "remove", "{pid}", "Aspirin"), "has no allergy"),
        (("allergy", "add", "{pid}", "A; B"), "one allergy at a time"),
        (("allergy", "swap", "{pid}", "Latex"), "patient allergy add ID TEXT"),
        (("condition", "add", "{pid}", "   "), "Type the condition"),
        (("alert", "{pid}"), "--clear"),
        (("alert", "{pid}", "x", "--clear"), "not both"),
        (("alert", "{pid}", "x" * 81), "at most 80"),
        (("update", "{pid}", "--allergies", "Latex"), "patient allergy add|remove"),
        (("update", "{pid}", "--conditions", "None"), "patient condition add|remove"),
    ],
)
def test_patient_mistakes_are_one_sentence_and_change_nothing(
    ana, frontdesk, make_desk, args, words
):
    before = make_desk().patient(ana)
    line = one_sentence(frontdesk("patient", *(a.format(pid=ana) for a in args)))
    assert words in line
    assert make_desk().patient(ana) == before


def test_alert_set_and_cleared_and_audited(ana, ok, make_desk):
    ok("patient", "alert", ana, "Allergic to lidocaine")
    assert make_desk().patient(ana).alert == "Allergic to lidocaine"
    ok("patient", "alert", ana, "--clear")
    assert make_desk().patient(ana).alert == ""
    actions = [e["action"] for e in make_desk().audit_trail_of([ana])]
    assert actions == ["patient.add", "patient.alert", "patient.alert"]


def test_a_duplicate_is_refused_naming_the_existing_patient(ana, frontdesk, make_desk):
    line = one_sentence(
        frontdesk("patient", "add", "--first", "ana", "--last", "o'brien", "--phone", "7142255100")
    )
    assert ana in line and "--allow-duplicate" in line
    same_dob = frontdesk(
        "patient",
        "add",
        "--first",
        "Ana",
        "--last",
        "O'Brien",
        "--phone",
        "7145550000",
        "--dob",
        "1985-03-04",
    )
    assert ana in one_sentence(same_dob)
    assert make_desk().patient_count() == 1
    again = frontdesk(
        "patient",
        "add",
        "--first",
        "Ana",
        "--last",
        "O'Brien",
        "--phone",
        "7142255100",
        "--allow-duplicate",
    )
    assert again.code == 0, again.err
    assert make_desk().patient_count() == 2


def test_same_name_other_phone_and_birth_date_is_not_a_duplicate(ana, ok, make_desk):
    ok("patient", "add", "--first", "Ana", "--last", "O'Brien", "--phone", "7145550000")
    assert make_desk().patient_count() == 2


# -- screening on every path into arrived -------------------------------------------------


def test_checkin_without_answers_names_the_questions_and_the_form(ana, frontdesk, make_desk):
    aid = visit_id(frontdesk, ana, "today 11:00", "sculptra")
    line = one_sentence(frontdesk("checkin", aid))
    assert "nsaids, new_conditions, new_allergies" in line
    assert f'--answers "{ALL_NO}"' in line
    assert make_desk().appointment(aid).status == "booked"


def test_checkin_with_answers_stores_them_and_adds_the_new_allergy(ana, frontdesk, make_desk):
    aid = visit_id(frontdesk, ana, "today 11:00", "sculptra")
    done = frontdesk(
        "checkin", aid, "--answers", "nsaids=yes,new_conditions=no,new_allergies=yes:Aspirin"
    )
    assert done.code == 0, done.err
    stored = make_desk().appointment(aid)
    record = stored.extra["pre_treatment"]
    assert stored.status == "arrived"
    assert record["answers"] == {"nsaids": "yes", "new_conditions": "no", "new_allergies": "yes"}
    assert record["flagged"] == ["nsaids", "new_allergies"]
    assert record["details"] == {"new_allergies": "Aspirin"}
    assert make_desk().patient(ana).allergies == ("Penicillin", "Latex", "Aspirin")


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ("nsaids=no,new_conditions=no,new_allergies=yes", "Say what the new allergy is."),
        ("nsaids=no,new_conditions=yes,new_allergies=no", "Say what the new condition is."),
        ("nsaids=no,new_conditions=no", "with yes or no"),
        ("nsaids=maybe", "is not an answer"),
        ("nsaids=no,new_conditions=no,new_allergies=no,pregnant=no", "not one of the questions"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(ana, frontdesk, make_desk, answers, words):
    aid = visit_id(frontdesk, ana, "today 11:00", "sculptra")
    assert words in one_sentence(frontdesk("checkin", aid, "--answers", answers))
    stored = make_desk().appointment(aid)
    assert stored.status == "booked" and "pre_treatment" not in stored.extra
    assert make_desk().patient(ana).allergies == ("Penicillin", "Latex")


def test_status_arrived_after_a_no_show_needs_the_answers(ana, frontdesk, make_desk):
    aid = visit_id(frontdesk, ana, "today 9:00", "sculptra")
    assert frontdesk("status", aid, "no_show").code == 0
    assert "--answers" in one_sentence(frontdesk("status", aid, "arrived"))
    assert make_desk().appointment(aid).status == "no_show"
    done = frontdesk("status", aid, "arrived", "--answers", ALL_NO)
    assert done.code == 0, done.err
    assert make_desk().appointment(aid).status == "arrived"


def test_a_consultation_checks_in_without_answers(ana, frontdesk, make_desk):
    aid = visit_id(frontdesk, ana, "today 11:00", "consultation")
    assert frontdesk("checkin", aid).code == 0
    assert make_desk().appointment(aid).status == "arrived"
    other = visit_id(frontdesk, ana, "today 3:00pm", "consultation")
    assert "no pre-treatment questions" in one_sentence(
        frontdesk("checkin", other, "--answers", ALL_NO)
    )


# -- status timing -----------------------------------------------------------------------


def test_no_arrival_or_no_show_on_another_day(ana, frontdesk, make_desk):
    aid = visit_id(frontdesk, ana, "12/1 10:00", "consultation")
    assert "not today" in one_sentence(frontdesk("status", aid, "no_show"))
    assert "not today" in one_sentence(frontdesk("status", aid, "arrived"))
    assert make_desk().appointment(aid).status == "booked"


def test_no_show_only_from_the_grace_period_on(ana, frontdesk, make_desk):
    aid = visit_id(frontdesk, ana, "today 10:30", "consultation")
    line = one_sentence(frontdesk("status", aid, "no_show", now="2026-11-24 10:44"))
    assert line == (
        "frontdesk: Too early for a no-show: Ana O'Brien's 10:30 AM visit can be marked "
        "from 10:45 AM (15 minutes after the start)."
    )
    assert make_desk().appointment(aid).status == "booked"
    assert frontdesk("status", aid, "no_show", now="2026-11-24 10:45").code == 0
    assert make_desk().appointment(aid).status == "no_show"


# -- walk-ins ------------------------------------------------------------------------------


def test_walkin_options_print_times_and_register_nothing(ana, frontdesk, make_desk):
    result = frontdesk("walkin", ana, "--type", "consultation", "--options", "--json")
    assert result.code == 0, result.err
    options = result.json()
    assert len(options) == 4
    assert options[0]["start"] == "2026-11-24T10:30:00-08:00"
    assert [o["start"][11:16] for o in options] == ["10:30", "10:45", "11:00", "11:15"]
    assert make_desk().schedule(make_desk().today()).visits == ()
    text = frontdesk("walkin", ana, "--type", "consultation", "--options").out
    assert text.splitlines()[0].startswith("now: 10:30 AM")


def test_walkin_at_a_chosen_time_is_registered_arrived(ana, frontdesk, make_desk):
    result = frontdesk("walkin", ana, "--type", "consultation", "--at", "2:30pm", "--json")
    assert result.code == 0, result.err
    stored = make_desk().appointment(result.json()["id"])
    assert (stored.start, stored.status, stored.walk_in) == (
        "2026-11-24T14:30:00-08:00",
        "arrived",
        True,
    )


def test_a_sculptra_walkin_needs_the_answers(ana, frontdesk, make_desk):
    assert "--answers" in one_sentence(frontdesk("walkin", ana, "--type", "sculptra"))
    assert make_desk().schedule(make_desk().today()).visits == ()
    done = frontdesk(
        "walkin",
        ana,
        "--type",
        "sculptra",
        "--answers",
        "nsaids=no,new_conditions=yes:Asthma,new_allergies=no",
        "--json",
    )
    assert done.code == 0, done.err
    stored = make_desk().appointment(done.json()["id"])
    assert stored.extra["pre_treatment"]["flagged"] == ["new_conditions"]
    assert make_desk().patient(ana).conditions == ("Diabetes", "Asthma")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--at", "25:00"), "is not a time"),
        (("--options", "--at", "2:30pm"), "registers nothing"),
        (("--at", "7:00pm"), ""),
    ],
)
def test_walkin_mistakes(ana, frontdesk, make_desk, args, words):
    assert words in one_sentence(frontdesk("walkin", ana, "--type", "consultation", *args))
    assert make_desk().schedule(make_desk().today()).visits == ()


# -- dates in every form ---------------------------------------------------------------


@pytest.mark.parametrize("day", ["2026-12-15", "12/15/2026", "12/15", "tue"])
def test_every_command_date_takes_the_us_and_word_forms(frontdesk, day):
    result = frontdesk("hours", day, "--json")
    assert result.code == 0, result.err
    expected = "2026-11-24" if day == "tue" else "2026-12-15"
    assert result.json()["date"] == expected
    assert frontdesk("day", day).code == 0
    assert frontdesk("calls", day).code == 0
    assert frontdesk("close", day).code == 0
    assert frontdesk("slots", day, "--type", "consultation").code == 0
    assert frontdesk("export", "--date", day, "--to", "12/31").code == 0


@pytest.mark.parametrize("command", [("hours",), ("day",), ("calls",), ("close",)])
def test_a_bad_date_is_one_sentence(frontdesk, command):
    line = one_sentence(frontdesk(*command, "13/45"))
    assert "M/D/YYYY" in line


def test_book_takes_a_us_date_and_am_pm_time(ana, frontdesk, make_desk):
    aid = visit_id(frontdesk, ana, "12/15 2:30 PM", "consultation")
    assert make_desk().appointment(aid).start == "2026-12-15T14:30:00-08:00"
