"""``--output`` (export, aftercare): never a symlink, never the store, never replaced unasked.

A FIFO or a character device (``/dev/stdout``) is written in place, never replaced.
Each refusal is one sentence on stderr and exit 2, and leaves everything as it was.
"""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from tests.cli.conftest import COMMAND

DAY = ("export", "--date", "2026-11-27")


def refused(result, *fragments: str) -> str:
    assert result.code == 2, (result.out, result.err)
    assert result.out == ""
    assert result.err.startswith("frontdesk: ") and result.err.count("\n") == 1, result.err
    for fragment in fragments:
        assert fragment in result.err, result.err
    return result.err


def test_a_symlink_is_refused_and_its_target_untouched(frontdesk, tmp_path):
    victim = tmp_path / "bashrc"
    victim.write_text("# mine\n")
    link = tmp_path / "day.csv"
    link.symlink_to(victim)
    refused(frontdesk(*DAY, "--output", str(link), "--force"), "symbolic link")
    assert link.is_symlink() and victim.read_text() == "# mine\n"


def test_a_dangling_symlink_is_not_followed(frontdesk, tmp_path):
    link = tmp_path / "day.csv"
    link.symlink_to(tmp_path / "created-through-the-link")
    refused(frontdesk(*DAY, "--output", str(link)), "symbolic link")
    assert not (tmp_path / "created-through-the-link").exists()


def test_an_existing_file_needs_force(frontdesk, ok, tmp_path):
    target = tmp_path / "day.csv"
    target.write_text("kept")
    refused(frontdesk(*DAY, "--output", str(target)), "already exists", "--force")
    assert target.read_text() == "kept"
    ok(*DAY, "--output", str(target), "--force")
    assert target.read_text().startswith("id,date,")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_new_file_is_private_and_named(ok, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "day.csv"
    assert ok(*DAY, "--output", str(target)).strip() == str(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in out.iterdir()] == ["day.csv"]  # no temp file left


@pytest.mark.parametrize("where", ["audit", "top", "through-a-link", "fifo"])
def test_nothing_inside_the_store(frontdesk, ok, store_dir, tmp_path, where, patient_id):
    # patient_id: a patient was added, so the store has its audit trail
    if where == "audit":
        target = next(p for p in store_dir.rglob("*") if p.is_file() and "audit" in str(p))
        before = target.read_bytes()
        refused(frontdesk(*DAY, "--output", str(target), "--force"), "inside the store")
        assert target.read_bytes() == before
        return
    if where == "fifo":  # even a FIFO or device is not written there: it is the store's
        os.mkfifo(store_dir / "export.csv")
        refused(frontdesk(*DAY, "--output", str(store_dir / "export.csv")), "inside the store")
        assert stat.S_ISFIFO((store_dir / "export.csv").lstat().st_mode)
        return
    if where == "top":
        target = store_dir / "export.csv"
    else:
        (tmp_path / "door").symlink_to(store_dir)
        target = tmp_path / "door" / "export.csv"
    refused(frontdesk(*DAY, "--output", str(target)), "inside the store")
    assert not (store_dir / "export.csv").exists()


def test_a_fifo_is_written_in_place(ok, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    ok(*DAY, "--output", str(fifo))
    reader.join(timeout=30)
    assert got and got[0].startswith(b"id,date,")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_character_device_is_written_in_place(ok, tmp_path):
    # A private null device (root can make one): what /dev/null would be, without
    # risking the machine's own if this ever failed.
    out = tmp_path / "out"
    out.mkdir()
    null = out / "null"
    os.mknod(null, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    assert ok(*DAY, "--output", str(null), "--force") == ""
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert list(out.iterdir()) == [null]


def test_dev_stdout_to_a_file_is_refused_with_the_way_out(frontdesk, tmp_path):
    # Redirected to a file, /dev/stdout is a symlink to that file: refused, and the
    # sentence says to leave out --output.
    with (tmp_path / "out.csv").open("w") as out:
        done = subprocess.run(
            [*COMMAND, *DAY, "--output", "/dev/stdout"],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            env={
                **os.environ,
                "FRONTDESK_NOW": "2026-11-24 10:30",
                "FRONTDESK_DATA_DIR": str(tmp_path / "s"),
            },
            timeout=60,
        )
    assert done.returncode == 2 and "leave out --output" in done.stderr, done.stderr
    assert (tmp_path / "out.csv").read_text() == ""


def test_dev_stdout_is_written_in_place(frontdesk):
    result = frontdesk(*DAY, "--output", "/dev/stdout", command=COMMAND)
    assert result.code == 0, result.err
    assert result.out.startswith("id,date,")
    assert os.path.islink("/dev/stdout")


def test_a_folder_is_refused(frontdesk, tmp_path):
    refused(frontdesk(*DAY, "--output", str(tmp_path), "--force"), "not a regular file")


def test_the_folder_must_exist(frontdesk, tmp_path):
    refused(frontdesk(*DAY, "--output", str(tmp_path / "no" / "x.csv")), "does not exist")
    assert not Path(tmp_path / "no").exists()


def test_the_name_printed_for_a_new_file_sends_no_escape_sequence(ok, tmp_path):
    name = tmp_path / "day\x1b]0;owned\x07.csv"
    out = ok(*DAY, "--output", str(name))
    assert name.is_file()
    assert out == f"{tmp_path}/day]0;owned.csv\n"
