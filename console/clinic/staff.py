"""The clinic's staff: names, roles, PINs and the pause after repeated wrong PINs.

Pure: no file access. A PIN is never kept, only a salted slow hash of it
(``hashlib.scrypt``: memory-hard, in the standard library) with its parameters, and
it is checked in constant time (``hmac.compare_digest``). Five wrong PINs in a row
pause that name for five minutes, then ten, twenty... (up to a day) until a right PIN;
the counters live in the store, so the pause holds at every desk and in every process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

# The roles are named in actor.py (a desk's default role needs none of the rules here).
from console.clinic.actor import MANAGER as MANAGER
from console.clinic.actor import RECEPTIONIST, ROLES
from console.clinic.errors import InvalidInput

#: A short slug: it is written into ``authorized_keys`` and onto a command line, so
#: nothing there may be a space, a quote or an option's leading dash.
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,31}")
_PIN = re.compile(r"[0-9]{4,8}")

#: scrypt's cost: 2**15 x 8 x 128 bytes = 32 MiB and a few tenths of a second per try.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_SALT_BYTES, _HASH_BYTES = 16, 32
#: What a stored hash may ask for: a tampered store cannot make a sign-in use gigabytes.
_MAX_MEMORY = 128 * 1024 * 1024

MAX_TRIES = 5
FIRST_PAUSE_S = 5 * 60
LONGEST_PAUSE_S = 24 * 60 * 60


def parse_name(text: str | None) -> str:
    """A staff name, lower-cased: 1–32 letters, digits, ``.``, ``_`` or ``-``.

    It must start with a letter or a digit. Anything else is one sentence.
    """
    name = (text or "").strip().lower()
    if not NAME_PATTERN.fullmatch(name):
        shown = (text or "").strip()[:40]
        raise InvalidInput(
            f"{shown!r} is not a staff name: use 1–32 letters, digits, '.', '_' or '-', "
            "starting with a letter or a digit.",
            "name",
        )
    return name


def parse_role(text: str | None) -> str:
    """``receptionist`` or ``manager`` (any case); anything else is one sentence."""
    role = (text or "").strip().lower()
    if role not in ROLES:
        raise InvalidInput(
            f"{(text or '')[:40]!r} is not a role: use receptionist or manager.", "role"
        )
    return role


def parse_pin(text: str | None) -> str:
    """A PIN of 4 to 8 digits; anything else is one sentence (which never repeats it)."""
    pin = (text or "").strip()
    if not _PIN.fullmatch(pin):
        raise InvalidInput("A PIN is 4 to 8 digits.", "pin")
    return pin


@dataclass(frozen=True)
class PinHash:
    """A PIN's scrypt hash and the parameters that made it."""

    n: int
    r: int
    p: int
    salt: str  # hex
    hash: str  # hex

    def to_doc(self) -> dict[str, Any]:
        """As stored."""
        return {"n": self.n, "r": self.r, "p": self.p, "salt": self.salt, "hash": self.hash}

    @classmethod
    def from_doc(cls, doc: Any) -> PinHash:
        """From a stored document; ``ValueError`` when it is not a sane one."""
        if not isinstance(doc, dict) or set(doc) != {"n", "r", "p", "salt", "hash"}:
            raise ValueError("not a PIN hash")
        n, r, p = doc["n"], doc["r"], doc["p"]
        if not all(type(v) is int for v in (n, r, p)):
            raise ValueError("scrypt parameters are not integers")
        if n < 2 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 4:
            raise ValueError("scrypt parameters out of range")
        if _memory(n, r, p) > _MAX_MEMORY:
            raise ValueError("scrypt parameters ask for too much memory")
        salt, digest = doc["salt"], doc["hash"]
        if not isinstance(salt, str) or not isinstance(digest, str):
            raise ValueError("salt and hash are not text")
        if len(bytes.fromhex(salt)) < 8 or len(bytes.fromhex(digest)) != _HASH_BYTES:
            raise ValueError("salt or hash has the wrong length")
        return cls(n, r, p, salt, digest)


def _memory(n: int, r: int, p: int) -> int:
    return 128 * r * n + 128 * r * p + 1024 * 1024


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    import hashlib  # here: only a PIN check or change needs it (OpenSSL's, slow to load)

    return hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=_memory(n, r, p), dklen=_HASH_BYTES
    )


def hash_pin(pin: str) -> PinHash:
    """A new salted hash of ``pin`` (validated first)."""
    import secrets

    pin = parse_pin(pin)
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return PinHash(SCRYPT_N, SCRYPT_R, SCRYPT_P, salt.hex(), digest.hex())


def pin_matches(pin: str, stored: PinHash) -> bool:
    """True when ``pin`` is the one ``stored`` was made from (constant-time compare)."""
    digest = _scrypt(pin, bytes.fromhex(stored.salt), stored.n, stored.r, stored.p)
    import hmac

    return hmac.compare_digest(digest, bytes.fromhex(stored.hash))


@dataclass(frozen=True)
class StaffMember:
    """One person on the staff: name, role, PIN hash (None: no PIN) and the PIN counters.

    ``failures`` counts wrong PINs since the last right one or pause; ``pauses`` how many
    pauses since the last right PIN (each one twice as long); ``paused_until`` is a Unix
    time (0: not paused).
    """

    name: str
    role: str = RECEPTIONIST
    pin: PinHash | None = None
    failures: int = 0
    pauses: int = 0
    paused_until: int = 0
    added: str = ""

    def to_doc(self) -> dict[str, Any]:
        """As stored."""
        return {
            "name": self.name,
            "role": self.role,
            "pin": self.pin.to_doc() if self.pin else None,
            "failures": self.failures,
            "pauses": self.pauses,
            "paused_until": self.paused_until,
            "added": self.added,
        }

    @classmethod
    def from_doc(cls, doc: Any) -> StaffMember:
        """From a stored document; ``ValueError`` when any field is not what it must be."""
        if not isinstance(doc, dict):
            raise ValueError("not a staff document")
        name = doc.get("name")
        if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
            raise ValueError("bad name")
        role = doc.get("role")
        if role not in ROLES:
            raise ValueError("bad role")
        pin = doc.get("pin")
        counters = [doc.get(key, 0) for key in ("failures", "pauses", "paused_until")]
        if not all(type(v) is int and v >= 0 for v in counters):
            raise ValueError("bad counters")
        added = doc.get("added", "")
        if not isinstance(added, str):
            raise ValueError("bad date added")
        failures, pauses, paused_until = counters
        return cls(
            name,
            role,
            None if pin is None else PinHash.from_doc(pin),
            failures,
            pauses,
            paused_until,
            added[:40],
        )

    def paused_for(self, now: float) -> int:
        """Seconds left of the pause after repeated wrong PINs (0: not paused)."""
        return max(0, int(self.paused_until - now + 0.999))

    def after_wrong_pin(self, now: float) -> StaffMember:
        """The counters after one more wrong PIN: the fifth in a row starts a pause."""
        failures = self.failures + 1
        if failures < MAX_TRIES:
            return replace(self, failures=failures)
        # min(): a tampered count must not make a huge number.
        pause = min(FIRST_PAUSE_S * 2 ** min(self.pauses, 16), LONGEST_PAUSE_S)
        return replace(self, failures=0, pauses=self.pauses + 1, paused_until=int(now) + pause)

    def after_right_pin(self) -> StaffMember:
        """The counters after a right PIN: all cleared."""
        return replace(self, failures=0, pauses=0, paused_until=0)


def minutes_text(seconds: int) -> str:
    """``"1 minute"``, ``"5 minutes"``: a pause's length, rounded up to the minute."""
    minutes = max(1, -(-seconds // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
