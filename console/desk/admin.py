"""The store's administration: checks, backups, the audit trail's queries, bulk loads.

Apart from the daily :class:`~console.desk.facade.Desk` so that the console's screens
never see it: the command line (``check``, ``backup``, ``restore``, ``audit``), the
console's start-up backup and the seeding tools use it. It works on the same store,
clock and person as the desk it is given, and records through the desk's public
:meth:`~console.desk.facade.Desk.record`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from console import locations
from console.clinic.ids import normalise_id
from console.clinic.models import Appointment, Patient
from console.clinic.text import shown
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
        """Problems found reading every store file and document (empty when all is well)."""
        bad = self.desk.patients.invalid_documents() + self.desk.appointments.invalid_documents()
        found = self.store.check()
        # A setup file that parses but is no usable setup (the store's check reads files).
        damaged = {entry for entry, _ in found}
        found += [p for p in self.desk.setup_problems() if p[0] not in damaged]
        return found + [(doc.file, doc.check_line) for doc in bad]

    def content_problems(self) -> list[str]:
        """The clinic's content files that could not be used, ``"<path> line N: ..."`` each."""
        return list(self.desk.content.problems)

    def content_summary(self) -> str:
        """Which treatments the desk answers from, for ``frontdesk check``."""
        treatments = self.desk.content.treatments.values()
        own = [t.key for t in treatments if t.origin == "clinic"]
        shipped = [t.key for t in treatments if t.origin != "clinic"]
        text = f"content: shipped {', '.join(shipped) or 'none'}"
        if own:
            return f"{text}; the clinic's own {', '.join(own)}"
        # Say where they would go: an admin adding one checks here first.
        folder = shown(str(locations.setup_dir(self.store.root)))
        return f"{text}; no clinic treatments (their folder: {folder})"

    def leftovers(self) -> list[tuple[str, str]]:
        """``(file, problem)`` for what an interrupted restore left that was not cleared."""
        return store_backup.leftovers(self.store.root)

    def file_count(self) -> int:
        """How many data files the store holds."""
        return self.store.file_count()

    # -- the audit trail (see console/store/audit.py) -------------------------------

    def verify_audit(self) -> list[str]:
        """Problems in the audit trail's hash chain, one sentence each (empty when intact)."""
        return audit_trail.verify(self.store.root)

    def audit_problems(self) -> list[str]:
        """Every problem of the audit trail, one sentence each (empty when all is well).

        The hash chain (:meth:`verify_audit`); that the trail extends the head every
        kept backup recorded (a trail cut back or deleted since is caught, unless a
        restore since explains it); and that every stored record was brought in by an
        entry (or a bulk load's).
        """
        root = self.store.root
        heads = {name: head for name in self.backups() if (head := _head(root, name))}
        found = audit_trail.survey(root, {seq for seq, _ in heads.values()})
        problems = list(found.problems)
        for name, (seq, digest) in heads.items():
            if seq == 0 or _explained_by_restore(name, found.last_restore):
                continue
            have = found.hashes.get(seq)
            if have is None:
                problems.append(
                    f"Backup {name} holds audit entries up to {seq}, but the trail now ends "
                    f"at entry {found.entries}: entries were cut off or deleted since."
                )
            elif have != digest:
                problems.append(
                    f"Backup {name} holds audit entry {seq}, but the trail's entry {seq} is "
                    "a different one: the trail was replaced since."
                )
        ids, complete = self._record_ids()
        # With a data file unreadable (check names it) a bulk load's records cannot all
        # be counted, so its digest cannot match: that says nothing about the trail.
        missing = audit_trail.unaudited(ids, found) if complete or not found.batches else []
        if missing:
            named = ", ".join(missing[:3]) + (", …" if len(missing) > 3 else "")
            problems.append(
                f"{len(missing)} stored records have no audit entry that created them ({named})."
            )
        return problems

    def _record_ids(self) -> tuple[set[str], bool]:
        """The id of every readable patient and appointment, and whether every file read.

        Damaged files are skipped here (check reports them).
        """
        ids: set[str] = set()
        complete = True
        for kind in ("patients", "appointments"):
            for part in self.store.partitions(kind):
                try:
                    docs = self.store.table(kind, part).all()
                except StoreError:
                    complete = False
                    continue
                ids.update(d["id"] for d in docs if isinstance(d.get("id"), str))
        return ids, complete

    def audit_recent(self, limit: int = 20) -> list[dict[str, Any]]:
        """The newest ``limit`` audit entries, oldest first."""
        return audit_trail.recent(self.store.root, limit)

    def audit_history(self, kind: str | None, rid: str) -> list[dict[str, Any]]:
        """Every audit entry about one patient or appointment (any kind if None), oldest first."""
        return audit_trail.history(self.store.root, kind, normalise_id(rid))

    # -- backups (see console/store/backup.py) ---------------------------------------

    def backup(self) -> str:
        """Take a backup now and apply the retention setting; return the archive's path."""
        now = self.desk.now().datetime
        name = store_backup.take_backup(self.store, now)
        keep = max(self.desk.config.backup_retention, 1)
        store_backup.prune(self.store.root, keep, now, taken=name)
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

        def record(stage: Path, aside: str) -> None:
            # The trail goes back with the data; say so in it (appended to the restored
            # trail before the swap, so the entry and the files go in together), so the
            # gap is explained and the entries made since the backup can be found in the
            # set-aside folder.
            log = audit_trail.AuditLog(stage, self.store.modes)
            self.desk.record("store.restore", "store", name, None, {"set_aside": aside}, into=log)

        aside = store_backup.restore(self.store, name, self.desk.now().datetime, record)
        return str(store_backup.backup_dir(self.store.root) / aside)

    def auto_backup(self) -> str | None:
        """Take the day's backup if none was taken today (clinic date); its path or None."""
        now = self.desk.now()
        if not store_backup.daily_backup_due(self.store.root, now.date(), now.datetime):
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
        # One entry for the whole load; its id is the digest of every id it created, so
        # `check` can tell these records from ones that appeared without an entry.
        batch = audit_trail.batch_id([p.id for p in patients] + [a.id for a in appointments])
        with desk.changing():
            for year, group in by_year.items():
                desk.patients.add_many(group, year)
            desk.appointments.add_many(appointments, desk.tz)
            counts = {"patients": len(patients), "appointments": len(appointments)}
            desk.record("store.seed", "store", batch, None, counts)


def _head(root: Path, name: str) -> tuple[int, str] | None:
    """The audit head backup ``name`` recorded (None when it cannot be read: see check)."""
    try:
        return store_backup.read_head(root, name)
    except StoreError:
        return None


def _explained_by_restore(name: str, last_restore: str) -> bool:
    """True when a restore made after backup ``name`` replaced the trail it had seen."""
    if not last_restore:
        return False
    try:
        restored = dt.datetime.fromisoformat(last_restore).replace(tzinfo=None)
        taken = dt.datetime.strptime(name[:17], store_backup.STAMP_FORMAT)
    except ValueError:
        return False
    return taken <= restored
