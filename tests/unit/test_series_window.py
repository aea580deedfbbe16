"""Which session of a series a new visit would be, and its window (pure)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as s

from console.clinic.localtime import parse_local, to_iso
from console.clinic.models import Appointment
from console.clinic.series import SessionWindow, session_window

D = dt.date


@pytest.fixture
def regimen(treatments):
    return treatments["sculptra"].regimen


def visit(tz, day, status="completed", *, series=None, type="sculptra", n=1):
    start = to_iso(parse_local(f"{day} 10:00", tz))
    extra = {"series": series} if series else {}
    return Appointment(
        f"A-{n}", "P-1", start, 60, type, "Provider A", "Room 1", status, extra=extra
    )


def window(regimen, tz, appointments, when):
    return session_window(appointments, "sculptra", regimen, parse_local(when, tz), tz)


def test_first_session_has_no_window(regimen, tz):
    assert window(regimen, tz, [], "2026-12-01 10:00") is None
    consult = visit(tz, "2026-11-20", type="consultation")
    assert window(regimen, tz, [consult], "2026-12-01 10:00") is None


def test_second_session_window_from_the_first(regimen, tz):
    got = window(regimen, tz, [visit(tz, "2026-12-01")], "2026-12-08 10:00")
    assert got == SessionWindow(2, 3, D(2026, 12, 29), D(2027, 1, 12))
    assert not got.holds(D(2026, 12, 8))
    assert got.holds(D(2026, 12, 29)) and got.holds(D(2027, 1, 12))


def test_cancelled_and_later_sessions_do_not_count(regimen, tz):
    sessions = [
        visit(tz, "2026-12-01", n=1),
        visit(tz, "2026-12-10", "cancelled", n=2),
        visit(tz, "2027-01-05", "booked", n=3),
    ]
    got = window(regimen, tz, sessions, "2026-12-20 10:00")
    assert got is not None and (got.number, got.first) == (2, D(2026, 12, 29))


def test_a_tagged_first_session_starts_a_new_series(regimen, tz):
    sessions = [
        visit(tz, "2026-10-01", n=1),
        visit(tz, "2026-11-01", n=2),
        visit(tz, "2026-12-01", series={"id": "A-3", "number": 1, "of": 3}, n=3),
    ]
    got = window(regimen, tz, sessions, "2026-12-08 10:00")
    assert got is not None and got.number == 2


def test_a_complete_series_has_no_window(regimen, tz):
    sessions = [visit(tz, d, n=i) for i, d in enumerate(["2026-09-01", "2026-10-01", "2026-11-01"])]
    assert window(regimen, tz, sessions, "2026-11-08 10:00") is None


@given(s.integers(min_value=1, max_value=83))
def test_the_window_is_min_to_max_days_after_the_last(days):
    from console.locations import shipped_dir
    from console.shipped import load_clinic_config, load_treatments

    tz = load_clinic_config(shipped_dir()).tz
    regimen = load_treatments(shipped_dir())["sculptra"].regimen
    last = D(2026, 12, 1)
    when = last + dt.timedelta(days=days)
    got = window(regimen, tz, [visit(tz, last.isoformat())], f"{when} 10:00")
    assert got is not None
    inside = regimen.interval_days_min <= days <= regimen.interval_days_max
    assert got.holds(when) is inside
