"""Shared fixtures: the shipped clinic data and a desk on a real store with a pinned clock."""

from __future__ import annotations

import datetime as dt
import gc
import os
from pathlib import Path

import filelock
import pytest

import console
from console import locations, shipped
from console.clinic.clock import FixedClock
from console.clinic.localtime import parse_local
from console.desk import Desk
from console.store import Store

#: Markers of tests that take many seconds each (see pyproject.toml).
LONG = ("system", "long")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the long tests first.

    xdist hands tests to its workers in this order; a long test left near the end would
    run on one worker while the others have nothing left to do.
    """
    items.sort(key=lambda item: not any(item.get_closest_marker(name) for name in LONG))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Collect cyclic garbage less eagerly in the test process.

    The app tests build and drop whole Textual screens; those graphs live long enough to
    reach the oldest generation, and every full collection then also re-scanned all that
    was imported before the first test. Measured on 55 app tests: 27 s of 87 s went to
    the garbage collector. Freezing what exists after collection and a full collection
    every 100 (not 10) middle ones: 10 s, and the run took 63 s. Only the moment garbage
    is freed changes; a test that counts objects (test_memory_flat) collects first.
    Importing ``console`` paused the collector until start-up is over: that is now.
    """
    console.started()  # collects, freezes what exists and runs the collector again
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 100)


#: A Tuesday, in office hours, two days before Thanksgiving.
PINNED_NOW = "2026-11-24 10:30"


@pytest.fixture(scope="session")
def config():
    """The shipped clinic configuration (data/clinic.json)."""
    return shipped.load_clinic_config(locations.shipped_dir())


@pytest.fixture(scope="session")
def treatments():
    """The shipped treatment content."""
    return shipped.load_treatments(locations.shipped_dir())


@pytest.fixture(scope="session")
def tz(config) -> dt.tzinfo:
    """The clinic's zone (America/Los_Angeles)."""
    return config.tz


@pytest.fixture
def pinned_now(tz):
    """``pinned_now("2026-11-24 10:30")``: a clinic-local instant."""
    return lambda text=PINNED_NOW: parse_local(text, tz)


@pytest.fixture
def make_desk(tmp_path, config, treatments, pinned_now):
    """``make_desk(now=..., root=...)``: a Desk on a real store under ``tmp_path``.

    Several desks on the same ``root`` behave like several processes sharing a store.
    """
    desks: list[Desk] = []

    def build(now: str = PINNED_NOW, root=None) -> Desk:
        clock = FixedClock(pinned_now(now), config.tz)
        desk = Desk(Store(root or tmp_path / "store"), config, treatments, clock)
        desks.append(desk)
        return desk

    yield build
    for desk in desks:
        desk.close()


@pytest.fixture
def desk(make_desk) -> Desk:
    """A desk on an empty store, pinned at :data:`PINNED_NOW`."""
    return make_desk()


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded clinic store of ``tests/app/clinic.py``, built once for the whole run.

    Tests never open it: each copies it (``copy_store``). Under xdist the workers share
    one build in the run's common temporary folder (the first builds, the others wait).
    """
    from tests.app.clinic import build_store

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp("template") / "store"
        build_store(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent / "seeded-template"
    with filelock.FileLock(f"{shared}.lock"):
        if not (shared / "done").exists():
            build_store(shared / "store")
            (shared / "done").touch()
    return shared / "store"
