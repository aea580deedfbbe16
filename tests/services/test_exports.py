"""Schedule exports: CSV rows per visit, and iCalendar that calendars read back."""

import csv
import datetime as dt
import io
import zoneinfo

import icalendar
import pytest

from console.clinic.errors import InvalidInput
from console.services.exports import export_schedule

D = dt.date
HEADER = [
    "id",
    "date",
    "start",
    "end",
    "start_iso",
    "minutes",
    "type",
    "patient_id",
    "patient",
    "phone",
    "provider",
    "room",
    "status",
]


@pytest.fixture
def visits(desk):
    ann = desk.add_patient("Ann", "Lee, Jr.", "714-225-5138")
    ben = desk.add_patient('Ben "B"', "Ortiz", "714-225-5139")
    return {
        "sculptra": desk.book(ann.id, "2026-11-25 10:00", "sculptra"),
        "consult": desk.book(ben.id, "2026-11-25 09:00", "consultation"),
        "cancelled": desk.cancel(desk.book(ben.id, "2026-11-27 14:00", "follow_up").id),
        "saturday": desk.book(ann.id, "2026-11-28 13:00", "skin_care"),
    }


def rows(text):
    return list(csv.reader(io.StringIO(text)))


def events(text):
    return [c for c in icalendar.Calendar.from_ical(text).walk("VEVENT")]


def test_csv_has_a_header_and_one_row_per_visit(desk, visits):
    table = rows(export_schedule(desk, D(2026, 11, 25), D(2026, 11, 28), "csv"))

    assert table[0] == HEADER
    body = [dict(zip(HEADER, r, strict=True)) for r in table[1:]]
    assert [r["id"] for r in body] == [
        visits["consult"].id,
        visits["sculptra"].id,
        visits["cancelled"].id,
        visits["saturday"].id,
    ]
    sculptra = body[1]
    assert sculptra["date"] == "2026-11-25"
    assert (sculptra["start"], sculptra["end"]) == ("10:00", "11:00")
    assert sculptra["start_iso"] == "2026-11-25T10:00:00-08:00"
    assert sculptra["minutes"] == "60"
    assert sculptra["type"] == "Sculptra session"
    assert sculptra["patient"] == "Ann Lee, Jr."  # quoted, not split
    assert sculptra["phone"] == "(714) 225-5138"
    assert sculptra["status"] == "booked"
    assert body[0]["patient"] == 'Ben "B" Ortiz'
    assert body[2]["status"] == "cancelled"


def test_csv_of_an_empty_day_is_just_the_header(desk, visits):
    assert rows(export_schedule(desk, D(2026, 11, 26), D(2026, 11, 26), "csv")) == [HEADER]


def test_ics_parses_back_with_clinic_zone(desk, visits):
    text = export_schedule(desk, D(2026, 11, 25), D(2026, 11, 28), "ics")

    cal = icalendar.Calendar.from_ical(text)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/Los_Angeles"]
    found = {str(e["UID"]).split("@")[0]: e for e in events(text)}
    assert set(found) == {v.id for v in visits.values()}

    event = found[visits["sculptra"].id]
    assert event["DTSTART"].params["TZID"] == "America/Los_Angeles"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.date(), start.time()) == (D(2026, 11, 25), dt.time(10, 0))
    assert (end.date(), end.time()) == (D(2026, 11, 25), dt.time(11, 0))
    assert start.utcoffset() == dt.timedelta(hours=-8)
    assert str(event["SUMMARY"]) == "Sculptra session: Ann Lee, Jr."
    assert "Room" in str(event["LOCATION"])
    assert "STATUS" not in event
    assert str(found[visits["cancelled"].id]["STATUS"]) == "CANCELLED"


def test_ics_keeps_wall_clock_in_summer(make_desk):
    desk = make_desk(now="2027-06-01 08:00")
    pid = desk.add_patient("Ann", "Lee", "714-225-5138").id
    desk.book(pid, "2027-06-15 10:00", "sculptra")

    (event,) = events(export_schedule(desk, D(2027, 6, 15), D(2027, 6, 15), "ics"))

    assert event["DTSTART"].params["TZID"] == "America/Los_Angeles"
    start = event.decoded("DTSTART")
    assert start.time() == dt.time(10, 0)
    assert start.utcoffset() == dt.timedelta(hours=-7)
    utc = start.astimezone(zoneinfo.ZoneInfo("UTC"))
    assert (utc.hour, utc.minute) == (17, 0)


@pytest.mark.parametrize(
    ("first", "last", "fmt", "message"),
    [
        (D(2026, 11, 25), D(2026, 11, 24), "csv", "The end date is before the start date."),
        (D(2026, 1, 1), D(2027, 1, 3), "csv", "Export at most one year at a time."),
        (D(2026, 11, 25), D(2026, 11, 25), "pdf", "'pdf' is not an export format"),
    ],
)
def test_export_refusals(desk, first, last, fmt, message):
    with pytest.raises(InvalidInput) as err:
        export_schedule(desk, first, last, fmt)
    assert message in str(err.value)


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(desk):
    names = ['=HYPERLINK("http://x.example")', "+1+1", "-2+3", "@SUM(A1)"]
    for i, first in enumerate(names):
        patient = desk.add_patient(first, "Formula", f"714-225-51{40 + i}")
        desk.book(patient.id, f"2026-11-25 {10 + i}:00", "consultation")
    cells = [
        r[HEADER.index("patient")]
        for r in rows(export_schedule(desk, D(2026, 11, 25), D(2026, 11, 25), "csv"))[1:]
    ]
    assert sorted(cells) == sorted(f"'{first} Formula" for first in names)
