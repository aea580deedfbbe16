"""Three desk processes writing at once keep one unbroken audit chain."""

import itertools
import subprocess
import sys
from collections import Counter
from pathlib import Path

import orjson
import pytest

from console.store import audit

WRITERS = 3
HELPER = Path(__file__).with_name("_audit_writer.py")

pytestmark = pytest.mark.system


def test_three_processes_times_50_changes_keep_one_chain(tmp_path):
    root = tmp_path / "store"
    procs = [
        subprocess.Popen(
            [sys.executable, str(HELPER), str(root), str(i)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(WRITERS)
    ]
    try:
        for proc in procs:  # all imported and waiting: start them together
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for proc in procs:
            out, err = proc.communicate(timeout=240)
            assert proc.returncode == 0, err
            assert out.strip() == "done"
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    assert audit.month_files(root) == ["2026-11.jsonl"]
    raw = (root / "audit" / "2026-11.jsonl").read_bytes()
    entries = [orjson.loads(line) for line in raw.splitlines()]
    assert [e["seq"] for e in entries] == list(range(1, WRITERS * 50 + 1))
    assert all(e["prev"] == p["hash"] for p, e in itertools.pairwise(entries))
    assert Counter(e["who"] for e in entries) == {f"writer{i}": 50 for i in range(WRITERS)}
    assert Counter(e["action"] for e in entries) == {"patient.add": 75, "patient.update": 75}
    assert audit.verify(root) == []
