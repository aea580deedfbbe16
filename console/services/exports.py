"""Exports: a schedule as CSV for spreadsheets or iCalendar (through ``icalendar``) for
calendars, and the patient list as CSV (what ``import patients`` reads back)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from console.clinic import status as st
from console.clinic.config import ClinicConfig
from console.clinic.errors import InvalidInput
from console.clinic.patient_csv import EXPORT_HEADER, export_row
from console.desk import Desk, Visit


def _cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (a name like ``=HYPERLINK``)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(visits: Iterable) -> str:
    """One row per visit with clinic-local and ISO times."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "date",
            "start",
            "end",
            "start_iso",
            "minutes",
            "type",
            "patient_id",
            "patient",
            "phone",
            "provider",
            "room",
            "status",
        ]
    )
    for v in visits:
        a = v.appointment
        writer.writerow(
            [
                _cell(x)
                for x in (
                    a.id,
                    v.start.date().isoformat(),
                    v.start.format("HH:mm"),
                    v.end.format("HH:mm"),
                    v.start.isoformat(),
                    a.minutes,
                    v.type_label,
                    a.patient_id,
                    v.patient.name,
                    v.patient.phone_display,
                    a.provider,
                    a.room,
                    st.LABELS[a.status],
                )
            ]
        )
    return out.getvalue()


def to_ics(visits: Iterable, config: ClinicConfig, stamp: dt.datetime | None = None) -> str:
    """An iCalendar file; times carry the clinic's zone (``TZID=America/Los_Angeles``)."""
    import icalendar  # here: only an iCalendar export loads it

    stamp = stamp or dt.datetime.now(dt.UTC)  # DTSTAMP: when the file was made
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Iconic Skin Clinic//frontdesk//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", config.timezone)
    timezone = icalendar.Timezone.from_tzid(config.timezone)
    cal.add_component(timezone)
    for v in visits:
        a = v.appointment
        event = icalendar.Event()
        event.add("uid", f"{a.id}@frontdesk.iconic-skin-clinic")
        event.add("summary", f"{v.type_label}: {v.patient.name}")
        event.add("dtstart", v.start.datetime)
        event.add("dtend", v.end.datetime)
        event.add("location", f"{config.name}, {a.room}")
        event.add(
            "description", f"{a.provider} · {st.LABELS[a.status]} · {v.patient.phone_display}"
        )
        # A no-show held its slot: only a cancellation is CANCELLED.
        if a.status == st.CANCELLED:
            event.add("status", "CANCELLED")
        event.add("dtstamp", stamp)
        cal.add_component(event)
    return cal.to_ical().decode()


def export_schedule(desk: Desk, first: dt.date, last: dt.date, fmt: str) -> str:
    """The visits from ``first`` to ``last`` as CSV or iCalendar text."""
    if last < first:
        raise InvalidInput("The end date is before the start date.", "to")
    if (last - first).days > 366:
        raise InvalidInput("Export at most one year at a time.", "to")
    visits: list[Visit] = []
    day = first
    while day <= last:
        visits.extend(desk.schedule(day).visits)
        day += dt.timedelta(days=1)
    if fmt == "csv":
        return to_csv(visits)
    if fmt == "ics":
        return to_ics(visits, desk.config, desk.now().to("UTC").datetime)
    raise InvalidInput(f"{fmt!r} is not an export format; use csv or ics.", "format")


def patients_csv(desk: Desk) -> tuple[str, int]:
    """Every patient as CSV (the columns ``import patients`` reads back) and how many.

    Manager only: it is the whole patient list.
    """
    desk.require_manager("export the patient list")
    with desk.store.reading():
        patients = desk.patients.all()
    patients.sort(key=lambda p: (p.last.casefold(), p.first.casefold(), p.id))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # what spreadsheets write
    writer.writerow(EXPORT_HEADER)
    for patient in patients:
        writer.writerow([_cell(x) for x in export_row(patient)])
    return out.getvalue(), len(patients)


def record_patient_export(desk: Desk, count: int) -> None:
    """Audit that the patient list left the store (how many, never who)."""
    with desk.changing():
        desk.record("patient.export", "patients", "export", None, {"patients": count})
