"""Fork server for the restore kill -9 test (started by test_restore_crash).

Usage: python _restore_killer.py STORE

Imports everything once, prints "ready", then for each line "run A B" on stdin forks a
fresh process that restores backup A, then B, then A, ... for ever, printing
"restored NAME" after each restore returns. The test kills it with SIGKILL; this
server reaps it and prints "reaped PID SIGNAL".
"""

import os
import sys
from pathlib import Path

import arrow
from _fork_loop import say, serve_forks

from console import locations, shipped
from console.clinic.clock import FixedClock
from console.desk import Administration, Desk
from console.store import Store

FOLDER = locations.shipped_dir()
CONFIG = shipped.load_clinic_config(FOLDER)
TREATMENTS = shipped.load_treatments(FOLDER)
TZ = CONFIG.tz


def restorer(root: Path, names: list[str]) -> None:
    clock = FixedClock(arrow.Arrow(2026, 11, 24, 10, 30, tzinfo=TZ), TZ)
    desk = Desk(Store(root), CONFIG, TREATMENTS, clock)
    say(f"start {os.getpid()}")
    while True:
        for name in names:
            Administration(desk).restore(name)
            say(f"restored {name}")


def main() -> None:
    root = Path(sys.argv[1])
    serve_forks(lambda names: restorer(root, names))


if __name__ == "__main__":
    main()
