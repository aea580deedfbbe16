"""Run the real ``frontdesk`` command in a process of its own on a store under ``tmp_path``.

By default the process is forked from a server that has already imported the command
(``tests/forkserver.py``): the same code, exit status and output as the installed
script, without a second of imports per run. ``command=COMMAND`` runs the installed
script itself in a fresh interpreter (the exit-status and stderr contract of
``test_cli_errors.py``, ``python -m console``).
"""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.forking import shared_server

SCRIPT = Path(sys.executable).parent / "frontdesk"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "console"]
NOW = "2026-11-24 10:30"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def store_dir(tmp_path):
    return tmp_path / "store"


@pytest.fixture(scope="session")
def fork_server():
    """One fork server per test process (per xdist worker), shared with the system tests."""
    return shared_server()


@pytest.fixture
def frontdesk(store_dir, fork_server):
    """``frontdesk("book", "--patient", pid, ..., now=...)`` -> Result (status, stdout, stderr).

    ``command=COMMAND`` (or another command line) runs that in a fresh interpreter.
    """

    def run(*args, now=NOW, env=None, command=None, input=None):
        environ = {**os.environ, "FRONTDESK_DATA_DIR": str(store_dir), "FRONTDESK_NOW": now}
        environ.pop("FRONTDESK_SHIPPED_DIR", None)
        environ.pop("FRONTDESK_SETUP_DIR", None)
        environ.update(env or {})
        if command is None:
            done = fork_server.run([str(SCRIPT), *args], environ, input=input)
        else:
            done = subprocess.run(
                [*command, *args],
                capture_output=True,
                text=True,
                env=environ,
                timeout=60,
                input=input,
            )
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        return Result(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def ok(frontdesk):
    """Run and insist on success; returns stdout."""

    def run(*args, **kwargs):
        result = frontdesk(*args, **kwargs)
        assert result.code == 0, result.err
        return result.out

    return run


@pytest.fixture
def patient_id(ok):
    """A registered patient: John Smith, (714) 225-5137, born 1980-05-06."""
    return ok(
        "patient",
        "add",
        "--first",
        "John",
        "--last",
        "Smith",
        "--phone",
        "714-225-5137",
        "--dob",
        "1980-05-06",
    ).strip()


#: The clock of the fresh-interpreter tests (imports, the collector's pause).
LAZY_NOW = "2026-12-02 10:05"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A store with a few weeks of seeded visits, made once per test file (seeded at
    2026-12-02 10:05, as the fresh-interpreter tests run)."""
    folder = tmp_path_factory.mktemp("lazy") / "store"
    done = subprocess.run(
        [*COMMAND, "--data-dir", str(folder), "seed", "--years", "0.05"],
        capture_output=True,
        text=True,
        env={**os.environ, "FRONTDESK_NOW": LAZY_NOW},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return folder
