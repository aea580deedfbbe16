"""``frontdesk staff`` and ``--person``: the real command on a real store and home folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.cli.conftest import COMMAND

ADMIN_LINE = b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIADMINADMINADMINADMINADMINADMINADMINADM admin\n"
SSH_ENTRY = Path(sys.executable).parent / "frontdesk-ssh"


def key_file(folder: Path, name: str) -> Path:
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    line = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    path = folder / f"{name}.pub"
    path.write_bytes(line + f" {name}@laptop\n".encode())
    return path


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "home"
    (folder / ".ssh").mkdir(parents=True, mode=0o700)
    (folder / ".ssh" / "authorized_keys").write_bytes(ADMIN_LINE)
    (folder / ".ssh" / "authorized_keys").chmod(0o600)
    return folder


@pytest.fixture
def staff(frontdesk, home):
    """``staff("add", "maria", ...)`` run as the service account whose home is ``home``."""

    def run(*args, env=None, **kwargs):
        return frontdesk(*args, env={"HOME": str(home), **(env or {})}, **kwargs)

    return run


def authorized(home: Path) -> bytes:
    return (home / ".ssh" / "authorized_keys").read_bytes()


def test_add_list_remove(staff, home, tmp_path):
    added = staff("staff", "add", "maria", "--key", str(key_file(tmp_path, "maria")))
    assert added.code == 0, added.err
    assert added.out.startswith("maria (receptionist) is on the staff; key SHA256:")
    lines = authorized(home).splitlines(keepends=True)
    assert lines[0] == ADMIN_LINE
    assert lines[1].startswith(
        f'restrict,pty,command="{SSH_ENTRY} --person maria" ssh-ed25519 '.encode()
    )
    assert (
        staff("staff", "add", "ana", "--role", "manager", "--pin-stdin", input="7305\n").code == 0
    )
    listed = orjson.loads(staff("staff", "list", "--json").out)
    assert [(r["name"], r["role"], r["pin"], len(r["keys"])) for r in listed] == [
        ("ana", "manager", True, 0),
        ("maria", "receptionist", False, 1),
    ]
    removed = staff("staff", "remove", "maria")
    assert (removed.code, removed.out) == (0, "maria removed (1 key line)\n")
    assert authorized(home) == ADMIN_LINE


def test_concurrent_adds_all_land_and_keep_the_other_lines(tmp_path, home, store_dir):
    # Real processes at once: the store lock serialises them; no line is lost.
    env = {
        **os.environ,
        "HOME": str(home),
        "FRONTDESK_DATA_DIR": str(store_dir),
        "FRONTDESK_NOW": "2026-11-24 10:30",
    }
    names = [f"desk{i}" for i in range(6)]
    runs = [
        subprocess.Popen(
            [*COMMAND, "staff", "add", name, "--key", str(key_file(tmp_path, name))],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in names
    ]
    for run in runs:
        _out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    lines = authorized(home).splitlines(keepends=True)
    assert lines[0] == ADMIN_LINE
    persons = sorted(line.split(b"--person ")[1].split(b'"')[0].decode() for line in lines[1:])
    assert persons == names
    assert sorted(os.listdir(home / ".ssh")) == ["authorized_keys"]
    listed = subprocess.run(
        [*COMMAND, "staff", "list", "--json"], env=env, capture_output=True, timeout=60
    )
    assert [r["name"] for r in orjson.loads(listed.stdout)] == names


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        (b'command="/bin/sh" ssh-ed25519 AAAA x\n', "carries options of its own"),
        (b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n", "is a private key"),
        (b"ssh-ed25519 not-base64!! x\n", "is not a valid SSH public key"),
    ],
)
def test_bad_key_files_are_one_sentence_and_change_nothing(
    staff, home, tmp_path, store_dir, content, sentence
):
    path = tmp_path / "bad.pub"
    path.write_bytes(content)
    result = staff("staff", "add", "maria", "--key", str(path))
    assert result.code == 2 and sentence in result.err and result.err.count("\n") == 1
    assert authorized(home) == ADMIN_LINE
    assert not (store_dir / "staff").exists()


def test_a_symlinked_key_file_or_authorized_keys_is_refused(staff, home, tmp_path):
    real = key_file(tmp_path, "maria")
    link = tmp_path / "link.pub"
    link.symlink_to(real)
    result = staff("staff", "add", "maria", "--key", str(link))
    assert result.code == 2 and "a link is not followed" in result.err
    target = tmp_path / "victim"
    target.write_bytes(b"keep\n")
    (home / ".ssh" / "authorized_keys").unlink()
    (home / ".ssh" / "authorized_keys").symlink_to(target)
    result = staff("staff", "add", "jose", "--key", str(key_file(tmp_path, "jose")))
    assert result.code == 2 and "a link is never followed" in result.err
    assert target.read_bytes() == b"keep\n"


def test_a_pin_needs_a_terminal_or_pin_stdin(staff):
    assert staff("staff", "add", "maria").code == 0
    result = staff("staff", "pin", "maria")
    assert result.code == 2
    assert result.err == (
        "frontdesk: A PIN is typed at a terminal (without echo); to give it on standard "
        "input use --pin-stdin.\n"
    )
    bad = staff("staff", "pin", "maria", "--pin-stdin", input="12\n")
    assert (bad.code, bad.err) == (2, "frontdesk: A PIN is 4 to 8 digits.\n")
    assert staff("staff", "pin", "maria", "--pin-stdin", input="482916\n").out == (
        "PIN set for maria\n"
    )


def test_person_takes_the_role_from_the_store(staff, frontdesk, home):
    assert staff("staff", "add", "maria").code == 0
    assert staff("staff", "add", "ana", "--role", "manager").code == 0
    backup = frontdesk("backup").out.strip()
    name = Path(backup).name.removesuffix(".tar.gz")
    refused = frontdesk("--person", "maria", "restore", name)
    assert refused.code == 2
    assert refused.err == (
        "frontdesk: Only a manager can restore a backup; you are signed in as maria "
        "(receptionist).\n"
    )
    refused = staff("staff", "add", "jose", "--person", "maria")
    assert refused.code == 2 and "Only a manager can manage the staff" in refused.err
    unknown = frontdesk("--person", "ghost", "day")
    assert unknown.code == 2 and "'ghost' is not on the staff" in unknown.err
    assert frontdesk("--person", "ana", "restore", name).code == 0


def test_the_audit_names_person_role_and_place(staff, frontdesk, patient_id):
    assert staff("staff", "add", "maria").code == 0
    ssh = {"LOGNAME": "frontdesk", "USER": "frontdesk", "SSH_CLIENT": "192.0.2.7 51234 22"}
    booked = frontdesk(
        "--person",
        "maria",
        "book",
        "--patient",
        patient_id,
        "--start",
        "2026-11-24 11:00",
        "--type",
        "consultation",
        env=ssh,
    )
    assert booked.code == 0, booked.err
    entry = orjson.loads(frontdesk("audit", "--limit", "1", "--json").out)[0]
    assert (entry["who"], entry["role"], entry["from"]) == ("maria", "receptionist", "192.0.2.7")
    # Without --person: the account that owns the store, as the administrator.
    added = orjson.loads(frontdesk("audit", "--limit", "2", "--json").out)[0]
    assert added["action"] == "staff.add" and added["after"]["name"] == "maria"
    assert added["role"] == "manager" and added["who"] != "maria"


def test_removing_someone_unknown_is_one_sentence(staff, home):
    result = staff("staff", "remove", "ghost")
    assert (result.code, result.err) == (2, "frontdesk: Nobody called ghost is on the staff.\n")
    assert authorized(home) == ADMIN_LINE


def test_adding_someone_twice_without_a_change_is_one_sentence(staff):
    assert staff("staff", "add", "maria").code == 0
    again = staff("staff", "add", "maria")
    assert again.code == 2 and "maria is already on the staff" in again.err
