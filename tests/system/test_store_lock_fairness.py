"""Served in turn: a desk that arrives while four others change the store non-stop
still gets the lock for every one of its changes, without a timeout.

The order itself (a waiting desk goes before the desk that just released) is
tests/store/test_store_lock.py, which fails on a polling lock every time; here real
processes show that nobody is starved and nothing is lost under load.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BUSY = 4
CHANGES = 20
#: Patients already in the file every change rewrites: a change holds the lock for a
#: while, as in a clinic with years of registrations, and the gaps between are short.
SEEDED = 2_000
HELPER = Path(__file__).with_name("_busy_writer.py")

pytestmark = pytest.mark.system


def start(root: Path, name: str, count: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(HELPER), str(root), name, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    return proc


def say(proc: subprocess.Popen, line: str) -> None:
    proc.stdin.write(line + "\n")
    proc.stdin.flush()


def test_a_fifth_desk_among_four_busy_ones_makes_all_its_changes(make_desk, tmp_path):
    root = tmp_path / "store"
    store = make_desk(root=root).store
    with store.locked():
        seed = ({"id": f"Seed-{n}", "by": "seed", "notes": "x" * 40} for n in range(SEEDED))
        store.table("patients", "2026").insert_multiple(seed)
    busy = [start(root, f"Busy{n}", 0) for n in range(BUSY)]
    newcomer = start(root, "Newcomer", CHANGES)
    try:
        for proc in busy:
            say(proc, "go")
        for proc in busy:  # all four are changing the store, non-stop
            assert proc.stdout.readline().strip() == "busy", proc.stderr.read()
        say(newcomer, "go")
        out, err = newcomer.communicate(timeout=240)
        report = json.loads(out.splitlines()[-1])
        for proc in busy:
            say(proc, "stop")
        busy_reports = [
            json.loads(proc.communicate(timeout=240)[0].splitlines()[-1]) for proc in busy
        ]
    finally:
        for proc in [*busy, newcomer]:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert report == {"made": CHANGES, "error": None}, err
    assert all(r["error"] is None and r["made"] >= 1 for r in busy_reports), busy_reports
    by = [doc.get("by") for doc in store.table("patients", "2026").all()]
    assert by.count("Newcomer") == CHANGES
    assert len(by) == SEEDED + CHANGES + sum(r["made"] for r in busy_reports)
