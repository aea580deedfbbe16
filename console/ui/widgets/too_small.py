"""The notice that replaces the panes when the terminal is under 80x24."""

from __future__ import annotations

from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 80, 24


class TooSmall(Static):
    """Hidden unless the screen carries the ``-narrow`` or ``-short`` breakpoint class."""

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
