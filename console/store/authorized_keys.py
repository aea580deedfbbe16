"""The service account's ``~/.ssh/authorized_keys``: the lines that let staff in by key.

Each person's key is one line, in the pattern gitolite and GitLab's shell use::

    restrict,pty,command="/opt/frontdesk/bin/frontdesk-ssh --person maria" ssh-ed25519 AAAA… m@pc

sshd runs that command whatever the client asks for, so the person comes from the line,
never from the client. A line is *ours* when one of its options is ``command=`` running
``frontdesk-ssh --person NAME``; every other line (the administrator's own key, a
comment, a blank line) is kept byte for byte. The file is rewritten whole through a
temp file with a random name, created exclusively, synced and renamed over it, so a
crash leaves the old file or the new one. Neither ``~/.ssh`` nor the file is ever
followed through a symlink, and a folder or file that is not the account's is refused.

A key given to ``frontdesk staff add`` must be one plain public key line, checked with
the ``cryptography`` library (``load_ssh_public_key``): a private key, a line carrying
options of its own (``command=``, ``from=``, ``environment=``...) or anything that does
not parse is refused in one sentence.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import re
import secrets
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path

from console.clinic.staff import NAME_PATTERN
from console.store.atomic import write_all
from console.store.errors import StoreError

SSH_DIR = ".ssh"
FILE = "authorized_keys"
ENTRY = "frontdesk-ssh"
#: The options every line we write carries: no forwarding, no agent, no X11, no
#: ~/.ssh/rc, no environment from the client; a terminal for the console.
OPTIONS = "restrict,pty"
KEY_TYPES = (
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "ssh-rsa",
)
MIN_RSA_BITS = 2048
_MAX_KEY_FILE = 64 * 1024
_MAX_FILE = 4 * 1024 * 1024
#: A path sshd hands to the account's shell: nothing in it the shell would interpret.
_SAFE_PATH = re.compile(r"/[A-Za-z0-9/._+-]+")
_COMMENT_UNSAFE = re.compile(r"[^A-Za-z0-9@._+:-]")


@dataclass(frozen=True)
class PublicKey:
    """A validated public key: its type, base64 body and a comment safe to write."""

    type: str
    body: str
    comment: str = ""

    @property
    def fingerprint(self) -> str:
        """``SHA256:…`` as ``ssh-keygen -l`` prints it."""
        digest = hashlib.sha256(base64.b64decode(self.body)).digest()
        return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


@dataclass(frozen=True)
class StaffKey:
    """One of our lines: whose it is, the key, and its line number (from 1)."""

    person: str
    key: PublicKey
    line: int


def parse_public_key(data: bytes, source: str) -> PublicKey:
    """The one public key in ``data`` (a ``.pub`` file's bytes) or one sentence why not."""
    if len(data) > _MAX_KEY_FILE:
        raise StoreError(f"{source} is too large to be a public key.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise StoreError(f"{source} is not an SSH public key (it is not text).") from None
    if "PRIVATE KEY" in text:
        raise StoreError(
            f"{source} is a private key; give the public key (the .pub file) instead, "
            "and keep the private one on its owner's computer."
        )
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if len(lines) != 1:
        raise StoreError(f"{source} must hold exactly one public key line (it has {len(lines)}).")
    fields = lines[0].split()
    if fields[0] not in KEY_TYPES:
        if "=" in fields[0] or "," in fields[0] or _is_option_word(fields[0]):
            raise StoreError(
                f"{source} carries options of its own ({fields[0].split('=')[0]}...); give a "
                "plain public key line, the options are frontdesk's to set."
            )
        raise StoreError(
            f"{source} is not an SSH public key of a supported type ({', '.join(KEY_TYPES)})."
        )
    if len(fields) < 2:
        raise StoreError(f"{source} is not a valid SSH public key (it has no key data).")
    kind, body = fields[0], fields[1]
    # Imported here: only adding or reading a key needs it, not every command.
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import load_ssh_public_key

    try:
        loaded = load_ssh_public_key(f"{kind} {body}".encode("ascii"))
        base64.b64decode(body, validate=True)
    except (ValueError, UnsupportedAlgorithm, UnicodeEncodeError, binascii.Error):
        raise StoreError(
            f"{source} is not a valid SSH public key (its key data is damaged)."
        ) from None
    if isinstance(loaded, rsa.RSAPublicKey) and loaded.key_size < MIN_RSA_BITS:
        raise StoreError(
            f"{source} is a {loaded.key_size}-bit RSA key; use an ed25519 key "
            "(`ssh-keygen -t ed25519`) or RSA of at least 2048 bits."
        )
    comment = _COMMENT_UNSAFE.sub("", " ".join(fields[2:]))[:64]
    return PublicKey(kind, body, comment)


_OPTION_WORDS = {
    "agent-forwarding",
    "cert-authority",
    "no-agent-forwarding",
    "no-port-forwarding",
    "no-pty",
    "no-touch-required",
    "no-user-rc",
    "no-x11-forwarding",
    "port-forwarding",
    "pty",
    "restrict",
    "user-rc",
    "verify-required",
    "x11-forwarding",
}


def _is_option_word(word: str) -> bool:
    return word.lower() in _OPTION_WORDS


def entry_point_path(bin_dir: Path) -> str:
    """The absolute path of ``frontdesk-ssh`` in ``bin_dir``, checked to be safe to write.

    sshd hands ``command=`` to the account's shell, so the path may hold only letters,
    digits and ``/._+-``.
    """
    path = os.path.abspath(bin_dir / ENTRY)
    if not _SAFE_PATH.fullmatch(path):
        raise StoreError(
            f"{path} holds characters a shell would interpret; install frontdesk in a folder "
            "whose path has only letters, digits and / . _ + -."
        )
    if not os.access(path, os.X_OK):
        raise StoreError(f"{path} is not installed (it is the command each key line runs).")
    return path


def key_line(person: str, key: PublicKey, entry_point: str) -> str:
    """The ``authorized_keys`` line letting ``person`` in with ``key`` (no newline)."""
    if not NAME_PATTERN.fullmatch(person):
        raise StoreError(f"{person!r} is not a staff name.")
    command = f"{entry_point} --person {person}"
    line = f'{OPTIONS},command="{command}" {key.type} {key.body}'
    return f"{line} {key.comment}" if key.comment else line


def _split_options(line: str) -> tuple[list[str], str] | None:
    """``(options, rest)`` of a key line that starts with options; None if it does not.

    sshd's grammar: options up to the first space outside double quotes, separated by
    commas outside quotes, ``\\"`` inside quotes.
    """
    text = line.lstrip(" \t")
    if not text or text.startswith("#") or text.split(maxsplit=1)[0] in KEY_TYPES:
        return None
    options: list[str] = []
    current: list[str] = []
    quoted, i = False, 0
    while i < len(text):
        char = text[i]
        if quoted and char == "\\" and i + 1 < len(text) and text[i + 1] == '"':
            current.append('"')
            i += 2
            continue
        if char == '"':
            quoted = not quoted
        elif not quoted and char in " \t":
            break
        elif not quoted and char == ",":
            options.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    if quoted:
        return None  # unbalanced quotes: sshd ignores the line; so do we (foreign)
    options.append("".join(current))
    return options, text[i:].strip()


def owner_of(line: str) -> str | None:
    """The staff name a line lets in (its ``command="… frontdesk-ssh --person NAME"``)."""
    split = _split_options(line)
    if split is None:
        return None
    options, _rest = split
    for option in options:
        if not option.lower().startswith("command="):
            continue
        try:
            argv = shlex.split(option[len("command=") :])
        except ValueError:
            return None
        if (
            len(argv) == 3
            and os.path.basename(argv[0]) == ENTRY
            and argv[1] == "--person"
            and NAME_PATTERN.fullmatch(argv[2])
        ):
            return argv[2]
        return None
    return None


def _key_of(line: str) -> PublicKey | None:
    """The key on a line (ours or not), for spotting a key that is already there."""
    split = _split_options(line)
    rest = split[1] if split else line.strip()
    fields = rest.split()
    if len(fields) >= 2 and fields[0] in KEY_TYPES:
        comment = _COMMENT_UNSAFE.sub("", " ".join(fields[2:]))[:64]
        return PublicKey(fields[0], fields[1], comment)
    return None


class AuthorizedKeys:
    """Reads and rewrites ``<home>/.ssh/authorized_keys``; hold the store lock to change it."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.folder = self.home / SSH_DIR
        self.path = self.folder / FILE

    # -- reading ----------------------------------------------------------------

    def _open_folder(self, create: bool) -> int | None:
        """An fd on ``~/.ssh`` (None if absent and not ``create``), never a symlink."""
        try:
            info = os.lstat(self.folder)
        except FileNotFoundError:
            if not create:
                return None
            try:
                os.mkdir(self.folder, 0o700)
            except FileExistsError:
                pass
            except OSError as err:
                raise StoreError(f"Cannot create {self.folder}: {err.strerror}.") from None
            else:
                # Ours: make sure of 0700 whatever the umask left.
                fd = self._folder_fd()
                os.fchmod(fd, 0o700)
                return fd
            info = os.lstat(self.folder)
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            raise StoreError(
                f"{self.folder} is a link or not a folder; frontdesk does not follow it. "
                "Make it a real folder (mode 700) of this account."
            )
        fd = self._folder_fd()
        self._check_owner(os.fstat(fd), self.folder)
        return fd

    def _folder_fd(self) -> int:
        try:
            return os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError as err:
            raise StoreError(
                f"Cannot open {self.folder}: {err.strerror} (a link is never followed)."
            ) from None

    def _check_owner(self, info: os.stat_result, path: Path) -> None:
        if info.st_uid != os.geteuid():
            raise StoreError(
                f"{path} belongs to another account; frontdesk manages only the keys of the "
                "account it runs as."
            )
        if stat.S_IMODE(info.st_mode) & 0o022:
            raise StoreError(
                f"{path} can be written by others, so sshd would not trust it either; "
                f"run `chmod go-w {path}`."
            )

    def _read(self, dir_fd: int) -> tuple[bytes, int | None]:
        """The file's bytes and mode (``None`` when there is no file yet)."""
        try:
            fd = os.open(FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
        except FileNotFoundError:
            return b"", None
        except OSError as err:
            raise StoreError(
                f"Cannot open {self.path}: {err.strerror} (a link is never followed)."
            ) from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise StoreError(f"{self.path} is not a regular file; frontdesk leaves it alone.")
            self._check_owner(info, self.path)
            if info.st_size > _MAX_FILE:
                raise StoreError(f"{self.path} is too large to be an authorized_keys file.")
            chunks = []
            while chunk := os.read(fd, 65536):
                chunks.append(chunk)
            return b"".join(chunks), stat.S_IMODE(info.st_mode)
        finally:
            os.close(fd)

    def staff_keys(self) -> list[StaffKey]:
        """Every line of ours, in file order."""
        dir_fd = self._open_folder(create=False)
        if dir_fd is None:
            return []
        try:
            data, _mode = self._read(dir_fd)
        finally:
            os.close(dir_fd)
        found: list[StaffKey] = []
        for number, raw in enumerate(data.split(b"\n"), start=1):
            line = raw.decode("utf-8", "replace")
            person = owner_of(line)
            key = _key_of(line) if person else None
            if person and key:
                found.append(StaffKey(person, key, number))
        return found

    # -- changing -----------------------------------------------------------------

    def refuse_known(self, key: PublicKey) -> None:
        """Refuse ``key`` in one sentence when any line already holds it.

        sshd uses the first line a key matches, so a second line would never apply.
        """
        dir_fd = self._open_folder(create=False)
        if dir_fd is None:
            return
        try:
            data, _mode = self._read(dir_fd)
        finally:
            os.close(dir_fd)
        self._refuse_known(data, key)

    def _refuse_known(self, data: bytes, key: PublicKey) -> None:
        for number, raw in enumerate(data.split(b"\n"), start=1):
            line = raw.decode("utf-8", "replace")
            there = _key_of(line)
            if there and (there.type, there.body) == (key.type, key.body):
                whose = owner_of(line)
                about = f"{whose}'s key" if whose else "a line frontdesk does not manage"
                raise StoreError(
                    f"That key is already in {self.path} (line {number}, {about}); "
                    "each person needs a key of their own."
                )

    def add(self, person: str, key: PublicKey, entry_point: str) -> None:
        """Append ``person``'s line for ``key``; refused when the key is already there."""
        line = key_line(person, key, entry_point).encode()
        dir_fd = self._open_folder(create=True)
        assert dir_fd is not None
        try:
            data, mode = self._read(dir_fd)
            self._refuse_known(data, key)
            if data and not data.endswith(b"\n"):
                data += b"\n"
            self._replace(dir_fd, data + line + b"\n", mode)
        finally:
            os.close(dir_fd)

    def remove(self, person: str) -> int:
        """Delete every line of ``person``; returns how many (the rest is kept byte for byte)."""
        dir_fd = self._open_folder(create=False)
        if dir_fd is None:
            return 0
        try:
            data, mode = self._read(dir_fd)
            lines = data.split(b"\n")
            kept = [raw for raw in lines if owner_of(raw.decode("utf-8", "replace")) != person]
            removed = len(lines) - len(kept)
            if removed:
                self._replace(dir_fd, b"\n".join(kept), mode)
            return removed
        finally:
            os.close(dir_fd)

    def _replace(self, dir_fd: int, payload: bytes, mode: int | None) -> None:
        """Write the whole file anew: random temp name, exclusive, synced, renamed."""
        tmp = f".{FILE}.{secrets.token_hex(8)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        new_mode = 0o600 if mode is None else mode  # already checked: not go-w
        try:
            fd = os.open(tmp, flags, 0o600, dir_fd=dir_fd)
        except OSError as err:
            raise StoreError(f"Cannot write in {self.folder}: {err.strerror}.") from None
        try:
            try:
                os.fchmod(fd, new_mode)  # our own temp file: the old file's mode, or 0600
                write_all(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, FILE, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except OSError as err:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dir_fd)
            raise StoreError(
                f"Could not rewrite {self.path}: {err.strerror}; it was left as it was."
            ) from None
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dir_fd)
            raise
        os.fsync(dir_fd)
