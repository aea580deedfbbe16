"""The store lock: waiters block in the kernel and are served in turn, with a timeout.

Two ``Store`` objects on one folder behave like two desks (each has its own lock files
open). No timing is asserted: the tests wait on conditions, with generous bounds.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

import pytest

from console.store import Store, StoreError
from console.store.lock import QUEUE_NAME, StoreBusy, StoreLock


def wait_until_queued(root: Path) -> None:
    """Until another desk holds the turnstile, i.e. is next in line for the lock."""
    fd = os.open(root / QUEUE_NAME, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
            fcntl.flock(fd, fcntl.LOCK_UN)
            time.sleep(0.01)
    finally:
        os.close(fd)


def test_a_waiting_desk_goes_before_the_desk_that_just_released(tmp_path):
    root = tmp_path / "store"
    first, second = Store(root), Store(root)
    order: list[str] = []
    try:
        with first.locked():
            waiter = threading.Thread(target=lambda: _take(second, order, "waiting desk"))
            waiter.start()
            wait_until_queued(root)
        # Released and at once wanted again, as a busy desk does.
        with first.locked():
            order.append("releasing desk")
        waiter.join(30)
    finally:
        first.close()
        second.close()
    assert order == ["waiting desk", "releasing desk"]


def _take(store: Store, order: list[str], name: str) -> None:
    with store.locked():
        order.append(name)


def test_a_timeout_says_the_store_is_busy_and_leaks_nothing(tmp_path):
    root = tmp_path / "store"
    root.mkdir(mode=0o700)
    holder, impatient = StoreLock(root, 30), StoreLock(root, 0.2)
    holder.acquire()
    with pytest.raises(StoreBusy) as busy:
        impatient.acquire()
    assert str(busy.value) == (
        "The store is busy with other desks (still waiting after 0.2 s); try again in a moment."
    )
    assert not impatient.held
    holder.release()
    # The abandoned wait takes the lock when it comes free and hands it straight on.
    patient = StoreLock(root, 30)
    patient.acquire()
    assert patient.held
    patient.release()
    impatient.acquire()  # and the impatient desk can try again
    impatient.release()


def test_busy_is_a_store_error_for_the_command_line(tmp_path):
    assert issubclass(StoreBusy, StoreError)


def test_the_lock_is_reentrant_and_hooks_run_once_per_acquisition(tmp_path):
    store = Store(tmp_path / "store")
    calls: list[int] = []
    store.on_lock.append(lambda: calls.append(1))
    try:
        with store.locked(), store.locked():
            pass
        with store.locked():
            pass
    finally:
        store.close()
    assert calls == [1, 1]


def test_threads_of_one_desk_take_turns(tmp_path):
    store = Store(tmp_path / "store")
    inside = 0
    most = 0
    guard = threading.Lock()

    def work() -> None:
        nonlocal inside, most
        for _ in range(20):
            with store.locked():
                with guard:
                    inside += 1
                    most = max(most, inside)
                with guard:
                    inside -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    store.close()
    assert most == 1
