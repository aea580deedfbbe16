"""The trail is checked before a change: a damaged, linked or unwritable trail refuses it
up front (nothing saved); a failure after the data was written says the change was saved."""

import os
import subprocess
import sys

import orjson
import pytest

from console.desk import Administration
from console.store import audit
from console.store.errors import StoreError


@pytest.fixture
def root(tmp_path):
    return tmp_path / "store"


def month(root):
    return root / "audit" / "2026-11.jsonl"


def test_a_damaged_tail_refuses_every_retry_and_saves_nothing(make_desk, root):
    desk = make_desk(root=root)
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    with month(root).open("ab") as handle:
        handle.write(b"not an entry\n")
    for _retry in range(3):
        with pytest.raises(StoreError) as err:
            desk.add_patient("Bo", "Kim", "714-225-5138")
        sentence = str(err.value)
        assert "nothing was changed" in sentence and "frontdesk check" in sentence
        assert "\n" not in sentence
    with pytest.raises(StoreError, match="nothing was changed"):
        desk.update_patient(patient.id, notes="not saved")
    assert desk.patient_count() == 1
    assert desk.patient(patient.id).notes == ""


def test_a_month_file_that_is_a_link_is_refused_and_never_written(make_desk, root, tmp_path):
    desk = make_desk(root=root)
    desk.add_patient("Ann", "Lee", "714-225-5137")
    outside = tmp_path / "outside.txt"
    outside.write_bytes(month(root).read_bytes())
    month(root).unlink()
    month(root).symlink_to(outside)
    with pytest.raises(StoreError, match=r"audit/2026-11\.jsonl is a symbolic link") as err:
        desk.add_patient("Bo", "Kim", "714-225-5138")
    assert "\n" not in str(err.value)
    assert outside.read_bytes().count(b"\n") == 1
    assert desk.patient_count() == 1
    problems = Administration(desk).verify_audit()
    assert any("audit/2026-11.jsonl is a symbolic link" in p for p in problems)
    with pytest.raises(StoreError, match="symbolic link"):
        audit.recent(root)


def test_a_new_month_file_planted_as_a_link_is_not_followed(make_desk, root, tmp_path):
    desk = make_desk(root=root)
    desk.add_patient("Ann", "Lee", "714-225-5137")
    december = make_desk("2026-12-01 09:00", root=root)
    target = tmp_path / "victim.txt"
    target.write_bytes(b"keep\n")
    (root / "audit" / "2026-12.jsonl").symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        december.add_patient("Bo", "Kim", "714-225-5138")
    assert target.read_bytes() == b"keep\n"
    assert december.patient_count() == 1


def test_an_audit_folder_that_is_a_link_is_refused(make_desk, root, tmp_path):
    desk = make_desk(root=root)
    desk.add_patient("Ann", "Lee", "714-225-5137")
    elsewhere = tmp_path / "elsewhere"
    (root / "audit").rename(elsewhere)
    (root / "audit").symlink_to(elsewhere)
    before = (elsewhere / "2026-11.jsonl").read_bytes()
    with pytest.raises(StoreError, match="symbolic link"):
        desk.add_patient("Bo", "Kim", "714-225-5138")
    assert (elsewhere / "2026-11.jsonl").read_bytes() == before
    assert desk.patient_count() == 1


def test_a_trail_that_cannot_be_opened_refuses_the_change(make_desk, root):
    desk = make_desk(root=root)
    desk.add_patient("Ann", "Lee", "714-225-5137")
    month(root).unlink()
    month(root).mkdir()  # something in the way that is not a file
    with pytest.raises(StoreError, match="nothing was changed"):
        desk.add_patient("Bo", "Kim", "714-225-5138")
    assert desk.patient_count() == 1


FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from console.desk import open_desk
from console.store import StoreError
desk = open_desk(Path(sys.argv[1]))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), int(sys.argv[2])))
try:
    desk.add_patient("Bo", "Kim", "714-225-5138")
except StoreError as err:
    print(err)
"""


def test_an_append_failing_after_the_write_says_the_change_was_saved(make_desk, root):
    desk = make_desk(root=root)
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    for n in range(12):  # the trail grows, the patients file does not
        desk.update_patient(patient.id, notes=f"call {n}")
    trail = month(root).stat().st_size
    assert (root / "patients" / "2026.json").stat().st_size * 2 < trail
    # Files may not grow past the trail's size now: the data write fits, the append not
    # (EFBIG, as a full disk would give ENOSPC, after the patient file was replaced).
    env = {**os.environ, "FRONTDESK_NOW": "2026-11-24 10:30"}
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(root), str(trail + 10)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    sentence = done.stdout.strip()
    assert sentence.startswith("The change was saved, but the audit trail"), sentence
    assert "frontdesk check" in sentence and "\n" not in sentence
    assert desk.patient_count() == 2
    assert month(root).stat().st_size == trail
    assert [e["seq"] for e in map(orjson.loads, month(root).read_bytes().splitlines())][-1] == 13
