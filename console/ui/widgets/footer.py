"""The key footer: the keys that work here, drawn as one line by one widget.

Textual 8.2's ``Footer`` is a container of one widget per key, rebuilt whenever the
bindings change (every screen push and pop, every focus move: six times before the
console's first frame). Each rebuild mounts and styles a dozen widgets, and each key
registers a watcher on the footer through ``data_bind`` that Textual never drops, so
every removed key stays alive (tens of megabytes over a working day of dialogs).
This footer draws the same compact line from the screen's active bindings and only
repaints when they change: nothing to mount, nothing to leak.
"""

from __future__ import annotations

from itertools import groupby

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

#: How the parts of the line look: the same theme variables as Textual's footer.
KEY_STYLE = "bold $footer-key-foreground on $footer-key-background"
DESCRIPTION_STYLE = "$footer-description-foreground on $footer-description-background"
DISABLED = "dim"


class DeskFooter(Widget, can_focus=False):
    """One line of keys, ``key description`` each, a group's keys before its label.

    A key is clicked as if pressed (a disabled one rings the bell), like Textual's.
    """

    ALLOW_SELECT = False
    #: Where each key is on the line as last drawn: (first cell, past the last, key, enabled).
    _spans: list[tuple[int, int, Binding, bool]] = []
    DEFAULT_CSS = """
    DeskFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def on_mount(self) -> None:
        """Repaint when the screen's bindings change (focus moves, a pane shows)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop listening to the screen."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def keys(self) -> list[tuple[str, Binding, bool]]:
        """What the line shows, in order: (the key as shown, its binding, enabled)."""
        shown: dict[str, tuple[str, Binding, bool]] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            # One entry per action, as Textual's footer: "f1,1" shows once, as F1.
            if binding.show and binding.action not in shown:
                shown[binding.action] = (self.app.get_key_display(binding), binding, enabled)
        return list(shown.values())

    def render(self) -> Content:
        """The keys of the screen, grouped keys together before their group's label."""
        parts: list[Content] = []
        spans: list[tuple[int, int, Binding, bool]] = []
        width = 0

        def add(part: Content, binding: Binding | None = None, enabled: bool = True) -> None:
            nonlocal width
            parts.append(part)
            if binding is not None:
                spans.append((width, width + part.cell_length, binding, enabled))
            width += part.cell_length

        # Consecutive keys of one group show together, as in Textual's footer.
        for group, run in groupby(self.keys(), key=lambda key: key[1].group):
            members = list(run)
            if group is not None and len(members) > 1:
                add(Content(" "))
                for shown, binding, enabled in members:
                    add(_key(shown, enabled), binding, enabled)
                add(Content(" "))
                add(Content.styled(group.description, DESCRIPTION_STYLE))
                add(Content(" "))
                continue
            for shown, binding, enabled in members:
                add(_key(shown, enabled, binding.description), binding, enabled)
                add(Content(" "))
        self._spans = spans
        return Content("").join(parts)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it, as Textual's footer does (a disabled one rings)."""
        for start, end, binding, enabled in self._spans:
            if start <= event.x < end:
                event.stop()
                if enabled:
                    self.app.simulate_key(binding.key)
                else:
                    self.app.bell()
                return


def _key(shown: str, enabled: bool, description: str = "") -> Content:
    """One key (and its description), dim when it does nothing here."""
    pieces: list[tuple[str, str]] = [(shown, KEY_STYLE)]
    if description:
        pieces.append((" " + description, DESCRIPTION_STYLE))
    content = Content.assemble(*pieces)
    return content if enabled else content.stylize(DISABLED)
