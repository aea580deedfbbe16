"""Day close: what is still unresolved today, section by section, or "all clear"."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from console.clinic import status as st
from console.desk import USER_ERRORS, Desk, Visit
from console.services.day_close import DayClose, day_close
from console.ui import format as fmt
from console.ui.dialogs.visit_care import flag_words
from console.ui.messages import StoreChanged
from console.ui.widgets.footer import DeskFooter
from console.ui.widgets.header import ClinicHeader
from console.ui.widgets.status_line import StatusLine
from console.ui.widgets.too_small import TooSmall


def _visit_line(text: Text, visit: Visit, grace: int) -> None:
    text.append(f"\n  {fmt.time_label(visit.start):>8}  ")
    text.append(fmt.who(visit.patient), "bold")
    text.append(f"  {visit.type_label} · {st.LABELS[visit.appointment.status]}")
    late = fmt.overdue_minutes(visit, grace)
    if late is not None:
        text.append(f"  overdue {late} min", fmt.OVERDUE_STYLE)


def _section(text: Text, title: str, count: int) -> None:
    if text:
        text.append("\n\n")
    text.append(f"{title} ({count})", f"bold {fmt.YELLOW}" if count else "bold")
    if not count:
        text.append("\n  none", "dim")


def report_text(report: DayClose, grace: int) -> Text:
    """The day-close report: one section per kind of loose end, each with its count."""
    text = Text()
    if report.clear:
        text.append(
            f"All clear for {fmt.day_label(report.day)}: nothing left to resolve.",
            f"bold {fmt.GREEN}",
        )
        return text
    _section(text, "Visits with no outcome", len(report.no_outcome))
    for visit in report.no_outcome:
        _visit_line(text, visit, grace)
    _section(text, "Answers flagged for the provider", len(report.flagged))
    for visit, questions in report.flagged:
        _visit_line(text, visit, grace)
        text.append(f"  ⚑ {', '.join(flag_words(questions))}", fmt.FLAG_STYLE)
    _section(text, "Aftercare not given", len(report.aftercare_missing))
    for visit in report.aftercare_missing:
        _visit_line(text, visit, grace)
    _section(text, "Series without a next booking", len(report.series_due))
    for _pid, name, progress in report.series_due:
        text.append("\n  ")
        text.append(fmt.who(name), "bold")
        text.append(f"  {progress.describe()}", fmt.CYAN)
    return text


class DayCloseScreen(Screen[None]):
    """Today's loose ends at closing time; r reads them again."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="day_close.back"),
        Binding("r", "refresh_report", "Refresh", id="day_close.refresh"),
    ]

    @dataclass
    class Loaded(Message, bubble=False):
        """The day-close report was read in a worker (``error`` says why not)."""

        report: DayClose | None
        error: str = ""

    def __init__(self, desk: Desk) -> None:
        super().__init__(id="day-close")
        self.desk = desk
        self.report: DayClose | None = None

    def compose(self) -> ComposeResult:
        """Header, title, the scrolling report, the status line and keys."""
        yield ClinicHeader(self.desk.config.name)
        with Container(classes="body"):
            yield Static("", id="day-close-title", classes="day-line", markup=False)
            with VerticalScroll(id="day-close-scroll"):
                yield Static("", id="day-close-report", markup=False)
            yield StatusLine(id="day-close-status")
        yield TooSmall()
        yield DeskFooter(compact=True, show_command_palette=False)

    def on_screen_resume(self) -> None:
        """Each time it shows: header, title, and a fresh report."""
        today = self.desk.today()
        self.query_one(ClinicHeader).show(
            today, fmt.time_label(self.desk.now()), fmt.open_now(self.desk)
        )
        self.query_one("#day-close-title", Static).update(
            Text(f"Day close · {fmt.day_label(today)}", "bold")
        )
        self.query_one("#day-close-scroll").focus()
        self.action_refresh_report()

    def on_store_changed(self, message: StoreChanged) -> None:
        """Some desk changed the store: read the report again, quietly."""
        # Quietly: the report is re-read without moving the scroll position.
        if self.is_mounted:
            self._load()

    def action_refresh_report(self) -> None:
        """Read the day's loose ends again."""
        self.query_one("#day-close-status", StatusLine).say("Reading the day…")
        self._load()

    @work(thread=True, exclusive=True, group="day-close-load")
    def _load(self) -> None:
        try:
            report = day_close(self.desk, self.desk.today())
        except USER_ERRORS as err:
            self.post_message(self.Loaded(None, str(err)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(report))

    def on_day_close_screen_loaded(self, message: Loaded) -> None:
        """Show the report just read, with its counts in the title."""
        status = self.query_one("#day-close-status", StatusLine)
        if message.report is None:
            status.say(message.error, error=True)
            return
        self.report = report = message.report
        counts = (
            f" · {len(report.no_outcome)} no outcome · {len(report.flagged)} flagged"
            f" · {len(report.aftercare_missing)} aftercare · {len(report.series_due)} series"
        )
        self.query_one("#day-close-title", Static).update(
            Text(f"Day close · {fmt.day_label(report.day)}", "bold").append(
                "  all clear" if report.clear else counts
            )
        )
        grace = self.desk.config.no_show_grace_minutes
        self.query_one("#day-close-report", Static).update(report_text(message.report, grace))
        status.say(f"As of {fmt.time_label(self.desk.now())} · r reads it again · Esc goes back")
