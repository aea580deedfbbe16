"""Importing patients on a real store: all or nothing, one audit entry, duplicates left out,
the file read as hostile input, and the patient list exported and read back."""

import csv
import io
import os
from dataclasses import replace

import orjson
import pytest

from console.clinic.actor import Actor
from console.clinic.errors import InvalidInput, NotAllowed
from console.desk import Administration
from console.desk.importing import plan_import, run_import
from console.services import patient_import
from console.services.exports import patients_csv
from console.store import StoreError
from console.store import audit as audit_trail
from console.store import imports as journal

GOOD = (
    "First Name,Last Name,Mobile,DOB,E-mail\n"
    "Ann,Lee,(714) 225-5137,5/6/1980,ann@example.com\n"
    "Bo,Kim,714.225.5138,05/06/80,\n"
)
BAD = GOOD + "Cy,Day,not a phone,,\n"


def entries(desk):
    return audit_trail.recent(desk.store.root, 100)


def test_a_file_with_a_bad_row_imports_nothing_unless_skip_bad(desk):
    refused = run_import(desk, BAD, None)
    assert refused.refused.startswith("Nothing was imported: 1 row is bad")
    assert desk.patients.count() == 0 and entries(desk) == []

    done = run_import(desk, BAD, None, skip_bad=True)
    assert [p.name for p in done.imported] == ["Ann Lee", "Bo Kim"]
    assert {p.id for p in done.imported} == {p.id for p in desk.patients.all()}
    stored = desk.patient(done.imported[0].id)
    assert (stored.phone, stored.dob.isoformat(), stored.email) == (
        "+17142255137",
        "1980-05-06",
        "ann@example.com",
    )
    # One entry for the whole import: counts only, no name, phone or id of a patient.
    (entry,) = entries(desk)
    assert entry["action"] == "patient.import" and entry["id"].startswith("batch:")
    assert entry["after"] == {"patients": 2, "bad_rows_left_out": 1, "duplicates_left_out": 0}
    assert not any(word in orjson.dumps(entry).decode() for word in ("Lee", "5137", "P-"))
    # `check` counts the import's records as audited.
    assert Administration(desk).audit_problems() == []
    assert not journal.journal_path(desk.store.root).exists()


def test_likely_duplicates_of_registered_patients_and_earlier_rows_are_left_out(desk):
    ann = desk.add_patient("Ann", "Lee", "714-225-5137")
    text = GOOD + "ANN,LEE,,1980-05-06,\nbo,kim,(714) 225-5138,,\n"
    plan = plan_import(desk, text, None)
    assert [(row.line, p.id) for row, p in plan.existing] == [(2, ann.id)]
    assert [(row.line, row.repeats) for row in plan.repeats] == [(5, 3)]
    # Row 4 has no phone: a bad row, not a duplicate.
    assert [row.line for row in plan.bad] == [4]
    assert desk.patients.count() == 1  # a plan writes nothing

    done = run_import(desk, text, None, skip_bad=True)
    assert [p.name for p in done.imported] == ["Bo Kim"]
    again = run_import(desk, GOOD, None)
    assert again.refused == "Nothing was imported: the file has no new patient to add."
    both = run_import(desk, GOOD, None, allow_duplicates=True)
    assert len(both.imported) == 2 and desk.patients.count() == 4


def test_only_a_manager_imports_or_exports_the_patient_list(desk):
    desk.actor = Actor("frontdesk", person="maria", role="receptionist")
    for attempt in (
        lambda: plan_import(desk, GOOD, None),
        lambda: run_import(desk, GOOD, None),
        lambda: patients_csv(desk),
    ):
        with pytest.raises(NotAllowed, match="Only a manager can"):
            attempt()
    assert desk.patients.count() == 0


def test_an_import_a_kill_interrupted_is_undone_by_the_next_change(desk, make_desk):
    """The journal is written, the patients too, but no audit entry: nothing stays."""
    plan = plan_import(desk, GOOD, None)
    patients = [row.patient for row in plan.ready]
    ids = ["P-AAAAA1", "P-AAAAA2"]
    patients = [replace(p, id=pid) for p, pid in zip(patients, ids, strict=True)]
    with desk.store.locked():
        journal.begin(desk.store, audit_trail.batch_id(ids), "2026", ids)
        desk.patients.add_many(patients, 2026)
    other = make_desk()  # another process: its first lock recovers
    with other.store.locked():
        pass
    assert other.patients.count() == 0
    assert not journal.journal_path(desk.store.root).exists()

    # Killed after the audit entry: the import was complete and stays.
    with desk.store.locked():
        journal.begin(desk.store, audit_trail.batch_id(ids), "2026", ids)
        desk.patients.add_many(patients, 2026)
        desk.record("patient.import", "patients", audit_trail.batch_id(ids), None, {})
    other.add_patient("Cy", "Day", "714-225-5139")
    assert other.patients.count() == 3
    assert Administration(other).audit_problems() == []


def test_an_import_too_big_for_its_file_is_refused_whole(desk, monkeypatch):
    monkeypatch.setattr("console.store.storage.MAX_FILE", 300)
    with pytest.raises(StoreError, match="larger than a store file may be"):
        run_import(desk, GOOD, None)
    assert desk.patients.count() == 0 and entries(desk) == []
    assert not journal.journal_path(desk.store.root).exists()


def test_the_exported_list_imports_back_with_the_same_details(desk, make_desk, tmp_path):
    desk.add_patient(
        "Zoë",
        "O'Brien-García",
        "+44 20 7946 0958",
        dob="1975-01-31",
        email="zoe@example.com",
        allergies="Lidocaine; Latex",
        conditions="Rosacea",
        notes="-5 kg since March\nprefers mornings, text first",
        alert="=Needs a Spanish speaker",
    )
    desk.add_patient("Ann", "Lee", "714-225-5137")
    text, count = patients_csv(desk)
    assert count == 2
    header, first, _ = list(csv.reader(io.StringIO(text)))
    assert header[:4] == ["Patient ID", "First Name", "Last Name", "Phone"]
    assert first[1] == "Ann"  # sorted by last name
    assert "'=Needs" in text  # a spreadsheet never runs it as a formula

    fresh = make_desk(root=tmp_path / "other")
    done = run_import(fresh, text, None)
    assert done.refused == "" and len(done.imported) == 2
    fields = ("first", "last", "phone", "dob", "email", "allergies", "conditions", "notes", "alert")

    def details(d):
        return sorted(tuple(getattr(p, f) for f in fields) for p in d.patients.all())

    assert details(fresh) == details(desk)


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (("\ufeff" + GOOD.replace("\n", "\r\n")).encode(), "UTF-8"),
        (GOOD.encode("utf-16"), "UTF-16"),
        (GOOD.replace("Ann", "Zoë").encode("cp1252"), "Windows-1252"),
    ],
)
def test_byte_order_marks_crlf_and_windows_encodings_are_read(desk, tmp_path, raw, encoding):
    path = tmp_path / "in.csv"
    path.write_bytes(raw)
    read = patient_import.read_import_file(path)
    assert read.encoding == encoding
    plan = plan_import(desk, read.text, None)
    assert [row.patient.first for row in plan.ready] == [
        "Zoë" if encoding == "Windows-1252" else "Ann",
        "Bo",
    ]
    assert plan.columns.described()[0] == "First Name -> first"


def test_a_hostile_or_missing_file_is_one_sentence(tmp_path, monkeypatch):
    real = tmp_path / "real.csv"
    real.write_text(GOOD)
    (tmp_path / "link.csv").symlink_to(real)
    os.mkfifo(tmp_path / "fifo.csv")
    (tmp_path / "nul.csv").write_bytes(b"First,Last\x00")
    cases = {
        "missing.csv": "There is no file",
        "link.csv": "is a symbolic link",
        "fifo.csv": "is not a regular file",
        ".": "is not a regular file",
        "nul.csv": "is not a text file",
    }
    for name, words in cases.items():
        with pytest.raises(InvalidInput, match=words):
            patient_import.read_import_file(tmp_path / name)
    monkeypatch.setattr(patient_import, "MAX_IMPORT_BYTES", 10)
    with pytest.raises(InvalidInput, match="larger than an import may be"):
        patient_import.read_import_file(real)
