"""``frontdesk audit``: who changed what and when, and `--verify` catches tampering."""

import os

import orjson

SSH = {"LOGNAME": "maria", "USER": "maria", "SSH_CLIENT": "192.0.2.7 51234 22"}


def book(ok, patient_id):
    out = ok(
        "book",
        "--patient",
        patient_id,
        "--start",
        "2026-11-24 11:00",
        "--type",
        "consultation",
        "--json",
        env=SSH,
    )
    return orjson.loads(out)["id"]


def test_history_of_an_appointment_shows_who_when_before_and_after(ok, patient_id):
    aid = book(ok, patient_id)
    ok("checkin", aid, env={"LOGNAME": "jose", "USER": "jose"})
    lines = ok("audit", "--id", aid).splitlines()
    heads = [line for line in lines if line.startswith("#")]
    assert heads == [
        "#2  2026-11-24T10:30:00-08:00 (18:30:00 UTC)  maria (manager) from 192.0.2.7  "
        f"appointment.book {aid}",
        f"#3  2026-11-24T10:30:00-08:00 (18:30:00 UTC)  jose (manager)  appointment.status {aid}",
    ]
    assert "    start: 2026-11-24T11:00:00-08:00" in lines
    assert "    status: booked → arrived" in lines


def test_history_as_json(ok, patient_id):
    aid = book(ok, patient_id)
    ok("cancel", aid)
    entries = orjson.loads(ok("audit", "--id", aid, "--json"))
    assert [e["action"] for e in entries] == ["appointment.book", "appointment.status"]
    assert entries[0]["who"] == "maria" and entries[0]["from"] == "192.0.2.7"
    assert entries[0]["before"] is None and entries[0]["after"]["status"] == "booked"
    assert entries[1]["before"]["status"] == "booked"
    assert entries[1]["after"]["status"] == "cancelled"
    assert entries[1]["at_utc"] == "2026-11-24T18:30:00+00:00"


def test_recent_entries(ok, patient_id):
    aid = book(ok, patient_id)
    out = ok("audit", "--limit", "1")
    assert out.startswith("#2  ") and f"appointment.book {aid}" in out
    assert "patient.add" in ok("audit")


def test_verify_intact(ok, patient_id):
    book(ok, patient_id)
    assert ok("audit", "--verify") == "audit chain intact: 2 entries\n"
    assert orjson.loads(ok("audit", "--verify", "--json")) == {
        "intact": True,
        "entries": 2,
        "problems": [],
    }
    assert "audit chain intact" in ok("check")


def test_tampering_makes_verify_exit_2_with_one_sentence(frontdesk, ok, patient_id, store_dir):
    aid = book(ok, patient_id)
    ok("checkin", aid)
    path = store_dir / "audit" / "2026-11.jsonl"
    lines = path.read_bytes().splitlines()
    entry = orjson.loads(lines[1])
    entry["after"]["provider"] = "Somebody Else"
    lines[1] = orjson.dumps(entry)
    path.write_bytes(b"\n".join(lines) + b"\n")

    result = frontdesk("audit", "--verify")
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines() == [
        "frontdesk: The audit trail fails verification: line 2 of audit/2026-11.jsonl was "
        "altered after it was written (its hash does not match)."
    ]
    checked = frontdesk("check")
    assert checked.code == 2
    assert "audit: Line 2 of audit/2026-11.jsonl was altered" in checked.out
    assert len(checked.err.splitlines()) == 1


def test_deleting_an_entry_makes_verify_fail(frontdesk, ok, patient_id, store_dir):
    aid = book(ok, patient_id)
    ok("checkin", aid)
    path = store_dir / "audit" / "2026-11.jsonl"
    lines = path.read_bytes().splitlines()
    path.write_bytes(lines[0] + b"\n" + lines[2] + b"\n")
    result = frontdesk("audit", "--verify")
    assert result.code == 2
    assert "line 2 of audit/2026-11.jsonl has seq 3: entry 2 is missing" in result.err


def stored_patients(store_dir):
    data = orjson.loads((store_dir / "patients" / "2026.json").read_bytes())
    return [doc["id"] for doc in data["patients"].values()]


def test_a_damaged_tail_refuses_a_change_up_front_so_retries_add_nothing(
    frontdesk, ok, patient_id, store_dir
):
    with (store_dir / "audit" / "2026-11.jsonl").open("ab") as handle:
        handle.write(b"garbage\n")
    for _retry in range(3):
        result = frontdesk(
            "patient", "add", "--first", "Ann", "--last", "Lee", "--phone", "714-225-5138"
        )
        assert result.code == 2 and result.out == ""
        assert result.err.count("\n") == 1
        assert "nothing was changed" in result.err and "`frontdesk check`" in result.err
    assert stored_patients(store_dir) == [patient_id]
    assert frontdesk("check").code == 2


def test_deleting_the_whole_trail_does_not_verify_as_intact(frontdesk, ok, patient_id, store_dir):
    name = os.path.basename(ok("backup").strip()).removesuffix(".tar.gz")
    for path in (store_dir / "audit").iterdir():
        path.unlink()
    result = frontdesk("audit", "--verify")
    assert result.code == 2 and result.out == ""
    assert result.err.splitlines() == [
        f"frontdesk: The audit trail fails verification: backup {name} holds audit entries "
        "up to 1, but the trail now ends at entry 0: entries were cut off or deleted since "
        "(1 more problems)."
    ]
    checked = frontdesk("check")
    assert checked.code == 2
    assert f"audit: Backup {name} holds audit entries up to 1" in checked.out
    assert f"audit: 1 stored records have no audit entry that created them ({patient_id})." in (
        checked.out
    )


def test_a_record_planted_without_an_entry_is_reported(frontdesk, ok, patient_id, store_dir):
    path = store_dir / "patients" / "2026.json"
    data = orjson.loads(path.read_bytes())
    doc = dict(next(iter(data["patients"].values())), id="P-PLANTD")
    data["patients"]["99"] = doc
    path.write_bytes(orjson.dumps(data))
    checked = frontdesk("check")
    assert checked.code == 2
    assert "audit: 1 stored records have no audit entry that created them (P-PLANTD)." in (
        checked.out
    )


def test_a_seeded_store_checks_clean(frontdesk, ok):
    ok("seed", "--years", "0.1")
    out = ok("check")
    assert "audit chain intact" in out and "read correctly" in out
    # The demo setup's six audited changes (hours, a buffer, time off, a shift), then the load.
    assert ok("audit", "--verify") == "audit chain intact: 7 entries\n"


def test_one_damaged_file_in_a_seeded_store_blames_no_other_record(frontdesk, ok, store_dir):
    """The damaged file is reported; the bulk load's records are not all called unaudited."""
    ok("seed", "--years", "0.1")
    month = sorted((store_dir / "appointments").iterdir())[0]
    month.write_bytes(month.read_bytes()[:40])
    checked = frontdesk("check")
    assert checked.code == 2
    assert f"appointments/{month.name}: " in checked.out
    assert "no audit entry" not in checked.out


def test_a_receptionist_cannot_read_the_trails_values(frontdesk, ok, patient_id, tmp_path):
    """The trail holds every changed health detail: as in the console's history, a manager's."""
    ok("patient", "condition", "add", patient_id, "asthma")
    home = {"HOME": str(tmp_path)}
    ok("staff", "add", "maria", env=home)
    ok("staff", "add", "lee", "--role", "manager", env=home)
    for argv in (["audit"], ["audit", "--id", patient_id], ["audit", "--json"]):
        refused = frontdesk("--person", "maria", *argv)
        assert (refused.code, refused.out) == (2, "")
        assert refused.err == (
            "frontdesk: Only a manager can read the audit trail; "
            "you are signed in as maria (receptionist).\n"
        )
    assert "asthma" in ok("--person", "lee", "audit", "--id", patient_id)
    assert ok("--person", "maria", "audit", "--verify").startswith("audit chain intact")
