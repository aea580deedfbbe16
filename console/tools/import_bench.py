"""How long a patient import takes: ``frontdesk bench`` reports it (a figure, not a test).

A file of synthetic patients in the spellings another system exports ("First Name",
"Mobile" as ``(714) 555-0123``, "DOB" as ``5/6/1980``) is imported, all or nothing,
into a store that already holds the clinic's history, so the duplicate check has
something to compare against.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from faker import Faker

from console.clinic.errors import InvalidInput
from console.clinic.phone import display_phone, normalise_phone
from console.desk import Desk
from console.desk.importing import plan_import, run_import

ROWS = 5000
AREA_CODES = ("714", "562", "657", "949")


def synthetic_file(rows: int = ROWS, seed: int = 5000) -> str:
    """``rows`` made-up patients as CSV, header first (never real people)."""
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    lines = ["First Name,Last Name,Mobile,DOB,E-mail"]
    while len(lines) <= rows:
        raw = f"({rng.choice(AREA_CODES)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"
        try:
            phone = display_phone(normalise_phone(raw))
        except InvalidInput:
            continue
        first, last = fake.first_name(), fake.last_name()
        born = f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(1948, 2004)}"
        lines.append(f'{first},{last},"{phone}",{born},{first.lower()}.{len(lines)}@example.com')
    return "\n".join(lines) + "\n"


def measure_import(desk: Desk, rows: int = ROWS) -> dict[str, float]:
    """Seconds to preview and to import ``rows`` new patients into the desk's store."""
    text = synthetic_file(rows)
    start = time.perf_counter()
    plan = plan_import(desk, text, None)
    previewed = time.perf_counter()
    done = run_import(desk, text, None, skip_bad=True)
    finished = time.perf_counter()
    return {
        "rows": rows,
        "imported": len(done.imported),
        "to_import": len(plan.ready),
        "preview_s": round(previewed - start, 2),
        "import_s": round(finished - previewed, 2),
    }


def main(folder: Path) -> None:  # pragma: no cover - a hand-run measurement
    """``python -m console.tools.import_bench STORE``: print the figures for a store."""
    from console.desk import open_desk

    desk = open_desk(folder)
    try:
        print(measure_import(desk))
    finally:
        desk.close()


if __name__ == "__main__":  # pragma: no cover
    import sys

    main(Path(sys.argv[1]))
