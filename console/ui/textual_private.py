"""Every use of Textual's private API in the console, each with why nothing public does.

Textual may change anything private in any release, so nothing else in the console
touches it: the rest of the code imports these wrappers. ``tests/app/test_textual_private.py``
checks each one against the installed Textual (and that it is the version pinned in
``pyproject.toml``), and fails loudly, naming the wrapper to fix, when an upgrade moves
one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import rich
from rich.segment import Segments
from textual import _context
from textual.app import App
from textual.screen import Screen

#: The Textual release these wrappers were written against (also pinned in pyproject.toml).
TEXTUAL_VERSION = "8.2.8"

ReturnType = TypeVar("ReturnType")


def active_app() -> App[Any] | None:
    """The app whose task, message handler or callback runs this code; None if unknown.

    Private: ``textual._context.active_app``. Textual sets this context variable for
    every task of an app, but makes it public only through ``MessagePump.app``, which
    needs a widget in hand. Initials-only redaction (``console.ui.redact``) is called
    with patient data, not widgets, and must know which app it serves.
    """
    try:
        return _context.active_app.get()
    except LookupError:
        return None


def install_lazily(app: App[Any], name: str, factory: Callable[[], Screen[Any]]) -> None:
    """Install the screen ``factory`` makes under ``name``; it is made on first use.

    Undocumented: ``App.install_screen`` is typed for a screen, but Textual keeps its
    installed screens in one dict with the ``SCREENS`` factories, and ``get_screen``
    (behind ``push_screen`` too) calls a factory it finds there once and keeps the
    screen. ``SCREENS`` itself takes no arguments, and the console's screens need the
    desk; making every screen and dialog at start-up delayed the first frame.
    """
    app.install_screen(cast(Screen[Any], factory), name)


class AppWithoutCrashLocals(App[ReturnType]):
    """An ``App`` whose crash traceback is printed without the values of local variables.

    Private: ``App._fatal_error`` is the hook Textual calls for an unhandled exception; it
    queues the rendered traceback in ``App._exit_renderables`` and stops the app with
    ``App._close_messages_no_wait``. Textual's own prints every frame's locals, which
    here hold patient names and phone numbers (and a served console's stderr is a log).
    No public setting turns locals off, and ``App.panic`` would lose the traceback.
    """

    def _fatal_error(self) -> None:
        """Textual's crash exit, with the traceback printed without local variables."""
        from rich.traceback import Traceback  # 40 ms of imports (pygments): only on a crash

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        rendered = self.console.render(traceback, self.console.options)
        self._exit_renderables.append(Segments(rendered))
        self._close_messages_no_wait()
