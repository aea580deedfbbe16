"""Which folders ``--data-dir`` may open, and what the command line refuses there.

A read never creates or chmods a folder; a folder that is not a store, one open to
other accounts (the retired group-shared layout) and a planted link are refused with
one sentence and exit 2; ``check`` names what does not belong; ``convert-store``
makes an old shared store private.
"""

import os
import stat

import pytest

from tests.cli.test_cli_errors import assert_one_line_error

OTHER_UID = 54321


@pytest.mark.parametrize("command", [["hours"], ["day"], ["find", "Lee"], ["check"]])
def test_a_read_on_a_missing_store_creates_nothing(frontdesk, tmp_path, command):
    new = tmp_path / "new" / "store"
    result = frontdesk("--data-dir", str(new), *command)
    assert result.code == 0, result.err
    assert not (tmp_path / "new").exists()


def test_an_existing_open_folder_is_refused_and_never_chmod_ed(frontdesk, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    for command in (
        ["hours"],
        ["day"],
        ["patient", "add", "--first", "A", "--last", "B", "--phone", "714-225-5137"],
    ):
        result = frontdesk("--data-dir", str(shared), *command)
        assert_one_line_error(result)
        assert f"run `frontdesk convert-store --data-dir {shared}`" in result.err
        assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert list(shared.iterdir()) == []


def test_a_non_empty_folder_that_is_not_a_store_is_refused(frontdesk, tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    (home / ".bashrc").write_text("# mine\n")
    args = ["patient", "add", "--first", "Ann", "--last", "Lee", "--phone", "714-225-5137"]
    result = frontdesk("--data-dir", str(home), *args)
    assert_one_line_error(result)
    assert "is not empty and is not a frontdesk store" in result.err
    assert sorted(p.name for p in home.iterdir()) == [".bashrc"]


def test_a_planted_link_is_refused_and_named_by_check(ok, frontdesk, patient_id, store_dir):
    outside = store_dir.parent / "outside"
    outside.write_bytes(b"x" * 16)
    (store_dir / ".generations").unlink()
    (store_dir / ".generations").symlink_to(outside)
    result = frontdesk("patient", "update", patient_id, "--first", "Changed")
    assert_one_line_error(result)
    assert f"{store_dir / '.generations'} is a symbolic link" in result.err
    checked = frontdesk("check")
    assert checked.code == 2
    assert checked.err.count("\n") == 1
    assert ".generations: is a symbolic link" in checked.out
    assert outside.read_bytes() == b"x" * 16


def test_check_reports_leftover_temp_files_and_special_files(ok, frontdesk, patient_id, store_dir):
    (store_dir / "patients" / ".2026.json.4242.tmp").write_bytes(b"{}")
    os.mkfifo(store_dir / "appointments" / "2026-11.json")
    result = frontdesk("check")
    assert result.code == 2
    assert "patients/.2026.json.4242.tmp: is a temp file left by an interrupted write" in (
        result.out
    )
    assert "appointments/2026-11.json: is not a regular file" in result.out
    assert result.err.count("\n") == 1


def test_convert_store_makes_an_old_shared_store_private(ok, frontdesk, patient_id, store_dir):
    for path in store_dir.rglob("*"):
        os.chown(path, OTHER_UID, OTHER_UID, follow_symlinks=False)
        os.chmod(path, 0o2770 if path.is_dir() else 0o660)
    store_dir.chmod(0o2770)
    refused = frontdesk("patient", "show", patient_id)
    assert_one_line_error(refused)
    assert "convert-store" in refused.err

    out = ok("convert-store")
    assert f"the store at {store_dir} is now private to root" in out
    for path in [store_dir, *store_dir.rglob("*")]:
        info = path.lstat()
        assert info.st_uid == os.geteuid()
        assert stat.S_IMODE(info.st_mode) == (0o700 if path.is_dir() else 0o600)
    assert "John Smith" in ok("patient", "show", patient_id)
