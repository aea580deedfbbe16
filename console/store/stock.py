"""Stock TinyDB (``JSONStorage``, one file) holding the same records: the bench's baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document


class StockStore:
    """The same patients and appointments in one stock TinyDB file, used as TinyDB's docs show."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = TinyDB(path)
        self.patients = self.db.table("patients")
        self.appointments = self.db.table("appointments")

    def load(self, patients: list[dict[str, Any]], appointments: list[dict[str, Any]]) -> None:
        """Write every record (once, at set-up)."""
        self.patients.insert_multiple(patients)
        self.appointments.insert_multiple(appointments)

    def day(self, day: str) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
        """Appointments of a day with their patients."""
        q = Query()
        appts = self.appointments.search(q.day == day)
        ids = [a["patient_id"] for a in appts]
        people = {p["id"]: p for p in self.patients.search(q.id.one_of(ids))}
        return [(a, people.get(a["patient_id"])) for a in appts]

    def all_patients(self) -> list[Document]:
        """Every patient (stock TinyDB re-reads the whole file to answer)."""
        return self.patients.all()

    def book(self, doc: dict[str, Any]) -> None:
        """Check the day's appointments, then insert one."""
        self.appointments.search(Query().day == doc["day"])
        self.appointments.insert(doc)

    def set_status(self, aid: str, status: str) -> None:
        """Change one appointment's status."""
        self.appointments.update({"status": status}, Query().id == aid)

    def close(self) -> None:
        """Close the file."""
        self.db.close()
