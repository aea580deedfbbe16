"""``frontdesk backup``, ``backup --list`` and ``restore`` through the real command."""

import gzip
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import orjson
import pytest

from console.desk import Administration
from tests.cli.conftest import COMMAND


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


# -- hostile archives: a bounded read, one sentence ------------------------------------------

MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": done.returncode, "out": done.stdout, "err": done.stderr, "kb": peak}))
"""
MB = 1024 * 1024


def measured(store_dir, *args):
    """Run the real ``frontdesk`` in a process of its own; its exit, output and peak RSS."""
    env = {**os.environ, "FRONTDESK_DATA_DIR": str(store_dir), "FRONTDESK_NOW": "2026-11-24 10:30"}
    env.pop("FRONTDESK_SHIPPED_DIR", None)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *COMMAND, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return json.loads(done.stdout)


def zeros_bomb(declared_type, size):
    """A gzip of a tar whose first header declares ``size`` bytes, all zeros (tiny on disk).

    Concatenated gzip members: one 16 MB block of zeros compressed once, repeated.
    """
    info = tarfile.TarInfo("patients/2026.json" if declared_type == tarfile.REGTYPE else "x")
    info.type = declared_type
    info.size = size
    block = gzip.compress(b"\0" * (16 * MB), 9)
    return (
        gzip.compress(info.tobuf(tarfile.USTAR_FORMAT))
        + block * (size // (16 * MB))
        + gzip.compress(b"\0" * 1024)
    )


def dense_document():
    """A gzip of a tar holding one small store file packed with empty arrays."""
    raw = b'{"patients": {"1": {"id": "P-AAAAAA", "a": [' + b"[]," * (MB * 4 // 3 - 20)
    raw += b"[]]}}}"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("patients/2026.json")
        info.size = len(raw)
        archive.addfile(info, io.BytesIO(raw))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("kind", "refusal"),
    [
        (tarfile.REGTYPE, "holds patients/2026.json, larger than a backup may hold"),
        (tarfile.XHDTYPE, "expands past what a backup may hold"),  # a pax header
        (None, "is damaged (patients/2026.json does not parse)"),  # 4 MB, 120 MB parsed
    ],
)
def test_a_tar_bomb_is_refused_with_memory_bounded(ok, patient_id, store_dir, kind, refusal):
    ok("backup")
    usual = measured(store_dir, "check")
    assert usual["code"] == 0, usual["err"]
    bomb = store_dir / "backups" / "2026-11-24T235959.tar.gz"
    bomb.write_bytes(dense_document() if kind is None else zeros_bomb(kind, 400 * MB))
    assert bomb.stat().st_size < 2 * MB

    checked = measured(store_dir, "check")
    assert checked["kb"] - usual["kb"] < 100 * 1024, "check expanded the bomb in memory"
    assert checked["code"] == 2
    assert f"backup 2026-11-24T235959: Backup 2026-11-24T235959 {refusal}" in checked["out"]
    assert checked["err"].count("\n") == 1 and "1 of 2 backups cannot be restored" in checked["err"]

    restored = measured(store_dir, "restore", "2026-11-24T235959")
    assert restored["kb"] - usual["kb"] < 100 * 1024, "restore expanded the bomb in memory"
    assert restored["code"] == 2
    assert restored["err"].count("\n") == 1 and refusal in restored["err"]
    assert "Traceback" not in restored["err"]
    assert "John Smith" in ok("patient", "show", patient_id)


def test_fourteen_future_archives_do_not_make_backup_delete_the_real_ones(
    ok, patient_id, store_dir
):
    real = Path(ok("backup").strip()).name
    for day in range(1, 15):
        (store_dir / "backups" / f"2099-01-{day:02d}T000000.tar.gz").write_bytes(b"\x1f\x8b")
    new = Path(ok("backup", now="2026-11-25 09:00").strip()).name
    names = ok("backup", "--list").split()
    assert real.removesuffix(".tar.gz") in names and new.removesuffix(".tar.gz") in names
    assert len(names) == 16


def test_a_document_with_a_missing_field_is_refused_before_anything_is_swapped(
    ok, frontdesk, patient_id, store_dir
):
    bad = orjson.dumps({"patients": {"1": {"id": "P-AAAAAA", "last": "Lee"}}})
    folder = store_dir / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    with tarfile.open(folder / "2026-11-24T000000.tar.gz", mode="w:gz") as archive:
        info = tarfile.TarInfo("patients/2026.json")
        info.size = len(bad)
        archive.addfile(info, io.BytesIO(bad))
    before = (store_dir / "patients" / "2026.json").read_bytes()
    result = frontdesk("restore", "2026-11-24T000000")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "is damaged (patients/2026.json does not parse)" in result.err
    assert (store_dir / "patients" / "2026.json").read_bytes() == before
    checked = frontdesk("check")
    assert checked.code == 2 and "backup 2026-11-24T000000: " in checked.out
    assert "John Smith" in ok("patient", "show", patient_id)


def test_check_reports_what_an_interrupted_restore_left(ok, frontdesk, patient_id, store_dir):
    name = Path(ok("backup").strip()).name.removesuffix(".tar.gz")
    (store_dir / ".restore.json").write_bytes(b"{not a journal")
    (store_dir / "backups" / ".restore-0123456789abcdef").mkdir()
    (store_dir / "patients" / ".2026.json.restore").write_bytes(b"{}")
    checked = frontdesk("check")
    assert checked.code == 2
    assert ".restore.json: An interrupted restore could not be finished" in checked.out
    assert "backups/.restore-0123456789abcdef: An interrupted restore left" in checked.out
    assert "patients/.2026.json.restore: An interrupted restore left this file." in checked.out
    assert checked.err.count("\n") == 1
    assert "An interrupted restore left .restore.json, " in checked.err
    assert frontdesk("check", "--json").json()["leftovers"][0]["file"] == ".restore.json"
    ok("restore", name)
    assert "audit chain intact" in ok("check")
