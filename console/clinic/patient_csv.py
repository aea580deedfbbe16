"""Patients in CSV: reading another system's export, and the columns ours writes.

Pure: text in, checked rows out. Column names other systems use ("First Name",
"Mobile", "DOB", "E-mail", ...) are recognised whatever their case, spaces or
punctuation; ``--map COLUMN=FIELD`` names the others. Every row becomes a
:class:`Row`: a validated :class:`~console.clinic.models.Patient` (no id yet), or one
sentence saying what is wrong with it. Phones and dates are read in their usual US
spellings (``(714) 225-5137``, ``714.225.5137``; ``5/6/1980``, ``05/06/80``,
``1980-05-06``). A row that repeats an earlier one (same name, and the same phone or
birth date) is marked with the line it repeats.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from console.clinic.errors import InvalidInput
from console.clinic.models import Patient, entry, new_patient
from console.clinic.text import clean, name_key

#: The patient fields a column can fill (``name`` is "First Last" or "Last, First").
FIELDS = (
    "first",
    "last",
    "name",
    "phone",
    "dob",
    "email",
    "allergies",
    "conditions",
    "notes",
    "alert",
)
#: ``--map COLUMN=ignore`` leaves a recognised column out.
IGNORE = "ignore"

#: Recognised column names (folded: lower case, letters and digits only), by field.
#: Several phone columns are tried in this order, the first non-empty one wins.
ALIASES: dict[str, tuple[str, ...]] = {
    "first": ("firstname", "first", "givenname", "fname", "forename", "patientfirstname"),
    "last": ("lastname", "last", "surname", "familyname", "lname", "patientlastname"),
    "name": ("name", "fullname", "patientname"),
    "phone": (
        "mobile",
        "mobilephone",
        "mobilenumber",
        "cell",
        "cellphone",
        "cellnumber",
        "phone",
        "phonenumber",
        "telephone",
        "tel",
        "primaryphone",
        "homephone",
        "workphone",
    ),
    "dob": ("dob", "dateofbirth", "birthdate", "birthday", "born"),
    "email": ("email", "emailaddress"),
    "allergies": ("allergies", "allergy"),
    "conditions": ("conditions", "medicalconditions", "condition"),
    "notes": ("notes", "note", "comments", "comment"),
    "alert": ("alert",),
}

#: The header of the CSV ``frontdesk export patients`` writes (and imports back).
EXPORT_HEADER = (
    "Patient ID",
    "First Name",
    "Last Name",
    "Phone",
    "DOB",
    "Email",
    "Allergies",
    "Conditions",
    "Notes",
    "Alert",
)

#: A spreadsheet-safe cell starts with ``'`` before these (see services/exports.py).
_FORMULA_START = ("=", "+", "-", "@")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def fold_header(text: str) -> str:
    """A column name compared without case, spaces or punctuation (``E-mail`` -> ``email``)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass(frozen=True)
class Columns:
    """Which columns (by index) fill which field, and the columns left out."""

    sources: dict[str, tuple[int, ...]]
    header: tuple[str, ...]
    ignored: tuple[str, ...]

    def described(self) -> list[str]:
        """``"First Name -> first"`` for every column used, in field order."""
        return [
            f"{self.header[i]} -> {field}" for field in FIELDS for i in self.sources.get(field, ())
        ]


@dataclass(frozen=True)
class Row:
    """One data row of the file: a patient to add, or why not (one sentence)."""

    line: int
    patient: Patient | None
    problem: str = ""
    #: The earlier line of the file this row repeats (0: none).
    repeats: int = 0


def parse_map(pairs: Iterable[str]) -> dict[str, str]:
    """``["Cell #=phone", ...]`` -> ``{folded column: field}``; one sentence per mistake."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.partition("=")
        field = field.strip().casefold()
        if not sep or not column.strip():
            raise InvalidInput(
                f"--map takes COLUMN=FIELD (e.g. 'Cell #=phone'), not {pair!r}.", "map"
            )
        if field not in FIELDS and field != IGNORE:
            raise InvalidInput(
                f"{field!r} is not a patient field; use one of {', '.join(FIELDS)} or {IGNORE}.",
                "map",
            )
        mapping[fold_header(column)] = field
    return mapping


def columns_of(header: Sequence[str], mapping: dict[str, str] | None = None) -> Columns:
    """Match the header's columns to fields (``mapping`` first, then the usual names).

    Raises :class:`InvalidInput` naming what is missing: a first and last name (or a
    name column) and a phone column are needed.
    """
    mapping = mapping or {}
    folded = [fold_header(h) for h in header]
    shown = ", ".join(h.strip() or "(blank)" for h in header) or "none"
    for column in mapping:
        if column not in folded:
            raise InvalidInput(
                f"The file has no column {column!r} to map (its columns: {shown}).", "map"
            )
    sources: dict[str, list[int]] = {}
    # Columns the mapping names first, so --map X=phone puts X before the usual names.
    for index, name in enumerate(folded):
        field = mapping.get(name)
        if field and field != IGNORE:
            sources.setdefault(field, []).append(index)
    for field, names in ALIASES.items():
        for alias in names:
            for index, name in enumerate(folded):
                if (
                    name == alias
                    and name not in mapping
                    and (field == "phone" or field not in sources)
                ):
                    sources.setdefault(field, []).append(index)
    if "first" in sources and "last" in sources:
        sources.pop("name", None)
    elif "name" not in sources:
        missing = "first name" if "first" not in sources else "last name"
        raise InvalidInput(
            f"The file has no {missing} column (its columns: {shown}); "
            "name it with --map COLUMN=first or COLUMN=last (or COLUMN=name).",
            "map",
        )
    else:
        sources.pop("first", None)
        sources.pop("last", None)
    if "phone" not in sources:
        raise InvalidInput(
            f"The file has no phone column (its columns: {shown}); "
            "name it with --map COLUMN=phone.",
            "map",
        )
    used = {i for found in sources.values() for i in found}
    ignored = [header[i].strip() for i in range(len(header)) if i not in used and header[i].strip()]
    return Columns({k: tuple(v) for k, v in sources.items()}, tuple(header), tuple(ignored))


def parse_birth_date(text: str, today: dt.date) -> dt.date | None:
    """A birth date in a usual US spelling; None when blank.

    ``M/D/YYYY``, ``MM/DD/YY`` (a two-digit year is the latest one not after today),
    ``M-D-YYYY`` and ``YYYY-MM-DD``. Anything else, or a day that does not exist,
    raises :class:`InvalidInput`.
    """
    value = text.strip()
    if not value:
        return None
    value = value.split("T")[0].split(" ")[0]  # "1980-05-06 00:00:00" from a spreadsheet
    iso, us = _ISO_DATE.match(value), _NUMERIC_DATE.match(value)
    try:
        if iso:
            year, month, day = (int(g) for g in iso.groups())
            return dt.date(year, month, day)
        if us:
            month, day, year = (int(g) for g in us.groups())
            if len(us.group(3)) == 2:
                year += 2000 if 2000 + year <= today.year else 1900
            return dt.date(year, month, day)
    except ValueError:
        raise InvalidInput(f"{text.strip()!r} is not a date that exists.", "dob") from None
    raise InvalidInput(
        f"{text.strip()!r} is not a date of birth; use M/D/YYYY, MM/DD/YY or YYYY-MM-DD.", "dob"
    )


def split_name(text: str) -> tuple[str, str]:
    """``"Last, First"`` or ``"First Middle Last"`` -> (first, last)."""
    value = " ".join(clean(text).split())
    if "," in value:
        last, _, first = value.partition(",")
        first, last = first.strip(), last.strip()
    else:
        first, _, last = value.rpartition(" ")
    if not first or not last:
        raise InvalidInput(
            f"{value!r} is not a first and last name; use First Name and Last Name columns.",
            "name",
        )
    return first, last


def unspreadsheet(cell: str) -> str:
    """Undo the ``'`` an export puts before text a spreadsheet would run as a formula."""
    if cell[:1] == "'" and cell[1:2] in _FORMULA_START:
        return cell[1:]
    return cell


def _cells(row: Sequence[str], columns: Columns, field: str) -> str:
    for index in columns.sources.get(field, ()):
        if index < len(row) and row[index].strip():
            return unspreadsheet(row[index])
    return ""


def read_row(row: Sequence[str], columns: Columns, *, today: dt.date, created: str) -> Patient:
    """One data row as a new patient (no id yet); :class:`InvalidInput` if it is not one."""
    if len(row) > len(columns.header) and any(c.strip() for c in row[len(columns.header) :]):
        raise InvalidInput(
            f"It has {len(row)} cells where the header has {len(columns.header)} "
            "(a comma outside quotes?).",
            "general",
        )
    if "name" in columns.sources:
        first, last = split_name(_cells(row, columns, "name"))
    else:
        first, last = _cells(row, columns, "first"), _cells(row, columns, "last")
    health = {}
    for field in ("allergies", "conditions"):
        items = [part for part in _cells(row, columns, field).split(";") if clean(part)]
        health[field] = [entry(part, field) for part in items]
    return new_patient(
        "",
        first,
        last,
        _cells(row, columns, "phone"),
        today=today,
        created=created,
        dob=parse_birth_date(_cells(row, columns, "dob"), today),
        email=_cells(row, columns, "email"),
        conditions=health["conditions"],
        allergies=health["allergies"],
        notes=_cells(row, columns, "notes"),
        alert=_cells(row, columns, "alert"),
    )


def parse_rows(
    text: str, mapping: dict[str, str] | None, *, today: dt.date, created: str
) -> tuple[Columns, list[Row]]:
    """Every data row of the CSV ``text`` (header first), checked; blank rows are skipped.

    Raises :class:`InvalidInput` (one sentence) for a file that is not CSV, has no
    header, or lacks a needed column.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise InvalidInput("The file is empty: it has no header row.", "file")
        columns = columns_of([clean(h) for h in header], mapping)
        rows: list[Row] = []
        seen: dict[tuple[str, str], int] = {}
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            try:
                patient = read_row(cells, columns, today=today, created=created)
            except InvalidInput as err:
                rows.append(Row(line, None, str(err)))
                continue
            rows.append(_repeat(Row(line, patient), seen))
    except csv.Error as err:
        raise InvalidInput(
            f"Line {reader.line_num} is not CSV ({err}); nothing was read.", "file"
        ) from None
    return columns, rows


def identity_keys(first: str, last: str, phone: str, dob: str | None) -> list[tuple[str, str]]:
    """The keys two records of one person share: the name with the phone, or with the birth date."""
    key = name_key(first, last)
    found = [(key, "phone:" + phone)] if phone else []
    if dob:
        found.append((key, "dob:" + dob))
    return found


def _repeat(row: Row, seen: dict[tuple[str, str], int]) -> Row:
    """Mark ``row`` when an earlier row of the file is the same person; else remember it."""
    p = row.patient
    assert p is not None
    keys = identity_keys(p.first, p.last, p.phone, p.dob.isoformat() if p.dob else None)
    for key in keys:
        if key in seen:
            return replace(row, repeats=seen[key])
    for key in keys:
        seen[key] = row.line
    return row


def export_row(patient: Patient) -> list[str]:
    """One patient as a row under :data:`EXPORT_HEADER` (re-imports to the same details)."""
    return [
        patient.id,
        patient.first,
        patient.last,
        patient.phone_display,
        patient.dob.isoformat() if patient.dob else "",
        patient.email,
        "; ".join(patient.allergies),
        "; ".join(patient.conditions),
        patient.notes,
        patient.alert,
    ]
