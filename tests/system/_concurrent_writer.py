"""One of several desks changing the same store at once (started by test_store_concurrency).

Usage: python _concurrent_writer.py STORE INDEX WRITERS REGISTRATIONS BOOKINGS

Prints "ready" once imported, waits for a line on stdin, then makes its changes:
REGISTRATIONS patients (all in patients/2026.json), and BOOKINGS visits for the first of
them that it then confirms (all in appointments/2026-12.json, on December days of its own
so that bookings never clash). Prints what it made as one JSON line at the end.
"""

import datetime as dt
import sys
from pathlib import Path

import arrow
import orjson

from console import locations, shipped
from console.clinic.clock import FixedClock
from console.desk import Desk
from console.store import Store


def main() -> None:
    root, index, writers = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    registrations, bookings = int(sys.argv[4]), int(sys.argv[5])
    folder = locations.shipped_dir()
    config = shipped.load_clinic_config(folder)
    clock = FixedClock(arrow.Arrow(2026, 11, 24, 10, 30, tzinfo=config.tz), config.tz)
    desk = Desk(Store(root), config, shipped.load_treatments(folder), clock)
    december = [dt.date(2026, 12, 1) + dt.timedelta(days=n) for n in range(31)]
    mine = [d for d in december if desk.day_info(d).is_open and d.weekday() < 5][index::writers]
    print("ready", flush=True)
    sys.stdin.readline()
    patients, appointments = [], []
    for n in range(registrations):
        patient = desk.add_patient(f"Writer{index}", f"Patient{n}", f"714-225-{5000 + n}")
        patients.append(patient.id)
        if n < bookings:
            day = mine[n // 36]
            start = arrow.Arrow(day.year, day.month, day.day, 9, tzinfo=config.tz)
            appt = desk.book(patient.id, start.shift(minutes=15 * (n % 36)), "follow_up")
            desk.set_status(appt.id, "confirmed")
            appointments.append(appt.id)
    print(orjson.dumps({"patients": patients, "appointments": appointments}).decode(), flush=True)
    desk.close()


if __name__ == "__main__":
    main()
