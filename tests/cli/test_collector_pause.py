"""The garbage collector is paused while a process starts and runs again after; a quick
read ends without the interpreter's teardown.

Importing ``console`` pauses Python's cyclic collector (start-up makes objects that
live as long as the process, and the collector would walk them over and over). Each
test runs a fresh interpreter: the console must run it again once its first frame is
up, and the command line before any command but a quick read.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.cli.conftest import LAZY_NOW as NOW

#: Runs ``frontdesk ARGS`` and prints, as JSON, whether the collector ran for the command.
CLI = """
import dataclasses, gc, json, sys
import console.cli.main as cli
seen = {}
find = cli.find_command
def spied(name):
    command = find(name)
    def run(args):
        seen["during"] = gc.isenabled()
        return command.run(args)
    return dataclasses.replace(command, run=run)
cli.find_command = spied
seen["before"] = gc.isenabled()
code = cli.main(sys.argv[1:])
print(json.dumps(seen))
sys.exit(code)
"""

#: Starts the console headless on a store and prints the collector's state at three moments.
CONSOLE = """
import asyncio, gc, json, sys
from pathlib import Path
seen = {"imported": None}
import console.app
seen["imported"] = gc.isenabled()
async def main():
    app = console.app.FrontDeskApp(data_dir=Path(sys.argv[1]))
    seen["made"] = gc.isenabled()
    async with app.run_test(size=(100, 30)) as pilot:
        while not (app.first_frame_ready and gc.isenabled()):
            await pilot.pause(0.05)
        seen["after first frame"] = gc.isenabled()
        seen["frozen"] = gc.get_freeze_count()
asyncio.run(asyncio.wait_for(main(), 60))  # a bound on a hang, not a timing
print(json.dumps(seen))
"""


def _run(script: str, *args: str) -> dict:
    environ = {**os.environ, "FRONTDESK_NOW": NOW}
    for name in ("FRONTDESK_DATA_DIR", "FRONTDESK_SHIPPED_DIR", "FRONTDESK_SETUP_DIR"):
        environ.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_quick_read_runs_with_the_collector_paused_and_others_with_it(seeded) -> None:
    assert _run(CLI, "--data-dir", str(seeded), "day") == {"before": False, "during": False}
    assert _run(CLI, "--data-dir", str(seeded), "check") == {"before": False, "during": True}


@pytest.mark.long
def test_the_console_runs_the_collector_again_after_its_first_frame(seeded) -> None:
    seen = _run(CONSOLE, str(seeded))
    assert seen["imported"] is False and seen["made"] is False
    assert seen["after first frame"] is True
    assert seen["frozen"] > 0  # what start-up made is kept out of later collections


def test_a_quick_read_ends_without_teardown_and_loses_no_output(seeded, tmp_path) -> None:
    # The program ends a quick read with os._exit once its output is flushed: all of it
    # reaches a file, a closed pipe is no error, and a mistake still says so (status 2).
    environ = {**os.environ, "FRONTDESK_NOW": NOW}
    environ.pop("FRONTDESK_DATA_DIR", None)
    script = [sys.executable, "-m", "console", "--data-dir", str(seeded)]
    whole = subprocess.run([*script, "day"], capture_output=True, text=True, env=environ)
    assert whole.returncode == 0 and whole.stderr == ""
    assert whole.stdout.count("\n") >= 2 and whole.stdout.endswith("\n")
    as_json = subprocess.run([*script, "day", "--json"], capture_output=True, env=environ)
    assert as_json.returncode == 0 and json.loads(as_json.stdout)["date"]
    piped = subprocess.run(
        f"{' '.join(script)} day | head -c 1", shell=True, capture_output=True, env=environ
    )
    assert piped.returncode == 0 and b"Traceback" not in piped.stderr
    wrong = subprocess.run(
        [*script, "day", "2027-13-45"], capture_output=True, text=True, env=environ
    )
    assert wrong.returncode == 2 and wrong.stdout == "" and "not a date" in wrong.stderr
