"""Who is at the desk and what their role allows: staff names, sign-in, managers only.

A part of :class:`~console.desk.facade.Desk`. The person comes from ``--person`` (an SSH
key line, ``serve``) or a PIN at a shared desk; the role from the staff registry.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING, NoReturn

from console.clinic.actor import MANAGER, RECEPTIONIST, Actor
from console.clinic.errors import InvalidInput, NotAllowed
from console.desk.base import DeskBase

if TYPE_CHECKING:  # the staff's rules are imported where used: a read needs none
    from console.clinic.staff import StaffMember


class PeopleMixin(DeskBase):
    """The people half of the desk: who is signed in, and the manager check."""

    def staff_names(self) -> list[str]:
        """The names of everyone on the staff, sorted."""
        with self.store.reading():
            return [member.name for member in self.staff.all()]

    def staff_enabled(self) -> bool:
        """True when anyone on the staff has a PIN: a shared desk asks who is there."""
        with self.store.reading():
            return any(member.pin is not None for member in self.staff.all())

    def is_manager(self) -> bool:
        """True when the person at this desk is a manager (or the administrator)."""
        return self.actor.role == MANAGER

    def require_manager(self, what: str) -> None:
        """Raise :class:`NotAllowed` unless a manager is at this desk.

        ``what`` completes "Only a manager can ...", e.g. ``"restore a backup"``.
        """
        if self.is_manager():
            return
        if self.actor.role:
            who = f"you are signed in as {self.actor.name} ({self.actor.role})"
        else:
            who = "nobody is signed in at this desk"
        raise NotAllowed(f"Only a manager can {what}; {who}.")

    def act_as(self, name: str) -> Actor:
        """Act as staff member ``name`` (``--person``, from an SSH key line or ``serve``).

        With staff set up, the name must be one of them and their role applies. A store
        with no staff yet takes any well-formed name as a receptionist: a key line with no
        registry behind it (a deleted staff file) never grants more than that.
        """
        from console.clinic.staff import parse_name

        person = parse_name(name)
        with self.store.reading():
            members = self.staff.all()
        if members:
            member = next((m for m in members if m.name == person), None)
            if member is None:
                raise NotAllowed(
                    f"{person!r} is not on the staff of this clinic; a manager adds people "
                    "with `frontdesk staff add`.",
                    "person",
                )
            role = member.role
        else:
            role = RECEPTIONIST
        self.actor = replace(self.actor, person=person, role=role)
        return self.actor

    def await_sign_in(self) -> None:
        """Nobody is at the desk yet: no person, no role, until :meth:`sign_in`."""
        self.actor = replace(self.actor, person="", role="")

    def sign_in(self, name: str, pin: str) -> Actor:
        """Check ``name``'s PIN and make them the person at this desk (audited).

        A wrong PIN is counted in the store; the fifth in a row pauses that name for a
        while at every desk (see :mod:`console.clinic.staff`). Refusals are one sentence:
        :class:`InvalidInput` (unknown name, wrong PIN) or :class:`NotAllowed` (paused,
        no PIN set).
        """
        from console.clinic.staff import minutes_text, parse_name, parse_pin, pin_matches

        person = parse_name(name)
        typed = parse_pin(pin)  # not a PIN's shape: say so, without counting a try
        with self.changing():
            member = self.staff.get(person)
            if member is None:
                raise InvalidInput(f"Nobody called {person} is on the staff.", "name")
            if member.pin is None:
                raise NotAllowed(
                    f"{person} has no PIN yet; a manager sets one with "
                    f"`frontdesk staff pin {person}`.",
                    "pin",
                )
            now = self.now().timestamp()
            wait = member.paused_for(now)
            if wait:
                raise NotAllowed(
                    f"Too many wrong PINs for {person}: try again in {minutes_text(wait)}.",
                    "pin",
                )
            if not pin_matches(typed, member.pin):
                self._wrong_pin(member, now)
            if member.failures or member.pauses:
                self.staff.save(member.after_right_pin())
            previous, self.actor = self.actor, replace(self.actor, person=person, role=member.role)
            try:
                self.record(
                    "session.sign_in", "session", str(os.getpid()), None, {"person": person}
                )
            except BaseException:
                self.actor = previous  # not audited: not signed in
                raise
        return self.actor

    def _wrong_pin(self, member: StaffMember, now: float) -> NoReturn:
        from console.clinic.staff import MAX_TRIES, minutes_text

        counted = member.after_wrong_pin(now)
        self.staff.save(counted)
        wait = counted.paused_for(now)
        if wait:
            raise NotAllowed(
                f"That PIN is not right; after {MAX_TRIES} wrong PINs in a row "
                f"{member.name} is paused for {minutes_text(wait)}.",
                "pin",
            )
        raise InvalidInput(f"That PIN is not right for {member.name}.", "pin")

    def sign_out(self) -> None:
        """The person at the desk leaves (audited); nobody is signed in afterwards."""
        if self.actor.person:
            with self.changing():
                self.record("session.sign_out", "session", str(os.getpid()), None, {})
        self.await_sign_in()
