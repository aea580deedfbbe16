"""The child side of the kill -9 tests' fork servers (``_crash_writer``, ``_restore_killer``).

Each server imports everything once, prints "ready", then for each line "run ARGS…" on
stdin forks a fresh process that runs the job on ARGS until the test kills it with
SIGKILL; the server reaps it and prints "reaped PID SIGNAL". The parent side is
``tests/system/killing.py``.
"""

import os
import sys
import traceback
from collections.abc import Callable


def say(line: str) -> None:
    """Print ``line`` at once (unbuffered: a line is out once the call returns)."""
    os.write(1, (line + "\n").encode())


def serve_forks(job: Callable[[list[str]], None]) -> None:
    """Say "ready", then fork ``job(args)`` for each "run ARGS…" line and reap it."""
    say("ready")
    for line in sys.stdin:
        args = line.split()[1:]
        pid = os.fork()
        if pid == 0:
            try:
                job(args)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        signal = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
        say(f"reaped {pid} {signal}")
