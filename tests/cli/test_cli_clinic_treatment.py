"""A clinic's own treatment, from its setup folder beside the store, on the real command:
check-in asks its questions, the calls list reads its script, the aftercare sheet is its
own, and ``frontdesk check`` names the file and line of a problem."""

from __future__ import annotations

import pytest

from tests.clinic_setup import GLOW, write_glow

FRIDAY = "2026-11-27 11:00"


@pytest.fixture
def setup(store_dir):
    """The clinic's Glow Facial, bound to the "skin_care" appointment type."""
    return write_glow(store_dir.with_name(store_dir.name + "-setup"))


def book(ok, patient_id, start):
    return ok("book", "--patient", patient_id, "--start", start, "--type", "skin_care").split()[0]


def test_checkin_asks_the_clinic_treatments_questions(ok, frontdesk, patient_id, setup):
    aid = book(ok, patient_id, "2026-11-24 11:00")

    refused = frontdesk("checkin", aid)
    assert refused.code == 2
    assert "(makeup)" in refused.err and "makeup=no" in refused.err

    ok("checkin", aid, "--answers", "makeup=no")
    (row,) = frontdesk("day", "--json").json()["appointments"]
    assert row["status"] == "arrived"
    assert row["extra"]["pre_treatment"]["answers"] == {"makeup": "no"}


def test_calls_read_the_clinic_treatments_script(ok, patient_id, setup):
    aid = book(ok, patient_id, FRIDAY)
    out = ok("calls", "2026-11-27")
    assert aid in out
    assert "Remind the patient to come with a clean face." in out
    assert "aspirin" not in out  # not Sculptra's script


def test_aftercare_is_the_clinic_treatments_sheet(ok, patient_id, setup):
    aid = book(ok, patient_id, "2026-11-24 11:00")
    ok("checkin", aid, "--answers", "makeup=no", now="2026-11-24 11:00")
    for status in ("in_treatment", "completed"):
        ok("status", aid, status, now="2026-11-24 11:30")
    out = ok("aftercare", aid, now="2026-11-24 11:30")
    assert out.splitlines()[0] == "Glow Facial aftercare — Iconic Skin Clinic"
    assert "Drink a glass of water after the facial." in out


def test_check_reads_the_clinic_content(ok, setup):
    out = ok("check")
    assert "content: shipped sculptra; the clinic's own glow" in out


def test_check_names_the_file_and_line_of_a_problem(frontdesk, setup):
    setup.write_text(GLOW.replace("  why:", "  wy:"), "utf-8")
    result = frontdesk("check")
    assert result.code == 2
    assert f"{setup} line 19: unknown key 'wy' here" in result.out
    assert result.err.startswith("frontdesk: 1 clinic content file could not be used")
    assert result.err.count("\n") == 1
    # What the desk still answers from is said too.
    assert result.out.splitlines()[-1] == "content: shipped sculptra; no clinic treatments " + (
        f"(their folder: {setup.parents[1]})"
    )


def test_check_on_a_fresh_store_says_where_clinic_treatments_go(ok, store_dir):
    out = ok("check").splitlines()
    assert out[0] == "no store files yet"
    assert out[-1] == (
        "content: shipped sculptra; no clinic treatments "
        f"(their folder: {store_dir.parent / 'store-setup'})"
    )


def test_a_broken_clinic_file_does_not_stop_the_command_line(ok, frontdesk, patient_id, setup):
    setup.write_text(GLOW.replace("source: glow-source.txt", "source: missing.txt"), "utf-8")
    # Without its treatment, a skin care visit has no questions: the desk still works.
    aid = book(ok, patient_id, "2026-11-24 11:00")
    ok("checkin", aid)
    result = frontdesk("check")
    assert result.code == 2
    assert "missing.txt does not exist" in result.out


def test_a_broken_clinic_file_is_named_where_its_treatment_is_missed(
    ok, frontdesk, patient_id, setup
):
    aid = book(ok, patient_id, "2026-11-24 11:00")
    setup.write_text(GLOW.replace("  why:", "  wy:"), "utf-8")
    why = "the clinic's treatment file glow.md (line 19) could not be used; run frontdesk check."

    missing = frontdesk("treatment", "glow")
    assert missing.code == 2
    assert missing.err == f"frontdesk: No treatment is called 'glow' (known: sculptra); {why}\n"

    sheet = frontdesk("aftercare", aid)
    assert sheet.code == 2
    assert sheet.err == f"frontdesk: This visit's type has no aftercare instructions here; {why}\n"
