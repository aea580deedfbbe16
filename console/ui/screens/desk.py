"""The main screen: header, the three panes, and the keys along the bottom."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Container
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher

from console.desk import Desk
from console.ui import format as fmt
from console.ui.day_read import FirstRead
from console.ui.messages import StoreChanged
from console.ui.widgets.footer import DeskFooter
from console.ui.widgets.header import ClinicHeader
from console.ui.widgets.key_bar import KeyBar
from console.ui.widgets.schedule import SchedulePane
from console.ui.widgets.status_line import StatusLine
from console.ui.widgets.too_small import TooSmall, breakpoint_classes
from console.ui.widgets.visit_pane import VisitPane

if TYPE_CHECKING:
    from console.ui.widgets.checkin import CheckInPane
    from console.ui.widgets.treatments import TreatmentsPane

PANES = ("schedule", "checkin", "treatments")
TICK_SECONDS = 30


class DeskScreen(Screen[None]):
    """Schedule, check-in and treatments, one shown at a time.

    Every 30 seconds it re-reads the clinic clock: the header's open/closed line,
    waiting times, and "today" (which moves at the clinic's midnight) follow it.
    """

    def __init__(self, desk: Desk, start_day: dt.date | None = None) -> None:
        super().__init__(id="desk")
        self.desk = desk
        self.today = desk.today()
        self._start_day = start_day or self.today
        self._resumed = False
        # Begun now, on its own thread: the schedule's first frame then shows the day.
        self._first_read = FirstRead(desk, self._start_day)

    def compose(self) -> ComposeResult:
        """Header, the schedule (the other panes join when first shown), the pane bar
        and keys."""
        # The size's classes before anything is styled (see ``breakpoint_classes``).
        self.update_classes(breakpoint_classes(self.app.size))
        yield ClinicHeader(self.desk.plain_config.name)
        with Container(classes="body"), ContentSwitcher(initial="schedule", id="panes"):
            yield SchedulePane(self.desk, self._start_day, self._first_read, id="schedule")
        yield TooSmall()
        yield KeyBar()
        yield DeskFooter()

    def on_mount(self) -> None:
        """Follow the clock every 30 seconds; start on the schedule."""
        self.set_interval(TICK_SECONDS, self.tick)
        self._bring_forward("schedule")

    def check_content(self) -> None:
        """Say on the schedule's status line if clinic content files were left out.

        Called once the first frame is up (by the app): reading the treatment content
        is not the first frame's work.
        """
        self.run_worker(self._content_warning, thread=True, group="content-check")

    def _content_warning(self) -> None:
        from console import shipped

        warning = shipped.problems_warning(self.desk.content.problems)
        if warning:
            self.app.call_from_thread(self._say_on_schedule, warning)

    def _say_on_schedule(self, sentence: str) -> None:
        with contextlib.suppress(NoMatches):  # not composed (the sign-in screen is up)
            self.query_one("#schedule-status", StatusLine).say(sentence, error=True)

    @property
    def current(self) -> str:
        """The name of the pane on show."""
        return self.query_one(ContentSwitcher).current or "schedule"

    def pane(self, name: str) -> SchedulePane | CheckInPane | TreatmentsPane:
        """The pane called ``name`` (LookupError before it was first shown)."""
        if name not in PANES or not self.has_pane(name):
            raise LookupError(f"no pane called {name!r}")
        return cast("SchedulePane | CheckInPane | TreatmentsPane", self.query_one(f"#{name}"))

    def has_pane(self, name: str) -> bool:
        """Whether pane ``name`` is made (check-in and treatments are, when first shown)."""
        return bool(self.query_one(ContentSwitcher).query_children(f"#{name}"))

    def _make_pane(self, name: str) -> Widget:
        """A new check-in or treatments pane: its module is imported here, on first use,
        so the first frame waits for neither (nor for their styles and content)."""
        if name == "checkin":
            from console.ui.widgets.checkin import CheckInPane

            return CheckInPane(self.desk, self.today, id="checkin")
        from console.ui.widgets.treatments import TreatmentsPane

        return TreatmentsPane(self.desk, id="treatments")

    def visits_on_show(self) -> VisitPane | None:
        """The pane on show when it lists visits (schedule or check-in), else None."""
        pane = self.pane(self.current)
        return pane if isinstance(pane, VisitPane) else None

    async def show(self, name: str) -> None:
        """Bring pane ``name`` forward, with the keyboard in it and fresh data (the
        pane is made and mounted first if this is its first showing)."""
        if name not in PANES:
            raise LookupError(f"no pane called {name!r}")
        if not self.has_pane(name):
            await self.query_one(ContentSwitcher).mount(self._make_pane(name))
        self._bring_forward(name)

    def _bring_forward(self, name: str) -> None:
        self.query_one(ContentSwitcher).current = name
        self.query_one(KeyBar).current = name
        pane = self.pane(name)
        pane.focus_default()
        if isinstance(pane, VisitPane):
            pane.reload()
        self.update_header()

    def update_header(self) -> None:
        """Date of the pane on show, the clinic time and whether it is open now."""
        schedule = self.query_one(SchedulePane)
        day = schedule.day if self.current == "schedule" else self.today
        self.query_one(ClinicHeader).show(
            day, fmt.time_label(self.desk.now()), fmt.open_now(self.desk)
        )

    def tick(self) -> None:
        """Follow the clock: roll "today" over at midnight, refresh waits and the header."""
        today = self.desk.today()
        if today != self.today:
            schedule = self.query_one(SchedulePane)
            if schedule.day == self.today:
                schedule.day = today
            self.today = today
            if self.has_pane("checkin"):  # else it is made with the new day
                cast("CheckInPane", self.pane("checkin")).set_day(today)
        elif (pane := self.visits_on_show()) is not None and (
            not isinstance(pane, SchedulePane) or pane.day == today
        ):
            pane.reload()  # waits move on; another day of the schedule stays as it is
        self.update_header()

    def on_schedule_pane_day_changed(self, message: SchedulePane.DayChanged) -> None:
        """The schedule shows another day: the header follows."""
        self.update_header()

    def on_store_changed(self, message: StoreChanged) -> None:
        """Another desk changed something: re-read the pane on show, keeping its place."""
        if self.is_mounted and (pane := self.visits_on_show()) is not None:
            pane.reload()

    def on_screen_resume(self) -> None:
        """Back from another screen: re-read the pane on show and the header."""
        if not self._resumed:
            # The first resume is the start itself: the mount has just begun the read
            # (a second one would double the work the first frame waits for).
            self._resumed = True
            return
        if self.is_mounted and (pane := self.visits_on_show()) is not None:
            pane.reload()
            self.update_header()
