"""Fast by layout: a change rewrites one partition file and never the history."""

import os


def fingerprint(root):
    return {
        p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
        for p in root.rglob("*.json")
    }


def test_a_check_in_rewrites_only_its_month(make_desk, tmp_path):
    root = tmp_path / "store"
    desk = make_desk()
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    visit = desk.book(patient.id, "2026-11-24 11:00", "consultation")
    for start in ("2026-12-01 10:00", "2027-01-05 10:00", "2027-02-02 10:00"):
        desk.book(patient.id, start, "consultation")
    before = fingerprint(root)
    assert set(before) == {
        "patients/2026.json",
        "appointments/2026-11.json",
        "appointments/2026-12.json",
        "appointments/2027-01.json",
        "appointments/2027-02.json",
    }
    desk.checkin(visit.id)
    after = fingerprint(root)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"appointments/2026-11.json"}


def test_patients_are_filed_by_registration_year(make_desk, tmp_path):
    make_desk(now="2026-12-31 17:00").add_patient("Ann", "Lee", "714-225-5137")
    make_desk(now="2027-01-04 09:00").add_patient("Bob", "Ray", "714-225-5138")
    assert sorted(os.listdir(tmp_path / "store" / "patients")) == ["2026.json", "2027.json"]
    desk = make_desk(now="2027-01-04 09:00")
    assert desk.patients.count() == 2
    assert [m.patient.name for m in desk.find("ann lee")] == ["Ann Lee"]
