"""The store's administration: checks, backups, the audit trail's queries, bulk loads.

Apart from the daily :class:`~console.desk.facade.Desk` so that the console's screens
never see it: the command line (``check``, ``backup``, ``restore``, ``audit``), the
console's start-up backup and the seeding tools use it. It works on the same store,
clock and person as the desk it is given, and records through the desk's public
:meth:`~console.desk.facade.Desk.record`.
"""

from __future__ import annotations

from typing import Any

from console.clinic.ids import normalise_id
from console.clinic.models import Appointment, Patient
from console.desk.facade import Desk
from console.store import StoreError
from console.store import audit as audit_trail
from console.store import backup as store_backup


class Administration:
    """Checks, backups and restores, audit queries and bulk loads for a desk's store."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.store = desk.store

    # -- checks ---------------------------------------------------------------------

    def check(self) -> list[tuple[str, str]]:
        """Problems found reading every store file (empty when all is well)."""
        return self.store.check()

    def file_count(self) -> int:
        """How many data files the store holds."""
        return self.store.file_count()

    # -- the audit trail (see console/store/audit.py) -------------------------------

    def verify_audit(self) -> list[str]:
        """Problems in the audit trail's hash chain, one sentence each (empty when intact)."""
        return audit_trail.verify(self.store.root)

    def audit_recent(self, limit: int = 20) -> list[dict[str, Any]]:
        """The newest ``limit`` audit entries, oldest first."""
        return audit_trail.recent(self.store.root, limit)

    def audit_history(self, kind: str | None, rid: str) -> list[dict[str, Any]]:
        """Every audit entry about one patient or appointment (any kind if None), oldest first."""
        return audit_trail.history(self.store.root, kind, normalise_id(rid))

    # -- backups (see console/store/backup.py) ---------------------------------------

    def backup(self) -> str:
        """Take a backup now and apply the retention setting; return the archive's path."""
        name = store_backup.take_backup(self.store, self.desk.now().datetime)
        store_backup.prune(self.store.root, max(self.desk.config.backup_retention, 1))
        return str(store_backup.backup_dir(self.store.root) / f"{name}{store_backup.SUFFIX}")

    def backups(self) -> list[str]:
        """Names of the store's backups, oldest first."""
        return store_backup.list_backups(self.store.root)

    def check_backups(self) -> list[tuple[str, str]]:
        """``(backup, problem)`` for each backup that could not be restored from."""
        problems: list[tuple[str, str]] = []
        for name in self.backups():
            try:
                store_backup.read_backup(self.store.root, name)
            except StoreError as err:
                problems.append((name, str(err)))
        return problems

    def restore(self, name: str) -> str:
        """Replace the data files with backup ``name``; return where the old ones were put."""
        self.desk.require_manager("restore a backup")
        aside = store_backup.restore(self.store, name, self.desk.now().datetime)
        # The trail goes back with the data; say so in it, so the gap is explained and
        # the entries made since the backup can be found in the set-aside folder.
        with self.store.locked():
            self.desk.record("store.restore", "store", name, None, {"set_aside": str(aside)})
        return str(store_backup.backup_dir(self.store.root) / aside)

    def auto_backup(self) -> str | None:
        """Take the day's backup if none was taken today (clinic date); its path or None."""
        if not store_backup.daily_backup_due(self.store.root, self.desk.today()):
            return None
        return self.backup()

    # -- bulk loads --------------------------------------------------------------------

    def bulk_load(self, patients: list[Patient], appointments: list[Appointment]) -> None:
        """Insert many already-validated records at once (seeding and imports)."""
        desk = self.desk
        by_year: dict[int, list[Patient]] = {}
        for patient in patients:
            year = int(patient.created[:4]) if patient.created else desk.today().year
            by_year.setdefault(year, []).append(patient)
        with self.store.locked():
            for year, group in by_year.items():
                desk.patients.add_many(group, year)
            desk.appointments.add_many(appointments, desk.tz)
            counts = {"patients": len(patients), "appointments": len(appointments)}
            desk.record("store.seed", "store", "", None, counts)
