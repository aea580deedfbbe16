"""Textual's private API, as console/ui/textual_private.py uses it, still has its shape.

A Textual upgrade may rename or reshape anything private. Each test here names the
wrapper in console/ui/textual_private.py to revisit when it fails; none of them should
ever be skipped or loosened to make an upgrade pass.
"""

from __future__ import annotations

import contextvars
import importlib.metadata
import inspect
import re
import tomllib
from pathlib import Path

from textual import _context
from textual.app import App
from textual.screen import Screen

from console.ui import textual_private

ROOT = Path(__file__).resolve().parents[2]
#: Private Textual names the console uses (only in console/ui/textual_private.py).
PRIVATE_NAMES = ("_exit_renderables", "_close_messages_no_wait", "_fatal_error")
UPGRADE = "Textual changed a private API that console/ui/textual_private.py relies on: "


def _pinned_textual() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [d for d in project["dependencies"] if re.match(r"textual\s*==", d)]
    assert len(pins) == 1, "pyproject.toml must pin textual exactly (textual==X.Y.Z)"
    return pins[0].split("==", 1)[1].strip()


def test_installed_textual_is_the_pinned_release() -> None:
    installed = importlib.metadata.version("textual")
    pinned = _pinned_textual()
    assert installed == pinned, (
        f"Textual {installed} is installed but pyproject.toml pins {pinned}: "
        "reinstall the pinned release, or upgrade deliberately and re-check every wrapper "
        "in console/ui/textual_private.py (this file's tests say which broke)."
    )
    assert pinned == textual_private.TEXTUAL_VERSION, (
        f"pyproject.toml pins Textual {pinned} but textual_private.TEXTUAL_VERSION says "
        f"{textual_private.TEXTUAL_VERSION}: re-check the wrappers, then update it."
    )


def test_active_app_is_still_a_context_variable() -> None:
    variable = getattr(_context, "active_app", None)
    assert isinstance(variable, contextvars.ContextVar), (
        UPGRADE + "textual._context.active_app is no longer a ContextVar "
        "(fix textual_private.active_app; initials-only redaction depends on it)."
    )


class _Plain(Screen[None]):
    pass


class _Tiny(App[None]):
    pass


async def test_active_app_names_the_running_app() -> None:
    app = _Tiny()
    assert textual_private.active_app() is not app
    async with app.run_test() as pilot:
        await pilot.pause()
        assert textual_private.active_app() is app, (
            UPGRADE + "textual._context.active_app does not hold the running app "
            "(fix textual_private.active_app; redaction would hide everything)."
        )
        # Handlers run with it too (what redaction relies on while a screen draws).
        seen: list[App[object] | None] = []
        app.call_later(lambda: seen.append(textual_private.active_app()))
        await pilot.pause()
        assert seen == [app], UPGRADE + "app callbacks no longer carry active_app"


def test_fatal_error_hook_and_what_it_uses_are_still_there() -> None:
    handle = inspect.getsource(App._handle_exception)
    assert "self._fatal_error()" in handle, (
        UPGRADE + "App._handle_exception no longer calls _fatal_error: crash tracebacks "
        "may print local variables (patient data) again; fix AppWithoutCrashLocals."
    )
    for name in ("_fatal_error", "_close_messages_no_wait"):
        method = getattr(App, name, None)
        assert callable(method), UPGRADE + f"App.{name} is gone (fix AppWithoutCrashLocals)"
        params = list(inspect.signature(method).parameters)
        assert params == ["self"], UPGRADE + f"App.{name} now takes {params}"
    app = App[None]()
    assert isinstance(getattr(app, "_exit_renderables", None), list), (
        UPGRADE + "App._exit_renderables is no longer a list (fix AppWithoutCrashLocals)"
    )
    assert "_exit_renderables" in inspect.getsource(App._print_error_renderables), (
        UPGRADE + "exit renderables are no longer what Textual prints at exit"
    )


def test_nothing_else_touches_textual_private_api() -> None:
    offenders = []
    for path in sorted((ROOT / "console").rglob("*.py")):
        if path.name == "textual_private.py":
            continue
        text = path.read_text()
        found = re.findall(r"\btextual\._\w+", text)
        found += [name for name in PRIVATE_NAMES if name in text]
        if found:
            offenders.append(f"{path.relative_to(ROOT)}: {', '.join(sorted(set(found)))}")
    assert offenders == [], "wrap these in console/ui/textual_private.py: " + "; ".join(offenders)


async def test_a_screen_installed_lazily_is_made_once_on_first_use() -> None:
    made: list[Screen[None]] = []

    def factory() -> Screen[None]:
        made.append(_Plain())
        return made[-1]

    app = _Tiny()
    async with app.run_test() as pilot:
        textual_private.install_lazily(app, "later", factory)
        await pilot.pause()
        assert made == [], UPGRADE + "install_screen made the screen at once"
        assert app.is_screen_installed("later")
        await app.push_screen("later")
        await pilot.pause()
        assert len(made) == 1 and app.screen is made[0], (
            UPGRADE + "get_screen no longer makes an installed factory's screen "
            "(fix textual_private.install_lazily: the console's screens would not open)."
        )
        app.pop_screen()
        await pilot.pause()
        assert app.get_screen("later") is made[0] and len(made) == 1, (
            UPGRADE + "an installed factory's screen is made again on each use"
        )
