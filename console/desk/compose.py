"""Putting a desk together: the store folder, the shipped data and the clock."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from console import locations, shipped
from console.clinic.clock import Clock, OffsetClock, SystemClock
from console.clinic.hours import keep_holidays_in
from console.clinic.localtime import parse_local
from console.clinic.phone import keep_displays_in
from console.desk.facade import Desk
from console.store import Store
from console.store.cache import HolidayCache, PhoneCache

if TYPE_CHECKING:
    from console.clinic.content import Content

#: A pinned start for the clock (``YYYY-MM-DD HH:MM``, clinic time): demos, system tests.
ENV_NOW = "FRONTDESK_NOW"


def clock_from_env(tz: dt.tzinfo) -> Clock:
    """The system clock, or one started at ``FRONTDESK_NOW`` (demos and system tests)."""
    pinned = os.environ.get(ENV_NOW)
    if pinned:
        return OffsetClock(parse_local(pinned, tz, "FRONTDESK_NOW"), tz)
    return SystemClock(tz)


def open_desk(data_dir: Path | str | None = None, *, clock: Clock | None = None) -> Desk:
    """A desk on the store at ``data_dir`` (see :mod:`console.locations`) with shipped data
    and the clinic's own content from its setup folder.

    Without ``clock``, the clinic's clock (see :func:`clock_from_env`).
    """
    folder = locations.shipped_dir()
    config = shipped.load_clinic_config(folder)
    root = locations.data_dir(data_dir)
    setup_dir = locations.setup_dir(root)
    # The desk links each appointment type to its clinic treatment as it reads the setup
    # (the store's, else this shipped one), so the link is never written into the store.
    store = Store(root)
    # What the holidays and phone libraries computed, kept in this store's cache folder:
    # a later process that only reads need not import them (see store/cache.py).
    keep_holidays_in(HolidayCache(store.root, store.modes))
    keep_displays_in(PhoneCache(store.root, store.modes))

    def content() -> Content:
        # Read (and its quotes checked) when first asked: the day, the hours and a
        # patient's record need none of it.
        return shipped.load_content(folder, setup_dir, config=config)

    return Desk(store, config, None, clock or clock_from_env(config.tz), content=content)
