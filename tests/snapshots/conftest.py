"""Fixtures for SVG snapshots: the same seeded store and pinned clock as the app tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from console.app import FrontDeskApp
from console.desk import Desk
from tests.app.clinic import copy_store, open_desk
from tests.app.staff import add_desk_staff


@pytest.fixture
def make_app(seeded_template: Path, tmp_path: Path) -> Iterator[Callable[..., FrontDeskApp]]:
    """Build the app on a private copy of the store, opening on ``start_day``.

    ``staff``: maria and lee with PINs (the desk asks who is there); ``person``: the
    console is that person's (as over SSH).
    """
    desks: list[Desk] = []

    def make(
        start_day: dt.date | None = None, *, staff: bool = False, person: str = ""
    ) -> FrontDeskApp:
        folder = copy_store(seeded_template, tmp_path / f"store{len(desks)}")
        desk = open_desk(folder)
        desks.append(desk)
        if staff:
            add_desk_staff(desk)
        if person:
            desk.act_as(person)
        return FrontDeskApp(desk=desk, start_day=start_day)

    yield make
    for desk in desks:
        desk.close()
