"""FrontDeskApp: the screens, the keys that work everywhere, and the command palette."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

import console
from console.desk import Desk, open_desk
from console.ui.dialogs import dialog_factories
from console.ui.dialogs.base import CONFIRM_NAME, typed_dialogs
from console.ui.live import LiveRefresh
from console.ui.messages import OpenPatient
from console.ui.people import DeskPeople
from console.ui.privacy import IdleLock, toggle_initials_only
from console.ui.redact import register_console
from console.ui.screens.desk import DeskScreen
from console.ui.textual_private import AppWithoutCrashLocals, install_lazily
from console.ui.widgets.schedule import SchedulePane
from console.ui.widgets.too_small import HORIZONTAL_BREAKPOINTS, VERTICAL_BREAKPOINTS

if TYPE_CHECKING:
    from console.ui.screens.patient import PatientScreen


def _desk_commands() -> type[Provider]:
    """The palette's commands, imported when the palette first opens."""
    from console.ui.commands import DeskCommands

    return DeskCommands


class FrontDeskApp(AppWithoutCrashLocals[None]):
    """The front desk console of one clinic store (``FRONTDESK_DATA_DIR`` by default)."""

    CSS_PATH = "app.tcss"
    TITLE = "Front desk"
    COMMANDS = AppWithoutCrashLocals.COMMANDS | {_desk_commands}
    HORIZONTAL_BREAKPOINTS = HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = VERTICAL_BREAKPOINTS
    BINDINGS = [
        Binding("f1,1", "pane('schedule')", "Schedule", show=False, id="pane.schedule"),
        Binding("f2,2", "pane('checkin')", "Check-in", show=False, id="pane.checkin"),
        Binding("f3,3", "pane('treatments')", "Treatments", show=False, id="pane.treatments"),
        Binding("f4", "open('calls')", "Calls", show=False, id="screen.calls"),
        Binding("f5", "open('day-close')", "Day close", show=False, id="screen.day_close"),
        Binding("f6", "open('waitlist')", "Waitlist", show=False, id="screen.waitlist"),
        Binding("f7", "setup", "Clinic setup", show=False, id="screen.setup"),
        Binding("ctrl+f,slash", "lookup", "Find patient", show=False, id="lookup"),
        # Priority: it locks from inside a dialog too (modal screens stop app bindings).
        Binding("f12", "lock", "Lock screen", show=False, priority=True, id="privacy.lock"),
        # Not priority: a dialog open is closed first (its half-typed work is not handed on).
        Binding("f9", "switch_person", "Switch person", show=False, id="people.switch"),
    ]
    #: The app's actions that still work while the sign-in screen asks who is at the desk.
    SIGNED_OUT_ACTIONS = frozenset({"quit", "help_quit", "lock", "focus_next", "focus_previous"})
    #: Names as initials, phones and health details hidden (screens a patient can see).
    initials_only: reactive[bool] = reactive(False)

    def __init__(
        self,
        data_dir: Path | None = None,
        start_day: dt.date | None = None,
        desk: Desk | None = None,
        *,
        initials_only: bool = False,
    ) -> None:
        super().__init__()
        register_console(self)  # while it runs, details it cannot attribute are hidden
        self._owns_desk = desk is None
        self.desk = desk or open_desk(data_dir)
        self.set_reactive(FrontDeskApp.initials_only, initials_only)
        self.idle = IdleLock(self, self.desk)
        self.people = DeskPeople(self, self.desk)
        if self.people.asks_who:
            self.idle.hand_over = self.people.idle
        self.desk_screen = DeskScreen(self.desk, start_day)
        self._started = False  # the work after the first frame has begun
        self._patient_screen: PatientScreen | None = None

    @property
    def first_frame_ready(self) -> bool:
        """Whether what the first frame shows is in place: the sign-in, or the day read."""
        if self.people.asks_who:
            return self.screen is not self.desk_screen  # the sign-in screen is up
        if not self.desk_screen.is_mounted:
            return False
        # Mounted is not composed: the panes may not be there yet.
        panes = self.desk_screen.query(SchedulePane)
        return bool(panes) and panes.first().shown_day is not None

    def get_default_screen(self) -> Screen[None]:
        """The desk screen (schedule, check-in, treatments)."""
        return self.desk_screen

    @property
    def patient_screen(self) -> PatientScreen:
        """The patient screen (made, like every other screen, when first shown)."""
        screen = self._patient_screen
        if screen is None:
            from console.ui.screens.patient import PatientScreen

            screen = self._patient_screen = self.get_screen("patient", PatientScreen)
        return screen

    def _screen_factories(self) -> dict[str, Callable[[], Screen[Any]]]:
        """How to make each screen but the desk, by name; each module imported on use."""
        desk = self.desk

        def patient() -> Screen[Any]:
            from console.ui.screens.patient import PatientScreen

            return PatientScreen(desk)

        def calls() -> Screen[Any]:
            from console.ui.screens.calls import CallsScreen

            return CallsScreen(desk)

        def day_close() -> Screen[Any]:
            from console.ui.screens.day_close import DayCloseScreen

            return DayCloseScreen(desk)

        def waitlist() -> Screen[Any]:
            from console.ui.screens.waitlist import WaitlistScreen

            return WaitlistScreen(desk)

        def setup() -> Screen[Any]:
            from console.ui.screens.setup import SetupScreen

            return SetupScreen(desk)

        screens = {
            "patient": patient,
            "calls": calls,
            "day-close": day_close,
            "waitlist": waitlist,
            "setup": setup,
        }
        return screens | dialog_factories(desk)

    def on_mount(self) -> None:
        """Ask who is at the desk; install the screens and dialogs; start the timers."""
        if self.people.asks_who:
            self.people.ask_who()  # first, so the first frame is the sign-in screen
        # Installed by name, each made on its first use: the first frame waits for
        # none of them (nor for importing their modules).
        for name, factory in self._screen_factories().items():
            install_lazily(self, name, factory)
        # Changes made at other desks (or the CLI) show here within a second.
        self.live = LiveRefresh(self, self.desk)
        self.live.start()
        self.idle.start()
        if self.people.asks_who:
            # The first frame is the sign-in screen: what follows it starts after it.
            self.call_after_refresh(self._after_first_frame)

    def on_schedule_pane_shown(self, message: SchedulePane.Shown) -> None:
        """The schedule showed its first day: the first frame is in (or about to be)."""
        self._after_first_frame()

    def _after_first_frame(self) -> None:
        """Once the first frame's content is in (once): resume the garbage collector,
        build the lookup's index off the UI thread and check the clinic's content.

        So the first lookup while a caller waits is as quick as the next; the index is
        compact (see ``store/visit_index.py``) and the first frame never waits for it.
        """
        if self._started:
            return
        self._started = True
        # Not before the refresh that paints the first frame, nor right after it (where
        # whoever waits for that frame looks): the refresh after.
        self.call_after_refresh(self.call_after_refresh, self._after_start)

    def _after_start(self) -> None:
        console.started()  # the collector paused since the first import runs again
        self.run_worker(self.desk.warm_up, thread=True, group="warm-up", exit_on_error=False)
        self.desk_screen.check_content()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The lookup's index is built: the pane on show reads its day again, series
        lines and flagged answers included (the first frame showed the day without)."""
        # Failed too: the first frame also left out the flagged answers, read again now.
        if event.worker.group != "warm-up" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        try:
            pane = self.desk_screen.visits_on_show()
        except NoMatches:  # not composed yet (the sign-in screen is up first)
            return
        if pane is not None:
            pane.reload()

    async def on_event(self, event: events.Event) -> None:
        """Note every key and mouse event for the idle lock, then handle it as usual."""
        self.idle.saw(event)
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """What may run now.

        Under the lock, keys bound with priority (the palette would open over it) unlock.
        While nobody is signed in, only quitting and the lock: no pane, palette or lookup.
        """
        if self.idle.locked and action in ("command_palette", "lock"):
            return False
        if self.people.signed_out:
            return action in self.SIGNED_OUT_ACTIONS
        if action == "switch_person":
            return self.people.asks_who
        return True

    def offers(self, action: str) -> bool:
        """Whether the command palette offers app action ``action`` now."""
        if action.startswith("patient("):
            return self.offers_patient()
        return action != "switch_person" or self.people.asks_who

    async def action_switch_person(self) -> None:
        """Someone else is at the desk: sign out and ask who (F9, then a name and PIN)."""
        if self.people.asks_who and not self.people.signed_out:
            await self._back_to_desk()
            self.people.switch()

    @work(exclusive=True, group="dialog")
    async def action_restore_backup(self) -> None:
        """Restore a backup (a manager; anyone else is told so in one sentence)."""
        from console.ui.dialogs.restore import RestoreDialog

        done = await RestoreDialog.ask(self)
        if done:
            self.notify(done, markup=False)

    def action_lock(self) -> None:
        """Hide every patient detail behind the lock screen until a key is pressed."""
        self.idle.lock()

    def action_toggle_initials_only(self) -> None:
        """Switch initials-only mode (for screens a patient can see)."""
        toggle_initials_only(self)

    def on_unmount(self) -> None:
        """Close the desk if this app opened it."""
        if self._owns_desk:
            self.desk.close()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's palette commands but "Screenshot" (it would write patient data)."""
        return (c for c in super().get_system_commands(screen) if c.title != "Screenshot")

    async def _back_to_desk(self) -> None:
        while self.screen is not self.desk_screen and len(self.screen_stack) > 1:
            await self.pop_screen()

    async def action_pane(self, name: str) -> None:
        """Show pane ``name`` (leaving the patient screen if it is open)."""
        await self._back_to_desk()
        await self.desk_screen.show(name)

    async def action_open(self, name: str) -> None:
        """Show the calls or day-close screen (over the desk, Esc comes back)."""
        await self._back_to_desk()
        self.push_screen(name)

    async def action_waitlist(self, action: str) -> None:
        """Run ``action`` of the waitlist screen, opening it first (palette)."""
        await self._back_to_desk()
        await self.push_screen("waitlist")
        await self.get_screen("waitlist").run_action(action)

    async def action_setup(self, section: str = "", then: str = "") -> None:
        """Show the clinic setup (at ``section``), then run its action ``then`` (palette)."""
        from console.ui.screens.setup import SetupScreen

        await self._back_to_desk()
        screen = self.get_screen("setup", SetupScreen)
        screen.open_at(section, then)
        self.push_screen(screen)

    @work(exclusive=True, group="dialog")
    async def action_export(self, fmt_key: str) -> None:
        """Export the schedule's day as CSV or iCalendar to a file the user names."""
        from console.ui.dialogs.export import export_day  # iCalendar: only when exporting

        await export_day(self, self.desk_screen.query_one(SchedulePane).day, fmt_key)

    async def run_command(self, pane: str, action: str) -> None:
        """Run a palette command: an app action, or an action of a pane."""
        if not pane:
            await self.run_action(action)
            return
        await self.action_pane(pane)
        if action:
            await self.desk_screen.pane(pane).run_action(action)

    async def show_section(self, option_id: str) -> None:
        """Show one treatment section (palette)."""
        from console.ui.widgets.treatments import TreatmentsPane

        await self.action_pane("treatments")
        self.desk_screen.query_one(TreatmentsPane).show_section(option_id)

    def action_lookup(self) -> None:
        """Find a patient and open their screen."""
        self.start_lookup("")

    def start_lookup(self, typed: str = "") -> None:
        """Open the patient search with ``typed`` already in the box (cursor after it)."""
        self._lookup(typed)

    @work(exclusive=True, group="dialog")
    async def _lookup(self, typed: str) -> None:
        from console.ui.dialogs.lookup import LookupDialog

        patient_id = await LookupDialog.ask(self, mode="open", title="Find patient", typed=typed)
        if patient_id:
            self.post_message(OpenPatient(patient_id))

    async def action_quit(self) -> None:
        """Quit; with a dialog holding typed, unsaved text, ask first."""
        if not typed_dialogs(self):
            self.exit()
            return
        if self.get_screen(CONFIRM_NAME) in self.screen_stack:
            return  # a question is on show: it is answered first
        self._quit_after_asking()

    # Not exclusive: the dialog asked about is awaited by another "dialog" worker.
    @work(group="dialog")
    async def _quit_after_asking(self) -> None:
        from console.ui.dialogs.confirm import ConfirmDialog

        answer = await ConfirmDialog.confirm(
            self, "Discard what you typed and quit?", yes="Quit", no="Keep typing"
        )
        if answer.yes:
            self.exit()

    def offers_patient(self) -> bool:
        """Whether a patient's screen is open (its palette commands are offered)."""
        return self._patient_screen is not None and self._patient_screen in self.screen_stack

    async def action_patient(self, action: str) -> None:
        """Run ``action`` of the open patient's screen (palette)."""
        if self._patient_screen is not None and self.screen is self._patient_screen:
            await self._patient_screen.run_action(action)

    def on_open_patient(self, message: OpenPatient) -> None:
        """Show the patient screen for the patient asked for."""
        self.patient_screen.show(message.patient_id)
        if self.screen is not self.patient_screen:
            self.push_screen("patient")
