"""Durable: a writer killed with SIGKILL at random moments, 200 times, never leaves a file
that does not parse, and never loses a write it acknowledged."""

import random
import signal
from pathlib import Path

import orjson
import pytest

from tests.system.killing import fork_server, kill_one

ROUNDS = 200
HELPER = Path(__file__).with_name("_crash_writer.py")

pytestmark = pytest.mark.system


@pytest.fixture
def writers(tmp_path):
    with fork_server(HELPER, tmp_path / "store") as proc:
        yield proc


def kill_one_writer(server, seed, delay):
    """Start a writer, SIGKILL it after ``delay`` s; return (acknowledged lines, signal)."""
    return kill_one(server, str(seed), delay)


def read_files(root):
    """Parse every file of the store; return {patient id} and {appointment id: [starts]}."""
    patients, appointments = set(), {}
    for path in root.rglob("*.json"):  # the partitions and the move journal
        data = orjson.loads(path.read_bytes())
        assert isinstance(data, dict), path
        if path.name == ".move.json":
            assert {"id", "from", "to"} <= data.keys()
            continue
        assert all(isinstance(table, dict) for table in data.values()), path
        for doc in data.get("patients", {}).values():
            patients.add(doc["id"])
        for doc in data.get("appointments", {}).values():
            appointments.setdefault(doc["id"], []).append(doc["start"])
    return patients, appointments


def test_kill_minus_nine_never_loses_an_acknowledged_write(writers, make_desk, tmp_path):
    root = tmp_path / "store"
    rng = random.Random(2026)
    desk = make_desk(root=root)  # one reader for all rounds, as a desk left open would be
    patients, accept, writes_seen = set(), {}, []
    for round_no in range(ROUNDS):
        acked, killed_by = kill_one_writer(writers, round_no, rng.uniform(0.005, 0.08))
        assert killed_by == signal.SIGKILL, "the writer stopped by itself (see stderr)"
        writes_seen.append(len(acked))
        stored_patients, stored_appts = read_files(root)
        touched = set()
        for kind, ident, *rest in acked:
            if kind == "P":
                patients.add(ident)
                assert desk.patient(ident).id == ident  # through the store, as the desk sees it
            elif kind in "AR":
                accept[ident] = {rest[0]}
                touched.add(ident)
        if acked and acked[-1][0] == "W":
            # Killed while moving it: the move was never acknowledged, but it may have
            # been completed (or, journalled, be finished by the next writer).
            accept[acked[-1][1]].add(acked[-1][2])
        for aid in touched:
            assert desk.appointment(aid).start in accept[aid]
        # On disk, every acknowledgement of every round so far.
        assert patients <= stored_patients
        for aid, allowed in accept.items():
            assert allowed & set(stored_appts[aid]), aid
    # The kills landed at many different points, mostly after some writes.
    assert len(set(writes_seen)) > 2
    assert sum(n > 0 for n in writes_seen) > ROUNDS // 2

    # The next change finishes any move a kill interrupted: one copy of each visit.
    desk.set_status(next(iter(accept)), "confirmed")
    assert not (root / ".move.json").exists()
    _, stored_appts = read_files(root)
    assert {aid: found for aid, found in stored_appts.items() if len(found) > 1} == {}
    for aid, allowed in accept.items():
        assert stored_appts[aid][0] in allowed
