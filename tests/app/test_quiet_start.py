"""After its first frame the console goes quiet: nothing keeps laying itself out.

Issue 14 saw headless starts that never reached their first idle frame, the main thread
re-rendering full updates for ever: a refresh that schedules another. In Textual such a
loop is a stream of messages that never stops: a widget asking to be laid out again
(``Layout``) or repainted (``Update``), the layout answering with ``Resize``, ``Show`` or
``Hide``, or focus moving (every focus change repaints the whole screen). These tests
count those messages with ``run_test``'s message hook, once the start has settled, over
Pilot pauses, and ask for a pause in which none arrives. A one-off (the warm-up's reload,
a tick) leaves the next pause quiet; a loop never does.

The count is first checked against an app with a real feedback loop (a width that
depends on itself), so a detector that could never fire cannot pass for a quiet console.
The last test is the one such loop found in the console: the schedule chose the list or
the columns by its own width, so at exactly 120 columns anything that showed a scroll bar
only beside the columns flipped the view back and forth for ever.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
from textual import events, messages
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Static

import console.app
from console.app import FrontDeskApp
from console.desk import Desk
from console.ui.widgets.schedule import SchedulePane
from tests.app.clinic import copy_store, open_desk
from tests.app.drive import no_blink
from tests.app.staff import add_desk_staff

#: Messages of a widget that must be laid out or painted again, or of focus moving.
REFRESHING = (
    messages.Layout,
    messages.Update,
    messages.UpdateScroll,
    events.Resize,
    events.Show,
    events.Hide,
    events.Focus,
    events.Blur,
    events.ScreenResume,
)
#: Pauses allowed before one must pass quietly (one-offs after a start take one or two).
QUIET_WITHIN = 6
#: Far longer than any start takes: reaching it means the start hung.
HANG_SECONDS = 60.0


class Refreshes:
    """Counts the refresh messages Textual dispatches (a ``run_test`` message hook)."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def __call__(self, message: Message) -> None:
        if isinstance(message, REFRESHING):
            self.seen[type(message).__name__] += 1

    @property
    def total(self) -> int:
        """How many have been dispatched so far."""
        return sum(self.seen.values())


async def pauses_until_quiet(pilot: Pilot, refreshes: Refreshes) -> int | None:
    """How many Pilot pauses pass until one sees no refresh message (None: none did).

    A pause waits until every widget has handled what was sent to it, then for the
    process to look idle (at most a second), then lays out and paints what is due.
    """
    for n in range(1, QUIET_WITHIN + 1):
        before = refreshes.total
        await pilot.pause()
        if refreshes.total == before:
            return n
    return None


# -- the detector against a real loop --------------------------------------------------


class SelfSizing(Static):
    """A width that depends on itself: laid out wide it asks to be narrow, and back."""

    def on_resize(self, event: events.Resize) -> None:
        self.styles.width = 10 if event.size.width > 10 else 20


class Looping(App[None]):
    def compose(self) -> ComposeResult:
        yield SelfSizing("a feedback loop")


class Still(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("nothing moves")


async def test_a_layout_feedback_loop_never_passes_a_quiet_pause() -> None:
    refreshes = Refreshes()
    async with Looping().run_test(size=(40, 5), message_hook=refreshes) as pilot:
        await pilot.pause()
        assert await pauses_until_quiet(pilot, refreshes) is None
    assert refreshes.seen["Resize"] > QUIET_WITHIN and refreshes.seen["Layout"] > QUIET_WITHIN


async def test_an_app_with_nothing_to_do_is_quiet_at_the_first_pause() -> None:
    refreshes = Refreshes()
    async with Still().run_test(size=(40, 5), message_hook=refreshes) as pilot:
        await pilot.pause()
        assert await pauses_until_quiet(pilot, refreshes) == 1


# -- the console -------------------------------------------------------------------------

#: Under 80x24 (the notice), the list under 120 columns, the columns from 120 on.
SIZES = ((79, 24), (80, 24), (119, 40), (120, 40), (200, 50))


@pytest.fixture
def start_dir(seeded_template: Path, tmp_path: Path) -> Path:
    return copy_store(seeded_template, tmp_path / "store")


async def _loaded(pilot: Pilot) -> None:
    """Pause until the first frame is in and no loading worker runs.

    Not ``drive.settle``: it waits for the message queues to empty, which a loop never
    lets happen, and would report a loop as a hang a minute later.
    """
    app = pilot.app
    while not app.first_frame_ready or any(
        w.group != "dialog" and not w.is_finished for w in app.workers
    ):
        await pilot.pause()


async def _start_and_listen(
    desk: Desk, size: tuple[int, int], keys: tuple[str, ...]
) -> tuple[int | None, Counter[str]]:
    """Start the console, press ``keys`` once it settled; the pauses until a quiet one."""
    refreshes = Refreshes()
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=size, message_hook=refreshes) as pilot:
        await _loaded(pilot)
        for key in keys:
            await pilot.press(key)
            await _loaded(pilot)
        no_blink(app)  # a blinking cursor repaints twice a second, by design
        quiet = await pauses_until_quiet(pilot, refreshes)
        return quiet, refreshes.seen


async def _quiet_after_start(
    folder: Path, size: tuple[int, int], keys: tuple[str, ...] = (), staff: bool = False
) -> None:
    desk = open_desk(folder)
    try:
        if staff:
            add_desk_staff(desk)
        quiet, seen = await asyncio.wait_for(_start_and_listen(desk, size, keys), HANG_SECONDS)
    finally:
        desk.close()
    where = f"{size[0]}x{size[1]}" + (f" after {' '.join(keys)}" if keys else "")
    assert quiet is not None, f"at {where} the console kept refreshing: {dict(seen)}"


@pytest.mark.long
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_console_goes_quiet_after_its_first_frame(
    start_dir: Path, size: tuple[int, int]
) -> None:
    await _quiet_after_start(start_dir, size)


@pytest.mark.long
@pytest.mark.parametrize("key", ["f2", "f3"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_each_pane_goes_quiet_once_shown(
    start_dir: Path, size: tuple[int, int], key: str
) -> None:
    await _quiet_after_start(start_dir, size, (key,))


@pytest.mark.long
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_sign_in_goes_quiet_over_the_desk_loading_beneath(
    start_dir: Path, size: tuple[int, int]
) -> None:
    await _quiet_after_start(start_dir, size, staff=True)


class ScrollingAtTheBreakpoint(FrontDeskApp):
    """The console with its screen taller than the terminal only while the day shows in
    columns: a screen scroll bar then takes two of the 120 columns, as any content that
    overflows at exactly the breakpoint would."""

    CSS_PATH = str(Path(console.app.__file__).with_name("app.tcss"))  # relative to the app
    CSS = """
    .body, #panes, SchedulePane { height: auto; }
    DayColumns { height: 60; }
    VisitTable { height: 5; }
    """


async def _flip_test(desk: Desk) -> None:
    refreshes = Refreshes()
    app = ScrollingAtTheBreakpoint(desk=desk)
    async with app.run_test(size=(120, 40), message_hook=refreshes) as pilot:
        await _loaded(pilot)
        quiet = await pauses_until_quiet(pilot, refreshes)
        assert quiet is not None, f"the schedule kept flipping: {dict(refreshes.seen)}"
        # The terminal is 120 wide: the columns stay, and the scroll bar with them.
        pane = app.desk_screen.query_one(SchedulePane)
        assert pane.in_columns and pane.columns.display and not pane.table.display
        assert app.desk_screen.show_vertical_scrollbar


async def test_a_scroll_bar_at_120_columns_does_not_flip_the_schedule_for_ever(
    start_dir: Path,
) -> None:
    # Before: 118 columns showed the list, which fits, so the scroll bar went, 120
    # showed the columns again... each flip moving the keyboard and repainting the
    # whole screen (the stuck start's "full updates for ever").
    desk = open_desk(start_dir)
    try:
        await asyncio.wait_for(_flip_test(desk), HANG_SECONDS)
    finally:
        desk.close()
