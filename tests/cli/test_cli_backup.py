"""``frontdesk backup``, ``backup --list`` and ``restore`` through the real command."""

import os
import stat
from pathlib import Path

from console.desk import Administration


def test_backup_list_restore_round_trip(ok, frontdesk, patient_id, store_dir):
    path = Path(ok("backup").strip())
    assert path.parent == store_dir / "backups"
    assert path.name.startswith("2026-11-24T1030") and path.name.endswith(".tar.gz")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    name = path.name.removesuffix(".tar.gz")
    assert ok("backup", "--list").split() == [name]
    assert frontdesk("backup", "--list", "--json").json() == [name]

    ok("patient", "update", patient_id, "--first", "Changed")
    assert "Changed" in ok("patient", "show", patient_id)

    out = ok("restore", name)
    assert name in out and "before-restore-" in out
    shown = ok("patient", "show", patient_id)
    assert "John Smith" in shown and "Changed" not in shown
    assert "all 1 store files read correctly" in ok("check")


def test_restore_unknown_name_is_one_sentence(frontdesk, patient_id):
    result = frontdesk("restore", "2026-01-01T000000")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "no backup called" in result.err
    assert "--list" in result.err


def test_restore_damaged_archive_is_one_sentence(ok, frontdesk, patient_id, store_dir):
    ok("backup")
    bad = store_dir / "backups" / "2026-11-24T235959.tar.gz"
    bad.write_bytes(b"\x1f\x8b truncated")
    result = frontdesk("restore", "2026-11-24T235959")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "cannot be read" in result.err
    assert "John Smith" in ok("patient", "show", patient_id)


def test_check_reads_every_backup_and_names_a_damaged_one(ok, frontdesk, patient_id, store_dir):
    assert "no backups yet" in ok("check")
    ok("backup")
    assert "the backup can be restored" in ok("check")
    ok("backup")
    assert "all 2 backups can be restored" in ok("check")
    bad = store_dir / "backups" / "2026-11-24T235959.tar.gz"
    bad.write_bytes(b"\x1f\x8b truncated")
    result = frontdesk("check")
    assert result.code == 2
    assert "backup 2026-11-24T235959: Backup 2026-11-24T235959 cannot be read" in result.out
    assert result.err.count("\n") == 1
    assert "1 of 3 backups cannot be restored (2026-11-24T235959)" in result.err
    assert frontdesk("check", "--json").json()["backup_problems"][0]["backup"] == bad.name[:17]


def test_backup_of_a_damaged_store_names_the_file(ok, frontdesk, patient_id, store_dir):
    (store_dir / "patients" / "2026.json").write_bytes(b"{")
    result = frontdesk("backup")
    assert result.code == 2
    assert "2026.json is damaged" in result.err and result.err.count("\n") == 1
    assert ok("backup", "--list").strip() == "no backups yet"


def test_auto_backup_once_a_day(make_desk):
    desk = make_desk()
    desk.add_patient("Ann", "Lee", "714-225-5137")
    first = Administration(desk).auto_backup()
    assert first is not None and Path(first).is_file()
    assert Administration(desk).auto_backup() is None
    assert len(Administration(desk).backups()) == 1
    tomorrow = make_desk(now="2026-11-25 08:00")
    second = Administration(tomorrow).auto_backup()
    assert second is not None and Path(second).name.startswith("2026-11-25T0800")
    assert len(Administration(desk).backups()) == 2


def test_console_start_backup_warns_but_never_blocks(monkeypatch, tmp_path, capsys):
    from console.cli.terminal import daily_backup

    monkeypatch.setenv("FRONTDESK_NOW", "2026-11-24 10:30")
    store = tmp_path / "store"
    store.mkdir(mode=0o700)  # a store is private: one open to others is refused
    (store / "patients").mkdir()
    (store / "patients" / "2026.json").write_bytes(b"{")
    daily_backup(store)  # no exception: the console still opens
    err = capsys.readouterr().err
    assert "no automatic backup today" in err and "2026.json is damaged" in err
    (store / "patients" / "2026.json").unlink()
    daily_backup(store)
    assert [p.name for p in (store / "backups").iterdir()] == ["2026-11-24T103000.tar.gz"]
