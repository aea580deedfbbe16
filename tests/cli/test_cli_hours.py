"""``frontdesk hours``: text and JSON, pinned clock, and ``python -m console``."""

import sys


def test_hours_today_as_text(ok):
    assert ok("hours").strip() == "Tue 24 Nov 2026: Open 9:00 AM–6:00 PM"


def test_hours_of_thanksgiving_as_json(frontdesk):
    result = frontdesk("hours", "2026-11-26", "--json")
    assert result.code == 0
    assert result.json() == {
        "date": "2026-11-26",
        "kind": "closed",
        "opens": None,
        "closes": None,
        "reason": "Thanksgiving Day",
        "summary": "Closed: Thanksgiving Day",
    }


def test_json_flag_before_the_command(frontdesk):
    data = frontdesk("--json", "hours", "2026-11-29").json()
    assert (data["kind"], data["opens"], data["closes"]) == ("by_appointment", "10:00", "16:00")


def test_the_pinned_clock_decides_today(ok):
    assert ok("hours", now="2026-11-28 12:00").startswith("Sat 28 Nov 2026: Open 9:00 AM–2:00 PM")


def test_python_dash_m_console(ok):
    out = ok("hours", "2026-12-24", command=[sys.executable, "-m", "console"])
    assert out.strip() == "Thu 24 Dec 2026: Closed: Christmas Eve: staff holiday"
