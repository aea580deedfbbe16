"""Text planted straight into the store files never acts on the terminal of the console.

The desk cleans what people type, but a tampered file or a crafted backup can put escape
sequences (OSC 52 clipboard, window title, cursor moves), C1 controls and bidi
overrides in a name, a note or a room. The console cleans text read from the store again
before it is drawn; these tests read what the app renders (its screenshot).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.app import FrontDeskApp
from console.desk import Desk
from console.ui.widgets.schedule import SchedulePane
from tests.app.clinic import ROSA, open_desk
from tests.app.drive import press, screen_text, settle, type_text
from tests.tampering import OSC52, TITLE, plant

SIZE = (120, 40)
CSI = "\x1b[2J\x1b[H"
# ESC, BEL, C1 controls (CSI, OSC, ST), bidi overrides and isolates, zero-width space.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b]")


@pytest.fixture
def tampered(store_dir: Path) -> Iterator[Desk]:
    plant(
        store_dir,
        ROSA.id,
        first=f"Rosalind{OSC52}",
        last=f"Ng\u202euyễn{TITLE}",
        conditions=f"{CSI}asthma\x9b31m",
        allergies="latex\u2066\x1b[1A",
    )
    probe = open_desk(store_dir)
    visit = next(a for a in probe.history(ROSA.id) if a.day(probe.tz) == probe.today())
    probe.close()
    plant(store_dir, visit.id, notes=f"call back{OSC52}\u202e", room=f"Room 1{CSI}")
    desk = open_desk(store_dir)
    yield desk
    desk.close()


def assert_terminal_safe(app: FrontDeskApp, *expected: str) -> None:
    """Nothing forbidden in what the app draws (its SVG screenshot and its text)."""
    picture, text = app.export_screenshot(), screen_text(app)
    found = sorted({f"U+{ord(ch):04X}" for ch in FORBIDDEN.findall(picture + text)})
    assert not found, found
    for part in expected:
        assert part in text, part


async def test_schedule_lookup_and_patient_screen_show_planted_text_cleaned(
    tampered: Desk,
) -> None:
    app = FrontDeskApp(desk=tampered)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # 120 wide: the day in columns, the visit's room in the detail line under them.
        app.desk_screen.query_one(SchedulePane).columns.select_key(
            next(
                v.appointment.id
                for v in tampered.schedule(tampered.today()).visits
                if v.patient.id == ROSA.id
            )
        )
        await settle(pilot)
        assert_terminal_safe(app, "Rosalind]52;c;", "Room 1")
        await press(pilot, "ctrl+f")
        await type_text(pilot, "rosalind")
        assert_terminal_safe(app, "Rosalind]52;c;")
        await press(pilot, "enter")
        assert app.screen is app.patient_screen
        assert_terminal_safe(app, "asthma", "latex")
