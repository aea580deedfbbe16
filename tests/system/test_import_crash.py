"""A patient import killed with SIGKILL at random moments imports all of a file or none of
it: the next change finds every file whole, as many patients as complete imports, and
`check` finds every record audited."""

import random
import signal
from pathlib import Path

import pytest

from console.desk import Administration
from console.store import audit as audit_trail
from console.store import imports as journal
from tests.system.killing import fork_server, kill_one

ROUNDS = 16
HELPER = Path(__file__).with_name("_import_killer.py")
ROWS = 200

pytestmark = pytest.mark.system


@pytest.fixture
def importers(tmp_path):
    with fork_server(HELPER, tmp_path / "store") as proc:
        yield proc


def test_kill_minus_nine_during_imports_leaves_whole_imports_only(importers, make_desk, tmp_path):
    root = tmp_path / "store"
    rng = random.Random(2026)
    desk = make_desk(root=root)
    acknowledged, pending_seen, scale = 0, 0, 0.3
    round_no = 0
    # At least ROUNDS kills, and on until some landed inside an import (a journal was
    # left) and some after one: the kill comes later while none completes (a loaded
    # machine), sooner once they do.
    while round_no < ROUNDS or not (pending_seen and acknowledged):
        assert round_no < 4 * ROUNDS, (pending_seen, acknowledged)
        acked, killed_by = kill_one(importers, str(round_no), rng.uniform(0.0, scale))
        assert killed_by == signal.SIGKILL, "the importer stopped by itself (see stderr)"
        acknowledged += len(acked)
        scale = min(scale * 1.5, 4.0) if not acked else max(scale / 1.5, 0.3)
        pending_seen += journal.journal_path(root).exists()
        with desk.store.locked():  # the next change: an interrupted import is settled
            assert not journal.journal_path(root).exists()
        imports = [e for e in audit_trail.recent(root, 10_000) if e["action"] == "patient.import"]
        # Every acknowledged import is there, plus at most the one the kill cut short
        # after its audit entry; and exactly their patients, never part of a file.
        assert acknowledged <= len(imports) <= acknowledged + round_no + 1
        assert desk.patients.count() == ROWS * len(imports)
        round_no += 1
    assert Administration(desk).audit_problems() == []
    # Whole files only: at most the temp files of writes the kills cut short (check names them).
    assert all("interrupted write" in problem for _, problem in desk.store.check())
