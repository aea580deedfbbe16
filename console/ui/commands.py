"""Every desk action by name in the command palette (ctrl+p)."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from console.desk import Desk


class DeskApp(Protocol):
    """What the commands need from the app."""

    desk: Desk

    def run_command(self, pane: str, action: str) -> Awaitable[None]:
        """Run ``action`` of pane ``pane`` (of the app itself when ``pane`` is empty)."""

    def show_section(self, option_id: str) -> Awaitable[None]:
        """Show the treatment section ``option_id`` (``treatment#section``)."""

    def offers(self, action: str) -> bool:
        """Whether app action ``action`` is offered now (switching person: a shared desk)."""


@dataclass(frozen=True)
class DeskCommand:
    """A palette entry: what it is called, what it does, and where the action lives."""

    name: str
    help: str
    pane: str  # "" for the app itself
    action: str


COMMANDS = (
    DeskCommand("schedule: show", "The schedule pane (F1)", "schedule", ""),
    DeskCommand("schedule: go to today", "Show today's schedule (t)", "schedule", "today"),
    DeskCommand("schedule: previous day", "One day back (←)", "schedule", "previous_day"),
    DeskCommand("schedule: next day", "One day on (→)", "schedule", "next_day"),
    DeskCommand("schedule: go to date…", "Type a date as YYYY-MM-DD (g)", "schedule", "goto_date"),
    DeskCommand("schedule: book a visit…", "Book at the selected time (b)", "schedule", "book"),
    DeskCommand(
        "schedule: check in", "Mark the selected visit arrived (a)", "schedule", "check_in"
    ),
    DeskCommand("schedule: reschedule…", "Move the selected visit (r)", "schedule", "reschedule"),
    DeskCommand(
        "schedule: cancel visit…", "Cancel the selected visit (x)", "schedule", "cancel_visit"
    ),
    DeskCommand(
        "schedule: open patient", "The selected visit's patient (enter)", "schedule", "open_patient"
    ),
    DeskCommand(
        "schedule: history of visit…", "Who booked, moved or changed it (h)", "schedule", "history"
    ),
    DeskCommand(
        "schedule: week view",
        "Seven days × providers, booked and free time; Enter opens a day (w)",
        "schedule",
        "week",
    ),
    DeskCommand(
        "schedule: columns by room or by provider",
        "From 120 columns wide: one column per room, or per provider (v)",
        "schedule",
        "toggle_rooms",
    ),
    DeskCommand("check-in: show", "Today's visits and waits (F2)", "checkin", ""),
    DeskCommand("check-in: new walk-in…", "Register a walk-in (w)", "checkin", "walkin"),
    DeskCommand(
        "check-in: arrived", "Mark the selected visit arrived (a)", "checkin", "mark('arrived')"
    ),
    DeskCommand(
        "check-in: in treatment", "Mark it in treatment (i)", "checkin", "mark('in_treatment')"
    ),
    DeskCommand("check-in: completed", "Mark it completed (d)", "checkin", "mark('completed')"),
    DeskCommand("check-in: no-show", "Mark it a no-show (n)", "checkin", "mark('no_show')"),
    DeskCommand(
        "check-in: history of visit…", "Who booked, moved or changed it (h)", "checkin", "history"
    ),
    DeskCommand(
        "check-in: cancel visit…", "Cancel the selected visit (x)", "checkin", "cancel_visit"
    ),
    DeskCommand(
        "check-in: undo last change", "Undo this desk's last change (u)", "checkin", "undo"
    ),
    DeskCommand(
        "schedule: undo last change", "Undo this desk's last change (u)", "schedule", "undo"
    ),
    DeskCommand("treatments: show", "Treatment information (F3)", "treatments", ""),
    DeskCommand(
        "treatments: search", "Answer a caller's question (?, or just type)", "treatments", "ask"
    ),
    DeskCommand(
        "treatments: sources on/off",
        "Show the article's words under the answer (ctrl+o)",
        "treatments",
        "toggle_sources",
    ),
    DeskCommand(
        "calls: confirmation list", "Who to call for the next open day (F4)", "", "open('calls')"
    ),
    DeskCommand("day: close", "What is still unresolved today (F5)", "", "open('day-close')"),
    DeskCommand("waitlist: show", "Who waits for a time to free up (F6)", "", "open('waitlist')"),
    DeskCommand(
        "waitlist: add a patient…", "Who, for what visit, which times (a)", "", "waitlist('add')"
    ),
    DeskCommand(
        "waitlist: remove entry…", "Take the selected entry off (x)", "", "waitlist('remove')"
    ),
    DeskCommand(
        "schedule: export day as CSV…", "Write the shown day to a .csv file", "", "export('csv')"
    ),
    DeskCommand(
        "schedule: export day as iCalendar…",
        "Write the shown day to a .ics file",
        "",
        "export('ics')",
    ),
    DeskCommand("find patient…", "By name, phone or date of birth (ctrl+f)", "", "lookup"),
    DeskCommand(
        "patient: set alert…",
        "A short line shown wherever the patient appears (!)",
        "",
        "patient('set_alert')",
    ),
    DeskCommand(
        "patient: clear alert…", "Remove the patient's alert", "", "patient('clear_alert')"
    ),
    DeskCommand("patient: add allergy…", "Add one allergy (l)", "", "patient('add_allergy')"),
    DeskCommand("patient: add condition…", "Add one condition (c)", "", "patient('add_condition')"),
    DeskCommand(
        "patient: remove allergy or condition…",
        "Remove one entry, after a confirmation (delete)",
        "",
        "patient('remove_entry')",
    ),
    DeskCommand("patient: edit details…", "Name, phone, birth date (e)", "", "patient('edit')"),
    DeskCommand(
        "patient: add to waitlist…",
        "Wait for a time to free up",
        "",
        "patient('add_to_waitlist')",
    ),
    DeskCommand("setup: clinic setup", "Providers, rooms, types, hours (F7)", "", "setup"),
    DeskCommand(
        "setup: providers' hours…", "Working hours, breaks, types given", "", "setup('providers')"
    ),
    DeskCommand(
        "setup: add time off…",
        "A provider away; lists the visits to move",
        "",
        "setup('time_off', 'add')",
    ),
    DeskCommand("setup: rooms in/out of service", "Rooms", "", "setup('rooms')"),
    DeskCommand("setup: visit types…", "Minutes, buffer after, needed room", "", "setup('types')"),
    DeskCommand(
        "setup: office hours…",
        "Office hours, the Sunday window, the holiday rule",
        "",
        "setup('hours', 'edit')",
    ),
    DeskCommand("setup: close the clinic for a day…", "A closure", "", "setup('closures', 'add')"),
    DeskCommand("privacy: lock screen", "Hide everything until a key is pressed (F12)", "", "lock"),
    DeskCommand(
        "people: switch person",
        "Someone else is at the desk: sign in with name and PIN (F9)",
        "",
        "switch_person",
    ),
    DeskCommand(
        "store: restore a backup…",
        "Put back the data as a backup holds it (a manager only)",
        "",
        "restore_backup",
    ),
    DeskCommand(
        "privacy: initials only on/off",
        "Names as initials; phones, birth dates and health details hidden",
        "",
        "toggle_initials_only",
    ),
)


class DeskCommands(Provider):
    """Offers :data:`COMMANDS` and one entry per treatment section."""

    def _commands(self) -> list[tuple[str, str, partial[Awaitable[None]]]]:
        app = cast(DeskApp, self.app)
        found = [
            (c.name, c.help, partial(app.run_command, c.pane, c.action))
            for c in COMMANDS
            if c.pane or app.offers(c.action)
        ]
        # The clinic's facts (address, hours) too: callers ask for those most.
        from console.ui.widgets.treatments import OVERVIEW  # the palette's first use

        for treatment in app.desk.content.documents:
            # The overview too: the pane lists it first under each treatment that has one.
            titles = [(OVERVIEW, "Overview")] if treatment.intro else []
            titles += [(section.id, section.title) for section in treatment.sections]
            for section_id, title in titles:
                found.append(
                    (
                        f"treatments: {treatment.name} · {title}",
                        "Show this section",
                        partial(app.show_section, f"{treatment.key}#{section_id}"),
                    )
                )
        return found

    async def discover(self) -> Hits:
        """Every command, for the palette before anything is typed."""
        for name, help_text, callback in self._commands():
            # Content, not str: the palette reads a str as markup, and a clinic's section
            # title is the clinic's text ("[/]" raised, "[@click=...]" acted).
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        """The commands whose names match ``query``, best first."""
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), callback, text=name, help=help_text)


def highlight(matcher: Matcher, name: str) -> Content:
    """``name`` with the letters ``matcher`` matched styled, as plain text, never markup.

    A clinic's own treatment names its sections (Textual's own highlight reads markup).
    """
    content = Content(name)
    score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    if score:
        for offset in offsets:
            if not name[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
