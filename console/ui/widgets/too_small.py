"""The notice that replaces the panes when the terminal is under 80x24."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 80, 24
#: The app's breakpoints (``FrontDeskApp``): the classes a screen carries by its size.
HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (MIN_WIDTH, "-wide-enough")]
VERTICAL_BREAKPOINTS = [(0, "-short"), (MIN_HEIGHT, "-tall-enough")]


def breakpoint_classes(size: Size) -> dict[str, bool]:
    """Which breakpoint classes a screen of ``size`` carries (as Textual gives them: the
    highest breakpoint each dimension reaches).

    A screen that sets them as it is composed is styled once: Textual sets them on its
    first resize, and a change of classes there styles every widget on it again.
    """
    classes: dict[str, bool] = {}
    for dimension, breakpoints in (
        (size.width, HORIZONTAL_BREAKPOINTS),
        (size.height, VERTICAL_BREAKPOINTS),
    ):
        reached = [name for edge, name in sorted(breakpoints) if dimension >= edge]
        for _, name in breakpoints:
            classes[name] = bool(reached) and name == reached[-1]
    return classes


class TooSmall(Static):
    """Hidden unless the screen carries the ``-narrow`` or ``-short`` breakpoint class.

    While it shows, the screen's other widgets are hidden, and a hidden widget loses
    the keyboard (Textual blurs it, and nothing visible is left to take it). So it
    remembers the last widget that had the keyboard and gives it back when the window
    is large enough again: the pane keys work at once, without F1.
    """

    DEFAULT_CSS = """
    TooSmall {
        display: none;
        width: 1fr;
        height: 1fr;
        content-align: center middle;
        text-align: center;
        color: $text-warning;
    }
    """

    def __init__(self) -> None:
        super().__init__(
            f"The window is too small.\nMake it at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            markup=False,
        )
        self._had_focus: Widget | None = None

    def on_mount(self) -> None:
        """Follow the screen's focus (the widget to give it back to)."""
        self.watch(self.screen, "focused", self._note_focus)

    def _note_focus(self, focused: Widget | None) -> None:
        if focused is not None:
            self._had_focus = focused

    def on_hide(self, event: events.Hide) -> None:
        """Big enough again: the keyboard goes back where it was once the panes show."""
        self.call_after_refresh(self._give_focus_back)

    def _give_focus_back(self) -> None:
        screen = self.screen
        widget = self._had_focus
        if screen.focused is not None or widget is None or not widget.is_attached:
            return
        if widget.focusable:
            screen.set_focus(widget)
        elif screen.focus_chain:
            screen.set_focus(screen.focus_chain[0])
