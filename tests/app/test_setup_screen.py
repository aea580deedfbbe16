"""The clinic setup screen (F7): a manager changes the setup, checked in the store.

Every change is read back through a second desk on the same folder (``fresh``): what
every other desk sees. A receptionist sees the setup read-only and is told why.
"""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, OptionList, Select

from console.app import FrontDeskApp
from console.desk import Administration, Desk
from console.ui.dialogs import BookingDialog
from console.ui.dialogs.setup_form import SetupFormDialog
from console.ui.screens import SetupScreen
from tests.app.drive import press, screen_text, settle, shown, type_text
from tests.app.staff import add_desk_staff

SIZE = (80, 24)
REFUSED = "Only a manager can change the clinic setup; you are signed in as maria (receptionist)."


def setup_screen(app: FrontDeskApp) -> SetupScreen:
    assert isinstance(app.screen, SetupScreen)
    return app.screen


def form(app: FrontDeskApp) -> SetupFormDialog:
    assert isinstance(app.screen, SetupFormDialog)
    return app.screen


async def retype(pilot, app: FrontDeskApp, key: str, text: str) -> None:
    """Put the keyboard in the form's ``key`` box, empty it, and type ``text``."""
    box = app.screen.query_one(f"#setup-{key}", Input)
    box.focus()
    box.value = ""
    await settle(pilot)
    await type_text(pilot, text)


async def go_to(pilot, app: FrontDeskApp, section: str) -> None:
    setup_screen(app).show(section)
    await settle(pilot)


def setup_changes(desk: Desk) -> list[str]:
    return [
        e["action"]
        for e in Administration(desk).audit_recent(50)
        if e["action"].startswith("setup.")
    ]


async def test_a_manager_changes_a_providers_hours_and_a_mistake_is_shown_by_its_field(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f7")
        screen = setup_screen(app)
        assert screen.selected == "provider:Provider A"
        assert "read-only" not in screen_text(app)
        await press(pilot, "down", "enter")  # Provider B
        assert "Change Provider B" in screen_text(app)
        await retype(pilot, app, "hours", "mon-fri 18:00-09:00")
        await press(pilot, "ctrl+s")
        assert "-shown" in app.screen.query_one("#error-hours").classes
        assert shown(app, "#error-hours").endswith("ends before it starts.")
        assert app.screen.query_one("#setup-hours", Input).value == "mon-fri 18:00-09:00"
        await retype(pilot, app, "hours", "mon-tue,thu-fri 10:00-16:00")
        await retype(pilot, app, "breaks", "9:00-9:30")  # outside the new hours
        await press(pilot, "enter")
        assert "-shown" in app.screen.query_one("#error-breaks").classes
        assert "-shown" not in app.screen.query_one("#error-hours").classes
        await retype(pilot, app, "breaks", "12:30-13:00")
        await press(pilot, "enter")
        assert app.screen is screen
        assert "Saved Provider B's hours." in screen_text(app)
        assert "Provider B  Mon–Tue 10:00 AM–4:00 PM, Thu–Fri 10:00 AM–4:00 PM" in screen_text(app)
    provider = fresh.config.provider_hours("Provider B")
    assert provider.hours[0] == (dt.time(10), dt.time(16))
    assert provider.hours[2] is None and provider.hours[5] is None
    assert provider.breaks[0] == ((dt.time(12, 30), dt.time(13)),)
    assert setup_changes(fresh)  # audited, once saved (the mistakes saved nothing)


async def test_a_receptionist_sees_the_setup_read_only_and_is_told_why(
    desk: Desk, fresh: Desk
) -> None:
    add_desk_staff(fresh)
    desk.act_as("maria")
    before = fresh.config.to_dict()
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "f7")
        screen = setup_screen(app)
        assert shown(app, "#setup-title") == f"Clinic setup · read-only: {REFUSED}"
        assert "read-only: Only a manager" in screen_text(app)
        for key in ("a", "enter", "delete"):
            await press(pilot, key)
            assert app.screen is screen  # no form opened
            assert screen.status.message == REFUSED
        await go_to(pilot, app, "rooms")
        await press(pilot, "o")
        assert app.screen is screen and screen.status.message == REFUSED
    assert fresh.config.to_dict() == before
    assert setup_changes(fresh) == []


async def test_time_off_lists_the_visits_it_strands_before_saving_and_one_is_moved(
    app: FrontDeskApp, fresh: Desk
) -> None:
    """Provider B away Wed 25 Nov 10:00-13:00 strands Jordan Park's 11:00 consultation."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "add time off")
        await press(pilot, "enter")
        assert "Time off" in screen_text(app)
        form(app).query_one("#setup-provider", Select).value = "Provider B"
        await retype(pilot, app, "from", "2026-11-25 10:00")
        await retype(pilot, app, "to", "2026-11-25 13:00")
        preview = shown(app, "#setup-preview")
        assert preview.startswith("This strands 1 visit; move them after saving:")
        assert "Wed 25 Nov 11:00 AM" in preview and "Jordan Park" in preview
        assert fresh.config.time_off == ()  # only shown so far
        await retype(pilot, app, "reason", "Dentist")
        await press(pilot, "ctrl+s")
        screen = setup_screen(app)
        assert "1 visit to move" in screen.status.message
        rows = screen.rows
        ids = [str(rows.get_option_at_index(i).id) for i in range(rows.option_count)]
        visit_rows = [i for i in ids if i.startswith("visit:")]
        assert len(visit_rows) == 1
        rows.highlighted = ids.index(visit_rows[0])
        await press(pilot, "enter")  # moves the stranded visit: the booking dialog
        assert isinstance(app.screen, BookingDialog)
        await press(pilot, "ctrl+n")  # its first available, Enter moves it there
        await press(pilot, "down", "enter")
        assert app.screen is screen
        assert screen.status.message.startswith("Moved: Jordan Park")
        assert not [i for i in _row_ids(screen) if i.startswith("visit:")]
    (away,) = fresh.config.time_off
    assert (away.provider, away.reason) == ("Provider B", "Dentist")
    assert away.start.hour == 10 and away.end.hour == 13
    moved = fresh.appointment(visit_rows[0].removeprefix("visit:"))
    start = moved.start_at(fresh.tz)
    assert not (
        moved.provider == "Provider B"
        and start.date() == dt.date(2026, 11, 25)
        and 10 <= start.hour < 13
    )


def _row_ids(screen: SetupScreen) -> list[str]:
    rows: OptionList = screen.rows
    return [str(rows.get_option_at_index(i).id) for i in range(rows.option_count)]


async def test_rooms_types_hours_and_closures_are_changed_in_the_store(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f7")
        screen = setup_screen(app)
        # A room out of service, with why.
        await go_to(pilot, app, "rooms")
        screen.rows.highlighted = _row_ids(screen).index("room:Room 3")
        await press(pilot, "o")
        await type_text(pilot, "Laser repair")
        await press(pilot, "enter")
        assert "Room 3  out of service  Laser repair" in screen_text(app)
        # A type: a buffer after, a room it needs; a bad number is refused by its field.
        await go_to(pilot, app, "types")
        screen.rows.highlighted = _row_ids(screen).index("type:sculptra")
        await press(pilot, "enter")
        await retype(pilot, app, "buffer", "ten")
        await press(pilot, "enter")
        assert shown(app, "#error-buffer") == "'ten' is not a number of minutes."
        await retype(pilot, app, "buffer", "15")
        await press(pilot, "enter")
        assert app.screen is screen
        # The Sunday window: closed; a mistake in the office hours first.
        await go_to(pilot, app, "hours")
        await press(pilot, "enter")
        await retype(pilot, app, "hours", "mon-fri 9:00")
        await press(pilot, "enter")
        assert "-shown" in app.screen.query_one("#error-hours").classes
        await retype(pilot, app, "hours", "mon-fri 09:00-18:00; sat 09:00-13:00")
        await retype(pilot, app, "sunday", "closed")
        await press(pilot, "enter")
        assert app.screen is screen
        # A closure, with the visits booked that day listed before saving.
        await go_to(pilot, app, "closures")
        await press(pilot, "a")
        await retype(pilot, app, "date", "2026-11-28")
        assert "1 visit booked that day" in shown(app, "#setup-preview")
        await retype(pilot, app, "reason", "Floor works")
        await press(pilot, "enter")
        assert "closure:2026-11-28" in _row_ids(screen)
    config = fresh.config
    room = config.room("Room 3")
    assert (room.in_service, room.note) == (False, "Laser repair")
    assert config.appointment_types["sculptra"].buffer == 15
    assert config.weekdays[5].closes == dt.time(13)
    assert config.weekdays[6].kind == "closed"
    assert config.closures[dt.date(2026, 11, 28)] == "Floor works"
