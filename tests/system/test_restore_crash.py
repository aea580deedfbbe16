"""A restore killed with SIGKILL at random moments: the next command finds the store
either as it was or as the backup, exactly, and `check` is clean."""

import os
import random
import signal
import tarfile
from pathlib import Path

import pytest

from console.desk import Administration, Desk
from console.store import Store
from console.store import backup as store_backup
from tests.system.killing import fork_server, kill_one

ROUNDS = 60
HELPER = Path(__file__).with_name("_restore_killer.py")

pytestmark = pytest.mark.system


@pytest.fixture
def killer(tmp_path):
    with fork_server(HELPER, tmp_path / "store") as proc:
        yield proc


def kill_one_restorer(server, names, delay):
    """Start a restorer, SIGKILL it after ``delay`` s; return (restores acknowledged, signal)."""
    acked, sig = kill_one(server, " ".join(names), delay)
    return [words[1] for words in acked], sig


def data_files(root):
    found = {}
    for kind in ("patients", "appointments", "audit"):
        for path in sorted((root / kind).iterdir()):
            found[f"{kind}/{path.name}"] = path.read_bytes()
    return found


def archived(root, name):
    with tarfile.open(root / "backups" / f"{name}.tar.gz") as archive:
        return {
            m.name: archive.extractfile(m).read()
            for m in archive.getmembers()
            if m.name != "manifest.json"
        }


def matches(files, backup):
    """The store holds exactly the backup's files; its trail adds only the restore entry."""
    if set(files) - {n for n in files if n.startswith("audit/")} != {
        n for n in backup if not n.startswith("audit/")
    }:
        return False
    for name, raw in backup.items():
        if name.startswith("audit/"):
            if not files.get(name, b"").startswith(raw):
                return False
        elif files.get(name) != raw:
            return False
    return True


def test_kill_minus_nine_during_restores_leaves_before_or_backup(killer, make_desk, tmp_path):
    root = tmp_path / "store"
    rng = random.Random(2026)
    desk = make_desk(root=root)
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    desk.book(patient.id, "2026-11-25 10:00", "consultation")
    first = os.path.basename(Administration(desk).backup()).removesuffix(".tar.gz")
    later = make_desk("2026-11-24 10:00", root=root)
    for n in range(5):  # another month, more patients: the two backups differ in files
        other = later.add_patient("Bo", f"Kim{n}", f"714-225-51{n:02d}")
        later.book(other.id, f"2027-01-1{n} 10:00", "consultation")
    second = os.path.basename(Administration(later).backup()).removesuffix(".tar.gz")
    states = {first: archived(root, first), second: archived(root, second)}
    seen, pending = [], 0
    for round_no in range(ROUNDS):
        acked, killed_by = kill_one_restorer(killer, [first, second], rng.uniform(0.0, 0.15))
        assert killed_by == signal.SIGKILL, "the restorer stopped by itself (see stderr)"
        pending += (root / ".restore.json").exists()
        # The next command: opening a desk finishes or drops the interrupted restore.
        fresh = Desk(Store(root), desk.config, desk.treatments, desk.clock)
        try:
            files = data_files(root)
            which = [name for name, backup in states.items() if matches(files, backup)]
            assert len(which) == 1, f"round {round_no}: a mix of two states ({acked})"
            seen.append(which[0])
            fresh.patient(patient.id)  # every file reads
            admin = Administration(fresh)
            assert admin.check() == []
            assert admin.audit_problems() == []
            assert not store_backup.restore_pending(root)
            # Nothing half-done is left: no journal, temp or staging file anywhere.
            assert set(os.listdir(root)) <= {
                ".lock",
                ".lock-queue",
                ".generations",
                "patients",
                "appointments",
                "audit",
                "backups",
            }
            for kind in ("patients", "appointments", "audit"):
                assert not [n for n in os.listdir(root / kind) if n.startswith(".")]
            leftovers = [
                n
                for n in os.listdir(root / "backups")
                if not n.endswith(".tar.gz") and not n.startswith("before-restore-")
            ]
            assert leftovers == []
        finally:
            fresh.close()
    # The kills landed in the middle of restores, and both outcomes happened.
    assert pending > 0
    assert set(seen) == {first, second}
