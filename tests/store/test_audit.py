"""The audit trail: every change is recorded, chained by hashes, and tampering is found."""

import itertools
import os
import stat
from dataclasses import replace

import orjson
import pytest

from console.clinic.actor import Actor
from console.desk import Administration
from console.store import audit
from console.store.errors import StoreError


def entries(root):
    found = []
    for name in audit.month_files(root):
        raw = (root / "audit" / name).read_bytes()
        found += [orjson.loads(line) for line in raw.splitlines()]
    return found


def audit_file(root, month="2026-11"):
    return root / "audit" / f"{month}.jsonl"


@pytest.fixture
def root(tmp_path):
    return tmp_path / "store"


@pytest.fixture
def busy(make_desk, root):
    """A desk that registered, updated, booked, moved, checked in and amended."""
    desk = make_desk(root=root)
    desk.actor = Actor("maria", "192.0.2.7")
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    desk.add_health_entry(patient.id, "allergies", "latex")
    appt = desk.book(patient.id, "2026-11-24 11:00", "consultation")
    desk.reschedule(appt.id, "2026-11-24 11:30")
    desk.checkin(appt.id)
    desk.amend(appt.id, lambda a: replace(a, notes="asked about Sculptra"))
    desk.walkin(patient.id, "follow_up")
    return desk, patient, appt


def test_every_write_is_recorded_with_who_when_and_what(busy, root):
    desk, patient, _appt = busy
    log = entries(root)
    assert [e["action"] for e in log] == [
        "patient.add",
        "patient.allergy.add",
        "appointment.book",
        "appointment.reschedule",
        "appointment.status",
        "appointment.amend",
        "appointment.walkin",
    ]
    assert [e["seq"] for e in log] == list(range(1, 8))
    assert all(set(e) == {*audit.FIELDS, "role"} for e in log)
    first = log[0]
    assert (first["who"], first["from"]) == ("maria", "192.0.2.7")
    assert first["at_local"] == "2026-11-24T10:30:00-08:00"
    assert first["at_utc"] == "2026-11-24T18:30:00+00:00"
    assert first["prev"] == audit.GENESIS
    assert all(e["prev"] == before["hash"] for before, e in itertools.pairwise(log))
    assert (first["kind"], first["id"], first["before"]) == ("patient", patient.id, None)
    assert first["after"]["last"] == "Lee"
    update = log[1]
    assert (update["before"]["allergies"], update["after"]["allergies"]) == ([], ["latex"])
    moved = log[3]
    assert moved["before"]["start"] == "2026-11-24T11:00:00-08:00"
    assert moved["after"]["start"] == "2026-11-24T11:30:00-08:00"
    status = log[4]
    assert (status["before"]["status"], status["after"]["status"]) == ("booked", "arrived")
    assert log[5]["after"]["notes"] == "asked about Sculptra"
    assert Administration(desk).verify_audit() == []


def test_history_of_one_record(busy):
    desk, patient, appt = busy
    assert [e["action"] for e in Administration(desk).audit_history("patient", patient.id)] == [
        "patient.add",
        "patient.allergy.add",
    ]
    actions = [e["action"] for e in Administration(desk).audit_history(None, appt.id.lower())]
    assert actions == [
        "appointment.book",
        "appointment.reschedule",
        "appointment.status",
        "appointment.amend",
    ]
    assert Administration(desk).audit_history("patient", appt.id) == []


def test_editing_an_after_document_is_detected(busy, root):
    desk, _patient, _appt = busy
    path = audit_file(root)
    lines = path.read_bytes().splitlines()
    entry = orjson.loads(lines[1])
    entry["after"]["allergies"] = ""
    lines[1] = orjson.dumps(entry)
    path.write_bytes(b"\n".join(lines) + b"\n")
    problems = Administration(desk).verify_audit()
    assert problems == [
        "Line 2 of audit/2026-11.jsonl was altered after it was written (its hash does not match)."
    ]


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(busy, root):
    desk, _patient, _appt = busy
    path = audit_file(root)
    lines = path.read_bytes().splitlines()
    entry = orjson.loads(lines[1])
    entry["after"]["allergies"] = ""
    entry["hash"] = audit.entry_hash(entry)
    lines[1] = orjson.dumps(entry)
    path.write_bytes(b"\n".join(lines) + b"\n")
    [problem] = Administration(desk).verify_audit()
    assert problem.startswith("Line 3 of audit/2026-11.jsonl does not chain to the entry before")


def test_deleting_a_line_is_detected(busy, root):
    desk, _patient, _appt = busy
    path = audit_file(root)
    lines = path.read_bytes().splitlines()
    del lines[2]
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert Administration(desk).verify_audit() == [
        "Line 3 of audit/2026-11.jsonl has seq 4: entry 3 is missing."
    ]


def test_deleting_the_first_line_is_detected(busy, root):
    desk, _patient, _appt = busy
    path = audit_file(root)
    path.write_bytes(b"\n".join(path.read_bytes().splitlines()[1:]) + b"\n")
    assert Administration(desk).verify_audit() == [
        "Line 1 of audit/2026-11.jsonl has seq 2: entry 1 is missing."
    ]


def test_an_unreadable_line_is_reported(busy, root):
    desk, _patient, _appt = busy
    path = audit_file(root)
    lines = path.read_bytes().splitlines()
    lines[3] = b'{"seq": 4, "oops'
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert Administration(desk).verify_audit() == [
        "Line 4 of audit/2026-11.jsonl is not a readable audit entry."
    ]


def test_two_desks_on_one_folder_keep_one_chain(make_desk, root):
    one, two = make_desk(root=root), make_desk(root=root)
    for n in range(10):
        desk = (one, two)[n % 2]
        patient = desk.add_patient("Ann", f"Lee{n}", f"714-225-{5100 + n}")
        (two, one)[n % 2].update_patient(patient.id, notes=f"note {n}")
    log = entries(root)
    assert [e["seq"] for e in log] == list(range(1, 21))
    assert Administration(one).verify_audit() == Administration(two).verify_audit() == []


def test_seq_and_chain_continue_into_the_next_month(make_desk, root):
    november = make_desk(root=root)
    patient = november.add_patient("Ann", "Lee", "714-225-5137")
    december = make_desk("2026-12-01 09:00", root=root)
    december.update_patient(patient.id, notes="December")
    november.update_patient(patient.id, notes="clock set back")  # stays in the newest file
    assert audit.month_files(root) == ["2026-11.jsonl", "2026-12.jsonl"]
    assert [e["seq"] for e in entries(root)] == [1, 2, 3]
    assert len(audit_file(root, "2026-12").read_bytes().splitlines()) == 2
    assert Administration(november).verify_audit() == []


def test_removing_a_whole_month_is_detected(make_desk, root):
    november = make_desk(root=root)
    patient = november.add_patient("Ann", "Lee", "714-225-5137")
    december = make_desk("2026-12-01 09:00", root=root)
    december.update_patient(patient.id, notes="December")
    audit_file(root).unlink()
    assert Administration(december).verify_audit() == [
        "Line 1 of audit/2026-12.jsonl has seq 2: entry 1 is missing."
    ]


def test_an_interrupted_append_is_trimmed_before_the_next_entry(make_desk, root):
    desk = make_desk(root=root)
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    with audit_file(root).open("ab") as handle:
        handle.write(b'{"seq": 2, "at_lo')  # a crash in the middle of a write
    assert Administration(desk).verify_audit() == [
        "Line 2 of audit/2026-11.jsonl is an unfinished entry (a write was interrupted)."
    ]
    desk.update_patient(patient.id, notes="after the crash")
    assert [e["seq"] for e in entries(root)] == [1, 2]
    assert Administration(desk).verify_audit() == []


def test_a_long_last_entry_is_found_by_another_desk(make_desk, root):
    one, two = make_desk(root=root), make_desk(root=root)
    patient = one.add_patient("Ann", "Lee", "714-225-5137", notes="long note " * 5000)
    with audit_file(root).open("ab") as handle:
        handle.write(b"{" * 40000)  # an unfinished line longer than one tail read
    two.update_patient(patient.id, notes="short")
    assert [e["seq"] for e in entries(root)] == [1, 2]
    assert Administration(two).verify_audit() == []


def test_a_damaged_last_entry_is_refused_with_one_sentence(make_desk, root):
    desk = make_desk(root=root)
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    audit_file(root).write_bytes(b"not json\n")
    with pytest.raises(StoreError, match=r"last entry of audit/2026-11.jsonl \(line 1\)"):
        desk.update_patient(patient.id, notes="x")


def test_seeding_records_one_entry_with_counts(make_desk, root):
    from console.tools.seeding import seed_store

    desk = make_desk(root=root)
    counts = seed_store(desk, years=0.1, seed=7, progress=False)
    [entry] = entries(root)
    assert (entry["action"], entry["kind"], entry["before"]) == ("store.seed", "store", None)
    assert entry["after"] == {
        "patients": counts["patients"],
        "appointments": counts["appointments"],
    }


def test_files_are_private(busy, root):
    assert stat.S_IMODE(os.stat(root / "audit").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(audit_file(root)).st_mode) == 0o600


def test_an_empty_trail_verifies(tmp_path):
    assert audit.verify(tmp_path) == []
    assert audit.history(tmp_path, None, "P-000001") == []
    assert audit.recent(tmp_path) == []


def test_a_giant_month_file_is_reported_unread(make_desk, root):
    """A planted 1 TiB (sparse) month: one sentence (check names it), never a MemoryError."""
    november = make_desk(root=root)
    patient = november.add_patient("Ann", "Lee", "714-225-5137")
    december = make_desk("2026-12-01 09:00", root=root)
    december.update_patient(patient.id, notes="December")
    os.truncate(audit_file(root), 1 << 40)
    too_big = (
        "audit/2026-11.jsonl is larger than an audit month file may be (256 MB), "
        "so it was not read: run `frontdesk check`."
    )
    problems = Administration(december).verify_audit()
    assert problems[0] == too_big
    with pytest.raises(StoreError) as err:
        Administration(december).audit_history("patient", patient.id)
    assert str(err.value) == too_big
    with pytest.raises(StoreError) as err:
        audit.recent(root, 50)
    assert str(err.value) == too_big


def test_an_overlong_line_is_read_past_and_reported(busy, root):
    """A line longer than any entry costs a capped read; the entries after it still count."""
    desk, _patient, _appt = busy
    path = audit_file(root)
    lines = path.read_bytes().splitlines()
    lines[1] = b"x" * (audit.MAX_ENTRY * 2 + 5)
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert Administration(desk).verify_audit() == [
        "Line 2 of audit/2026-11.jsonl is not a readable audit entry."
    ]
