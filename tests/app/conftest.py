"""Fixtures: a fresh copy of the seeded store and a desk pinned to Tue 24 Nov 2026 10:30.

The seeded store itself (``seeded_template``) is built once per run in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from console.app import FrontDeskApp
from console.desk import Desk
from tests.app.clinic import copy_store, open_desk


@pytest.fixture
def store_dir(seeded_template: Path, tmp_path: Path) -> Path:
    return copy_store(seeded_template, tmp_path / "store")


@pytest.fixture
def desk(store_dir: Path) -> Iterator[Desk]:
    desk = open_desk(store_dir)
    yield desk
    desk.close()


@pytest.fixture
def app(desk: Desk) -> FrontDeskApp:
    return FrontDeskApp(desk=desk)


@pytest.fixture
def fresh(store_dir: Path) -> Iterator[Desk]:
    """A second desk on the same folder: what is really in the store."""
    desk = open_desk(store_dir)
    yield desk
    desk.close()
