"""Clinic-local moments for the domain's unit tests."""

import datetime as dt

import arrow

from console.clinic.localtime import local


def at(tz: dt.tzinfo, text: str) -> arrow.Arrow:
    """``at(tz, "2026-11-24 10:30")``: that wall time in the clinic's zone."""
    day, hhmm = text.split(" ")
    return local(dt.date.fromisoformat(day), dt.time.fromisoformat(hhmm), tz)
