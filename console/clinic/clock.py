"""The one place that knows what time it is.

Nothing else calls ``arrow.now()`` or ``datetime.now()``: the desk, the UI and the
command line all ask a :class:`Clock`, and tests pin it with :class:`FixedClock`.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import arrow


class Clock(Protocol):
    """Gives the current instant in the clinic's zone."""

    tz: dt.tzinfo

    def now(self) -> arrow.Arrow:
        """The current instant, expressed in the clinic's zone."""
        ...


class SystemClock:
    """The real clock, read in the clinic's zone whatever the host's ``TZ`` is."""

    def __init__(self, tz: dt.tzinfo) -> None:
        self.tz = tz

    def now(self) -> arrow.Arrow:
        """Current instant in the clinic's zone."""
        return arrow.Arrow.now(self.tz)


class FixedClock:
    """A clock that stands still (or moves only when told): for tests and demos."""

    def __init__(self, instant: arrow.Arrow, tz: dt.tzinfo) -> None:
        self.tz = tz
        self._instant = instant.to(tz)

    def now(self) -> arrow.Arrow:
        """The pinned instant."""
        return self._instant

    def advance(self, *, days: int = 0, hours: int = 0, minutes: int = 0, seconds: int = 0) -> None:
        """Move the pinned instant by an absolute duration (``minutes=5``)."""
        # Shift in UTC: Arrow shifts aware times by wall clock, which is not a duration
        # on the nights the clocks change.
        utc = self._instant.to("UTC")
        shifted = utc.shift(days=days, hours=hours, minutes=minutes, seconds=seconds)
        self._instant = shifted.to(self.tz)

    def set(self, instant: arrow.Arrow) -> None:
        """Pin a new instant."""
        self._instant = instant.to(self.tz)


class OffsetClock:
    """The real clock started at a chosen instant: time moves, from there.

    Used by ``FRONTDESK_NOW`` so a demo or a tmux test can open on a chosen moment
    and still see minutes pass.
    """

    def __init__(self, start: arrow.Arrow, tz: dt.tzinfo) -> None:
        self.tz = tz
        self._delta = start.to("UTC").datetime - dt.datetime.now(dt.UTC)

    def now(self) -> arrow.Arrow:
        """The start instant plus the real time elapsed since construction."""
        return arrow.Arrow.fromdatetime(dt.datetime.now(dt.UTC) + self._delta).to(self.tz)
