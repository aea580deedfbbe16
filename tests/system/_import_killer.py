"""Fork server for the import kill -9 test (started by test_import_crash).

Usage: python _import_killer.py STORE

Imports everything once, prints "ready", then for each line "run SEED" on stdin forks a
fresh process that imports file after file of :data:`ROWS` new patients (every phone
unique to its seed and file), printing "imported SEED K" after import K returns. The
test kills it with SIGKILL; this server reaps it and prints "reaped PID SIGNAL".
"""

import itertools
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import arrow
from _fork_loop import say, serve_forks

from console import locations, shipped
from console.clinic.clock import FixedClock
from console.desk import Desk
from console.desk.importing import run_import
from console.store import Store

FOLDER = locations.shipped_dir()
CONFIG = shipped.load_clinic_config(FOLDER)
TREATMENTS = shipped.load_treatments(FOLDER)
TZ = CONFIG.tz
ROWS = 200


def patient_file(seed: int, k: int) -> str:
    """ROWS patients whose phones no other seed or file uses."""
    lines = ["First Name,Last Name,Mobile"]
    for i in range(ROWS):
        serial = (seed * 1000 + k) * ROWS + i
        phone = f"(714) {200 + (serial // 10000) % 800}-{serial % 10000:04d}"
        lines.append(f"Kill,Test,{phone}")  # no birth date: same name and date = same person
    return "\n".join(lines) + "\n"


class SlowDisk(Desk):
    """A desk whose audit entry for an import comes a moment after the patients are
    written (as on a slow disk), so that many kills land between the two writes."""

    def record(self, action: str, *args: Any, **kwargs: Any) -> None:
        if action == "patient.import":
            time.sleep(0.03)
        super().record(action, *args, **kwargs)
        if action == "patient.import":
            time.sleep(0.03)


def desk_on(root: Path) -> Desk:
    clock = FixedClock(arrow.Arrow(2026, 11, 24, 10, 30, tzinfo=TZ), TZ)
    return SlowDisk(Store(root), CONFIG, TREATMENTS, clock)


def importer(root: Path, seed: int) -> None:
    desk = desk_on(root)
    say(f"start {os.getpid()}")
    for k in itertools.count():
        plan = run_import(desk, patient_file(seed, k), None)
        assert not plan.refused, plan.refused
        say(f"imported {seed} {k}")


def warm_up() -> None:
    """One import on a scratch store, so that lazy imports are done before fork."""
    with tempfile.TemporaryDirectory() as scratch:
        desk = desk_on(Path(scratch))
        run_import(desk, patient_file(999, 0), None)
        desk.close()


def main() -> None:
    root = Path(sys.argv[1])
    warm_up()
    serve_forks(lambda args: importer(root, int(args[0])))


if __name__ == "__main__":
    main()
