"""Managing the staff: who they are, their role, their PIN and their SSH keys.

For ``frontdesk staff`` (a manager, or the service account itself). Each change takes
the store lock, so two administrators never interleave, and is audited (``staff.*``
entries, never a PIN or its hash). The registry lives in the store
(:mod:`console.store.staff`); the keys in the service account's ``authorized_keys``
(:mod:`console.store.authorized_keys`). A person is written to the registry before
their key line and their key lines are removed before them, so a crash in between
never leaves a key line for someone the store does not know.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from console.clinic.errors import InvalidInput, NotFound
from console.clinic.localtime import to_iso
from console.clinic.staff import RECEPTIONIST, StaffMember, hash_pin, parse_name, parse_role
from console.desk.facade import Desk
from console.store.authorized_keys import AuthorizedKeys, PublicKey, entry_point_path

WHAT = "manage the staff"


@dataclass(frozen=True)
class StaffRow:
    """One person as ``staff list`` shows them; ``on_staff`` False for a stray key line."""

    name: str
    role: str
    pin: bool
    paused_s: int
    keys: list[str] = field(default_factory=list)  # fingerprints
    on_staff: bool = True

    def to_json(self) -> dict[str, Any]:
        """As ``staff list --json`` prints it."""
        return {
            "name": self.name,
            "role": self.role,
            "pin": self.pin,
            "paused_seconds": self.paused_s,
            "keys": self.keys,
            "on_staff": self.on_staff,
        }


class Staffing:
    """The staff registry and the key lines of the store behind ``desk``.

    ``home`` is the service account's home (``~/.ssh/authorized_keys`` is there);
    ``bin_dir`` holds the ``frontdesk-ssh`` each key line runs (this Python's folder).
    """

    def __init__(self, desk: Desk, home: Path | None = None, bin_dir: Path | None = None) -> None:
        self.desk = desk
        self.keys = AuthorizedKeys(home if home is not None else Path.home())
        self.bin_dir = bin_dir if bin_dir is not None else Path(sys.executable).parent

    def rows(self) -> list[StaffRow]:
        """Everyone on the staff with their keys, then any key line for someone who is not."""
        with self.desk.store.reading():
            members = self.desk.staff.all()
        keys = self.keys.staff_keys()
        now = self.desk.now().timestamp()
        rows = [
            StaffRow(
                m.name,
                m.role,
                m.pin is not None,
                m.paused_for(now),
                [k.key.fingerprint for k in keys if k.person == m.name],
            )
            for m in members
        ]
        known = {m.name for m in members}
        strays = sorted({k.person for k in keys} - known)
        rows += [
            StaffRow(n, "", False, 0, [k.key.fingerprint for k in keys if k.person == n], False)
            for n in strays
        ]
        return rows

    def add(
        self,
        name: str,
        *,
        role: str | None = None,
        key: PublicKey | None = None,
        pin: str | None = None,
    ) -> StaffMember:
        """Add a person (or, for someone already there, a key, a new role or a PIN)."""
        self.desk.require_manager(WHAT)
        person = parse_name(name)
        wanted_role = parse_role(role) if role is not None else None
        pin_hash = hash_pin(pin) if pin is not None else None  # slow: outside the lock
        entry_point = entry_point_path(self.bin_dir) if key is not None else ""
        with self.desk.changing():
            current = self.desk.staff.get(person)
            if current is not None and key is None and wanted_role is None and pin is None:
                raise InvalidInput(
                    f"{person} is already on the staff; give --key, --role or --pin to change "
                    "something.",
                    "name",
                )
            if key is not None:
                self.keys.refuse_known(key)
            member = current or StaffMember(person, RECEPTIONIST, added=to_iso(self.desk.now()))
            if wanted_role is not None:
                member = replace(member, role=wanted_role)
            if pin_hash is not None:
                member = replace(member, pin=pin_hash).after_right_pin()
            self.desk.staff.save(member)
            if key is not None:
                self.keys.add(person, key, entry_point)
            after = self._doc(member, key)
            before = self._doc(current, None) if current else None
            self.desk.record(
                "staff.add" if current is None else "staff.update", "staff", person, before, after
            )
        return member

    def set_pin(self, name: str, pin: str) -> StaffMember:
        """Give ``name`` a new PIN (clears a pause)."""
        self.desk.require_manager(WHAT)
        person = parse_name(name)
        pin_hash = hash_pin(pin)
        with self.desk.changing():
            current = self._member(person)
            member = replace(current, pin=pin_hash).after_right_pin()
            self.desk.staff.save(member)
            self.desk.record("staff.pin", "staff", person, None, {"pin": "set"})
        return member

    def remove(self, name: str) -> int:
        """Take ``name`` off the staff and out of ``authorized_keys``; how many keys went."""
        self.desk.require_manager(WHAT)
        person = parse_name(name)
        with self.desk.changing():
            current = self.desk.staff.get(person)
            removed = self.keys.remove(person)  # first: never a key line for nobody
            if current is None and not removed:
                raise NotFound(f"Nobody called {person} is on the staff.", "name")
            if current is not None:
                self.desk.staff.remove(person)
            before = self._doc(current, None) if current else {"name": person}
            self.desk.record("staff.remove", "staff", person, before, {"keys_removed": removed})
        return removed

    def _member(self, person: str) -> StaffMember:
        member = self.desk.staff.get(person)
        if member is None:
            raise NotFound(f"Nobody called {person} is on the staff.", "name")
        return member

    @staticmethod
    def _doc(member: StaffMember | None, key: PublicKey | None) -> dict[str, Any]:
        # What the audit keeps: never the PIN's hash.
        doc: dict[str, Any] = {}
        if member is not None:
            doc = {"name": member.name, "role": member.role, "pin": member.pin is not None}
        if key is not None:
            doc["key"] = key.fingerprint
        return doc
