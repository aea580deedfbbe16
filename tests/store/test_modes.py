"""File modes: private (0600/0700) by default, group-shared (0660/2770) in a shared root.

Every file the store creates is checked by walking the whole tree after data writes, a
move journal, audit entries, a backup and a restore (its set-aside folder).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from console.store import Store, StoreError
from console.store import backup as store_backup
from console.store.modes import PRIVATE, SHARED, modes_for

NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=-8)))


@pytest.fixture(params=[0o022, 0o077, 0o000])
def umask(request):
    """The modes must not depend on the umask of whoever runs the desk."""
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def modes(root: Path) -> dict[str, int]:
    """``relative path -> mode`` (with setgid) of every file and folder, root as ``.``."""
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            found[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def exercise(desk) -> None:
    """Writes touching every kind of file the store creates."""
    patient = desk.add_patient("Ann", "Lee", "714-225-5137", notes="private")
    appt = desk.book(patient.id, "2026-11-30 10:00", "consultation")
    desk.reschedule(appt.id, "2026-12-01 10:00")  # a move: journal written and removed
    desk.record_session("session.start", {})
    name = store_backup.take_backup(desk.store, NOW)
    store_backup.restore(desk.store, name, NOW + dt.timedelta(minutes=1))


def assert_modes(root: Path, file_mode: int, dir_mode: int) -> dict[str, int]:
    found = modes(root)
    expected_names = {
        ".lock",
        ".generations",
        "patients/2026.json",
        "appointments/2026-12.json",
        "audit/2026-11.jsonl",
        "backups",
    }
    assert expected_names <= found.keys(), sorted(found)
    assert any(n.startswith("backups/before-restore-") for n in found), sorted(found)
    for name, mode in found.items():
        expected = dir_mode if (root / name).is_dir() else file_mode
        assert mode == expected, f"{name} is {mode:o}, expected {expected:o}"
        assert mode & 0o007 == 0, f"{name} is open to others ({mode:o})"
    return found


def test_a_new_store_is_private_everywhere(make_desk, tmp_path, umask):
    root = tmp_path / "store"
    desk = make_desk(root=root)
    assert desk.store.modes == PRIVATE
    exercise(desk)
    assert_modes(root, 0o600, 0o700)


def test_a_group_shared_root_makes_every_file_group_writable(make_desk, tmp_path, umask):
    root = tmp_path / "store"
    root.mkdir()
    root.chmod(0o2770)  # what the administrator does (after chgrp frontdesk)
    desk = make_desk(root=root)
    assert desk.store.modes == SHARED
    exercise(desk)
    assert_modes(root, 0o660, 0o2770)


def test_a_shared_root_open_to_others_is_closed(make_desk, tmp_path):
    root = tmp_path / "store"
    root.mkdir()
    root.chmod(0o2777)
    make_desk(root=root)
    assert stat.S_IMODE(root.stat().st_mode) == 0o2770


@pytest.mark.parametrize(
    ("mode", "expected"),
    [(0o700, PRIVATE), (0o750, PRIVATE), (0o755, PRIVATE), (0o770, SHARED), (0o2770, SHARED)],
)
def test_only_group_read_write_search_means_shared(tmp_path, mode, expected):
    root = tmp_path / "store"
    root.mkdir()
    root.chmod(mode)
    assert modes_for(root) == expected


def test_a_shared_root_we_own_gets_its_setgid_bit(make_desk, tmp_path):
    root = tmp_path / "store"
    root.mkdir()
    root.chmod(0o770)  # the administrator forgot the setgid bit
    make_desk(root=root)
    assert stat.S_IMODE(root.stat().st_mode) == 0o2770


def test_a_shared_root_left_without_setgid_is_refused_in_one_sentence(tmp_path, monkeypatch):
    root = tmp_path / "store"
    root.mkdir()
    root.chmod(0o770)
    # Another account owns the folder, so our chmod is not allowed.
    monkeypatch.setattr(Path, "chmod", _not_permitted)
    with pytest.raises(StoreError) as refused:
        Store(root)
    assert str(refused.value) == (
        f"The shared store {root} is not setgid, so files made here would leave its group; "
        f"ask the administrator to run `chmod 2770 {root}`."
    )
    assert sorted(p.name for p in root.iterdir()) == [], "nothing was created"


def _not_permitted(self, mode):
    raise PermissionError(1, "Operation not permitted")


def test_a_missing_root_is_private(tmp_path):
    assert modes_for(tmp_path / "nowhere") == PRIVATE


def test_a_private_store_stays_private_when_reopened(make_desk, tmp_path):
    root = tmp_path / "store"
    exercise(make_desk(root=root))
    make_desk(root=root).add_patient("Bo", "Kim", "714-225-5138")
    assert_modes(root, 0o600, 0o700)
