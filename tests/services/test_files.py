"""Exports land in a folder of ours, in new files: nothing planted there is followed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from console.clinic.errors import InvalidInput
from console.services.files import create_new, save_export


def test_a_planted_symlink_at_the_name_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("kept")
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "day.csv").symlink_to(victim)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with pytest.raises(FileExistsError):
            create_new(fd, "day.csv", b"x;exec bash --norc -i;#")
        (folder / "dangling.csv").symlink_to(tmp_path / "made-through-the-link")
        with pytest.raises(FileExistsError):
            create_new(fd, "dangling.csv", b"data")
    finally:
        os.close(fd)
    assert victim.read_text() == "kept"
    assert not (tmp_path / "made-through-the-link").exists()


def test_save_export_makes_the_folder_private_and_a_new_file(tmp_path: Path) -> None:
    folder = tmp_path / "frontdesk-exports"
    first = save_export(folder, "day-2026-11-27", "csv", "a,b\n")
    second = save_export(folder, "day-2026-11-27", "csv", "c,d\n")
    assert first != second and first.parent == folder
    assert (first.read_text(), second.read_text()) == ("a,b\n", "c,d\n")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(first.stat().st_mode) == 0o600


def test_another_accounts_exports_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "frontdesk-exports"
    folder.mkdir(mode=0o777)
    os.chown(folder, 65534, 65534)  # nobody: the tests run as root
    with pytest.raises(InvalidInput, match="belongs to another account"):
        save_export(folder, "day", "csv", "x")
    assert list(folder.iterdir()) == []


def test_an_exports_folder_inside_the_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="inside the store"):
        save_export(tmp_path / "store" / "out", "day", "csv", "x", store_root=tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_an_exports_folder_that_cannot_be_made_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="Cannot make the exports folder"):
        save_export(tmp_path / "no-home" / "frontdesk-exports", "day", "csv", "x")
