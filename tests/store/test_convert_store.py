"""``frontdesk convert-store``: an old group-shared store becomes private to its new owner.

The old layout: a ``2770`` root shared by a group, ``0660`` files and ``2770`` folders
belonging to whichever receptionist's account made them. One test runs the real
command as a second account (a forked child that drops root: a uid of its own and the
store's group), the others convert, as root, files another uid owns.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import orjson
import pytest

from console.cli.main import main
from console.store import Store, StoreError
from console.store.convert import convert

NEW_OWNER = 54321  # the service account that will own the store
RECEPTIONIST = 54322  # an account of the old group that made some of the files
GROUP = 54320


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """``relative path -> (owner uid, mode)`` of every entry, the root as ``.``."""
    found = {".": (root.lstat().st_uid, stat.S_IMODE(root.lstat().st_mode))}
    for path in root.rglob("*"):
        info = path.lstat()
        found[str(path.relative_to(root))] = (info.st_uid, stat.S_IMODE(info.st_mode))
    return found


def contents(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".lock")
    }


def make_old_shared(make_desk, root: Path, file_owner: int, group: int = GROUP) -> None:
    """A store as the old README set it up, its entries belonging to ``file_owner``."""
    desk = make_desk(root=root)
    patient = desk.add_patient("Ann", "Lee", "714-225-5137", notes="private")
    desk.book(patient.id, "2026-11-30 10:00", "consultation")
    desk.close()
    for path in root.rglob("*"):
        os.chown(path, file_owner, group, follow_symlinks=False)
        os.chmod(path, 0o2770 if path.is_dir() else 0o660)
    os.chown(root, os.geteuid(), group)
    os.chmod(root, 0o2770)


def test_root_converts_files_another_account_owns(make_desk, tmp_path):
    root = tmp_path / "store"
    make_old_shared(make_desk, root, RECEPTIONIST)
    before = contents(root)
    with pytest.raises(StoreError, match="convert-store"):
        Store(root)
    done = convert(root)
    assert done.files == len(before) + 2  # the data, .generations and the two lock files
    after = tree(root)
    for name, (owner, mode) in after.items():
        assert owner == os.geteuid(), name
        assert mode == (0o700 if (root / name).is_dir() else 0o600), f"{name} {mode:o}"
    assert contents(root) == before
    desk = make_desk(root=root)
    assert [m.patient.last for m in desk.find("Lee")] == ["Lee"]
    desk.add_patient("Bo", "Kim", "714-225-5138")


def test_converting_twice_changes_nothing_more(make_desk, tmp_path):
    root = tmp_path / "store"
    make_old_shared(make_desk, root, RECEPTIONIST)
    convert(root)
    before = tree(root)
    assert convert(root).files == 0
    assert tree(root) == before


@pytest.mark.parametrize("plant", ["link", "fifo"])
def test_a_link_or_special_file_anywhere_stops_the_conversion(make_desk, tmp_path, plant):
    root = tmp_path / "store"
    make_old_shared(make_desk, root, RECEPTIONIST)
    target = tmp_path / "outside"
    target.write_bytes(b"keep\n")
    planted = root / "appointments" / ".2026-11.json.999.tmp"
    if plant == "link":
        planted.symlink_to(target)
    else:
        os.mkfifo(planted)
    before = tree(root)
    with pytest.raises(StoreError) as refused:
        convert(root)
    assert str(planted) in str(refused.value)
    assert "nothing was converted" in str(refused.value)
    assert tree(root) == before
    assert target.read_bytes() == b"keep\n"


def test_a_store_a_desk_holds_is_not_converted(make_desk, tmp_path):
    root = tmp_path / "store"
    make_old_shared(make_desk, root, RECEPTIONIST)
    os.chmod(root, 0o700)
    os.chown(root, os.geteuid(), os.getegid())
    for path in root.rglob("*"):
        os.chown(path, os.geteuid(), os.getegid())
    holder = Store(root)
    try:
        with holder.locked(), pytest.raises(StoreError) as refused:
            convert(root)
    finally:
        holder.close()
    assert str(refused.value) == (
        f"A desk is using the store at {root}; close every desk, then convert it."
    )


# -- the real command, run by the new owner (a second account) --------------------------


@pytest.fixture
def reachable(tmp_path) -> Iterator[Path]:
    """A folder the second account can reach (pytest's own is root's, 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-convert-"))
    os.chmod(folder, 0o711)
    yield folder
    for path in sorted(folder.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
    folder.rmdir()


def run_as(uid: int, gid: int, argv: list[str]) -> tuple[int, str, str]:
    """Run ``frontdesk ARGV`` (already imported) in a child that has become ``uid``."""
    # The child cannot read root's Python install: what the command imports lazily
    # (``datetime.strptime`` loads ``_strptime``) must already be loaded.
    time.strptime("2026-12-02", "%Y-%m-%d")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root for good, then run the command
        code = 70
        try:
            os.close(read_end)
            os.setgroups([gid])
            os.setgid(gid)
            os.setuid(uid)
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                try:
                    code = main(argv) or 0
                except SystemExit as exit_:
                    code = int(exit_.code or 0)
                except BaseException:  # reported, not lost with the child
                    traceback.print_exc()
                    code = 70
            report = {"code": code, "out": out.getvalue(), "err": err.getvalue()}
            os.write(write_end, orjson.dumps(report))
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        raw = pipe.read()
    os.waitpid(pid, 0)
    report = orjson.loads(raw)
    return report["code"], report["out"], report["err"]


def test_the_new_owner_converts_with_the_real_command(make_desk, reachable):
    root = reachable / "store"
    make_old_shared(make_desk, root, RECEPTIONIST)
    (root / "patients" / "2026.json").chmod(0o660)
    os.chown(root / ".generations", 0, GROUP)  # some files are root's, some another's
    before = contents(root)
    argv = ["convert-store", "--data-dir", str(root)]

    # The folder itself is still root's: only root can give it away.
    code, out, err = run_as(NEW_OWNER, GROUP, argv)
    assert (code, out) == (2, ""), err
    assert err == (
        f"frontdesk: The folder {root} belongs to root, so root must first run "
        f"`chown {NEW_OWNER} {root}`; then run `frontdesk convert-store --data-dir {root}` "
        f"again as {NEW_OWNER}.\n"
    )

    os.chown(root, NEW_OWNER, GROUP)  # what the README has root do
    code, out, err = run_as(NEW_OWNER, GROUP, argv)
    assert code == 0, err
    assert f"the store at {root} is now private to {NEW_OWNER}" in out
    for name, (owner, mode) in tree(root).items():
        assert owner == NEW_OWNER, name
        assert mode == (0o700 if (root / name).is_dir() else 0o600), f"{name} {mode:o}"
    assert contents(root) == before

    # Root now stays out of the service account's store.
    with pytest.raises(StoreError, match="will not run as root"):
        Store(root)
    # And the new owner opens it as a desk.
    code, out, err = run_as(NEW_OWNER, GROUP, ["--data-dir", str(root), "--json", "find", "Lee"])
    assert code == 0, err
    assert [m["last"] for m in orjson.loads(out)] == ["Lee"]
