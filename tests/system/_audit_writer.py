"""One of several desks writing to the same store (started by test_audit_processes).

Usage: python _audit_writer.py STORE INDEX

Prints "ready" once imported, waits for a line on stdin, then makes 50 changes as the
login ``writer<INDEX>``: 25 registrations, each followed by an update of that patient.
"""

import sys
from pathlib import Path

import arrow

from console import locations, shipped
from console.clinic.actor import Actor
from console.clinic.clock import FixedClock
from console.desk import Desk
from console.store import Store


def main() -> None:
    root, index = Path(sys.argv[1]), int(sys.argv[2])
    folder = locations.shipped_dir()
    config = shipped.load_clinic_config(folder)
    clock = FixedClock(arrow.Arrow(2026, 11, 24, 10, 30, tzinfo=config.tz), config.tz)
    treatments = shipped.load_treatments(folder)
    desk = Desk(Store(root), config, treatments, clock, actor=Actor(f"writer{index}"))
    print("ready", flush=True)
    sys.stdin.readline()
    for n in range(25):
        patient = desk.add_patient(f"Writer{index}", f"Patient{n}", f"714-225-{5000 + n}")
        desk.update_patient(patient.id, notes=f"change {n}")
    desk.close()
    print("done", flush=True)


if __name__ == "__main__":
    main()
