"""Privacy: the lock screen (F12, palette, idle time) and initials-only mode."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from textual.screen import ModalScreen, Screen
from textual.widgets import Input

from console.app import FrontDeskApp
from console.cli import terminal
from console.cli.main import build_parser
from console.clinic import status as st
from console.desk import Desk
from console.store.setup import SetupRepo
from console.ui.dialogs import LookupDialog, needs_questions
from console.ui.redact import initials
from console.ui.screens.lock import LockScreen
from console.ui.widgets.checkin import CheckInPane
from tests.app.clinic import BOB, EVIL, PEOPLE, ROSA
from tests.app.drive import press, screen_text, settle, type_text

SIZE = (100, 30)
CLINIC = "Iconic Skin Clinic"
#: What must never show on the lock screen or in initials-only mode.
FULL_NAMES = sorted(PEOPLE)
LAST_NAMES = sorted({p.last for p in PEOPLE.values()})
PHONES = sorted(p.phone_display for p in PEOPLE.values())


def assert_no_patient_data(text: str) -> None:
    """No seeded full name, surname or phone number in ``text``."""
    for shown in (*FULL_NAMES, *LAST_NAMES, *PHONES):
        assert shown not in text, shown


def screenshot_text(app: FrontDeskApp) -> str:
    """The SVG screenshot's text (entities and non-breaking spaces undone)."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


class FakeClock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# -- the lock ---------------------------------------------------------------------


async def test_f12_locks_behind_an_opaque_screen_with_only_clinic_and_time(
    app: FrontDeskApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Rosalind Nguyễn" in screen_text(app)  # the schedule shows names
        await press(pilot, "f12")
        assert isinstance(app.screen, LockScreen)
        assert isinstance(app.screen, Screen) and not isinstance(app.screen, ModalScreen)
        for text in (screen_text(app), screenshot_text(app)):
            assert CLINIC in text
            assert "10:30 AM" in text
            assert "Press any key to return" in text
            assert_no_patient_data(text)
            assert "Schedule" not in text  # nothing of the desk shows through


async def test_any_key_returns_to_the_same_pane_and_row_and_does_nothing_else(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f2", "down", "down")
        pane = app.desk_screen.query_one(CheckInPane)
        selected = pane.table.selected_key
        assert selected is not None
        before = fresh.appointment(selected).status
        await press(pilot, "f12")
        assert app.idle.locked
        # "x" would cancel the visit and F1 switch panes: under the lock they only unlock.
        await press(pilot, "x")
        assert app.screen is app.desk_screen
        assert app.desk_screen.current == "checkin"
        assert pane.table.selected_key == selected
        assert pane.table.has_focus
        assert fresh.appointment(selected).status == before
        await press(pilot, "f12", "f1")
        assert app.desk_screen.current == "checkin"


async def test_a_click_unlocks(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f12")
        await pilot.click(offset=(5, 5))
        await settle(pilot)
        assert app.screen is app.desk_screen


async def test_palette_does_not_open_over_the_lock(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f12", "ctrl+p")
        assert app.screen is app.desk_screen  # ctrl+p unlocked, like any key


async def test_a_half_typed_lookup_survives_lock_and_unlock(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f")
        await type_text(pilot, "rosal")
        dialog = app.screen
        assert isinstance(dialog, LookupDialog)
        await press(pilot, "f12")
        assert isinstance(app.screen, LockScreen)
        assert app.screen_stack[-2] is dialog  # the lock covers the dialog
        assert_no_patient_data(screen_text(app))
        await press(pilot, "q")
        assert app.screen is dialog
        box = dialog.query_one(Input)
        assert box.value == "rosal"  # the unlocking key was not typed into it
        assert box.has_focus
        assert "Rosalind Nguyễn" in screen_text(app)


async def test_a_half_typed_booking_survives_lock_and_unlock(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "right", "b")
        await type_text(pilot, "rosalind")
        await press(pilot, "enter")
        dialog = app.screen
        time_box = dialog.query_one("#booking-time", Input)
        time_box.focus()
        time_box.value = ""
        await type_text(pilot, "11:3")
        await press(pilot, "f12")
        assert isinstance(app.screen, LockScreen)
        await press(pilot, "escape")  # Esc unlocks; it does not close the dialog
        assert app.screen is dialog
        assert dialog.query_one("#booking-time", Input).value == "11:3"


async def test_notifications_do_not_show_on_the_lock_screen(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.notify(f"Checked in {ROSA.name}.", markup=False)
        await settle(pilot)
        assert ROSA.name in screen_text(app)
        await press(pilot, "f12")
        assert ROSA.name not in screen_text(app)
        assert ROSA.name not in screenshot_text(app)


async def test_idle_time_locks_once(app: FrontDeskApp) -> None:
    clock = FakeClock()
    app.idle.clock = clock
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.idle.last_input = clock.now
        assert app.desk.config.privacy_idle_seconds == 180
        clock.now += 179
        assert not app.idle.check()
        await press(pilot, "down")  # a key: idle time starts again
        clock.now += 100
        assert not app.idle.check()
        clock.now += 80
        assert app.idle.check()
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        clock.now += 500
        assert not app.idle.check()  # already locked: not twice
        await settle(pilot)
        assert sum(isinstance(s, LockScreen) for s in app.screen_stack) == 1
        await press(pilot, "space")
        assert app.screen is app.desk_screen
        assert not app.idle.check()  # the unlocking key counts as input


async def test_idle_lock_covers_an_open_dialog(app: FrontDeskApp) -> None:
    clock = FakeClock()
    app.idle.clock = clock
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f")
        await type_text(pilot, "evil")
        clock.now += 1000
        assert app.idle.check()
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert_no_patient_data(screen_text(app))


async def test_idle_zero_never_locks(desk: Desk) -> None:
    # The clinic's own setup in the store says 0 (it wins over the shipped one).
    with desk.store.locked():
        SetupRepo(desk.store).write({**desk.setup_document(), "privacy_idle_seconds": 0})
    assert desk.config.privacy_idle_seconds == 0
    app = FrontDeskApp(desk=desk)
    clock = FakeClock()
    app.idle.clock = clock
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clock.now += 10_000_000
        assert not app.idle.check()
        await settle(pilot)
        assert app.screen is app.desk_screen
        await press(pilot, "f12")  # the key still locks
        assert isinstance(app.screen, LockScreen)


async def test_palette_locks_the_screen(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "lock screen")
        await press(pilot, "enter")
        assert isinstance(app.screen, LockScreen)


# -- initials only ----------------------------------------------------------------


def test_initials() -> None:
    assert initials("Ana", "O'Brien") == "A. O."
    assert initials("Ana O'Brien") == "A. O."
    assert initials(EVIL.first, EVIL.last) == "E. O."
    assert initials(BOB.first, BOB.last) == "R. C."
    assert initials("Thanh", "Lê") == "T. L."
    assert initials("Cher") == "C."
    assert initials("[?]", "") == "?"


async def test_initials_only_schedule_shows_no_name_or_phone(desk: Desk) -> None:
    app = FrontDeskApp(desk=desk, initials_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "down", "down", "down")  # the detail line shows a visit
        text = screen_text(app)
        assert "R. N." in text  # Rosalind Nguyễn
        assert "E. O." in text  # [red]Evil[/red] O'Brien
        assert "Initials only" in text
        assert_no_patient_data(text)
        assert "Rosalind" not in text
        assert "High blood pressure" not in text
        await press(pilot, "f2")
        text = screen_text(app)
        assert "R. N." in text
        assert_no_patient_data(text)


async def test_initials_only_header_fits_at_80_columns(desk: Desk) -> None:
    app = FrontDeskApp(desk=desk, initials_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = screen_text(app).splitlines()[0]
        assert "Iconic Skin Clinic · Tue 24 Nov  Initials Now 10:30 AM" in header
        assert header.rstrip().endswith("closes 6:00 PM")


async def test_initials_only_lookup_and_patient_screen(desk: Desk) -> None:
    app = FrontDeskApp(desk=desk, initials_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f")
        await type_text(pilot, "rosalind nguyen")
        text = screen_text(app)
        assert "R. N." in text
        assert "Nguyễn" not in text
        assert ROSA.phone_display not in text
        await press(pilot, "enter")
        assert app.screen is app.patient_screen
        text = screen_text(app)
        assert "R. N." in text
        assert "Initials only" in text
        assert_no_patient_data(text)
        for private in ("Rosalind", ROSA.email, *ROSA.conditions):
            assert private not in text
        await press(pilot, "e")  # the edit form would show everything
        assert app.screen is app.patient_screen
        assert "Turn initials only off" in screen_text(app)


async def test_initials_only_calls_and_day_close(desk: Desk) -> None:
    app = FrontDeskApp(desk=desk, initials_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        text = screen_text(app)
        assert "hidden" in text
        assert_no_patient_data(text)
        await press(pilot, "f5")
        assert_no_patient_data(screen_text(app))


async def test_toggle_redraws_at_once_and_goes_back(app: FrontDeskApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "down", "down", "down")
        selected = app.desk_screen.pane("schedule").table.selected_key
        assert "Rosalind Nguyễn" in screen_text(app)
        assert "Initials only" not in screen_text(app)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "initials only")
        await press(pilot, "enter")
        assert app.initials_only
        text = screen_text(app)
        assert "R. N." in text and "Initials only" in text
        assert_no_patient_data(text)
        assert app.desk_screen.pane("schedule").table.selected_key == selected
        app.action_toggle_initials_only()
        await settle(pilot)
        assert not app.initials_only
        text = screen_text(app)
        assert "Rosalind Nguyễn" in text
        assert "Initials only" not in text
        assert app.desk_screen.pane("schedule").table.selected_key == selected


async def test_toggle_is_refused_while_a_dialog_shows_details(app: FrontDeskApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "right", "b")
        await type_text(pilot, "rosalind")
        await press(pilot, "enter")  # the booking dialog: name and health details
        dialog = app.screen
        await press(pilot, "ctrl+p")
        await type_text(pilot, "initials only")
        await press(pilot, "enter")
        assert app.screen is dialog
        assert not app.initials_only, "the dialog drew full details; the mode must not claim"
        said = str(dialog.query_one("#error-general").render())
        assert said == "Close the open dialog first; then switch initials only."
        await press(pilot, "escape")
        app.action_toggle_initials_only()
        await settle(pilot)
        assert app.initials_only


async def test_aftercare_sheet_on_screen_follows_initials_only(desk: Desk) -> None:
    thanh = next(
        v for v in desk.schedule(desk.today()).visits if v.appointment.status == st.IN_TREATMENT
    )
    app = FrontDeskApp(desk=desk, initials_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        assert app.desk_screen.pane("checkin").table.select_key(thanh.appointment.id)
        await press(pilot, "d")  # asks first, naming the patient by initials only
        assert_no_patient_data(screen_text(app))
        await press(pilot, "enter")  # completed: the aftercare sheet comes up
        text = screen_text(app)
        assert "aftercare" in text.lower()
        assert f"For {initials(thanh.patient.first, thanh.patient.last)}, visit of" in text
        assert_no_patient_data(text)


async def test_toggle_redraws_an_open_patient_screen(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f")
        await type_text(pilot, "rosalind")
        await press(pilot, "enter")
        assert ROSA.email in screen_text(app)
        app.action_toggle_initials_only()
        await settle(pilot)
        assert app.screen is app.patient_screen
        text = screen_text(app)
        assert "R. N." in text
        assert ROSA.email not in text
        assert ROSA.phone_display not in text


async def test_status_lines_naming_a_patient_are_cleared(app: FrontDeskApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        pane = app.desk_screen.query_one(CheckInPane)
        visit = next(
            v
            for v in pane._schedule.visits
            if v.appointment.status == st.CONFIRMED and not needs_questions(app.desk, v.appointment)
        )
        pane.table.select_key(visit.appointment.id)
        await press(pilot, "a", "enter")
        assert visit.patient.name in pane.status.message
        app.action_toggle_initials_only()
        await settle(pilot)
        assert visit.patient.name not in screen_text(app)


def test_initials_flag_reaches_the_app(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = build_parser().parse_args(["--initials", "--data-dir", str(store_dir)])
    assert args.initials is True
    assert build_parser().parse_args([]).initials is False
    made: dict[str, object] = {}

    class Made(Exception):
        """Stops the console once the app is made: only its arguments matter here."""

    def record(**kwargs: object) -> None:
        made.update(kwargs)
        raise Made

    monkeypatch.setattr("console.app.FrontDeskApp", record)
    args.date, args.demo = None, False
    with pytest.raises(Made):
        terminal.open_console(args)
    assert made["initials_only"] is True


async def test_two_quick_keys_unlock_once(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f12")
        await pilot.press("space", "space")
        await settle(pilot)
        assert app.screen is app.desk_screen
        assert app.return_code is None  # still running, no error
