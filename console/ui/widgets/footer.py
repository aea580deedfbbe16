"""The key footer, without the memory growth of Textual's own.

Textual 8.2's ``Footer`` rebuilds its keys whenever the bindings change (every screen
push and pop) and each new key registers a watcher on the footer through
``data_bind``. The footer keeps those watchers, and with them every removed key,
until its ``compact`` setting changes, which in this console it never does. Over a
working day of dialogs that is tens of megabytes, so watchers of removed keys are
dropped after each rebuild.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

from console.ui.textual_private import drop_watchers_of_removed_nodes


class DeskFooter(Footer):
    """Textual's ``Footer`` that forgets the keys it has removed.

    It also rebuilds its keys once for a burst of binding changes: Textual's asks for
    a rebuild after the next refresh for each change, and a start-up (focus settling,
    panes mounting, the day read) makes eight in a third of a second.
    """

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        """Rebuild the keys after the next refresh, once however many changes come."""
        if self._rebuild_pending:
            return
        self._rebuild_pending = True
        super().bindings_changed(screen)
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            self._rebuild_pending = False  # Textual's footer scheduled nothing

    async def recompose(self) -> None:
        """Rebuild the keys, then drop watchers left behind by the old ones."""
        self._rebuild_pending = False  # a change from here on needs another rebuild
        await super().recompose()
        self.prune_watchers()

    def prune_watchers(self) -> None:
        """Forget watchers registered by widgets that are no longer in the DOM."""
        drop_watchers_of_removed_nodes(self)
