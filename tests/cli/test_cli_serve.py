"""`frontdesk serve`: refusals are one sentence and exit 2; the served command is the console."""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import time

import pytest

from console.cli.main import build_parser
from console.cli.serve import console_command, is_loopback, origin, same_secret
from console.cli.tickets import OneTimeTickets
from tests.cli.conftest import COMMAND, NOW


def _one_sentence(result, *words: str) -> None:
    assert result.code == 2, result
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10"])
def test_a_non_loopback_address_is_refused_without_the_flag(frontdesk, host):
    result = frontdesk("serve", "--host", host, "--port", "8000")
    _one_sentence(result, "Refusing", host, "--allow-remote")


@pytest.mark.parametrize("port", ["0", "65536", "-1", "eighty"])
def test_a_bad_port_is_one_sentence(frontdesk, port):
    _one_sentence(frontdesk("serve", f"--port={port}"), "--port")


def test_an_unknown_host_is_one_sentence(frontdesk):
    _one_sentence(frontdesk("serve", "--host", "no-such-host.invalid"), "no-such-host.invalid")


def test_a_taken_port_is_one_sentence(frontdesk):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        _one_sentence(frontdesk("serve", "--port", port), "Cannot listen", port)


def test_a_bad_date_fails_before_serving(frontdesk):
    _one_sentence(frontdesk("serve", "--date", "2026-02-30"), "not a date")


def test_allow_remote_starts_with_a_warning(store_dir):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    env = {**os.environ, "FRONTDESK_DATA_DIR": str(store_dir), "FRONTDESK_NOW": NOW}
    process = subprocess.Popen(
        [*COMMAND, "serve", "--host", "0.0.0.0", "--port", port, "--allow-remote"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", int(port)), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.communicate()
                time.sleep(0.1)
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode in (0, 130), err
    assert "Traceback" not in out + err
    assert "WARNING" in err and "patient data" in err
    assert f"serving the console on http://0.0.0.0:{port}/?key=" in out


def test_the_served_command_is_this_python_on_the_same_store(tmp_path):
    args = build_parser().parse_args(
        ["--demo", "serve", "--data-dir", str(tmp_path / "a b"), "--date", "2026-11-30"]
    )
    parts = shlex.split(console_command(args))
    assert parts[:3] == [sys.executable, "-m", "console"]
    assert parts[3:] == ["--data-dir", str(tmp_path / "a b"), "--demo", "--date", "2026-11-30"]


def test_serve_takes_demo_and_date_after_the_command_too():
    args = build_parser().parse_args(["serve", "--demo", "--date", "2026-11-30"])
    args.data_dir = None
    assert shlex.split(console_command(args))[3:] == ["--demo", "--date", "2026-11-30"]
    plain = build_parser().parse_args(["serve"])
    plain.data_dir = None
    assert shlex.split(console_command(plain))[3:] == []
    assert isinstance(plain, argparse.Namespace) and plain.host == "127.0.0.1"
    assert plain.port == 8000


def test_the_privacy_options_reach_the_served_console():
    args = argparse.Namespace(data_dir=None, demo=False, date=None, initials=True)
    assert shlex.split(console_command(args))[3:] == ["--initials"]


def test_loopback_names():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("::")


def test_origins_compare_by_scheme_host_and_port():
    assert origin("http://127.0.0.1:8000") == origin("HTTP://127.0.0.1:8000/?key=x")
    assert origin("https://desk.example") == origin("https://desk.example:443")
    assert origin("http://[::1]:8000") == "http://[::1]:8000"
    assert origin("http://127.0.0.1:8000") != origin("http://127.0.0.1:8001")
    assert origin("http://127.0.0.1:8000") != origin("http://localhost:8000")
    assert origin("http://evil.example") != origin("http://127.0.0.1:80")
    assert origin("") is None and origin("null") is None and origin("http://h:99999") is None


def test_the_key_must_match_exactly():
    assert same_secret("k3y-_", "k3y-_")
    assert not same_secret(None, "k3y") and not same_secret("", "k3y")
    assert not same_secret("k3", "k3y") and not same_secret("k3yé", "k3y")


def test_serve_passes_the_person_on_to_the_console_it_serves():
    # --person is the global identity option; serve passes it on to each console.
    args = build_parser().parse_args(["serve", "--person", "maria"])
    args.data_dir = None
    assert shlex.split(console_command(args))[3:] == ["--person", "maria"]
    # Whatever reaches the command line is quoted for textual-serve's shell.
    args = build_parser().parse_args(["serve", "--person", "x; rm -rf ~"])
    args.data_dir = None
    assert shlex.split(console_command(args))[3:] == ["--person", "x; rm -rf ~"]


@pytest.mark.parametrize("name", ["", "   ", "bad\x1b]52;c;x\x07", "x; rm -rf ~"])
def test_a_bad_person_is_one_sentence(frontdesk, name):
    _one_sentence(frontdesk("serve", "--person", name), "is not a staff name")


def test_a_ticket_opens_once():
    tickets = OneTimeTickets()
    first, second = tickets.issue(), tickets.issue()
    assert first != second and len(first) >= 40
    assert tickets.redeem(second) and tickets.redeem(first)
    assert not tickets.redeem(first) and not tickets.redeem(second)
    assert not tickets.redeem(None) and not tickets.redeem("") and not tickets.redeem("x")


def test_only_the_newest_tickets_wait():
    tickets = OneTimeTickets(keep=2)
    oldest, *newest = (tickets.issue() for _ in range(3))
    assert not tickets.redeem(oldest)
    assert all(tickets.redeem(t) for t in newest)


def test_an_unused_ticket_lapses():
    tickets = OneTimeTickets(seconds=-1)  # lapsed as soon as issued
    assert not tickets.redeem(tickets.issue())


def test_textual_serve_still_builds_its_routes_where_serve_adds_the_ticketed_one():
    """``serve`` overrides textual-serve's private ``Server._make_app`` (its only route hook).

    If an upgrade renames it, the ticketed websocket and the no-listing guard would
    silently be missing: fail here, loudly, instead.
    """
    import inspect

    from textual_serve.server import Server

    source = inspect.getsource(Server._make_app)
    assert "async def _make_app(self) -> web.Application" in source
    assert 'web.static("/static"' in source and 'name="static"' in source
    assert 'web.get("/ws", self.handle_websocket' in source
    assert "app_index.html" in inspect.getsource(Server.handle_index)


def test_someone_not_on_the_staff_fails_before_serving(frontdesk, tmp_path):
    """Checked against the store's staff at start, before the port (here a taken one)."""
    assert (
        frontdesk("staff", "add", "lee", "--role", "manager", env={"HOME": str(tmp_path)}).code == 0
    )
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = frontdesk("serve", "--person", "nobody", "--port", port)
        _one_sentence(result, "'nobody' is not on the staff of this clinic")
        _one_sentence(frontdesk("serve", "--person", "lee", "--port", port), "Cannot listen")
