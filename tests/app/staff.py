"""Staff for app tests: maria (receptionist) and lee (manager), each with a desk PIN.

PIN hashes are slow on purpose (scrypt); each is made once per test process.
"""

from __future__ import annotations

from functools import cache

from console.clinic.staff import MANAGER, RECEPTIONIST, PinHash, StaffMember, hash_pin
from console.desk import Desk

MARIA_PIN = "2468"
LEE_PIN = "1357"


@cache
def _hash(pin: str) -> PinHash:
    return hash_pin(pin)


def add_desk_staff(desk: Desk) -> None:
    """Put maria (receptionist) and lee (manager), with their PINs, on ``desk``'s store."""
    with desk.store.locked():
        desk.staff.save(StaffMember("maria", RECEPTIONIST, _hash(MARIA_PIN)))
        desk.staff.save(StaffMember("lee", MANAGER, _hash(LEE_PIN)))
