"""A tiny headless-Chromium driver over the DevTools protocol (no extra packages).

textual-serve draws the terminal with xterm.js on a canvas (WebGL or 2D), so the page's
DOM holds no text. Before the page's own script runs, we trap the first assignment of a
``terminal`` property (textual.js does ``this.terminal = new Terminal(...)``) and keep
that xterm instance; the screen is then read from xterm's own buffer, which is exactly
what the canvas paints. If a later textual-serve uses xterm's DOM renderer instead, the
rows are read from the DOM.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = "/usr/bin/chromium"

# Flags without which Chromium hangs or phones home on a closed network.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
]

KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal",
      {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && !window.__frontdeskTerminal) {
      window.__frontdeskTerminal = value;
    }
  },
});
"""

READ_SCREEN = """
(() => {
  const term = window.__frontdeskTerminal;
  if (term) {
    const buffer = term.buffer.active;
    const rows = [];
    for (let y = 0; y < term.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      rows.push(line ? line.translateToString(true) : "");
    }
    return rows.join("\\n");
  }
  const dom = document.querySelectorAll(".xterm-rows > div");
  if (dom.length) return Array.from(dom, (row) => row.textContent).join("\\n");
  return null;
})()
"""


def require_chromium() -> str:
    """Path of Chromium; the test fails (not skips) with the way out when it is missing."""
    path = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    assert path, "Chromium is not installed: run .ci/run or `apt-get install chromium`"
    return path


class Browser:
    """One headless Chromium with a fresh profile under ``folder``; ``close()`` ends it."""

    def __init__(self, folder: Path, size: tuple[int, int] = (1280, 800)) -> None:
        self.profile = folder / "chromium-profile"
        self.profile.mkdir(parents=True)
        self.log = folder / "chromium.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    require_chromium(),
                    *FLAGS,
                    f"--user-data-dir={self.profile}",
                    f"--window-size={size[0]},{size[1]}",
                    "about:blank",
                ],
                stdout=log,
                stderr=log,
                # Its own process group, so close() also ends the renderer and GPU helpers.
                start_new_session=True,
            )
        self.port = self._devtools_port()

    def _devtools_port(self, timeout: float = 30.0) -> int:
        # With --remote-debugging-port=0 Chromium writes the port it chose into the profile.
        active = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if active.exists() and (text := active.read_text().split()):
                return int(text[0])
            time.sleep(0.1)
        self.close()
        raise AssertionError(f"Chromium did not start; its log:\n{self.log.read_text()[-3000:]}")

    def page_socket(self) -> str:
        """The DevTools WebSocket address of the first page (tab)."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=10) as r:
            targets = json.load(r)
        return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")

    def read_terminal(
        self, url: str, expect: list[str], timeout: float = 60.0, screenshot: Path | None = None
    ) -> str:
        """Open ``url`` and poll the terminal's text until every string of ``expect`` shows.

        Returns the screen text; fails with the last screen seen otherwise. A PNG of the
        page is saved to ``screenshot`` (when given) either way.
        """
        return asyncio.run(self._read_terminal(url, expect, timeout, screenshot))

    async def _read_terminal(
        self, url: str, expect: list[str], timeout: float, screenshot: Path | None
    ) -> str:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(self.page_socket(), max_msg_size=0) as ws,
        ):
            cdp = _Cdp(ws)
            await cdp.send("Page.enable")
            await cdp.send("Page.addScriptToEvaluateOnNewDocument", source=KEEP_TERMINAL)
            await cdp.send("Page.navigate", url=url)
            deadline = time.monotonic() + timeout
            screen: str | None = None
            try:
                while time.monotonic() < deadline:
                    result = await cdp.send(
                        "Runtime.evaluate", expression=READ_SCREEN, returnByValue=True
                    )
                    screen = result.get("result", {}).get("value")
                    if screen and all(text in screen for text in expect):
                        return screen
                    await asyncio.sleep(0.1)
            finally:
                if screenshot is not None:
                    shot = await cdp.send("Page.captureScreenshot", format="png")
                    screenshot.write_bytes(base64.b64decode(shot["data"]))
            if screen is None:
                raise AssertionError(f"no xterm terminal found on {url} within {timeout:.0f} s")
            raise AssertionError(f"{expect!r} never all appeared; the browser showed:\n{screen}")

    def close(self) -> None:
        """End Chromium and its helper processes (the whole process group)."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                continue
        self.process.wait(timeout=10)


class _Cdp:
    """Request/response over one DevTools WebSocket; events are read and dropped."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call ``method`` and return its result (an error is an AssertionError)."""
        ident = next(self.ids)
        await self.ws.send_json({"id": ident, "method": method, "params": params})
        while True:
            message = await asyncio.wait_for(self.ws.receive_json(), timeout=30)
            if message.get("id") == ident:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})
