"""Private: store files are 0600 inside 0700 folders, whatever the umask."""

import os
import stat
from dataclasses import replace

import pytest

from console.clinic.localtime import parse_local, to_iso
from console.store import Store, StoreError


@pytest.fixture(params=[0o000, 0o022, 0o002, 0o277])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def modes(root):
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            found[os.path.relpath(path, root)] = stat.S_IMODE(os.stat(path).st_mode)
    found["."] = stat.S_IMODE(os.stat(root).st_mode)
    return found


def fill(desk):
    patient = desk.add_patient("Ann", "Lee", "714-225-5137", notes="private")
    appt = desk.book(patient.id, "2026-11-30 10:00", "consultation")
    desk.reschedule(appt.id, "2026-12-01 10:00")  # writes and removes the move journal
    return patient


def test_every_file_is_0600_and_every_folder_0700(make_desk, tmp_path, umask):
    desk = make_desk()
    fill(desk)
    found = modes(tmp_path / "store")
    assert "patients/2026.json" in found and "appointments/2026-12.json" in found
    for name, mode in found.items():
        path = tmp_path / "store" / name
        expected = 0o700 if path.is_dir() else 0o600
        assert mode == expected, f"{name} is {mode:o}"


def test_an_existing_loose_folder_is_refused_not_chmod_ed(tmp_path):
    root = tmp_path / "store"
    root.mkdir(mode=0o755)
    root.chmod(0o755)
    with pytest.raises(StoreError, match="convert-store"):
        Store(root)
    assert stat.S_IMODE(root.stat().st_mode) == 0o755


def test_a_journal_left_by_a_move_is_private(make_desk, tmp_path, tz, umask):
    desk = make_desk()
    patient = fill(desk)
    appt = desk.book(patient.id, "2026-11-30 11:00", "consultation")
    moved = replace(appt, start=to_iso(parse_local("2026-12-02 10:00", tz)))
    journal = tmp_path / "store" / ".move.json"
    original = os.unlink

    def keep_journal(path, *args, **kwargs):
        if os.fspath(path) == os.fspath(journal):
            return None
        return original(path, *args, **kwargs)

    with desk.store.locked(), pytest.MonkeyPatch.context() as patch:
        patch.setattr("console.store.appointments.os.unlink", keep_journal)
        desk.appointments.save(moved, tz)
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
