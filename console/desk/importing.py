"""Bringing a clinic's patients over from another system's CSV export (manager only).

:func:`plan_import` reads the rows and says what an import would do: the patients it
would add, every bad row (its line and one sentence), and the rows that are likely
people already registered (the desk's duplicate rule: the same name with the same
phone or birth date) or that repeat an earlier row. :func:`run_import` does it, all or
nothing: the plan is made again under the store lock, a bad row refuses the whole
file unless ``skip_bad``, and the patients and their ONE ``patient.import`` audit entry
(counts only, never a patient's details) are written through the store's import
journal (``console/store/imports.py``), so a kill half-way imports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from console.clinic.ids import new_id
from console.clinic.localtime import to_iso
from console.clinic.models import Patient
from console.clinic.patient_csv import Columns, Row, identity_keys, parse_rows
from console.desk.facade import Desk
from console.store import StoreError
from console.store import audit as audit_trail
from console.store import imports as journal

#: What the audit entry and the refusals call the operation.
WHAT = "import patients"


@dataclass
class ImportPlan:
    """What importing a file does (or did, once ``imported`` is set)."""

    columns: Columns
    rows: int
    ready: list[Row] = field(default_factory=list)
    bad: list[Row] = field(default_factory=list)
    repeats: list[Row] = field(default_factory=list)
    #: Rows that are likely a registered patient, with that patient.
    existing: list[tuple[Row, Patient]] = field(default_factory=list)
    imported: list[Patient] = field(default_factory=list)
    #: Why nothing was imported (one sentence), when the import was refused.
    refused: str = ""

    @property
    def skipped_duplicates(self) -> int:
        """Rows left out as likely duplicates (of a registered patient or of an earlier row)."""
        return len(self.repeats) + len(self.existing)


def plan_import(
    desk: Desk, text: str, mapping: dict[str, str] | None, *, allow_duplicates: bool = False
) -> ImportPlan:
    """What importing the CSV ``text`` would do; nothing is written."""
    desk.require_manager(WHAT)
    with desk.store.reading():
        return _plan(desk, text, mapping, allow_duplicates)


def run_import(
    desk: Desk,
    text: str,
    mapping: dict[str, str] | None,
    *,
    skip_bad: bool = False,
    allow_duplicates: bool = False,
) -> ImportPlan:
    """Import the CSV ``text``, all or nothing; the plan with ``imported`` filled in.

    Refused (``refused`` says why, nothing written) while any row is bad, unless
    ``skip_bad``, and when no new patient is left to import.
    """
    desk.require_manager(WHAT)
    with desk.changing():
        plan = _plan(desk, text, mapping, allow_duplicates)
        if plan.bad and not skip_bad:
            them = "it" if len(plan.bad) == 1 else "them"
            plan.refused = (
                f"Nothing was imported: {_rows(len(plan.bad))} bad; fix {them} "
                f"or add --skip-bad to leave {them} out."
            )
        elif not plan.ready:
            plan.refused = "Nothing was imported: the file has no new patient to add."
        else:
            plan.imported = _write(desk, plan)
    return plan


def _rows(n: int) -> str:
    return f"{n} row is" if n == 1 else f"{n} rows are"


def _plan(desk: Desk, text: str, mapping: dict[str, str] | None, allow: bool) -> ImportPlan:
    now = desk.now()
    columns, rows = parse_rows(text, mapping, today=now.date(), created=to_iso(now))
    plan = ImportPlan(columns, len(rows))
    known = desk.patients.identities()
    matches: dict[int, str] = {}
    for row in rows:
        p = row.patient
        if p is None:
            plan.bad.append(row)
            continue
        dob = p.dob.isoformat() if p.dob else None
        pid = next(
            (known[k] for k in identity_keys(p.first, p.last, p.phone, dob) if k in known), ""
        )
        if pid and not allow:
            matches[row.line] = pid
        elif row.repeats and not allow:
            plan.repeats.append(row)
        else:
            plan.ready.append(row)
    found = desk.patients.get_many(sorted(set(matches.values())))
    plan.existing = [(row, found[matches[row.line]]) for row in rows if row.line in matches]
    return plan


def _write(desk: Desk, plan: ImportPlan) -> list[Patient]:
    """Write the plan's patients and its audit entry through the import journal (lock held)."""
    now = desk.now()
    taken: set[str] = set()
    patients: list[Patient] = []
    for row in plan.ready:
        assert row.patient is not None
        pid = new_id("P", 6)
        while pid in taken or desk.patients.exists(pid):
            pid = new_id("P", 6)
        taken.add(pid)
        patients.append(replace(row.patient, id=pid))
    ids = [p.id for p in patients]
    batch, partition = audit_trail.batch_id(ids), str(now.year)
    store = desk.store
    journal.begin(store, batch, partition, ids)
    try:
        desk.patients.add_many(patients, now.year)
    except BaseException:
        journal.roll_back(store, partition, ids)
        raise
    counts = {
        "patients": len(patients),
        "bad_rows_left_out": len(plan.bad),
        "duplicates_left_out": plan.skipped_duplicates,
    }
    try:
        desk.record("patient.import", "patients", batch, None, counts)
    except StoreError:
        if not audit_trail.history_of(store.root, {batch}):
            journal.roll_back(store, partition, ids)
            raise StoreError(
                "The audit trail could not record the import, so nothing was imported: "
                "run `frontdesk check`."
            ) from None
    journal.finish(store)
    return patients
