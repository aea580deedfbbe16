"""Series plans, exports, confirmation calls, day close and aftercare from the command line."""

import csv
import datetime as dt
import io
import stat

import icalendar
import pytest

WEDNESDAY = "2026-11-25 10:00"


def user_error(result, *fragments):
    """Exit 2 with one sentence on stderr (no traceback: the fixture checks that)."""
    assert result.code == 2, (result.out, result.err)
    assert result.err.startswith("frontdesk: ")
    assert result.err.count("\n") == 1
    for fragment in fragments:
        assert fragment in result.err
    return result.err


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def book(frontdesk, patient_id, start, type_key="sculptra"):
    """Book and return the new appointment's id."""
    result = frontdesk(
        "book", "--patient", patient_id, "--start", start, "--type", type_key, "--json"
    )
    assert result.code == 0, result.err
    return result.json()["id"]


@pytest.fixture
def visit(frontdesk, patient_id):
    """A Sculptra visit on Fri 27 Nov 2026 at 10:00 (booked from Tue 24 Nov)."""
    result = frontdesk(
        "book",
        "--patient",
        patient_id,
        "--start",
        "2026-11-27 10:00",
        "--type",
        "sculptra",
        "--json",
    )
    assert result.code == 0, result.err
    return result.json()


@pytest.fixture
def completed(frontdesk, ok, patient_id):
    """A Sculptra visit today (Tue 24 Nov 11:00) taken through to completed."""
    aid = book(frontdesk, patient_id, "2026-11-24 11:00")
    answers = "nsaids=no,new_conditions=no,new_allergies=no"
    ok("status", aid, "arrived", "--answers", answers, now="2026-11-24 12:15")
    for status in ("in_treatment", "completed"):
        ok("status", aid, status, now="2026-11-24 12:15")
    return aid


# -- plan ---------------------------------------------------------------------------------


def test_plan_as_text(ok, patient_id, frontdesk):
    out = ok("plan", "--patient", patient_id, "--first", "2026-12-01 10:00")

    assert out.splitlines() == [
        "session 1 of 3: Tue 1 Dec 2026 10:00 AM",
        "session 2 of 3: window Tue 29 Dec–Tue 12 Jan 2027, proposed Tue 29 Dec 2026 10:00 AM",
        "session 3 of 3: window Tue 26 Jan–Tue 9 Feb 2027, proposed Tue 26 Jan 2027 10:00 AM",
    ]
    assert frontdesk("day", "2026-12-01", "--json").json()["appointments"] == []


def test_plan_as_json_across_spring_forward(frontdesk, patient_id):
    result = frontdesk(
        "plan",
        "--patient",
        patient_id,
        "--first",
        "2026-02-16 10:00",
        "--json",
        now="2026-02-10 09:00",
    )

    assert result.code == 0, result.err
    data = result.json()
    assert data["patient"] == patient_id
    assert data["first"] == "2026-02-16T10:00:00-08:00"
    assert [s["proposed_start"] for s in data["sessions"]] == [
        "2026-03-16T10:00:00-07:00",
        "2026-04-13T10:00:00-07:00",
    ]
    assert [(s["window_start"], s["window_end"]) for s in data["sessions"]] == [
        ("2026-03-16", "2026-03-30"),
        ("2026-04-13", "2026-04-27"),
    ]
    assert data["booked"] == []


def test_plan_book_stores_the_tagged_series(frontdesk, patient_id):
    result = frontdesk(
        "plan", "--patient", patient_id, "--first", "2026-12-01 10:00", "--book", "--json"
    )
    assert result.code == 0, result.err
    booked = result.json()["booked"]
    assert len(booked) == 3

    shown = frontdesk("patient", "show", patient_id, "--json").json()["appointments"]
    assert [a["id"] for a in shown] == booked
    assert [a["start"] for a in shown] == [
        "2026-12-01T10:00:00-08:00",
        "2026-12-29T10:00:00-08:00",
        "2027-01-26T10:00:00-08:00",
    ]
    assert [a["extra"]["series"]["number"] for a in shown] == [1, 2, 3]
    assert {a["extra"]["series"].get("id") for a in shown[1:]} == {booked[0]}


def test_plan_book_text_lists_the_ids(ok, patient_id):
    out = ok("plan", "--patient", patient_id, "--first", "2026-12-01 10:00", "--book")
    last = out.splitlines()[-1]
    assert last.startswith("booked: ")
    assert len(last.split()) == 4


def test_plan_user_errors(frontdesk, patient_id):
    user_error(
        frontdesk(
            "plan", "--patient", patient_id, "--first", "2026-12-01 10:00", "--type", "consultation"
        ),
        "not part of a treatment series",
    )
    user_error(
        frontdesk("plan", "--patient", patient_id, "--first", "2026-11-23 10:00", "--book"),
        "in the past",
    )
    assert frontdesk("patient", "show", patient_id, "--json").json()["appointments"] == []


# -- export -------------------------------------------------------------------------------


def test_export_csv_to_stdout(ok, visit):
    out = ok("export", "--date", "2026-11-24", "--to", "2026-11-30", "--format", "csv")

    table = list(csv.reader(io.StringIO(out)))
    assert table[0][:4] == ["id", "date", "start", "end"]
    assert len(table) == 2
    assert table[1][:4] == [visit["id"], "2026-11-27", "10:00", "11:00"]
    assert "John Smith" in table[1]


def test_export_ics_to_a_private_file(ok, visit, tmp_path):
    target = tmp_path / "week.ics"

    out = ok("export", "--date", "2026-11-27", "--format", "ics", "--output", str(target))

    assert out.strip() == str(target)
    assert mode(target) == 0o600
    (event,) = icalendar.Calendar.from_ical(target.read_text()).walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/Los_Angeles"
    start = event.decoded("DTSTART")
    assert (start.date(), start.time()) == (dt.date(2026, 11, 27), dt.time(10, 0))


def test_export_ics_to_stdout(ok, visit):
    out = ok("export", "--date", "2026-11-27", "--format", "ics")
    assert out.startswith("BEGIN:VCALENDAR")
    assert "DTSTART;TZID=America/Los_Angeles:20261127T100000" in out.replace("\r\n", "\n")


def test_export_force_replaces_an_open_file_as_private(ok, visit, tmp_path):
    target = tmp_path / "day.csv"
    target.write_text("old")
    target.chmod(0o644)

    ok("export", "--date", "2026-11-27", "--output", str(target), "--force")

    assert mode(target) == 0o600
    assert target.read_text().startswith("id,date,")


def test_export_user_errors(frontdesk, tmp_path):
    user_error(
        frontdesk("export", "--date", "2026-11-27", "--to", "2026-11-20"), "before the start"
    )
    user_error(
        frontdesk("export", "--date", "2026-11-27", "--output", str(tmp_path / "no" / "x.csv")),
        "does not exist",
    )
    user_error(frontdesk("export", "--date", "2026-11-27", "--format", "pdf"), "pdf")


# -- calls and call -----------------------------------------------------------------------


def test_calls_for_the_next_open_day(ok, frontdesk, visit):
    out = ok("calls", now=WEDNESDAY)

    lines = out.splitlines()
    assert lines[0] == "Fri 27 Nov 2026: Open 9:00 AM–6:00 PM"
    assert visit["id"] in lines[1] and "John Smith" in lines[1]
    assert "aspirin" in out and "ibuprofen" in out

    data = frontdesk("calls", "--json", now=WEDNESDAY).json()
    assert data["date"] == "2026-11-27"
    (call,) = data["calls"]
    assert call["appointment"] == visit["id"]
    assert call["start"] == "2026-11-27T10:00:00-08:00"
    assert any("aspirin" in line for line in call["tell_them"])
    assert call["last_outcome"] is None


def test_call_outcomes(ok, frontdesk, visit):
    aid = visit["id"]
    ok("call", aid, "left message", "--note", "voicemail")
    assert "[left a message]" in ok("calls", "2026-11-27")

    confirmed = frontdesk("call", aid, "confirmed", "--json").json()
    assert confirmed["status"] == "confirmed"
    assert [c["outcome"] for c in confirmed["extra"]["calls"]] == ["left_message", "confirmed"]
    assert confirmed["extra"]["calls"][0]["note"] == "voicemail"

    day = frontdesk("day", "2026-11-27", "--json").json()["appointments"]
    assert day[0]["status"] == "confirmed"


def test_call_user_errors(frontdesk, visit):
    user_error(frontdesk("call", visit["id"], "maybe"), "'maybe' is not a call outcome")
    user_error(frontdesk("calls", "2026-02-30"), "is not a date")
    user_error(frontdesk("call", "A-NOPE123", "confirmed"), "A-NOPE123")
    assert frontdesk("day", "2026-11-27", "--json").json()["appointments"][0]["extra"] == {}


# -- close --------------------------------------------------------------------------------


def test_close_reports_loose_ends(ok, frontdesk, completed, patient_id):
    other_id = book(frontdesk, patient_id, "2026-11-24 15:00", "consultation")

    out = ok("close", now="2026-11-24 18:30")
    assert f"aftercare not given: 11:00 AM {completed} John Smith" in out
    assert f"no outcome: 3:00 PM {other_id} John Smith" in out
    assert f"series with no next booking: {patient_id} John Smith · Sculptra 2 of 3" in out

    data = frontdesk("close", "--json", now="2026-11-24 18:30").json()
    assert data["date"] == "2026-11-24"
    assert data["clear"] is False
    assert [r["appointment"] for r in data["aftercare_not_given"]] == [completed]
    assert [r["appointment"] for r in data["no_outcome"]] == [other_id]
    assert data["series_without_next_booking"] == [
        {
            "patient_id": patient_id,
            "patient": "John Smith",
            "progress": "Sculptra 2 of 3 · next window 22 Dec–5 Jan",
            "missed": False,
        }
    ]


def test_close_of_a_quiet_day(ok):
    assert ok("close", "2026-11-26").splitlines() == ["Day close Thu 26 Nov 2026: all clear"]


def test_close_user_error(frontdesk):
    # "tomorrow" is a date now (parse_day); a word that names no day is refused.
    user_error(frontdesk("close", "someday"), "'someday' is not a date")


# -- aftercare ----------------------------------------------------------------------------


def test_aftercare_sheet_to_stdout(ok, completed):
    out = ok("aftercare", completed)
    assert out.splitlines()[0] == "Sculptra aftercare — Iconic Skin Clinic"
    assert "For John Smith, visit of Tuesday 24 November 2026" in out


def test_aftercare_html_to_a_file_and_recorded(ok, frontdesk, completed, tmp_path):
    target = tmp_path / "aftercare.html"

    out = ok(
        "aftercare", completed, "--format", "html", "--output", str(target), "--given", "printed"
    )

    assert out.strip() == str(target)
    assert mode(target) == 0o600
    assert target.read_text().startswith("<!doctype html>")
    (row,) = frontdesk("day", "--json").json()["appointments"]
    assert row["extra"]["aftercare"]["how"] == "printed"
    assert "aftercare not given" not in ok("close", now="2026-11-24 18:30")


def test_aftercare_user_errors(frontdesk, visit, patient_id):
    user_error(
        frontdesk("aftercare", visit["id"], "--given", "read"),
        "Aftercare is given at the end of the visit.",
    )
    consult = book(frontdesk, patient_id, "2026-11-25 09:00", "consultation")
    user_error(frontdesk("aftercare", consult), "no aftercare instructions")
    user_error(frontdesk("aftercare", visit["id"], "--given", "emailed"), "emailed")


def test_aftercare_not_recorded_when_the_sheet_cannot_be_written(frontdesk, completed, tmp_path):
    missing = tmp_path / "no-such-folder" / "sheet.html"

    result = frontdesk(
        "aftercare", completed, "--format", "html", "--output", str(missing), "--given", "exported"
    )

    user_error(result, "does not exist")
    (row,) = frontdesk("day", "--json").json()["appointments"]
    # Nothing was exported, so the visit must not say it was.
    assert "aftercare" not in row["extra"]


def test_aftercare_through_a_symlink_is_refused_and_not_recorded(frontdesk, completed, tmp_path):
    victim = tmp_path / "bashrc"
    victim.write_text("# mine\n")
    (tmp_path / "sheet.txt").symlink_to(victim)

    result = frontdesk("aftercare", completed, "--output", str(tmp_path / "sheet.txt"), "--force")

    user_error(result, "symbolic link")
    assert victim.read_text() == "# mine\n"
    (row,) = frontdesk("day", "--json").json()["appointments"]
    assert "aftercare" not in row["extra"]
