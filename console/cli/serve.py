"""``frontdesk serve``: the console in a web browser, through textual-serve.

textual-serve has no authentication at all: whoever can open the page gets the
console, patient data included. So the server binds the loopback address by default
and refuses any other address unless ``--allow-remote`` says so on purpose; and the
page needs a random key in its URL (printed at start-up, for the person who started
it). The page opened with the key hands its browser a one-time ticket
(``console.cli.tickets``) inside the console's websocket address: it opens exactly one
console and is useless afterwards. No cookie carries anything (browsers send a
127.0.0.1 cookie to every port of that address, so another local account's listener
would catch it). The websocket also refuses other sites' pages (Origin), and
``/static`` serves its files but lists no folder.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from console import locations
from console.cli.command import Command
from console.cli.terminal import console_day
from console.cli.usage import UsageError, fail
from console.clinic.staff import parse_name
from console.desk import open_desk

if TYPE_CHECKING:
    import psutil
    from aiohttp import web

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TITLE = "Iconic Skin Clinic — front desk"


def _serve_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}; others need --allow-remote)",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}")
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="listen on a non-loopback address: anyone who reaches it gets the console",
    )
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when it differs from --host:--port (e.g. a proxy)",
    )
    # SUPPRESS so that `frontdesk --demo serve` (the top-level options) still counts.
    p.add_argument(
        "--date",
        default=argparse.SUPPRESS,
        help="open the served console on this day (YYYY-MM-DD, M/D/YYYY, M/D, a weekday...)",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="serve the demo store (synthetic data)",
    )
    # --person (who uses the served console) is the global option; it is passed on.


def served_date(args: argparse.Namespace) -> str | None:
    """The day the served console opens on: ``serve --date`` or ``frontdesk --date ... serve``."""
    return getattr(args, "date", None) or getattr(args, "console_date", None)


def console_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser: the same console, same store."""
    # sys.executable, not `frontdesk` on PATH: works from a venv that is not activated.
    parts = [sys.executable, "-m", "console"]
    if args.data_dir:
        # Absolute, so the served console opens the same folder whatever its cwd.
        parts += ["--data-dir", str(Path(args.data_dir).expanduser().absolute())]
    if getattr(args, "demo", False):
        parts.append("--demo")
    if day := served_date(args):
        parts += ["--date", day]
    if getattr(args, "initials", False):
        parts.append("--initials")
    if getattr(args, "person", None):
        parts += ["--person", args.person]
    # textual-serve starts the command through a shell, so every part is quoted.
    return shlex.join(parts)


def is_loopback(host: str) -> bool:
    """True when every address ``host`` names is a loopback one; unknown hosts refused."""
    import ipaddress
    import socket  # here and below: only serve needs the network

    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise UsageError(f"{host!r} is not an address of this machine.") from None
    addresses = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos}
    return bool(addresses) and all(a.is_loopback for a in addresses)


def origin(url: str) -> str | None:
    """``scheme://host:port`` of ``url`` (default port spelled out); None if it has none."""
    parts = urlsplit(url.strip().lower())
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None
    if not parts.hostname or not port:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}:{port}"


def same_secret(given: str | None, secret: str) -> bool:
    """True when ``given`` is ``secret``, compared in constant time."""
    import hmac  # here and below: loaded by `serve` alone

    return given is not None and hmac.compare_digest(given.encode(), secret.encode())


def _font_size(given: str | None) -> int:
    """The page's ``?fontsize=`` (as textual-serve reads it), within reason."""
    try:
        return min(max(int(given or 16), 6), 64)
    except ValueError:
        return 16


def _ended(process: psutil.Process) -> bool:
    import psutil

    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _check_bind(host: str, port: int) -> None:
    """Bind once up front so a taken port or a foreign address is one sentence, not a trace."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family = infos[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # aiohttp sets SO_REUSEADDR too, so a port in TIME_WAIT is not refused here.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as err:
        reason = (err.strerror or str(err)).rstrip(".").lower()
        fail(f"Cannot listen on {host} port {port}: {reason}.")


def _check_person(args: argparse.Namespace) -> None:
    """Someone not on the staff (of the store served) fails now, not in every browser."""
    flag = getattr(args, "data_dir", None)
    demo = getattr(args, "demo", False)
    folder = locations.demo_data_dir(flag) if demo else locations.data_dir(flag)
    desk = open_desk(folder)
    try:
        desk.act_as(args.person)
    finally:
        desk.close()


def run(args: argparse.Namespace) -> int:
    """Serve the console until Ctrl+C; usage mistakes are one sentence and exit 2."""
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}.")
    if served_date(args):
        console_day(served_date(args))  # a bad date fails now, not in every browser that connects
    person = getattr(args, "person", None)
    if person is not None:
        args.person = parse_name(person)  # a bad name fails now, not in every browser
        _check_person(args)
    local = is_loopback(args.host)
    if not local and not args.allow_remote:
        raise UsageError(
            f"Refusing to serve on {args.host}: the browser console has no login, so "
            "anyone who reaches it sees patient data; use 127.0.0.1 with an SSH tunnel, "
            "or add --allow-remote if you really mean it."
        )
    _check_bind(args.host, args.port)

    import asyncio
    import logging
    import secrets

    import aiohttp_jinja2
    import psutil
    from aiohttp import web
    from rich.logging import RichHandler
    from textual_serve.server import Server

    from console.cli.tickets import OneTimeTickets

    key = secrets.token_urlsafe(32)
    tickets = OneTimeTickets()

    def refuse(why: str) -> web.HTTPForbidden:
        return web.HTTPForbidden(text=f"frontdesk: {why}\n")

    class _Server(Server):
        async def _make_app(self) -> web.Application:
            """textual-serve's routes, plus the ticketed websocket and the no-listing guard.

            The one private textual-serve hook (its routes are built only here); the
            tests of the ticket and of ``/static`` fail loudly if an upgrade moves it.
            """
            app = await super()._make_app()
            app.router.add_get("/ws/{ticket}", self.handle_websocket, name="console")
            app.middlewares.append(self.no_listing)
            return app

        @web.middleware
        async def no_listing(
            self, request: web.Request, handler: Callable[[web.Request], Awaitable[Any]]
        ) -> Any:
            """Under ``/static`` only regular files are served: no folder is listed."""
            if request.path == "/static" or request.path.startswith("/static/"):
                name = request.match_info.get("filename", "")
                target = Path(self.statics_path, name)
                if not name or not target.resolve().is_relative_to(
                    Path(self.statics_path).resolve()
                ):
                    raise web.HTTPNotFound(text="frontdesk: not found.\n")
                if not target.is_file():
                    raise web.HTTPNotFound(text="frontdesk: not found.\n")
            return await handler(request)

        async def on_startup(self, app: web.Application) -> None:
            """Our one line is printed instead of textual-serve's banner."""

        def initialize_logging(self) -> None:
            """Warnings only, tracebacks without local variables, no request lines.

            textual-serve logs every request (the page's URL carries the key) and its
            tracebacks show local variables (which may hold what a console printed).
            """
            logging.basicConfig(
                level="WARNING",
                format="%(message)s",
                handlers=[RichHandler(show_path=False, show_time=False, console=self.console)],
            )

        async def on_shutdown(self, app: web.Application) -> None:
            """End every served console while the loop still runs.

            Each ends as a terminated session (recorded in the audit); without this,
            consoles still running when Ctrl+C closes the loop leave asyncio printing
            "Event loop is closed" tracebacks as their pipes are collected.
            """
            consoles = psutil.Process().children(recursive=True)
            for console in consoles:
                # Only the consoles themselves: the shells textual-serve starts them with
                # exit after them (ending a shell first would orphan its console).
                with contextlib.suppress(psutil.NoSuchProcess):
                    if not console.children():
                        console.terminate()
            # Wait without reaping them (asyncio's child watcher does that, then closes
            # their pipes): gone, or a zombie waiting for the watcher.
            for _ in range(200):  # 10 s at most
                if all(_ended(console) for console in consoles):
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.1)  # the watcher's callbacks run on this loop

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            """The page only with the key in its URL; it carries a fresh one-time ticket."""
            if not same_secret(request.query.get("key"), key):
                raise refuse("open the address with ?key=… that `frontdesk serve` printed.")
            # The same page as textual-serve's, but its console's address holds a ticket.
            router = request.app.router
            console_url = f"{self.public_url}{router['console'].url_for(ticket=tickets.issue())}"
            static_url = f"{self.public_url}{router['static'].url_for(filename='/')}"
            context = {
                "font_size": _font_size(request.query.get("fontsize")),
                "app_websocket_url": "ws" + console_url.removeprefix("http"),
                "config": {"static": {"url": static_url.rstrip("/") + "/"}},
                "application": {"name": self.title},
            }
            response = aiohttp_jinja2.render_template("app_index.html", request, context)
            # The page holds a ticket: not kept by the browser, not sent on as a referrer.
            response.headers["Cache-Control"] = "no-store"
            response.headers["Referrer-Policy"] = "no-referrer"
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """One console for this server's own page, for a ticket not used before."""
            expected = origin(self.public_url)
            if expected is None or origin(request.headers.get("Origin", "")) != expected:
                raise refuse("the console only answers its own page (wrong Origin).")
            if not tickets.redeem(request.match_info.get("ticket")):
                raise refuse(
                    "this console link was used already or has lapsed; "
                    "open the address with ?key=… again."
                )
            return await super().handle_websocket(request)

    host = f"[{args.host}]" if ":" in args.host else args.host
    server = _Server(
        console_command(args),
        host=args.host,
        port=args.port,
        title=TITLE,
        public_url=(args.public_url or f"http://{host}:{args.port}").rstrip("/"),
    )
    if not local:
        print(
            f"frontdesk: WARNING: serving on {args.host} with no login: anyone who can reach "
            "this address gets the front desk console, with patient data.",
            file=sys.stderr,
        )
    # The key is for whoever started the server, on their own terminal: not a log.
    url = f"{server.public_url}/?key={key}"
    print(f"frontdesk: serving the console on {url} (Ctrl+C stops)", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        return 130
    return 0


COMMANDS = (
    Command(
        "serve",
        "open the console in a web browser (http://127.0.0.1:8000 by default)",
        _serve_options,
        run,
    ),
)
