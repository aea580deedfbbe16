"""The test side of ``tests/forkserver.py``: run ``frontdesk`` in a forked child."""

from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVER = Path(__file__).with_name("forkserver.py")


class ForkServer:
    """One fork server process; :meth:`run` is ``subprocess.run`` for ``frontdesk``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        request_read, self._requests = os.pipe()
        self._replies, reply_write = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, str(SERVER), str(request_read), str(reply_write)],
            pass_fds=(request_read, reply_write),
            stdin=subprocess.DEVNULL,
        )
        os.close(request_read)
        os.close(reply_write)
        self._buffer = b""

    def run(
        self, argv: list[str], env: dict[str, str], timeout: float = 60, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` (``argv[0]`` the script) with ``env``; what it printed and its status.

        ``input`` is its standard input (``/dev/null`` when None).
        """
        out, err = self.folder / "stdout", self.folder / "stderr"
        request = {"argv": argv, "env": env, "cwd": os.getcwd(), "out": str(out), "err": str(err)}
        if input is not None:
            stdin = self.folder / "stdin"
            stdin.write_text(input, encoding="utf-8")
            request["stdin"] = str(stdin)
        os.write(self._requests, (json.dumps(request) + "\n").encode())
        pid = self._reply(timeout)["pid"]
        try:
            code = self._reply(timeout)["code"]
        except TimeoutError:
            os.kill(pid, signal.SIGKILL)
            self._reply(timeout)
            raise
        return subprocess.CompletedProcess(
            argv, code, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")
        )

    def _reply(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._replies], [], [], left)[0]:
                raise TimeoutError(f"frontdesk did not finish within {timeout:.0f} s")
            chunk = os.read(self._replies, 4096)
            if not chunk:
                raise RuntimeError(f"the fork server ended (status {self.process.wait()})")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def close(self) -> None:
        """End the server (it stops when the request pipe closes)."""
        os.close(self._requests)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._replies)


_SHARED: ForkServer | None = None


def shared_server() -> ForkServer:
    """This test process's fork server, started on first use and ended at exit."""
    global _SHARED
    if _SHARED is None:
        folder = Path(tempfile.mkdtemp(prefix="frontdesk-io-"))
        _SHARED = ForkServer(folder)
        atexit.register(shutil.rmtree, folder, True)
        atexit.register(_SHARED.close)  # first (last in): then the folder goes
    return _SHARED
