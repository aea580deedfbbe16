"""Shared: four desk processes changing the same files at once lose no update.

Each writer makes 100 changes (40 registrations, 30 bookings each confirmed) against the
same two files. That is plenty: with the store lock switched off (``filelock`` acquire and
release made no-ops in the writers), writers of only 25 changes each already lose updates
on every run (a writer's own new patient or visit is gone when it next reads).
"""

import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

WRITERS = 4
REGISTRATIONS = 40  # patients each writer registers
BOOKINGS = 30  # visits each writer books for its first patients, then confirms
COUNTS = (REGISTRATIONS, BOOKINGS)
HELPER = Path(__file__).with_name("_concurrent_writer.py")

pytestmark = pytest.mark.system


def test_four_processes_times_100_changes_lose_nothing(make_desk, tmp_path):
    root = tmp_path / "store"
    desk = make_desk(root=root)
    seeded = [desk.add_patient("Seed", f"Patient{n}", f"562-555-{1000 + n}").id for n in range(5)]
    procs = [
        subprocess.Popen(
            [sys.executable, str(HELPER), str(root), *map(str, (i, WRITERS, *COUNTS))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(WRITERS)
    ]
    try:
        for proc in procs:  # all imported and waiting: start them together
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        reports = []
        for proc in procs:
            out, err = proc.communicate(timeout=240)
            assert proc.returncode == 0, err
            reports.append(json.loads(out))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    made_patients = [pid for r in reports for pid in r["patients"]]
    made_appts = [aid for r in reports for aid in r["appointments"]]
    assert len(made_patients) == len(set(made_patients)) == WRITERS * REGISTRATIONS
    assert len(made_appts) == len(set(made_appts)) == WRITERS * BOOKINGS

    files = sorted(p for p in root.rglob("*.json") if not p.name.startswith("."))
    assert [p.relative_to(root).as_posix() for p in files] == [
        "appointments/2026-12.json",
        "patients/2026.json",
    ]
    tables = {p.parent.name: orjson.loads(p.read_bytes()) for p in files}
    stored_patients = [doc["id"] for doc in tables["patients"]["patients"].values()]
    assert sorted(stored_patients) == sorted(seeded + made_patients)
    stored_appts = tables["appointments"]["appointments"].values()
    assert sorted(doc["id"] for doc in stored_appts) == sorted(made_appts)
    for doc in stored_appts:  # every confirmation landed on its own booking
        assert doc["status"] == "confirmed"
        assert [h["status"] for h in doc["history"]] == ["booked", "confirmed"]

    fresh = make_desk(root=root)
    assert fresh.patients.count() == len(seeded) + WRITERS * REGISTRATIONS
    assert (
        len(fresh.appointments.between(fresh.today(), fresh.today().replace(month=12, day=31)))
        == WRITERS * BOOKINGS
    )
