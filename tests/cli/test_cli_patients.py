"""``frontdesk patient add|show`` and ``frontdesk find``."""

import re


def test_patient_add_prints_the_new_id(patient_id, frontdesk):
    assert re.fullmatch(r"P-[0-9A-Z]{6}", patient_id)
    shown = frontdesk("patient", "show", patient_id.lower(), "--json").json()
    assert shown["name"] == "John Smith"
    assert shown["phone"] == "+17142255137"
    assert shown["dob"] == "1980-05-06"


def test_patient_show_as_text(patient_id, ok):
    first = ok("patient", "show", patient_id).splitlines()[0]
    assert first.split() == [patient_id, "John", "Smith", "(714)", "225-5137"]


def found(frontdesk, *query):
    result = frontdesk("find", *query, "--json")
    assert result.code == 0, result.err
    return [m["id"] for m in result.json()]


def test_find_by_mistyped_name(patient_id, frontdesk):
    assert found(frontdesk, "jonh", "smtih") == [patient_id]


def test_find_by_part_of_the_phone(patient_id, frontdesk):
    assert found(frontdesk, "225-51") == [patient_id]


def test_find_by_date_of_birth_in_both_formats(patient_id, frontdesk):
    assert found(frontdesk, "1980-05-06") == [patient_id]
    assert found(frontdesk, "05/06/1980") == [patient_id]


def test_find_nothing_says_so(patient_id, ok):
    assert ok("find", "zebulon").strip() == "no patient matches"


def test_control_characters_never_reach_the_store(ok, frontdesk):
    pid = ok(
        "patient", "add", "--first", "\x1b[31mAnn", "--last", "Lee\u202e", "--phone", "714 225 5138"
    ).strip()
    name = frontdesk("patient", "show", pid, "--json").json()["name"]
    assert "\x1b" not in name and "\u202e" not in name
    assert name.endswith("Ann Lee")


def test_patient_update_records_consultation_details(ok, frontdesk):
    pid = ok("patient", "add", "--first", "Ana", "--last", "Lee", "--phone", "714-555-0111").strip()
    ok("patient", "allergy", "add", pid, "Lidocaine")
    ok("patient", "condition", "add", pid, "None known")
    shown = frontdesk("patient", "show", pid, "--json").json()
    assert (shown["allergies"], shown["conditions"]) == (["Lidocaine"], ["None known"])
    bad = frontdesk("patient", "update", pid, "--phone", "12")
    assert bad.code == 2 and len(bad.err.strip().splitlines()) == 1
    assert frontdesk("patient", "show", pid, "--json").json()["phone"] == "+17145550111"
