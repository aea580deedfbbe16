"""Helpers shared by the backup tests: a small store, backup names, hand-made archives."""

import io
import os
import tarfile

from console.store import backup as store_backup


def fill(desk):
    """One patient with one visit on 25 Nov 2026; returns (patient, visit)."""
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    appt = desk.book(patient.id, "2026-11-25 10:00", "consultation")
    return patient, appt


def name_of(path):
    """The backup name (``2026-11-24T103000``) of an archive's path."""
    return os.path.basename(path).removesuffix(store_backup.SUFFIX)


def plant_archive(root, name, members):
    """Write a hand-made backup ``name`` holding ``members`` (path -> bytes)."""
    folder = store_backup.backup_dir(root)
    folder.mkdir(mode=0o700, exist_ok=True)
    with tarfile.open(folder / f"{name}.tar.gz", mode="w:gz") as archive:
        for member, raw in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
