"""The store's inter-process lock: blocking with a timeout, waiters served in turn.

``filelock`` (and ``fasteners``, ``portalocker``) wait for a lock with a timeout by
polling: try, sleep 50 ms, try again. A desk that polls almost never finds the lock
free while busy desks release and retake it within a millisecond, so under load it
timed out although the store was moving all along. Here a waiter blocks in the kernel
(``flock(LOCK_EX)``) and is woken the moment the lock is released.

Two locked files make the hand-over fair. ``.lock`` is the lock itself. ``.lock-queue``
is a turnstile: a waiter takes it first and holds it while it waits for ``.lock``, so
at most one desk waits on ``.lock`` at a time and it is served next: a desk that has
just released ``.lock`` cannot take it straight back, it must queue at the turnstile
behind the desks already waiting there.

The blocking ``flock`` runs in a helper thread; the caller waits on an event with the
timeout. When the caller gives up, the helper keeps its place and releases the lock the
moment it gets it, so nothing is leaked and the desks behind it are not held up.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

from console.store.atomic import FILE_MODE, open_or_create
from console.store.errors import StoreError

LOCK_NAME = ".lock"
QUEUE_NAME = ".lock-queue"


class StoreBusy(StoreError):
    """Other desks kept the store for longer than the timeout."""


def _try(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class _Attempt:
    """One acquisition waited for in a helper thread (owns its two descriptors)."""

    def __init__(self, lock_fd: int, queue_fd: int, queued: bool) -> None:
        self.lock_fd, self.queue_fd, self.queued = lock_fd, queue_fd, queued
        self.done = threading.Event()
        self.state = threading.Lock()
        self.abandoned = False
        self.error: OSError | None = None

    def run(self) -> None:
        try:
            if not self.queued:
                fcntl.flock(self.queue_fd, fcntl.LOCK_EX)
            fcntl.flock(self.lock_fd, fcntl.LOCK_EX)
        except OSError as err:
            self.error = err
        os.close(self.queue_fd)  # out of the turnstile: the next waiter steps up
        with self.state:
            if self.abandoned or self.error is not None:
                os.close(self.lock_fd)  # the caller gave up: hand the lock straight on
            self.done.set()

    def wait(self, timeout: float) -> bool:
        """True when the lock was taken for the caller within ``timeout`` seconds."""
        try:
            self.done.wait(timeout)
        except BaseException:  # Ctrl+C while waiting: leave nothing held behind
            self.give_up()
            raise
        with self.state:
            if self.done.is_set():
                return self.error is None
            self.abandoned = True
            return False

    def give_up(self) -> None:
        """The caller will not take the lock: release it now or when the helper gets it."""
        with self.state:
            if not self.done.is_set():
                self.abandoned = True
            elif self.error is None:
                os.close(self.lock_fd)


class StoreLock:
    """The lock every read-modify-write of the store holds (one holder at a time)."""

    def __init__(self, folder: Path, timeout: float) -> None:
        self.path = Path(folder) / LOCK_NAME
        self.queue = Path(folder) / QUEUE_NAME
        self.timeout = timeout
        self._fd = -1

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd >= 0

    def acquire(self) -> None:
        """Take the lock, waiting in turn; :class:`StoreBusy` after the timeout."""
        if self._fd >= 0:
            raise RuntimeError("the store lock is not re-entrant; Store.locked() counts depth")
        # The turnstile first: in a new store it is the first file made, and it marks the
        # folder as a store for desks opening it at the same moment (see layout.py).
        queue_fd = open_or_create(self.queue, FILE_MODE)
        try:
            lock_fd = open_or_create(self.path, FILE_MODE)
        except BaseException:
            os.close(queue_fd)
            raise
        queued = _try(queue_fd)
        if queued and _try(lock_fd):  # nobody waiting, nobody holding: no thread needed
            os.close(queue_fd)
            self._fd = lock_fd
            return
        attempt = _Attempt(lock_fd, queue_fd, queued)
        threading.Thread(target=attempt.run, name="store-lock", daemon=True).start()
        if attempt.wait(self.timeout):
            self._fd = lock_fd
            return
        if attempt.error is not None:
            raise StoreError(f"Cannot lock {self.path}: {attempt.error.strerror}.")
        raise StoreBusy(
            f"The store is busy with other desks (still waiting after {self.timeout:g} s); "
            "try again in a moment."
        )

    def release(self) -> None:
        """Let the next desk in."""
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)  # closing the only descriptor of this open file releases the flock
