"""The bar of keys that work everywhere: the three panes, find, commands, quit."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

PANES = (
    ("schedule", "F1", "Schedule"),
    ("checkin", "F2", "Check-in"),
    ("treatments", "F3", "Treatments"),
)
EXTRAS = (
    ("^F", "Find patient", "app.lookup"),
    ("^P", "Commands", "app.command_palette"),
    ("^Q", "Quit", "app.quit"),
)


class KeyBar(Widget):
    """One line above the footer; the current pane is highlighted. Clicks run the keys."""

    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        background: $panel;
        color: $text-muted;
    }
    """

    current: reactive[str] = reactive("")

    def render(self) -> Content:
        """One clickable label per pane, the current one highlighted."""
        parts: list[Content] = []
        for name, key, label in PANES:
            style = "reverse bold" if name == self.current else ""
            parts.append(
                Content.assemble(
                    (f" {key} ", f"bold $accent {style}"),
                    (f"{label} ", style),
                ).stylize(f"@click=app.pane('{name}')")
            )
        for key, label, action in EXTRAS:
            parts.append(
                Content.assemble((f" {key} ", "bold $accent"), (f"{label} ", "")).stylize(
                    f"@click={action}"
                )
            )
        return Content("").join(parts)
