"""The service account's ``authorized_keys``: our lines only, atomically, no link followed.

Real files in a throwaway home folder; keys made with the ``cryptography`` library.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from console.store.authorized_keys import (
    AuthorizedKeys,
    entry_point_path,
    key_line,
    owner_of,
    parse_public_key,
)
from console.store.errors import StoreError

ENTRY = str(Path(sys.executable).parent / "frontdesk-ssh")

#: What an administrator may already have there, to be kept byte for byte: their own
#: key, comments, blank lines, CRLF, a line in another encoding, another program's
#: forced command, a hand-made line that only mentions frontdesk-ssh, broken quotes.
FOREIGN = (
    b"# the administrator's own key\n"
    b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEDMINEDMINEDMINEDMINEDMINEDMINEDMINEDMIN admin@pc\n"
    b"\n"
    b'command="/usr/bin/backup-receive",restrict ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBACK b\r\n'
    b"   \t# indented comment \xff\xfe latin-1 caf\xe9\n"
    b'from="10.0.0.0/8",command="echo frontdesk-ssh --person maria --extra" ssh-rsa AAAAB3Nza x\n'
    b'command="unbalanced ssh-ed25519 AAAA y'
)


def public_line(comment: str = "maria@laptop") -> bytes:
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    body = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return body + (f" {comment}".encode() if comment else b"") + b"\n"


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def keys_file(home: Path) -> Path:
    return home / ".ssh" / "authorized_keys"


def with_foreign(home: Path) -> Path:
    (home / ".ssh").mkdir(mode=0o700)
    path = keys_file(home)
    path.write_bytes(FOREIGN)
    path.chmod(0o600)
    return path


def test_a_new_file_and_folder_are_made_private(home):
    AuthorizedKeys(home).add("maria", parse_public_key(public_line(), "k"), ENTRY)
    assert stat.S_IMODE((home / ".ssh").stat().st_mode) == 0o700
    assert stat.S_IMODE(keys_file(home).stat().st_mode) == 0o600
    line = keys_file(home).read_text()
    assert line.startswith(f'restrict,pty,command="{ENTRY} --person maria" ssh-ed25519 AAAA')
    assert line.endswith(" maria@laptop\n") and line.count("\n") == 1
    assert owner_of(line) == "maria"


def test_adding_and_removing_keep_every_other_line_byte_for_byte(home):
    path = with_foreign(home)
    keys = AuthorizedKeys(home)
    keys.add("maria", parse_public_key(public_line(), "k1"), ENTRY)
    keys.add("jose", parse_public_key(public_line("jose"), "k2"), ENTRY)
    data = path.read_bytes()
    assert data.startswith(FOREIGN + b"\n")  # the unfinished last line got its newline
    assert [(k.person, k.line) for k in keys.staff_keys()] == [("maria", 8), ("jose", 9)]
    assert keys.remove("maria") == 1
    after = path.read_bytes()
    assert after.startswith(FOREIGN + b"\n")
    assert b'--person maria"' not in after and b'--person jose"' in after
    assert [k.person for k in keys.staff_keys()] == ["jose"]
    assert keys.remove("jose") == 1
    assert path.read_bytes() == FOREIGN + b"\n"
    assert keys.remove("jose") == 0
    assert sorted(os.listdir(home / ".ssh")) == ["authorized_keys"]  # no temp file left


def test_the_existing_file_mode_is_kept(home):
    path = with_foreign(home)
    path.chmod(0o644)
    AuthorizedKeys(home).add("maria", parse_public_key(public_line(), "k"), ENTRY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_hand_written_line_for_someone_is_recognised_and_removed(home):
    path = with_foreign(home)
    line = public_line().decode().strip()
    hand = f'no-pty,command="/opt/x/bin/frontdesk-ssh --person ana",from="192.0.2.0/24" {line}\n'
    path.write_bytes(FOREIGN + b"\n" + hand.encode())
    assert AuthorizedKeys(home).remove("ana") == 1
    assert path.read_bytes() == FOREIGN + b"\n"


def test_the_same_key_twice_is_refused(home):
    line = public_line()
    keys = AuthorizedKeys(home)
    keys.add("maria", parse_public_key(line, "k"), ENTRY)
    before = keys_file(home).read_bytes()
    with pytest.raises(StoreError, match=r"already in .* \(line 1, maria's key\)"):
        keys.add("jose", parse_public_key(line, "k"), ENTRY)
    assert keys_file(home).read_bytes() == before


def test_a_key_the_administrator_already_uses_is_refused(home):
    path = with_foreign(home)
    line = public_line()
    path.write_bytes(FOREIGN + b"\n" + line)
    with pytest.raises(StoreError, match="a line frontdesk does not manage"):
        AuthorizedKeys(home).add("maria", parse_public_key(line, "k"), ENTRY)


@pytest.mark.parametrize(
    "options",
    [
        'command="/bin/bash"',
        'from="*"',
        'environment="LD_PRELOAD=/tmp/x.so"',
        "no-pty",
        "restrict,pty",
        'command="frontdesk-ssh --person boss"',
    ],
)
def test_a_key_with_options_of_its_own_is_refused(options):
    data = f"{options} ".encode() + public_line()
    with pytest.raises(StoreError, match="carries options of its own"):
        parse_public_key(data, "maria.pub")


def test_a_private_key_is_refused():
    private = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    with pytest.raises(StoreError, match="is a private key; give the public key"):
        parse_public_key(private, "id_ed25519")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello world\n",
        b"ssh-ed25519\n",
        b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHfcEUmq61rYfE8e/1E/lyM7f+kpGQhQAkVhf8z+ksr! x\n",
        b"ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 x\n",  # an RSA body labelled ed25519
        b"ssh-dss AAAAB3NzaC1kc3MAAACBAP x\n",
        b"\xff\xfe\x00garbage",
        b"x" * 100_000,
    ],
)
def test_garbage_is_refused(data):
    with pytest.raises(StoreError):
        parse_public_key(data, "maria.pub")


def test_two_keys_in_one_file_are_refused():
    with pytest.raises(StoreError, match="exactly one public key line"):
        parse_public_key(public_line() + public_line(), "both.pub")


def test_a_short_rsa_key_is_refused():
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key()
    line = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    with pytest.raises(StoreError, match="1024-bit RSA key"):
        parse_public_key(line, "old.pub")


def test_the_comment_cannot_smuggle_anything_in(home):
    line = public_line().strip() + b' x" ,command="/bin/sh" \x1b]52;c;AAAA\x07'
    key = parse_public_key(line, "k")
    assert all(c.isalnum() or c in "@._+:-" for c in key.comment)
    AuthorizedKeys(home).add("maria", key, ENTRY)
    text = keys_file(home).read_text()
    assert text.count("command=") == 1 and "\x1b" not in text


def test_a_symlinked_authorized_keys_is_refused_and_its_target_untouched(home, tmp_path):
    (home / ".ssh").mkdir(mode=0o700)
    target = tmp_path / "victim"
    target.write_bytes(b"precious\n")
    keys_file(home).symlink_to(target)
    with pytest.raises(StoreError, match="a link is never followed"):
        AuthorizedKeys(home).add("maria", parse_public_key(public_line(), "k"), ENTRY)
    with pytest.raises(StoreError, match="a link is never followed"):
        AuthorizedKeys(home).remove("maria")
    assert target.read_bytes() == b"precious\n"
    assert keys_file(home).is_symlink()


def test_a_symlinked_ssh_folder_is_refused(home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (home / ".ssh").symlink_to(elsewhere)
    with pytest.raises(StoreError, match="is a link or not a folder"):
        AuthorizedKeys(home).add("maria", parse_public_key(public_line(), "k"), ENTRY)
    assert os.listdir(elsewhere) == []


def test_a_fifo_in_place_of_the_file_is_refused(home):
    (home / ".ssh").mkdir(mode=0o700)
    os.mkfifo(keys_file(home))
    with pytest.raises(StoreError, match="not a regular file"):
        AuthorizedKeys(home).add("maria", parse_public_key(public_line(), "k"), ENTRY)


def test_a_file_others_can_write_is_refused(home):
    path = with_foreign(home)
    path.chmod(0o666)
    with pytest.raises(StoreError, match="can be written by others"):
        AuthorizedKeys(home).add("maria", parse_public_key(public_line(), "k"), ENTRY)
    assert path.read_bytes() == FOREIGN


def test_the_entry_point_path_must_be_safe_for_the_shell(tmp_path):
    assert entry_point_path(Path(sys.executable).parent) == ENTRY
    odd = tmp_path / "a b;c"
    odd.mkdir()
    with pytest.raises(StoreError, match="characters a shell would interpret"):
        entry_point_path(odd)
    with pytest.raises(StoreError, match="is not installed"):
        entry_point_path(tmp_path)


def test_a_line_for_a_malformed_name_is_never_written():
    key = parse_public_key(public_line(), "k")
    with pytest.raises(StoreError):
        key_line('maria" ssh-ed25519 AAAA', key, ENTRY)
