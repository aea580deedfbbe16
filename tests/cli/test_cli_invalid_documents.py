"""A document with missing or mistyped fields: one sentence naming file and id, never a
traceback; the day's other visits still print and ``check`` reports it."""

import json

from tests.cli.test_cli_errors import assert_one_line_error


def test_day_shows_the_valid_visits_and_names_the_bad_one(ok, frontdesk, store_dir, patient_id):
    book = ["--patient", patient_id, "--type", "consultation"]
    bad = ok("book", *book, "--start", "2026-11-25 10:00").split()[0]
    good = ok("book", *book, "--start", "2026-11-25 11:00").split()[0]
    path = store_dir / "appointments" / "2026-11.json"
    data = json.loads(path.read_text())
    for doc in data["appointments"].values():
        if doc["id"] == bad:
            del doc["start"]
    path.write_text(json.dumps(data))

    day = frontdesk("day", "2026-11-25")
    assert day.code == 0
    assert good in day.out and bad not in day.out
    assert day.err.count("\n") == 1
    assert "appointments/2026-11.json" in day.err and bad in day.err and '"start"' in day.err

    shown = frontdesk("checkin", bad)
    assert_one_line_error(shown)
    assert "appointments/2026-11.json" in shown.err and bad in shown.err

    check = frontdesk("check")
    assert check.code == 2
    assert f"appointments/2026-11.json: appointment {bad} is left out" in check.out


def test_check_names_a_patient_whose_name_is_a_number(frontdesk, store_dir, patient_id):
    path = next((store_dir / "patients").glob("*.json"))
    data = json.loads(path.read_text())
    for doc in data["patients"].values():
        doc["first"] = 42
    path.write_text(json.dumps(data))

    check = frontdesk("check")
    assert check.code == 2
    assert f"{path.parent.name}/{path.name}: patient {patient_id}" in check.out
    shown = frontdesk("patient", "show", patient_id)
    assert_one_line_error(shown)
    assert patient_id in shown.err and path.name in shown.err
