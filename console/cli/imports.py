"""``frontdesk import patients FILE.csv``: bring the clinic's patients over (manager only).

The report comes first (counts, the columns used, every bad row with its line, the
likely duplicates, a few of the patients to add), then the import, all or nothing.
A refused import (a bad row without ``--skip-bad``) prints the report and ends with one
sentence on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from console.cli.command import Command, on_desk
from console.cli.output import emit
from console.clinic.errors import InvalidInput
from console.clinic.models import Patient
from console.desk import Desk

if TYPE_CHECKING:  # the import machinery is loaded by `frontdesk import` alone
    from console.clinic.patient_csv import Row
    from console.desk.importing import ImportPlan

#: How many of the patients to add the report shows.
SAMPLE = 5


def _options(parser: argparse.ArgumentParser) -> None:
    from console.clinic.patient_csv import FIELDS, IGNORE  # the parser of `import` only

    parser.add_argument("what", choices=("patients",), help="what to import (patients)")
    parser.add_argument("file", metavar="FILE.csv", help="a CSV file with a header row")
    parser.add_argument("--dry-run", action="store_true", help="only show what would be imported")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=f"read COLUMN as FIELD ({', '.join(FIELDS)}, or {IGNORE}); repeatable",
    )
    parser.add_argument(
        "--skip-bad", action="store_true", help="import the good rows, leaving the bad ones out"
    )
    parser.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="import rows that look like a registered patient or an earlier row too",
    )


def import_patients(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk import patients FILE.csv [--dry-run] [--map C=F ...] [--skip-bad]``."""
    from console.clinic.patient_csv import parse_map
    from console.desk.importing import plan_import, run_import
    from console.services.patient_import import read_import_file

    mapping = parse_map(args.map)
    read = read_import_file(Path(args.file))
    allow = args.allow_duplicates
    if args.dry_run:
        plan = plan_import(desk, read.text, mapping, allow_duplicates=allow)
    else:
        plan = run_import(desk, read.text, mapping, skip_bad=args.skip_bad, allow_duplicates=allow)
    lines = report(plan, read.encoding)
    if args.dry_run:
        lines.append("Dry run: nothing was imported.")
    elif plan.imported:
        lines.append(f"Imported {len(plan.imported)} patients (one import in the audit trail).")
    emit(args, _as_json(plan, read.encoding, args.dry_run), lines)
    if plan.refused:
        raise InvalidInput(plan.refused, "file")


def report(plan: ImportPlan, encoding: str) -> list[str]:
    """The import's report, line by line (what ``--dry-run`` prints in full)."""
    lines = [
        f"{plan.rows} rows: {len(plan.ready)} to import, {len(plan.bad)} bad, "
        f"{plan.skipped_duplicates} likely duplicates left out.",
        "Columns: " + ", ".join(plan.columns.described()) + ".",
    ]
    if plan.columns.ignored:
        lines.append("Not imported: " + ", ".join(plan.columns.ignored) + ".")
    if encoding != "UTF-8":
        lines.append(f"The file was read as {encoding}.")
    if plan.bad:
        lines.append("Bad rows (a file with a bad row imports nothing unless --skip-bad):")
        lines += [f"  line {row.line}: {row.problem}" for row in plan.bad]
    if plan.existing or plan.repeats:
        lines.append("Likely duplicates, left out (--allow-duplicates imports them):")
        lines += [
            f"  line {row.line}: {_who(row)} looks like {p.id} {p.name} ({p.phone_display})"
            for row, p in plan.existing
        ]
        lines += [
            f"  line {row.line}: {_who(row)} repeats line {row.repeats}" for row in plan.repeats
        ]
    if plan.ready:
        lines.append("First patients to import:" if not plan.imported else "First imported:")
        shown = plan.imported[:SAMPLE] or [r.patient for r in plan.ready[:SAMPLE] if r.patient]
        lines += [f"  {_details(p)}" for p in shown]
    return lines


def _who(row: Row) -> str:
    return row.patient.name if row.patient else "?"


def _details(p: Patient) -> str:
    parts = [p.id, p.name, p.phone_display, p.dob.isoformat() if p.dob else "", p.email]
    return " · ".join(part for part in parts if part)


def _as_json(plan: ImportPlan, encoding: str, dry_run: bool) -> dict[str, Any]:
    return {
        "rows": plan.rows,
        "to_import": len(plan.ready),
        "imported": len(plan.imported),
        "dry_run": dry_run,
        "encoding": encoding,
        "columns": {
            f: [plan.columns.header[i] for i in ix] for f, ix in plan.columns.sources.items()
        },
        "ignored_columns": list(plan.columns.ignored),
        "bad": [{"line": r.line, "problem": r.problem} for r in plan.bad],
        "duplicates": [{"line": r.line, "patient_id": p.id} for r, p in plan.existing]
        + [{"line": r.line, "repeats_line": r.repeats} for r in plan.repeats],
        "imported_ids": [p.id for p in plan.imported],
        "refused": plan.refused,
    }


COMMANDS = (
    Command(
        "import",
        "import patients from another system's CSV (manager only)",
        _options,
        on_desk(import_patients),
    ),
)
