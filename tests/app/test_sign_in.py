"""Who is at a shared desk: name and PIN before any patient detail, F9 to switch person."""

from __future__ import annotations

import pytest
from textual.screen import ModalScreen

from console.app import FrontDeskApp
from console.cli import terminal
from console.cli.main import build_parser
from console.clinic import status as st
from console.clinic.errors import NotAllowed
from console.clinic.staff import MANAGER, RECEPTIONIST, StaffMember
from console.desk import Administration, Desk
from console.ui.commands import DeskCommands
from console.ui.dialogs import LookupDialog
from console.ui.screens.sign_in import SignInScreen
from console.ui.widgets.checkin import CheckInPane
from tests.app.drive import press, screen_text, settle, shown, type_text
from tests.app.staff import LEE_PIN, MARIA_PIN, add_desk_staff
from tests.app.test_privacy import assert_no_patient_data

SIZE = (100, 30)


async def check_in(pilot, app: FrontDeskApp, name: str) -> str:
    """Mark ``name``'s visit today arrived from the check-in pane; its id."""
    await press(pilot, "f2")
    aid = next(
        v.appointment.id
        for v in app.desk.schedule(app.desk.today()).visits
        if v.patient.name == name
    )
    assert app.desk_screen.query_one(CheckInPane).table.select_key(aid)
    await settle(pilot)
    await press(pilot, "a", "enter")  # asks first: Enter confirms
    return aid


async def sign_in(pilot, digit: str, pin: str) -> None:
    await press(pilot, digit)
    await type_text(pilot, pin)
    await press(pilot, "enter")


async def test_the_desk_asks_who_first_and_the_audit_names_that_person(
    desk: Desk, fresh: Desk
) -> None:
    add_desk_staff(fresh)
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert not isinstance(app.screen, ModalScreen)  # nothing shows through
        text = screen_text(app)
        assert "Who is at the desk?" in text
        assert "1  lee" in text and "2  maria" in text
        assert_no_patient_data(text)
        assert "Schedule" not in text

        await sign_in(pilot, "2", MARIA_PIN)
        assert app.screen is app.desk_screen
        aid = await check_in(pilot, app, "Diego Ramírez")
    assert fresh.appointment(aid).status == st.ARRIVED
    change = fresh.audit_trail_of([aid])[-1]
    assert (change["who"], change["role"]) == ("maria", "receptionist")
    signed = [e for e in Administration(fresh).audit_recent(50) if e["action"] == "session.sign_in"]
    assert signed and signed[-1]["who"] == "maria"


async def test_the_pin_is_masked_and_a_wrong_one_is_one_sentence(desk: Desk, fresh: Desk) -> None:
    add_desk_staff(fresh)
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await type_text(pilot, "9999")
        assert "9999" not in screen_text(app)  # masked
        await press(pilot, "enter")
        assert isinstance(app.screen, SignInScreen)
        assert shown(app, "#error-pin") == "That PIN is not right for maria."
        assert app.screen.query_one("#sign-in-pin").value == ""
        # Typing again clears the sentence; the right PIN signs in.
        await type_text(pilot, MARIA_PIN)
        assert shown(app, "#error-pin") == ""
        await press(pilot, "enter")
        assert app.screen is app.desk_screen


async def test_repeated_wrong_pins_pause_the_name_and_say_so(desk: Desk, fresh: Desk) -> None:
    add_desk_staff(fresh)
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        for _ in range(5):
            await type_text(pilot, "0000")
            await press(pilot, "enter")
        assert "maria is paused for 5 minutes" in shown(app, "#error-pin")
        await type_text(pilot, MARIA_PIN)  # even the right PIN waits out the pause
        await press(pilot, "enter")
        assert isinstance(app.screen, SignInScreen)
        assert "Too many wrong PINs for maria" in shown(app, "#error-pin")


async def test_an_unknown_typed_name_is_one_sentence_under_the_name(
    desk: Desk, fresh: Desk
) -> None:
    add_desk_staff(fresh)
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab")  # to the name box
        await type_text(pilot, "nobody")
        await press(pilot, "enter")
        await type_text(pilot, "1234")
        await press(pilot, "enter")
        assert isinstance(app.screen, SignInScreen)
        assert shown(app, "#error-name") == "Nobody called nobody is on the staff."


async def test_no_key_reaches_patient_data_before_signing_in(desk: Desk, fresh: Desk) -> None:
    add_desk_staff(fresh)
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("f1", "f2", "f4", "f5", "ctrl+f", "slash", "ctrl+p", "f9"):
            await press(pilot, key)
            assert isinstance(app.screen, SignInScreen), key
            assert len(app.screen_stack) == 2, key
            assert_no_patient_data(screen_text(app))


async def test_switching_person_is_f9_then_a_name_and_pin(desk: Desk, fresh: Desk) -> None:
    add_desk_staff(fresh)
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await sign_in(pilot, "2", MARIA_PIN)
        await press(pilot, "f9")
        assert isinstance(app.screen, SignInScreen)
        assert_no_patient_data(screen_text(app))
        await sign_in(pilot, "1", LEE_PIN)
        assert app.screen is app.desk_screen
        aid = await check_in(pilot, app, "Diego Ramírez")
    change = fresh.audit_trail_of([aid])[-1]
    assert (change["who"], change["role"]) == ("lee", "manager")
    sessions = [
        (e["action"], e["who"])
        for e in Administration(fresh).audit_recent(50)
        if e["action"] in ("session.sign_in", "session.sign_out")
    ]
    assert sessions == [
        ("session.sign_in", "maria"),
        ("session.sign_out", "maria"),
        ("session.sign_in", "lee"),
    ]


async def test_switching_person_is_in_the_palette(desk: Desk, fresh: Desk) -> None:
    add_desk_staff(fresh)
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await sign_in(pilot, "1", LEE_PIN)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "switch person")
        await press(pilot, "enter")
        assert isinstance(app.screen, SignInScreen)


async def test_a_store_with_no_staff_opens_straight_away(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen is app.desk_screen
        await press(pilot, "f9")  # nobody to switch to
        assert app.screen is app.desk_screen
        names = [hit.display async for hit in DeskCommands(app.screen).discover()]
        assert "people: switch person" not in names


async def test_a_person_fixed_by_their_key_line_is_never_asked(desk: Desk, fresh: Desk) -> None:
    add_desk_staff(fresh)
    desk.act_as("maria")  # what `frontdesk-ssh --person maria` does
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen is app.desk_screen
        await press(pilot, "f9")
        assert app.screen is app.desk_screen
        names = [hit.display async for hit in DeskCommands(app.screen).discover()]
        assert "people: switch person" not in names
        aid = await check_in(pilot, app, "Diego Ramírez")
    change = fresh.audit_trail_of([aid])[-1]
    assert (change["who"], change["role"]) == ("maria", "receptionist")


class FakeClock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_idle_time_at_a_shared_desk_asks_who_again(desk: Desk, fresh: Desk) -> None:
    """The idle lock would let the next key carry on as the last person: it signs out."""
    add_desk_staff(fresh)
    app = FrontDeskApp(desk=desk)
    clock = FakeClock()
    app.idle.clock = clock
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await sign_in(pilot, "2", MARIA_PIN)
        await press(pilot, "slash")  # a dialog open when the desk is left
        clock.now += desk.config.privacy_idle_seconds + 1
        assert app.idle.check()
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert_no_patient_data(screen_text(app))
        clock.now += desk.config.privacy_idle_seconds + 1
        assert not app.idle.check()  # nobody signed in: nothing more to do
        await sign_in(pilot, "2", MARIA_PIN)
        assert isinstance(app.screen, LookupDialog)  # back where she was
    entries = Administration(fresh).audit_recent(50)
    assert [e["action"] for e in entries if e["action"].startswith("session.sign")] == [
        "session.sign_in",
        "session.sign_out",
        "session.sign_in",
    ]


async def test_a_toast_naming_a_patient_does_not_follow_onto_the_sign_in_screen(
    desk: Desk, fresh: Desk
) -> None:
    add_desk_staff(fresh)
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await sign_in(pilot, "2", MARIA_PIN)
        app.notify("Checked in Rosalind Nguyễn.", markup=False)
        await settle(pilot)
        assert "Rosalind Nguyễn" in screen_text(app)
        await press(pilot, "f9")
        assert isinstance(app.screen, SignInScreen)
        assert "Rosalind" not in screen_text(app)
        app.notify("Checked in Rosalind Nguyễn.", markup=False)  # one arriving late
        await settle(pilot)
        assert "Rosalind" not in screen_text(app)


def _console_desk(store_dir, monkeypatch) -> Desk:
    """The desk ``frontdesk`` (no command, no --person) would hand the console."""
    made: dict[str, Desk] = {}

    class Made(Exception):
        """Stops the console once the app is made: only its desk matters here."""

    def record(**kwargs) -> None:
        made["desk"] = kwargs["desk"]
        raise Made

    monkeypatch.setattr("console.app.FrontDeskApp", record)
    monkeypatch.setattr(terminal, "daily_backup", lambda folder: None)
    args = build_parser().parse_args(["--data-dir", str(store_dir)])
    with pytest.raises(Made):
        terminal.open_console(args)
    return made["desk"]


def test_staff_without_pins_do_not_make_the_shared_login_a_manager(store_dir, monkeypatch):
    """Keys set up, no PIN yet: the desk PC's console opens, but cannot restore."""
    desk = _console_desk(store_dir, monkeypatch)
    assert desk.is_manager()  # a new clinic (no staff): the administrator, as before
    with desk.store.locked():
        desk.staff.save(StaffMember("lee", MANAGER, None))
        desk.staff.save(StaffMember("maria", RECEPTIONIST, None))
    desk = _console_desk(store_dir, monkeypatch)
    assert not desk.is_manager()
    with pytest.raises(NotAllowed, match="Only a manager can restore a backup"):
        Administration(desk).restore("2026-11-24T103000")
