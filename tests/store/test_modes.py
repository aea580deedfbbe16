"""File modes: every store is private (files 0600, folders 0700), whatever the umask.

Every file the store creates is checked by walking the whole tree after data writes, a
move journal, audit entries, a backup and a restore (its set-aside folder). Nothing that
already exists is ever chmod-ed: a folder open to other accounts (the retired
group-shared layout) is refused in one sentence naming `frontdesk convert-store`.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from console.store import Store, StoreError
from console.store import backup as store_backup
from console.store.layout import account_name
from console.store.modes import PRIVATE, modes_for

NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
OTHER_UID = 54321  # an account that is not us (no passwd entry needed)


@pytest.fixture(params=[0o022, 0o077, 0o000, 0o277])
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


def assert_private(root: Path) -> dict[str, int]:
    found = modes(root)
    expected_names = {
        ".lock",
        ".lock-queue",
        ".generations",
        "patients/2026.json",
        "appointments/2026-12.json",
        "audit/2026-11.jsonl",
        "backups",
    }
    assert expected_names <= found.keys(), sorted(found)
    assert any(n.startswith("backups/before-restore-") for n in found), sorted(found)
    for name, mode in found.items():
        expected = 0o700 if (root / name).is_dir() else 0o600
        assert mode == expected, f"{name} is {mode:o}, expected {expected:o}"
    return found


def test_a_new_store_is_private_everywhere(make_desk, tmp_path, umask):
    root = tmp_path / "store"
    desk = make_desk(root=root)
    assert desk.store.modes == PRIVATE
    exercise(desk)
    assert_private(root)


def test_a_new_store_in_missing_parents_makes_them_private(make_desk, tmp_path, umask):
    root = tmp_path / "share" / "frontdesk" / "store"
    make_desk(root=root).add_patient("Ann", "Lee", "714-225-5137")
    assert stat.S_IMODE((tmp_path / "share").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "share" / "frontdesk").stat().st_mode) == 0o700
    assert stat.S_IMODE(root.stat().st_mode) == 0o700


def test_a_private_store_stays_private_when_reopened(make_desk, tmp_path):
    root = tmp_path / "store"
    exercise(make_desk(root=root))
    make_desk(root=root).add_patient("Bo", "Kim", "714-225-5138")
    assert_private(root)


def test_every_store_is_private(tmp_path):
    assert modes_for(tmp_path) == PRIVATE


def shared_sentence(root: Path, how: str = "is open to other accounts") -> str:
    return (
        f"The store at {root} {how}, as the retired group-shared layout did; as the "
        f"account that will own it, run `frontdesk convert-store --data-dir {root}` "
        "to make it private."
    )


@pytest.mark.parametrize("mode", [0o2770, 0o770, 0o750, 0o755, 0o1777, 0o711])
def test_a_root_open_to_others_is_refused_and_left_as_it_is(tmp_path, mode):
    root = tmp_path / "store"
    root.mkdir()
    root.chmod(mode)
    with pytest.raises(StoreError) as refused:
        Store(root)
    assert str(refused.value) == shared_sentence(root)
    assert stat.S_IMODE(root.stat().st_mode) == mode, "never chmod-ed"
    assert list(root.iterdir()) == [], "nothing was created"


def test_an_old_group_shared_store_is_refused(make_desk, tmp_path):
    root = tmp_path / "store"
    make_desk(root=root).add_patient("Ann", "Lee", "714-225-5137")
    os.chmod(root, 0o2770)  # what the old README had the administrator do
    before = modes(root)
    with pytest.raises(StoreError) as refused:
        Store(root)
    assert str(refused.value) == shared_sentence(root)
    assert modes(root) == before


@pytest.mark.parametrize("rel", ["patients/2026.json", "patients", "audit/2026-11.jsonl"])
def test_a_private_root_holding_another_accounts_file_is_refused(make_desk, tmp_path, rel):
    root = tmp_path / "store"
    exercise(make_desk(root=root))
    os.chown(root / rel, OTHER_UID, -1, follow_symlinks=False)
    with pytest.raises(StoreError) as refused:
        Store(root)
    # Named, since check cannot open such a store to say which entry it is.
    owner = account_name(OTHER_UID)
    assert str(refused.value) == shared_sentence(root, f"holds {rel}, which belongs to {owner}")


def test_root_will_not_open_a_store_owned_by_another_account(make_desk, tmp_path):
    assert os.geteuid() == 0, "the tests run as root"
    root = tmp_path / "store"
    make_desk(root=root).add_patient("Ann", "Lee", "714-225-5137")
    for path in [root, *root.rglob("*")]:
        os.chown(path, OTHER_UID, OTHER_UID, follow_symlinks=False)
    before = modes(root)
    with pytest.raises(StoreError) as refused:
        Store(root)
    assert str(refused.value) == (
        f"frontdesk will not run as root on the store at {root}, which belongs to {OTHER_UID}; "
        f"run it as {OTHER_UID} (for example `sudo -u {OTHER_UID} frontdesk`)."
    )
    assert modes(root) == before
    assert all(p.lstat().st_uid == OTHER_UID for p in [root, *root.rglob("*")])


def test_a_non_empty_folder_that_is_not_a_store_is_refused(tmp_path):
    root = tmp_path / "home"
    root.mkdir(mode=0o700)
    (root / ".bashrc").write_text("echo hi\n")
    (root / "notes.txt").write_text("mine\n")
    with pytest.raises(StoreError) as refused:
        Store(root)
    assert str(refused.value) == (
        f"{root} is not empty and is not a frontdesk store, so it was left alone; give "
        "--data-dir a new or empty folder, or the folder of an existing store."
    )
    assert sorted(p.name for p in root.iterdir()) == [".bashrc", "notes.txt"]


def test_an_empty_private_folder_becomes_a_store(make_desk, tmp_path):
    root = tmp_path / "store"
    root.mkdir(mode=0o700)
    make_desk(root=root).add_patient("Ann", "Lee", "714-225-5137")
    assert (root / "patients" / "2026.json").is_file()


def test_opening_and_reading_a_missing_store_creates_nothing(make_desk, tmp_path):
    root = tmp_path / "new" / "store"
    desk = make_desk(root=root)
    assert desk.schedule(desk.today()).visits == ()
    assert desk.find("Lee") == []
    assert desk.patient_count() == 0
    assert desk.store.check() == []
    assert not (tmp_path / "new").exists()
    desk.add_patient("Ann", "Lee", "714-225-5137")  # the first change makes it
    assert stat.S_IMODE(root.stat().st_mode) == 0o700


def test_an_existing_folder_inside_the_store_is_never_chmod_ed(make_desk, tmp_path):
    root = tmp_path / "store"
    desk = make_desk(root=root)
    desk.add_patient("Ann", "Lee", "714-225-5137")
    for name in ("patients", "audit"):
        os.chmod(root / name, 0o750)  # ours, inside a 0700 root: nobody else can reach it
    desk.add_patient("Bo", "Kim", "714-225-5138")
    desk.record_session("session.start", {})
    make_desk(root=root).add_patient("Cy", "Day", "714-225-5139")
    assert stat.S_IMODE((root / "patients").stat().st_mode) == 0o750
    assert stat.S_IMODE((root / "audit").stat().st_mode) == 0o750
