"""`frontdesk serve` in a real headless Chromium: the day's schedule shows in the browser;
without the printed key, or from another site's page, nothing is served."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.system.browser import Browser
from tests.system.desk import FRONTDESK, cli, free_port, one_visit_store, store_env

pytestmark = pytest.mark.system


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return one_visit_store(tmp_path / "store", "Marisol", "Quintanilla", "714-555-0177")


class Served:
    """A running ``frontdesk serve`` in its own process group (so the console goes too)."""

    def __init__(self, store: Path, folder: Path, home: Path | None = None) -> None:
        self.store = store
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.log = folder / "serve.log"
        with self.log.open("wb") as log:
            # FRONTDESK_DATA_DIR and FRONTDESK_NOW reach the served console only through
            # this process's environment: no --data-dir is given on purpose.
            self.process = subprocess.Popen(
                [FRONTDESK, "serve", "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**store_env(store), **({"HOME": str(home)} if home else {})},
                start_new_session=True,
            )
        self._wait_listening()
        # The start-up line (printed before listening) gives the page's address with its key.
        printed = re.search(r"serving the console on (\S+)", self.output())
        assert printed, self.output()
        self.url = printed.group(1)

    def _wait_listening(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.close()
        raise AssertionError(f"frontdesk serve did not listen; its output:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def interrupt(self, timeout: float = 20.0) -> int:
        """Ctrl+C as a terminal sends it: SIGINT to the whole process group."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=timeout)

    def close(self) -> None:
        """Make sure nothing of the server or its consoles is left running."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def served(store: Path, tmp_path: Path) -> Iterator[Served]:
    server = Served(store, tmp_path)
    yield server
    server.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    chromium = Browser(tmp_path / "browser")
    yield chromium
    chromium.close()


def test_served_console_shows_todays_schedule_in_chromium(served, browser, tmp_path):
    assert re.fullmatch(rf"{served.origin}/\?key=[\w-]{{40,}}", served.url)
    screen = browser.read_terminal(
        served.url,
        ["Iconic Skin Clinic", "Tue 24 Nov 2026", "Marisol Quintanilla"],
        timeout=90,
        screenshot=tmp_path / "browser.png",
    )
    # The clinic's day from FRONTDESK_NOW (10:50 in La Mirada), not the host's date.
    assert "closes 6:00 PM" in screen
    assert "Sculptra" in screen

    # Ctrl+C with a browser still connected stops the server and its console cleanly.
    status = served.interrupt()
    output = served.output()
    assert status in (0, 130), output
    assert "Traceback" not in output, output
    assert "serving the console on http://127.0.0.1:" in output
    assert "GET /" not in output, "no request lines: the page's URL carries the key"
    # Ctrl+C reached the console too (same process group): it quits by itself, maybe
    # a moment after the server, and records the end of its session.
    deadline = time.monotonic() + 15
    while not session_ends(served.store) and time.monotonic() < deadline:
        time.sleep(0.05)
    ends = session_ends(served.store)
    # On failure, say what the trail and the server did (the console's session entries).
    trail = json.loads(cli(served.store, "audit", "--limit", "50", "--json"))
    seen = [(e["action"], e.get("after")) for e in trail if e["action"].startswith("session")]
    assert ends == ["quit"], f"{seen}\n{output}"


def session_ends(store: Path) -> list[str]:
    """How each console session on ``store`` ended, from the audit trail."""
    entries = json.loads(cli(store, "audit", "--limit", "50", "--json"))
    return [e["after"]["reason"] for e in entries if e["action"] == "session.end"]


def test_stopping_the_server_alone_ends_its_consoles_cleanly(served, browser):
    browser.read_terminal(served.url, ["Marisol Quintanilla"], timeout=90)

    served.process.send_signal(signal.SIGTERM)  # a service manager stops the server only
    status = served.process.wait(timeout=30)

    output = served.output()
    assert status == 0, output
    assert "Traceback" not in output and "Event loop is closed" not in output, output
    # The server ended its console before exiting: nothing of it is left running, and
    # the console recorded its session's end (a killed one could not have).
    with pytest.raises(ProcessLookupError):
        os.killpg(served.process.pid, 0)
    assert session_ends(served.store) == ["quit"]


def ticketed_websocket(page: str) -> str:
    """The console's websocket address the page hands its browser."""
    found = re.search(r'data-session-websocket-url="([^"]+)"', page)
    assert found, page
    return found.group(1)


async def test_the_page_needs_the_key_and_the_console_its_own_page(served):
    plain = f"ws://127.0.0.1:{served.port}/ws?width=100&height=30"
    # A jar that would keep cookies even from an IP-address host, as a browser does.
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        for url in (f"{served.origin}/", f"{served.origin}/?key=wrong", served.url + "x"):
            async with session.get(url) as page:
                assert page.status == 403, url
                assert page.content_type == "text/plain"
                explanation = (await page.text()).strip()
            assert len(explanation.splitlines()) == 1 and "key" in explanation

        # Nothing from the page yet: even this server's own Origin gets no console.
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(plain, origin=served.origin)
        assert refused.value.status == 403

        async with session.get(served.url) as page:
            assert page.status == 200
            assert page.headers["Cache-Control"] == "no-store"
            websocket = ticketed_websocket(await page.text()) + "?width=100&height=30"

        # With what the page gave, another site's page (or this host's other ports) is
        # still refused.
        for foreign in ("http://evil.example", f"http://127.0.0.1:{served.port + 1}", "null"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(websocket, origin=foreign)
            assert refused.value.status == 403, foreign

        # What the page gave and the page's own Origin: the console answers.
        async with session.ws_connect(websocket, origin=served.origin) as console:
            first = await console.receive(timeout=60)
            assert first.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), first

    status = served.interrupt()
    output = served.output()
    assert status in (0, 130), output
    assert "Traceback" not in output, output


async def test_what_the_page_hands_the_browser_opens_one_console_only(served):
    """A listener that caught the credential cannot replay it into a console."""
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        async with session.get(served.url) as page:
            websocket = ticketed_websocket(await page.text()) + "?width=100&height=30"
        async with session.ws_connect(websocket, origin=served.origin) as console:
            assert (await console.receive(timeout=60)).type != aiohttp.WSMsgType.ERROR
            # Replayed while the first console is live, from the page's own Origin.
            with pytest.raises(aiohttp.WSServerHandshakeError) as replayed:
                await session.ws_connect(websocket, origin=served.origin)
            assert replayed.value.status == 403
        # Replayed after that console closed: still refused.
        with pytest.raises(aiohttp.WSServerHandshakeError) as replayed:
            await session.ws_connect(websocket, origin=served.origin)
        assert replayed.value.status == 403
        # No cookie: browsers would send one to every port of 127.0.0.1.
        assert len(jar) == 0

        # Each page opened with the key gets a console of its own.
        async with session.get(served.url) as page:
            again = ticketed_websocket(await page.text()) + "?width=100&height=30"
        assert again != websocket
        async with session.ws_connect(again, origin=served.origin) as console:
            assert (await console.receive(timeout=60)).type != aiohttp.WSMsgType.ERROR


async def test_static_lists_no_folder(served):
    async with aiohttp.ClientSession() as session:
        for path in ("/static", "/static/", "/static/js", "/static/js/", "/static/css/"):
            async with session.get(served.origin + path) as listing:
                assert listing.status in (403, 404), path
                assert "textual.js" not in await listing.text()
        async with session.get(f"{served.origin}/static/js/textual.js") as script:
            assert script.status == 200


class ConsoleSocket:
    """A served console driven over its websocket, as textual.js drives it."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.seen = ""

    async def keys(self, typed: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", typed]))

    async def until(self, shown: str = "", meta: str = "", timeout: float = 60) -> list:
        """Read until the screen shows ``shown`` (escape codes dropped) or a ``meta`` message."""
        deadline = time.monotonic() + timeout
        while True:
            message = await self.ws.receive(timeout=max(deadline - time.monotonic(), 0.01))
            if message.type == aiohttp.WSMsgType.BINARY:
                self.seen += _ESCAPES.sub("", message.data.decode(errors="replace"))
                if shown and shown in self.seen:
                    self.seen = ""
                    return []
            elif message.type == aiohttp.WSMsgType.TEXT:
                envelope = json.loads(message.data)
                if meta and envelope[0] == meta:
                    return envelope
            else:
                raise AssertionError(f"the console went away: {message}\n{self.seen[-2000:]}")


_ESCAPES = re.compile(
    r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()=>][0-9A-Z]?"
)


async def test_an_export_in_the_browser_is_a_download_not_a_file(store, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    served = Served(store, tmp_path, home=home)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(served.url) as page:
                websocket = ticketed_websocket(await page.text()) + "?width=120&height=40"
            async with session.ws_connect(websocket, origin=served.origin) as ws:
                console = ConsoleSocket(ws)
                await ws.send_str(json.dumps(["resize", {"width": 120, "height": 40}]))
                await console.until("Quintanilla")
                await console.keys("\x10")  # ctrl+p: the command palette
                await console.until("Search for commands")
                await console.keys("export day as CSV")
                await console.until("Write the shown day")
                await console.keys("\r")
                await console.until("Enter saves")
                await console.keys("\r")
                _, key = await console.until(meta="deliver_file_start")
                async with session.get(f"{served.origin}/download/{key}") as download:
                    assert download.status == 200
                    disposition = download.headers["Content-Disposition"]
                    body = await download.text()
        assert disposition == "attachment; filename=day-2026-11-24.csv"
        assert body.startswith("id,date,") and "Marisol Quintanilla" in body
        # Nothing was written on the server's side: no exports folder, no downloads.
        assert list(home.iterdir()) == []
    finally:
        served.close()
