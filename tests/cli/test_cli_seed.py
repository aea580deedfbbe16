"""``frontdesk seed`` fills a store that ``day`` then shows."""

import datetime as dt

import arrow

from console.clinic.availability import scheduled_on, working_windows


def test_seed_then_day(frontdesk, ok):
    counts = frontdesk("seed", "--years", "0.1", "--json").json()
    assert counts["patients"] > 50 and counts["appointments"] > counts["patients"]
    today = frontdesk("day", "--json").json()
    assert today["date"] == "2026-11-24"
    assert len(today["appointments"]) > 5
    assert all(row["patient_name"] != "(unknown patient)" for row in today["appointments"])
    lines = ok("day").splitlines()
    assert len(lines) == len(today["appointments"]) + 1


def test_seed_is_repeatable(tmp_path, frontdesk):
    first = frontdesk("seed", "--years", "0.05", "--json", "--data-dir", str(tmp_path / "a"))
    second = frontdesk("seed", "--years", "0.05", "--json", "--data-dir", str(tmp_path / "b"))
    assert first.json() == second.json()
    assert (tmp_path / "a" / "patients" / "2026.json").read_bytes() == (
        tmp_path / "b" / "patients" / "2026.json"
    ).read_bytes()


def test_the_demo_seed_sets_up_who_works_when_and_books_inside_it(frontdesk, make_desk, store_dir):
    """The demo clinic: days off, lunch breaks, time off, a Sunday shift, a buffer; every
    seeded visit inside its provider's working windows and clear of the one before."""
    counts = frontdesk("seed", "--years", "0.15", "--json", now="2026-12-02 10:05").json()
    desk = make_desk("2026-12-02 10:05", root=store_dir)
    config = desk.config
    assert desk.setup_stored()
    a, b = config.provider_hours("Provider A"), config.provider_hours("Provider B")
    assert a.hours[2] is None and b.hours[0] is None  # a day off each
    assert a.hours[0] != b.hours[1] and a.breaks[0] != b.breaks[1]  # their own hours
    assert a.hours[6] and not b.hours[6] and not b.gives("sculptra")
    assert [(t.provider, t.reason) for t in config.time_off] == [
        ("Provider A", "Dentist"),
        ("Provider B", "Conference"),
    ]
    assert [(s.provider, s.date.isoformat()) for s in config.shifts] == [
        ("Provider B", "2026-12-06")
    ]
    assert config.appointment_types["sculptra"].buffer == 15
    assert scheduled_on(config, dt.date(2026, 12, 6)) == ["Provider A", "Provider B"]

    visits = desk.appointments.between(dt.date(2026, 9, 1), dt.date(2027, 1, 31))
    assert len(visits) == counts["appointments"] and len(visits) > 300
    last_end: dict[tuple[str, dt.date], arrow.Arrow] = {}
    for visit in sorted(visits, key=lambda v: v.start):
        start = arrow.get(visit.start).to(config.tz)
        end = start.shift(minutes=visit.minutes)
        windows = working_windows(config, visit.provider, start.date())
        assert any(s <= start and end <= e for s, e in windows), (visit.id, visit.provider)
        key = (visit.provider, start.date())
        assert key not in last_end or last_end[key] <= start, visit.id
        buffer = config.appointment_types[visit.type].buffer
        last_end[key] = end.shift(minutes=buffer)
    assert {v.provider for v in visits if v.type == "sculptra"} == {"Provider A"}
    # First available follows it: no Sculptra on Wednesday (Provider A's day off).
    slots = desk.first_available("sculptra", limit=3)
    assert {s.provider for s in slots} == {"Provider A"}
    assert all(s.start.weekday() != 2 for s in slots)
