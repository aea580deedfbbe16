"""``frontdesk setup|provider|timeoff|closure|type|room|shift|hours set``: the real command
on a real store. Several checks per test: each run is a process of its own."""

import json
import shlex

import pytest

from tests.cli.test_cli_errors import assert_one_line_error


def stored(store_dir):
    """The setup document the store holds now."""
    raw = json.loads((store_dir / "clinic" / "setup.json").read_text())
    return raw["clinic"]["1"]


def audited(store_dir):
    """Every audit entry's action, oldest first."""
    actions = []
    for path in sorted((store_dir / "audit").iterdir()):
        actions += [json.loads(line)["action"] for line in path.read_text().splitlines()]
    return actions


def test_setup_show_as_text_and_json_without_writing_anything(frontdesk, ok, store_dir):
    text = ok("setup", "show")
    assert text.startswith("Iconic Skin Clinic (America/Los_Angeles)\n")
    assert (
        "Office hours: Mon–Fri 9:00 AM–6:00 PM, Sat 9:00 AM–2:00 PM; Sunday by appointment" in text
    )
    assert "  Provider B         Mon–Fri 9:00 AM–6:00 PM, Sat 9:00 AM–2:00 PM\n" in text
    assert "Thu 24 Dec 2026  Christmas Eve: staff holiday" in text
    data = frontdesk("setup", "show", "--json").json()
    assert [p["name"] for p in data["providers"]] == ["Provider A", "Provider B"]
    assert data["providers"][1]["hours"]["sun"] is None
    assert data["appointment_types"]["sculptra"]["minutes"] == 60
    assert not store_dir.exists()  # only read: no store made
    assert_one_line_error(frontdesk("setup"))


def test_providers_added_updated_and_removed(frontdesk, ok, store_dir):
    out = ok(
        "provider",
        "add",
        "Dr Kim",
        "--hours",
        "tue-sat 10:00-18:00",
        "--break",
        "12:30-13:00",
        "--types",
        "consultation,follow_up",
    )
    assert out == (
        "Dr Kim added: Tue–Sat 10:00 AM–6:00 PM\n"
        "breaks: Tue–Sat 12:30 PM–1:00 PM; gives: consultation, follow_up\n"
    )
    kim = stored(store_dir)["providers"][2]
    assert kim["hours"]["mon"] is None and kim["breaks"]["tue"] == ["12:30-13:00"]
    data = frontdesk("provider", "update", "dr kim", "--hours", "wed 09:00-13:00", "--json").json()
    assert data["hours"]["wed"] == "09:00-13:00" and data["hours"]["tue"] is None
    assert data["breaks"] == {"wed": ["12:30-13:00"]}  # kept: Wednesday is still worked
    assert ok("provider", "update", "Dr Kim", "--rename", "Dr Lee").startswith("Dr Lee updated")
    assert ok("provider", "remove", "dr lee") == "Dr Lee is no longer a provider\n"
    assert [p["name"] for p in stored(store_dir)["providers"]] == ["Provider A", "Provider B"]
    assert audited(store_dir) == [
        "setup.provider.add",
        "setup.provider.update",
        "setup.provider.update",
        "setup.provider.remove",
    ]


def test_time_off_lists_the_visits_it_strands_with_the_move_command(
    frontdesk, ok, patient_id, store_dir
):
    visit = ok(
        "book",
        "--patient",
        patient_id,
        "--start",
        "2026-12-02 10:00",
        "--type",
        "consultation",
        "--provider",
        "Provider B",
    ).split()[0]
    out = ok(
        "timeoff",
        "add",
        "Provider B",
        "--from",
        "2026-12-02 09:00",
        "--to",
        "2026-12-03 18:00",
        "--reason",
        "Conference",
    )
    lines = out.splitlines()
    assert lines[0].startswith("Time off T-") and lines[0].endswith(
        "Provider B       Wed 02 Dec 9:00 AM – Thu 03 Dec 6:00 PM  Conference"
    )
    assert lines[1].startswith("1 visit is booked with Provider B then; move each one")
    assert lines[2].split()[:2] == [visit, "Wed"] and "John Smith" in lines[2]
    move = shlex.split(lines[3])
    assert move[:4] == ["frontdesk", "reschedule", visit, "--start"]
    assert "Provider B" not in move  # the first free time is with someone who is in
    assert ok(*move[1:]).startswith(visit)
    ident = lines[0].split()[2]
    listed = frontdesk("timeoff", "list", "--json").json()
    assert [(t["id"], t["provider"], t["reason"]) for t in listed] == [
        (ident, "Provider B", "Conference")
    ]
    assert listed[0]["from"] == "2026-12-02T09:00:00-08:00"
    assert ok("timeoff", "list").startswith(ident)
    assert ok("timeoff", "remove", ident).startswith(f"Removed: {ident}")
    assert ok("timeoff", "list") == "no time off to come\n"
    assert ok("timeoff", "list", "--all") == "no time off to come\n"
    data = frontdesk(
        "timeoff",
        "add",
        "Provider A",
        "--from",
        "2026-12-09 09:00",
        "--to",
        "2026-12-09 12:00",
        "--json",
    ).json()
    assert data["stranded"] == [] and data["time_off"]["provider"] == "Provider A"


def test_closures_types_rooms_hours_and_shifts(frontdesk, ok, patient_id, store_dir):
    ok("book", "--patient", patient_id, "--start", "2026-12-28 10:00", "--type", "consultation")
    out = ok("closure", "add", "2026-12-28", "--reason", "Staff training")
    assert out.startswith("Closed on Mon 28 Dec 2026: Staff training\n1 visit is booked that day")
    assert ok("hours", "2026-12-28") == "Mon 28 Dec 2026: Closed: Staff training\n"
    assert ok("closure", "remove", "2026-12-28") == "Mon 28 Dec 2026: Open 9:00 AM–6:00 PM\n"

    out = ok("type", "update", "sculptra", "--minutes", "75", "--buffer", "15", "--room", "room 3")
    assert out == "Sculptra session: 75 min, buffer 15 min, Room 3\n"
    data = frontdesk("type", "update", "sculptra", "--room", "none", "--json").json()
    assert (data["key"], data["minutes"], data["room"]) == ("sculptra", 75, None)

    assert "Room 4: in service" in ok("room", "add", "Room 4")
    out = ok("room", "out", "room 2", "--note", "Laser repair")
    assert "Room 2: out of service" in out and "No visit is booked in Room 2." in out
    assert stored(store_dir)["rooms"][1] == {
        "name": "Room 2",
        "in_service": False,
        "note": "Laser repair",
    }
    assert "Room 2: in service" in ok("room", "in", "Room 2")
    assert "Room 4" not in ok("room", "remove", "Room 4")

    out = ok("hours", "set", "mon-fri 08:00-17:00; sat 09:00-13:00")
    assert out.startswith("Office hours: Mon–Fri 8:00 AM–5:00 PM, Sat 9:00 AM–1:00 PM; Sunday")
    assert ok("hours", "2026-12-05") == "Sat 05 Dec 2026: Open 9:00 AM–1:00 PM\n"
    assert "Sunday" not in ok("hours", "sunday-window", "closed")
    assert "Holiday rule: federal" in ok("hours", "holiday-rule", "federal")

    assert ok("shift", "add", "Provider B", "--date", "2026-12-06", "--hours", "10:00-14:00") == (
        "Provider B  Sun 06 Dec 2026 10:00 AM–2:00 PM\n"
    )
    assert ok("shift", "remove", "provider b", "--date", "2026-12-06") == "no shifts to come\n"
    assert audited(store_dir)[-3:] == [
        "setup.holidays.rule",
        "setup.shift.add",
        "setup.shift.remove",
    ]


CASES = {
    "hours without a span": ["provider", "add", "Dr Kim", "--hours", "mon 9"],
    "a break outside the hours": [
        "provider",
        "add",
        "Dr Kim",
        "--hours",
        "mon 09:00-12:00",
        "--break",
        "13:00-13:30",
    ],
    "an unknown type": ["provider", "add", "Dr Kim", "--hours", "mon 09:00-12:00", "--types", "x"],
    "a provider twice": ["provider", "add", "provider a", "--hours", "mon 09:00-12:00"],
    "an unknown provider": ["provider", "update", "Nobody", "--hours", "mon 09:00-12:00"],
    "nothing to update": ["provider", "update", "Provider A"],
    "no action": ["provider"],
    "time off backwards": [
        "timeoff",
        "add",
        "Provider A",
        "--from",
        "2026-12-02 12:00",
        "--to",
        "2026-12-02 09:00",
    ],
    "time off not a date": ["timeoff", "add", "Provider A", "--from", "soon", "--to", "later"],
    "an unknown time off": ["timeoff", "remove", "T-NOPE"],
    "a closure in the past": ["closure", "add", "2026-11-01", "--reason", "Past"],
    "a closure with no reason": ["closure", "add", "2026-12-28"],
    "no closure to remove": ["closure", "remove", "2026-12-29"],
    "minutes not a number": ["type", "update", "sculptra", "--minutes", "ten"],
    "an unknown room": ["type", "update", "sculptra", "--room", "Room 9"],
    "a room out of nothing": ["room", "out", "Room 9"],
    "office hours not hours": ["hours", "set", "weekdays"],
    "a holiday rule unknown": ["hours", "holiday-rule", "lunar"],
    "a shift backwards": ["shift", "add", "Provider B", "--date", "2026-12-06", "--hours", "14-10"],
}


def test_bad_input_is_one_sentence_exit_2_and_nothing_written(frontdesk, store_dir):
    for name, args in CASES.items():
        result = frontdesk(*args)
        assert_one_line_error(result)
        assert not (store_dir / "clinic").exists(), name


@pytest.mark.parametrize("person", ["maria"])
def test_a_receptionist_is_refused_every_change(frontdesk, ok, store_dir, person):
    # A store with no staff takes any --person as a receptionist.
    for args in (
        ["provider", "add", "Dr Kim", "--hours", "mon 09:00-12:00"],
        ["timeoff", "add", "Provider A", "--from", "2026-12-02 09:00", "--to", "2026-12-02 12:00"],
        ["closure", "add", "2026-12-28", "--reason", "Training"],
        ["type", "update", "sculptra", "--minutes", "90"],
        ["room", "out", "Room 1"],
        ["hours", "set", "mon-fri 09:00-17:00"],
        ["shift", "add", "Provider B", "--date", "2026-12-06", "--hours", "10:00-14:00"],
    ):
        result = frontdesk("--person", person, *args)
        assert_one_line_error(result)
        assert (
            "Only a manager can change the clinic setup; you are signed in as maria" in result.err
        )
    assert not (store_dir / "clinic").exists()
    assert ok("--person", person, "setup", "show").startswith("Iconic Skin Clinic")


def test_first_available_prints_lines_that_book_in_one_step(frontdesk, ok, patient_id):
    ok("timeoff", "add", "Provider A", "--from", "2026-11-24 09:00", "--to", "2026-12-01 18:00")
    out = ok(
        "first", "--type", "sculptra", "--weekday", "tue,thu", "--after", "2pm", "--limit", "2"
    )
    lines = out.splitlines()
    # Provider A is away until Tue 1 Dec: Provider B first, only Tuesdays and Thursdays.
    assert lines[0] == "Tue 24 Nov 2026 2:00 PM  Provider B · Room 1"
    assert lines[1].strip() == (
        "frontdesk book --patient PATIENT_ID --start '2026-11-24 14:00' --type sculptra "
        "--provider 'Provider B' --room 'Room 1'"
    )
    assert lines[2] == "Tue 1 Dec 2026 2:00 PM  Provider B · Room 1"  # Thu 26: Thanksgiving
    data = frontdesk(
        "first",
        "--type",
        "consultation",
        "--provider",
        "provider a",
        "--patient",
        patient_id,
        "--json",
    ).json()
    assert len(data) == 5
    starts = [d["start"][:16] for d in data]  # Provider A is back on Wed 2 Dec, and on Sunday
    assert starts == [f"2026-12-0{n}T09:00" for n in (2, 3, 4, 5)] + ["2026-12-06T10:00"]
    assert {d["provider"] for d in data} == {"Provider A"}
    words = shlex.split(data[0]["command"])
    assert words[:4] == ["frontdesk", "book", "--patient", patient_id]
    booked = ok(*words[1:])
    assert booked.split()[0].startswith("A-") and "Provider A" in booked
    for args in (
        ["first", "--type", "botox"],
        ["first", "--type", "sculptra", "--weekday", "someday"],
        ["first", "--type", "sculptra", "--after", "17:00", "--before", "09:00"],
        ["first", "--type", "sculptra", "--provider", "Nobody"],
        ["first", "--type", "sculptra", "--limit", "0"],
    ):
        assert_one_line_error(frontdesk(*args))
