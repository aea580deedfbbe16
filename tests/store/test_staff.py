"""The staff on a real store: PINs only as hashes, the pause across desks, roles, the audit."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from console.clinic.actor import Actor
from console.clinic.errors import InvalidInput, NotAllowed
from console.desk import Administration
from console.desk.staffing import Staffing
from console.store import audit
from console.store import backup as store_backup
from console.store.authorized_keys import parse_public_key
from console.store.errors import StoreError

BIN = Path(sys.executable).parent


def new_key():
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    line = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return parse_public_key(line, "key.pub")


def entries(root):
    found = []
    for name in audit.month_files(root):
        found += [orjson.loads(line) for line in (root / "audit" / name).read_bytes().splitlines()]
    return found


@pytest.fixture
def root(tmp_path):
    return tmp_path / "store"


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def staffed(make_desk, root, home):
    """A store with maria (receptionist, PIN 482916) and ana (manager, PIN 7305)."""
    desk = make_desk(root=root)
    staffing = Staffing(desk, home, BIN)
    staffing.add("maria", key=new_key(), pin="482916")
    staffing.add("ana", role="manager", pin="7305")
    return desk


def test_a_store_with_no_staff_opens_as_today(desk):
    assert not desk.staff_enabled() and desk.staff_names() == []
    assert desk.is_manager()  # the account that owns the store: the administrator
    # A named person with no registry behind them is never more than a receptionist.
    assert desk.act_as("Whoever") == Actor(desk.actor.login, "", "whoever", "receptionist")


def test_pins_are_never_in_the_store_in_clear(staffed, root):
    assert staffed.staff_enabled() and staffed.staff_names() == ["ana", "maria"]
    Administration(staffed).backup()
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"482916" not in data and b"7305" not in data, path
    doc = orjson.loads((root / "staff" / "staff.json").read_bytes())
    pins = [d["pin"] for d in doc["staff"].values()]
    assert all(set(p) == {"n", "r", "p", "salt", "hash"} for p in pins)


def test_the_pause_after_wrong_pins_holds_across_desks(staffed, make_desk, root):
    other = make_desk(root=root)
    for desk in (staffed, other, staffed, other):
        with pytest.raises(InvalidInput, match=r"^That PIN is not right for maria\.$"):
            desk.sign_in("maria", "000000")
    with pytest.raises(NotAllowed) as paused:
        other.sign_in("maria", "111111")
    assert str(paused.value) == (
        "That PIN is not right; after 5 wrong PINs in a row maria is paused for 5 minutes."
    )
    for desk in (staffed, other):  # even the right PIN waits, at every desk
        with pytest.raises(NotAllowed, match=r"^Too many wrong PINs for maria: try again in 5 min"):
            desk.sign_in("maria", "482916")
    assert staffed.actor.person == "" and other.actor.person == ""
    for desk in (staffed, other):
        desk.clock.advance(minutes=5)
    assert other.sign_in("maria", "482916").person == "maria"
    member = staffed.staff.get("maria")
    assert (member.failures, member.pauses, member.paused_until) == (0, 0, 0)


def test_sign_in_and_out_are_audited_with_person_role_and_place(make_desk, staffed, root):
    desk = make_desk(root=root)
    desk.actor = Actor("frontdesk", "192.0.2.7", role="manager")
    desk.await_sign_in()
    assert desk.sign_in("maria", "482916") == Actor(
        "frontdesk", "192.0.2.7", "maria", "receptionist"
    )
    patient = desk.add_patient("Ann", "Lee", "714-555-0100")
    desk.sign_out()
    assert desk.actor == Actor("frontdesk", "192.0.2.7")
    log = entries(root)[-3:]
    assert [e["action"] for e in log] == ["session.sign_in", "patient.add", "session.sign_out"]
    assert all(
        (e["who"], e["role"], e["from"]) == ("maria", "receptionist", "192.0.2.7") for e in log
    )
    assert log[1]["id"] == patient.id
    assert Administration(desk).verify_audit() == []


def test_an_old_trail_without_roles_still_verifies(desk, root):
    desk.audit.append(desk.now().datetime, "x", "", "a", "k", "1", None, {})
    path = root / "audit" / audit.month_files(root)[0]
    entry = orjson.loads(path.read_bytes())
    del entry["role"]
    entry["hash"] = audit.entry_hash(entry)
    path.write_bytes(orjson.dumps(entry) + b"\n")
    desk.record("patient.add", "patient", "P-1", None, {})
    assert audit.verify(root) == []
    assert entries(root)[1]["role"] == "manager"


def test_unknown_names_and_missing_pins_are_one_sentence(staffed, make_desk, root, home):
    with pytest.raises(InvalidInput, match=r"^Nobody called jose is on the staff\.$"):
        staffed.sign_in("jose", "1234")
    for typo in ("12", "12345678901", "abcd"):  # not a PIN: said so, and not counted
        with pytest.raises(InvalidInput, match=r"^A PIN is 4 to 8 digits\.$"):
            staffed.sign_in("maria", typo)
    assert staffed.staff.get("maria").failures == 0
    Staffing(staffed, home, BIN).add("jose")
    with pytest.raises(NotAllowed, match=r"^jose has no PIN yet; a manager sets one"):
        staffed.sign_in("jose", "1234")
    with pytest.raises(NotAllowed, match=r"^'ghost' is not on the staff of this clinic"):
        staffed.act_as("ghost")


def test_a_receptionist_cannot_restore(staffed):
    admin = Administration(staffed)
    name = Path(admin.backup()).name.removesuffix(store_backup.SUFFIX)
    staffed.act_as("maria")
    with pytest.raises(NotAllowed) as refused:
        admin.restore(name)
    assert str(refused.value) == (
        "Only a manager can restore a backup; you are signed in as maria (receptionist)."
    )
    assert store_backup.set_aside_folders(staffed.store.root) == []  # nothing was touched
    staffed.await_sign_in()
    with pytest.raises(NotAllowed, match=r"nobody is signed in at this desk\.$"):
        admin.restore(name)
    staffed.act_as("ana")
    admin.restore(name)  # a manager can


def test_only_a_manager_manages_the_staff(staffed, home):
    staffed.act_as("maria")
    staffing = Staffing(staffed, home, BIN)
    for attempt in (
        lambda: staffing.add("jose"),
        lambda: staffing.set_pin("maria", "1111"),
        lambda: staffing.remove("ana"),
    ):
        with pytest.raises(NotAllowed, match=r"^Only a manager can manage the staff; you are"):
            attempt()
    assert staffed.staff_names() == ["ana", "maria"]


def test_staff_changes_are_audited_without_any_pin(staffed, root, home):
    Staffing(staffed, home, BIN).remove("maria")
    log = entries(root)
    assert [e["action"] for e in log] == ["staff.add", "staff.add", "staff.remove"]
    assert log[0]["after"]["pin"] is True and log[0]["after"]["key"].startswith("SHA256:")
    assert b"salt" not in (root / "audit" / audit.month_files(root)[0]).read_bytes()
    assert staffed.staff_names() == ["ana"]
    assert (home / ".ssh" / "authorized_keys").read_bytes() == b""


def test_a_damaged_staff_file_is_one_sentence_and_left_alone(staffed, make_desk, root):
    path = root / "staff" / "staff.json"
    doc = orjson.loads(path.read_bytes())
    next(iter(doc["staff"].values()))["role"] = "owner"
    path.write_bytes(orjson.dumps(doc))
    before = path.read_bytes()
    desk = make_desk(root=root)
    with pytest.raises(StoreError, match="holds a damaged staff record"):
        desk.staff_names()
    with pytest.raises(StoreError, match="holds a damaged staff record"):
        desk.act_as("ana")
    assert path.read_bytes() == before


def test_staff_are_not_put_back_by_a_restore(staffed, home):
    admin = Administration(staffed)
    name = Path(admin.backup()).name.removesuffix(store_backup.SUFFIX)
    assert not any(
        f.startswith("staff") for f in store_backup.read_backup(staffed.store.root, name).members
    )
    Staffing(staffed, home, BIN).remove("maria")
    admin.restore(name)
    assert staffed.staff_names() == ["ana"]  # a removed person stays removed


def test_a_key_line_for_someone_not_on_the_staff_is_shown_refused_and_removable(staffed, home):
    path = home / ".ssh" / "authorized_keys"
    key = new_key()
    stray = f'restrict,pty,command="{BIN}/frontdesk-ssh --person eve" {key.type} {key.body}\n'
    path.write_bytes(path.read_bytes() + stray.encode())
    staffing = Staffing(staffed, home, BIN)
    rows = {row.name: row for row in staffing.rows()}
    assert not rows["eve"].on_staff and rows["eve"].keys == [key.fingerprint]
    with pytest.raises(NotAllowed, match="'eve' is not on the staff"):
        staffed.act_as("eve")
    assert staffing.remove("eve") == 1
    assert b"eve" not in path.read_bytes() and b"--person maria" in path.read_bytes()
