"""A fork server for the ``frontdesk`` command: import it once, run each command in a child.

Starting ``frontdesk`` costs a second of imports per run, and the CLI tests run it
hundreds of times. This process imports the command once; for each request it forks a
child that becomes what the installed script would be: its own environment, working
folder, ``sys.argv``, standard input from ``/dev/null`` (or the request's ``stdin``
file), standard output and error to files, then ``sys.exit(main())`` as the
``frontdesk`` entry point does. The child is a real process: its exit status, what it
printed, any traceback (printed as the interpreter prints it, exit status 1) and what
it leaves on disk are its own. Only the imports are shared; at exit the child runs the
``atexit`` handlers and flushes its streams but skips the teardown of the modules it
shares with the server.

Protocol (one JSON object per line): the test writes ``{"argv", "env", "cwd", "out",
"err"}`` (and optionally ``"stdin"``) to the request pipe; the server answers
``{"pid": ...}`` when the child starts and ``{"code": ...}`` when it ends (``-N`` when
killed by signal N, as ``subprocess`` reports it).
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import sys
import time
from collections.abc import Callable


def _serve(requests: int, replies: int) -> dict | None:
    """Answer requests until the pipe closes; in a child, return its request instead."""
    with os.fdopen(requests, "r", encoding="utf-8") as inbox:
        for line in inbox:
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                return request
            os.write(replies, (json.dumps({"pid": pid}) + "\n").encode())
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            os.write(replies, (json.dumps({"code": code}) + "\n").encode())
    return None


def _become(request: dict, replies: int) -> None:
    """Turn this child into a freshly started ``frontdesk`` process."""
    os.close(replies)  # the request pipe was closed on leaving the server loop
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    os.chdir(request["cwd"])
    null = os.open(request.get("stdin") or os.devnull, os.O_RDONLY)
    out = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    for source, target in ((null, 0), (out, 1), (err, 2)):
        os.dup2(source, target)
        os.close(source)
    sys.argv = list(request["argv"])


def main() -> None:
    """``python forkserver.py REQUEST_FD REPLY_FD``."""
    requests, replies = int(sys.argv[1]), int(sys.argv[2])
    try:
        # The entry point, as the script imports it (``from console.cli import main``),
        # then what most runs import: the commands, and the holiday calendars that the
        # clinic's office hours load on first use. A child repeats a failing import.
        from console.cli import main as frontdesk

        importlib.import_module("console.cli.main").groups()  # each command's group
        importlib.import_module("holidays.countries")
    except Exception:  # the child imports again and reports it
        frontdesk = None
    request = _serve(requests, replies)
    if request is None:
        return
    _become(request, replies)
    if frontdesk is None:
        from console.cli import main as frontdesk
    os._exit(_run(frontdesk))


def _run(frontdesk: Callable[[], int]) -> int:
    """The installed script's body, ``sys.exit(main())``, and the interpreter's exit.

    An escaping exception is printed as the interpreter prints it (a traceback on
    stderr, status 1); ``atexit`` handlers run and the standard streams are flushed.
    Only the final teardown of every module (shared with the server, a quarter of a
    second of copy-on-write in each child) is left out.
    """
    try:
        sys.exit(frontdesk())
    except SystemExit as done:
        code = _status(done.code)
    except BaseException:  # what the interpreter does with it
        sys.excepthook(*sys.exc_info())
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 120  # as the interpreter reports a failed flush at exit
    return code


def _status(code: object) -> int:
    """The exit status of ``SystemExit(code)``, as the interpreter computes it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    main()
