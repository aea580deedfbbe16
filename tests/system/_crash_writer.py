"""Fork server for the kill -9 test (started by test_store_crash).

Usage: python _crash_writer.py STORE

Imports everything once, prints "ready", then for each line "run SEED" on stdin forks a
fresh writer process. The writer prints "start PID", then loops forever: register a
patient, book a visit in 2027, move it to another month; after each call returns it
prints what was acknowledged ("P id", "A id start", "R id start"); before a move it
prints "W id start", the move it is about to make. The test kills the
writer with SIGKILL; this server reaps it and prints "reaped PID SIGNAL".
"""

import datetime as dt
import os
import random
import sys
import tempfile
from pathlib import Path

import arrow
from _fork_loop import say, serve_forks

from console import locations, shipped
from console.clinic.clock import FixedClock
from console.clinic.errors import ClinicError
from console.clinic.localtime import to_iso
from console.desk import Desk
from console.store import Store

FOLDER = locations.shipped_dir()
CONFIG = shipped.load_clinic_config(FOLDER)
TREATMENTS = shipped.load_treatments(FOLDER)
TZ = CONFIG.tz


def random_start(rng: random.Random, desk: Desk, month: int) -> arrow.Arrow:
    while True:
        day = dt.date(2027, month, rng.randint(1, 28))
        if desk.day_info(day).is_open and day.weekday() < 5:
            minute = 9 * 60 + 15 * rng.randrange(36)
            return arrow.Arrow(2027, month, day.day, minute // 60, minute % 60, tzinfo=TZ)


def writer(root: Path, seed: int) -> None:
    rng = random.Random(seed)
    clock = FixedClock(arrow.Arrow(2026, 11, 24, 10, 30, tzinfo=TZ), TZ)
    desk = Desk(Store(root), CONFIG, TREATMENTS, clock)
    say(f"start {os.getpid()}")
    while True:
        patient = desk.add_patient("Kill", f"Test{seed}", f"714-225-{rng.randint(1000, 9999)}")
        say(f"P {patient.id}")
        first, second = rng.sample(range(1, 13), 2)
        try:
            appt = desk.book(patient.id, random_start(rng, desk, first), "follow_up")
        except ClinicError:
            continue  # both providers busy then: not acknowledged, try again
        say(f"A {appt.id} {appt.start}")
        target = random_start(rng, desk, second)
        say(f"W {appt.id} {to_iso(target)}")  # about to move it: an intent, not an ack
        try:
            moved = desk.reschedule(appt.id, target)
        except ClinicError:
            continue
        say(f"R {moved.id} {moved.start}")


def warm_up() -> None:
    """One round on a scratch store, so that lazy imports and caches are filled before fork."""
    with tempfile.TemporaryDirectory() as scratch:
        rng = random.Random(0)
        clock = FixedClock(arrow.Arrow(2026, 11, 24, 10, 30, tzinfo=TZ), TZ)
        desk = Desk(Store(Path(scratch)), CONFIG, TREATMENTS, clock)
        for month in range(1, 13):
            random_start(rng, desk, month)
        patient = desk.add_patient("Warm", "Up", "714-225-5137")
        appt = desk.book(patient.id, random_start(rng, desk, 1), "follow_up")
        desk.reschedule(appt.id, random_start(rng, desk, 2))
        desk.close()


def main() -> None:
    root = Path(sys.argv[1])
    warm_up()
    serve_forks(lambda args: writer(root, int(args[0])))


if __name__ == "__main__":
    main()
