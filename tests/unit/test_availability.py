"""Who can see patients when: hours, breaks, time off, shifts, across daylight-saving changes."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from console.clinic.availability import absence, scheduled_on, unavailable, working_windows
from console.clinic.booking import free_slots
from tests.unit.moments import at
from tests.unit.setups import WEEK, provider, setup

D = dt.date
EARLY = "2026-01-01 08:00"  # "now" for tests of 2026-2027 dates


def spans(windows):
    return [(f"{a:HH:mm}", f"{b:HH:mm}") for a, b in windows]


def hours_of(windows):
    """Real hours (in UTC: two wall times in one zone subtract by the wall clock)."""
    return sum((b.to("UTC") - a.to("UTC")).total_seconds() for a, b in windows) / 3600


def test_shipped_providers_work_the_office_hours_and_a_works_sundays(config):
    assert spans(working_windows(config, "Provider B", D(2026, 12, 1))) == [("09:00", "18:00")]
    assert spans(working_windows(config, "Provider A", D(2026, 12, 5))) == [("09:00", "14:00")]
    assert scheduled_on(config, D(2026, 12, 6)) == ["Provider A"]  # a Sunday
    assert working_windows(config, "Provider A", D(2026, 12, 25)) == []  # Christmas
    assert unavailable(config, "Provider B", D(2026, 12, 25)) == []
    assert (
        absence(
            config,
            "Provider B",
            at(config.tz, "2026-12-01 10:00"),
            at(config.tz, "2026-12-01 11:00"),
        )
        is None
    )


@pytest.mark.parametrize(
    ("day", "offset", "hours"),
    [
        (D(2026, 3, 8), "-07:00", 6),  # spring forward, Sunday
        (D(2026, 11, 1), "-08:00", 6),  # fall back, Sunday
        (D(2027, 3, 14), "-07:00", 6),
        (D(2027, 11, 7), "-08:00", 6),
        (D(2026, 3, 9), "-07:00", 9),  # the Monday after
        (D(2026, 3, 7), "-08:00", 5),  # the Saturday before
    ],
)
def test_windows_on_daylight_saving_days_keep_the_wall_clock(config, day, offset, hours):
    ((start, end),) = working_windows(config, "Provider A", day)
    assert start.isoformat().endswith(offset) and end.isoformat().endswith(offset)
    assert hours_of([(start, end)]) == hours


def test_a_night_window_across_the_change_counts_real_hours():
    # A clinic open 00:30–04:00 on Sundays with a break 01:30–02:30: the spring-forward
    # night has 2.5 real hours (the break 1), the fall-back night 4.5 (the break 2).
    doc_hours = {"sun": {"kind": "by_appointment", "opens": "00:30", "closes": "04:00"}}
    config = setup(
        hours=setup().to_dict()["hours"] | doc_hours,
        providers=[provider("Provider A", {"sun": "00:30-04:00"}, breaks={"sun": ["01:30-02:30"]})],
    )
    spring, fall = D(2026, 3, 8), D(2026, 11, 1)
    assert hours_of(working_windows(config, "Provider A", spring)) == 1.5
    assert hours_of(working_windows(config, "Provider A", fall)) == 2.5
    blocks = unavailable(config, "Provider A", fall)
    assert [(b.kind, hours_of([(b.start, b.end)])) for b in blocks] == [("break", 2.0)]
    now = at(config.tz, EARLY)
    for day in (spring, fall):
        for slot in free_slots(config, day, 30, [], now):
            end = slot.start.shift(minutes=30)
            assert any(
                a <= slot.start and end <= b for a, b in working_windows(config, "Provider A", day)
            ), slot


def test_breaks_split_the_day_and_are_shaded():
    config = setup(
        providers=[
            provider("Provider A", WEEK, breaks={"mon": ["12:30-13:00"], "tue": ["12:30-13:00"]}),
            provider("Provider B", WEEK),
        ]
    )
    monday = D(2026, 12, 7)
    assert spans(working_windows(config, "Provider A", monday)) == [
        ("09:00", "12:30"),
        ("13:00", "18:00"),
    ]
    (block,) = unavailable(config, "Provider A", monday)
    assert (block.kind, f"{block.start:HH:mm}", f"{block.end:HH:mm}") == ("break", "12:30", "13:00")
    tz = config.tz
    assert (
        absence(config, "Provider A", at(tz, "2026-12-07 12:15"), at(tz, "2026-12-07 12:45"))
        == "Provider A is on a break 12:30 PM–1:00 PM."
    )
    assert (
        absence(
            config,
            "Provider A",
            at(tz, "2026-12-07 12:15"),
            at(tz, "2026-12-07 12:45"),
            weekly=False,
        )
        is None
    )
    assert spans(working_windows(config, "Provider A", D(2026, 12, 9))) == [("09:00", "18:00")]


def test_days_off_and_partial_days():
    config = setup(
        providers=[
            provider("Provider A", WEEK),
            provider("Provider B", WEEK | {"wed": None, "thu": "13:00-18:00"}),
        ]
    )
    tz = config.tz
    wed, thu = D(2026, 12, 9), D(2026, 12, 10)
    assert working_windows(config, "Provider B", wed) == []
    (off,) = unavailable(config, "Provider B", wed)
    assert (off.kind, off.label, f"{off.start:HH:mm}", f"{off.end:HH:mm}") == (
        "off",
        "Day off",
        "09:00",
        "18:00",
    )
    assert (
        absence(config, "Provider B", at(tz, "2026-12-09 10:00"), at(tz, "2026-12-09 10:30"))
        == "Provider B is off on Wednesdays."
    )
    assert (
        absence(config, "Provider B", at(tz, "2026-12-10 12:30"), at(tz, "2026-12-10 13:30"))
        == "Provider B works 1:00 PM–6:00 PM on Thu 10 Dec."
    )
    assert [(b.label, f"{b.end:HH:mm}") for b in unavailable(config, "Provider B", thu)] == [
        ("Not working", "13:00")
    ]
    assert scheduled_on(config, wed) == ["Provider A"]


def test_time_off_spanning_days():
    config = setup(
        time_off=[
            {
                "id": "T-1",
                "provider": "Provider B",
                "from": "2026-12-10 14:00",
                "to": "2026-12-14 11:00",
                "reason": "Conference",
            },
        ]
    )
    tz = config.tz
    assert spans(working_windows(config, "Provider B", D(2026, 12, 10))) == [("09:00", "14:00")]
    assert working_windows(config, "Provider B", D(2026, 12, 11)) == []
    assert working_windows(config, "Provider B", D(2026, 12, 12)) == []
    assert spans(working_windows(config, "Provider B", D(2026, 12, 14))) == [("11:00", "18:00")]
    assert spans(working_windows(config, "Provider A", D(2026, 12, 11))) == [("09:00", "18:00")]
    assert (
        absence(
            config,
            "Provider B",
            at(tz, "2026-12-11 10:00"),
            at(tz, "2026-12-11 10:30"),
            weekly=False,
        )
        == "Provider B is away (Conference) until Mon 14 Dec 11:00 AM."
    )
    assert absence(
        config, "Provider B", at(tz, "2026-12-10 13:30"), at(tz, "2026-12-10 14:30")
    ).startswith("Provider B is away (Conference)")
    blocks = unavailable(config, "Provider B", D(2026, 12, 10))
    assert [(b.kind, b.label, f"{b.start:HH:mm}", f"{b.end:HH:mm}") for b in blocks] == [
        ("time_off", "Conference", "14:00", "18:00")
    ]


def test_time_off_across_the_spring_change_ends_on_the_wall_clock():
    config = setup(
        time_off=[
            {
                "id": "T-2",
                "provider": "Provider A",
                "from": "2026-03-07 12:00",
                "to": "2026-03-09 12:00",
                "reason": "",
            },
        ]
    )
    assert spans(working_windows(config, "Provider A", D(2026, 3, 7))) == [("09:00", "12:00")]
    assert working_windows(config, "Provider A", D(2026, 3, 8)) == []
    ((start, _),) = working_windows(config, "Provider A", D(2026, 3, 9))
    assert start.isoformat() == "2026-03-09T12:00:00-07:00"
    # Nobody is scheduled that Sunday any more: it is not bookable.
    assert scheduled_on(config, D(2026, 3, 8)) == []
    assert free_slots(config, D(2026, 3, 8), 30, [], at(config.tz, EARLY)) == []


def test_a_sunday_shift_schedules_a_provider_that_sunday_only():
    config = setup(
        shifts=[{"provider": "Provider B", "date": "2026-12-06", "from": "10:00", "to": "14:00"}]
    )
    tz = config.tz
    assert scheduled_on(config, D(2026, 12, 6)) == ["Provider A", "Provider B"]
    assert scheduled_on(config, D(2026, 12, 13)) == ["Provider A"]
    assert spans(working_windows(config, "Provider B", D(2026, 12, 6))) == [("10:00", "14:00")]
    assert (
        absence(config, "Provider B", at(tz, "2026-12-06 14:00"), at(tz, "2026-12-06 14:30"))
        == "Provider B works 10:00 AM–2:00 PM on Sun 6 Dec."
    )
    assert (
        absence(config, "Provider B", at(tz, "2026-12-13 11:00"), at(tz, "2026-12-13 11:30"))
        == "Provider B is not scheduled on Sun 13 Dec."
    )
    blocks = unavailable(config, "Provider B", D(2026, 12, 6))
    assert [(b.kind, f"{b.start:HH:mm}") for b in blocks] == [("off", "14:00")]
    # A shift outside the Sunday window only counts inside it.
    late = setup(
        shifts=[{"provider": "Provider B", "date": "2026-12-06", "from": "15:00", "to": "20:00"}]
    )
    assert spans(working_windows(late, "Provider B", D(2026, 12, 6))) == [("15:00", "16:00")]


_hour = hs.integers(min_value=6, max_value=20)


@settings(deadline=None, max_examples=60)
@given(
    day=hs.dates(min_value=D(2026, 1, 1), max_value=D(2030, 12, 31)),
    start=_hour,
    length=hs.integers(min_value=1, max_value=10),
    with_break=hs.booleans(),
)
def test_every_free_slot_lies_in_a_working_window(day, start, length, with_break):
    end = min(start + length, 23)
    span = f"{start:02d}:00-{end:02d}:00"
    breaks = {k: [f"{start:02d}:30-{start + 1:02d}:00"] for k in ("mon", "wed", "sun")}
    config = setup(
        providers=[
            provider(
                "Provider A",
                {k: span for k in ("mon", "tue", "wed", "sun")},
                breaks=breaks if with_break and end > start + 1 else {},
            ),
        ]
    )
    now = at(config.tz, "2025-12-31 08:00")
    windows = working_windows(config, "Provider A", day)
    slots = free_slots(config, day, 30, [], now)
    for slot in slots:
        assert slot.provider == "Provider A"
        fin = slot.start.shift(minutes=30)
        assert any(a <= slot.start and fin <= b for a, b in windows)
    # Each window that fits a visit offers its first quarter-hour start.
    assert bool(slots) == any((b - a).total_seconds() >= 1800 for a, b in windows)


def test_time_off_covers_a_break_inside_it_in_the_shading():
    config = setup(
        providers=[provider("Provider A", WEEK, breaks={"mon": ["12:30-13:00"]}), "Provider B"],
        time_off=[
            {
                "id": "T-3",
                "provider": "Provider A",
                "from": "2026-12-07 12:00",
                "to": "2026-12-07 15:00",
                "reason": "Dentist",
            }
        ],
    )
    blocks = unavailable(config, "Provider A", D(2026, 12, 7))
    assert [(b.kind, b.label, f"{b.start:HH:mm}", f"{b.end:HH:mm}") for b in blocks] == [
        ("time_off", "Dentist", "12:00", "15:00")
    ]
    assert spans(working_windows(config, "Provider A", D(2026, 12, 7))) == [
        ("09:00", "12:00"),
        ("15:00", "18:00"),
    ]
    assert (
        absence(
            config,
            "Provider A",
            at(config.tz, "2026-12-07 14:30"),
            at(config.tz, "2026-12-07 15:30"),
        )
        == "Provider A is away (Dentist) until 3:00 PM."
    )
