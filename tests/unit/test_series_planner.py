"""Planning a treatment series: windows, closures, daylight saving and the preferred time.

The planner is pure; its ``slots_for_day`` comes either from a real desk's free slots
(on a tmp store) or from hand-made :class:`Slot` lists.
"""

import datetime as dt

import pytest

from console.clinic.booking import Slot
from console.clinic.localtime import local, parse_local
from console.clinic.series import PlannedSession, best_slot, plan_series

D = dt.date
T = dt.time
PDT = dt.timedelta(hours=-7)
PST = dt.timedelta(hours=-8)


@pytest.fixture
def regimen(treatments):
    """Sculptra: three sessions, 28 to 42 days apart."""
    found = treatments["sculptra"].regimen
    assert (found.sessions, found.interval_days_min, found.interval_days_max) == (3, 28, 42)
    return found


def slots_at(tz, day, *times, provider="Provider A", room="Room 1"):
    """Hand-made free slots on ``day`` at the given wall-clock times."""
    return [Slot(local(day, t, tz), provider, room) for t in times]


def quarter_hours():
    """Every 15 minutes from 9:00 to 17:00 inclusive."""
    out, minutes = [], 9 * 60
    while minutes <= 17 * 60:
        out.append(T(minutes // 60, minutes % 60))
        minutes += 15
    return out


class Recorder:
    """A ``slots_for_day`` that remembers which days the planner asked about."""

    def __init__(self, source):
        self.source = source
        self.asked: list[dt.date] = []

    def __call__(self, day):
        self.asked.append(day)
        return self.source(day)


def desk_slots(desk, patient_id=""):
    return lambda day: desk.free_slots(day, "sculptra", patient_id=patient_id)


def starts(plan):
    return [s.slot.start.isoformat() if s.slot else None for s in plan]


# -- daylight saving ------------------------------------------------------------------


def test_spring_forward_keeps_ten_oclock(make_desk, config, regimen, pinned_now):
    desk = make_desk(now="2026-02-10 09:00")
    first = pinned_now("2026-02-16 10:00")
    assert first.utcoffset() == PST

    plan = plan_series(config, regimen, first, desk_slots(desk))

    assert [(s.number, s.of) for s in plan] == [(2, 3), (3, 3)]
    assert (plan[0].window_start, plan[0].window_end) == (D(2026, 3, 16), D(2026, 3, 30))
    assert starts(plan) == ["2026-03-16T10:00:00-07:00", "2026-04-13T10:00:00-07:00"]
    assert plan[0].slot.start.utcoffset() == PDT
    # The same wall clock is a different UTC hour: 18:00Z before, 17:00Z after.
    assert first.to("UTC").hour == 18
    assert plan[0].slot.start.to("UTC").hour == 17


def test_fall_back_keeps_ten_oclock(make_desk, config, regimen, pinned_now):
    desk = make_desk(now="2026-09-20 09:00")
    first = pinned_now("2026-09-28 10:00")
    assert first.utcoffset() == PDT

    plan = plan_series(config, regimen, first, desk_slots(desk))

    assert (plan[0].window_start, plan[0].window_end) == (D(2026, 10, 26), D(2026, 11, 9))
    assert starts(plan) == ["2026-10-26T10:00:00-07:00", "2026-11-23T10:00:00-08:00"]
    assert plan[1].slot.start.utcoffset() == PST
    assert plan[1].slot.start.to("UTC").hour == 18


def test_session_pushed_past_fall_back_is_on_standard_time(config, regimen, tz, pinned_now):
    # Nothing is free before the clocks go back on Sun 1 Nov 2026.
    def slots(day):
        if day <= D(2026, 11, 1):
            return []
        return slots_at(tz, day, *quarter_hours())

    plan = plan_series(config, regimen, pinned_now("2026-09-28 10:00"), slots)

    assert plan[0].slot.start.isoformat() == "2026-11-02T10:00:00-08:00"
    assert plan[1].window_start == D(2026, 11, 30)
    assert plan[1].slot.start.isoformat() == "2026-11-30T10:00:00-08:00"


# -- closures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "window_start", "closed", "proposed"),
    [
        # Thu 26 Nov 2026: Thanksgiving Day; Friday after it is open.
        ("2026-10-29 10:00", D(2026, 11, 26), [D(2026, 11, 26)], "2026-11-27T10:00:00-08:00"),
        # Fri 25 Dec 2026: Christmas Day; Saturday is open until 14:00.
        ("2026-11-27 10:00", D(2026, 12, 25), [D(2026, 12, 25)], "2026-12-26T10:00:00-08:00"),
        # Thu 31 Dec (staff holiday) then Fri 1 Jan (New Year's Day).
        (
            "2026-12-03 10:00",
            D(2026, 12, 31),
            [D(2026, 12, 31), D(2027, 1, 1)],
            "2027-01-02T10:00:00-08:00",
        ),
    ],
)
def test_closed_first_day_of_window_moves_to_next_open_day(
    desk, config, regimen, pinned_now, first, window_start, closed, proposed
):
    ask = Recorder(desk_slots(desk))

    plan = plan_series(config, regimen, pinned_now(first), ask)

    assert plan[0].window_start == window_start
    assert plan[0].slot.start.isoformat() == proposed
    assert not set(closed) & set(ask.asked)


def test_thanksgiving_then_christmas_in_one_plan(desk, config, regimen, pinned_now):
    plan = plan_series(config, regimen, pinned_now("2026-10-29 10:00"), desk_slots(desk))

    assert [s.window_start for s in plan] == [D(2026, 11, 26), D(2026, 12, 25)]
    assert starts(plan) == ["2026-11-27T10:00:00-08:00", "2026-12-26T10:00:00-08:00"]


# -- Sundays ----------------------------------------------------------------------------


def test_sunday_skipped_by_default(desk, config, regimen, pinned_now):
    ask = Recorder(desk_slots(desk))

    plan = plan_series(config, regimen, pinned_now("2026-11-29 11:00"), ask)

    assert plan[0].window_start == D(2026, 12, 27)  # a Sunday
    assert plan[0].slot.start.isoformat() == "2026-12-28T11:00:00-08:00"
    assert D(2026, 12, 27) not in ask.asked


def test_sunday_used_when_included(desk, config, regimen, pinned_now):
    plan = plan_series(
        config, regimen, pinned_now("2026-11-29 11:00"), desk_slots(desk), include_sundays=True
    )

    assert plan[0].slot.start.isoformat() == "2026-12-27T11:00:00-08:00"
    assert plan[1].window_start == D(2027, 1, 24)  # chained from the Sunday
    assert plan[1].slot.start.isoformat() == "2027-01-24T11:00:00-08:00"


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        # 09:00 is before the Sunday window opens (10:00): its first slot is nearest.
        ("2026-11-28 09:00", "2026-12-27T10:00:00-08:00"),
        # 17:00 is after it closes (16:00): a 60-minute visit starts 15:00 at the latest.
        ("2026-11-27 17:00", "2026-12-27T15:00:00-08:00"),
    ],
)
def test_sunday_window_hours_apply(desk, config, regimen, pinned_now, first, expected):
    def sundays_only(day):
        return desk.free_slots(day, "sculptra") if day.weekday() == 6 else []

    plan = plan_series(config, regimen, pinned_now(first), sundays_only, include_sundays=True)
    assert plan[0].slot.start.isoformat() == expected

    without = plan_series(config, regimen, pinned_now(first), sundays_only)
    assert without[0].slot is None


# -- preferred time ---------------------------------------------------------------------


def test_first_day_with_the_preferred_time_free_wins(desk, config, regimen, tz, pinned_now):
    start = D(2027, 1, 5)  # the window after a first session on Tue 8 Dec

    def slots(day):
        times = quarter_hours()
        if day < start + dt.timedelta(days=2):
            times = [t for t in times if t != T(10)]  # 9:45 and 10:15 are free
        return slots_at(tz, day, *times)

    plan = plan_series(config, regimen, pinned_now("2026-12-08 10:00"), slots)

    assert plan[0].window_start == start
    assert plan[0].slot.start.isoformat() == "2027-01-07T10:00:00-08:00"


def test_preferred_time_taken_on_a_real_desk(make_desk, config, regimen, pinned_now):
    desk = make_desk()
    others = [desk.add_patient(f"Other{n}", "Patient", f"714-225-51{n:02d}") for n in range(4)]
    for patient, start, provider in [
        (others[0], "2026-12-29 10:00", "Provider A"),
        (others[1], "2026-12-29 10:00", "Provider B"),
        (others[2], "2026-12-30 09:30", "Provider A"),
        (others[3], "2026-12-30 09:30", "Provider B"),
    ]:
        desk.book(patient.id, start, "sculptra", provider=provider)
    me = desk.add_patient("Ann", "Lee", "714-225-5199")
    ask = Recorder(desk_slots(desk, me.id))

    plan = plan_series(config, regimen, pinned_now("2026-12-01 10:00"), ask)

    # Tue 29 and Wed 30 are full at 10:00; Thu 31 and Fri 1 Jan are closed.
    assert plan[0].slot.start.isoformat() == "2027-01-02T10:00:00-08:00"
    assert ask.asked[:3] == [D(2026, 12, 29), D(2026, 12, 30), D(2027, 1, 2)]
    # Chained from the proposed Saturday, not from the window start.
    assert plan[1].window_start == D(2027, 1, 30)
    assert plan[1].window_end == D(2027, 2, 13)


def test_no_preferred_time_in_window_takes_nearest_on_earliest_day(config, regimen, tz, pinned_now):
    first_day = D(2026, 12, 29)

    def slots(day):
        if day == first_day:
            return []  # nothing at all on the first day of the window
        if day == first_day + dt.timedelta(days=1):
            return slots_at(tz, day, T(13, 0), T(15, 0), T(9, 0))
        return slots_at(tz, day, T(10, 15))  # closer, but on a later day

    plan = plan_series(config, regimen, pinned_now("2026-12-01 10:00"), slots)

    assert plan[0].slot.start.isoformat() == "2026-12-30T09:00:00-08:00"
    assert plan[1].window_start == D(2027, 1, 27)


def test_windows_chain_from_previous_proposed_date(config, regimen, tz, pinned_now):
    def slots(day):
        # 10:00 is free only on the tenth day of each window; 14:00 every day.
        times = [T(10)] if day in (D(2027, 1, 7), D(2027, 2, 13)) else [T(14)]
        return slots_at(tz, day, *times)

    plan = plan_series(config, regimen, pinned_now("2026-12-01 10:00"), slots)

    assert plan[0].slot.start.isoformat() == "2027-01-07T10:00:00-08:00"
    assert (plan[1].window_start, plan[1].window_end) == (D(2027, 2, 4), D(2027, 2, 18))
    assert plan[1].slot.start.isoformat() == "2027-02-13T10:00:00-08:00"


def test_window_without_any_slot_gives_none_and_chains_from_window_start(
    config, regimen, tz, pinned_now
):
    def slots(day):
        return [] if day <= D(2027, 1, 12) else slots_at(tz, day, T(10))

    plan = plan_series(config, regimen, pinned_now("2026-12-01 10:00"), slots)

    assert plan[0].slot is None
    assert (plan[0].window_start, plan[0].window_end) == (D(2026, 12, 29), D(2027, 1, 12))
    assert (plan[1].window_start, plan[1].window_end) == (D(2027, 1, 26), D(2027, 2, 9))
    assert plan[1].slot.start.isoformat() == "2027-01-26T10:00:00-08:00"


def test_planner_keeps_provider_and_room_of_the_slot(config, regimen, tz, pinned_now):
    def slots(day):
        return slots_at(tz, day, T(10), provider="Provider B", room="Room 3")

    plan = plan_series(config, regimen, pinned_now("2026-12-01 10:00"), slots)

    assert {(s.slot.provider, s.slot.room) for s in plan} == {("Provider B", "Room 3")}


# -- best_slot ----------------------------------------------------------------------------


def test_best_slot_prefers_exact_then_nearest_then_earlier(tz):
    day = D(2026, 12, 29)
    assert best_slot([], T(10)) is None
    exact = slots_at(tz, day, T(9), T(10), T(11))
    assert best_slot(exact, T(10)).start.time() == T(10)
    nearest = slots_at(tz, day, T(9), T(10, 45), T(12))
    assert best_slot(nearest, T(10)).start.time() == T(10, 45)
    tie = slots_at(tz, day, T(10, 30), T(9, 30))
    assert best_slot(tie, T(10)).start.time() == T(9, 30)


# -- in_window ------------------------------------------------------------------------


@pytest.fixture
def session(tz):
    return PlannedSession(2, 3, D(2026, 12, 29), D(2027, 1, 12), None, tz)


@pytest.mark.parametrize(
    ("start", "inside"),
    [
        ("2026-12-28 17:00", False),
        ("2026-12-29 09:00", True),
        ("2027-01-05 12:00", True),
        ("2027-01-12 17:00", True),
        ("2027-01-13 09:00", False),
    ],
)
def test_in_window_bounds_are_inclusive(session, pinned_now, start, inside):
    assert session.in_window(pinned_now(start)) is inside


def test_in_window_judges_the_clinic_date_of_an_instant(session, pinned_now):
    # 17:00 on the last day of the window, the same instant written in UTC
    # (01:00 the next day): still inside the window.
    late = pinned_now("2027-01-12 17:00")
    assert session.in_window(late)
    assert session.in_window(late.to("UTC"))


def test_plan_accepts_a_first_start_given_in_utc(desk, config, regimen, pinned_now):
    first = parse_local("2026-12-01T18:00:00+00:00", dt.UTC)  # 10:00 in La Mirada
    plan = plan_series(config, regimen, first, desk_slots(desk))
    assert starts(plan) == ["2026-12-29T10:00:00-08:00", "2027-01-26T10:00:00-08:00"]
