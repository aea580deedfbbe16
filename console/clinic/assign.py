"""Who and where: the provider and room for a visit, and the slot a walk-in gets.

Pure functions of the clinic's configuration, the appointments already on that day
and "now". The desk calls them inside its store lock, with the day it has just read.
"""

from __future__ import annotations

from collections.abc import Sequence

import arrow

from console.clinic.booking import Proposal, check_booking, free_slots
from console.clinic.config import AppointmentType, ClinicConfig
from console.clinic.errors import BookingRefused, InvalidInput
from console.clinic.hours import day_info
from console.clinic.models import Appointment


def check_provider_room(config: ClinicConfig, provider: str | None, room: str | None) -> None:
    """Refuse a provider or room the clinic does not have, naming the ones it has."""
    if provider and provider not in config.providers:
        known = ", ".join(config.providers)
        raise InvalidInput(f"{provider!r} is not a provider here; use one of: {known}.", "provider")
    if room and room not in config.rooms:
        known = ", ".join(config.rooms)
        raise InvalidInput(f"{room!r} is not a room here; use one of: {known}.", "room")


def assign(
    config: ClinicConfig,
    patient_id: str,
    start: arrow.Arrow,
    minutes: int,
    same_day: Sequence[Appointment],
    now: arrow.Arrow,
    *,
    provider: str | None = None,
    room: str | None = None,
    walk_in: bool = False,
    ignore_id: str | None = None,
    outside_hours: bool = False,
    type_key: str = "",
) -> Proposal:
    """Pick the first provider and room free at ``start`` (or check the ones asked for).

    ``ignore_id`` is the visit being moved: its own slot does not block it. A refusal
    that is not about the provider or room (closed day, the past) is raised at once;
    when the asked provider or room is busy, that is the sentence; when nobody asked
    and no pair is free, one sentence says so. ``type_key`` brings the type's rules: who
    gives it, the room it needs, its buffer.
    """
    providers = [provider] if provider else list(config.providers)
    rooms = [room] if room else list(config.rooms)
    if not provider:
        # Providers who do not give the type are no candidates; when none does, say so.
        givers = [p for p in providers if config.staff[p].gives(type_key)]
        if not givers:
            label = config.appointment_type(type_key).label
            raise BookingRefused(f"No provider here gives {label} appointments.", "provider")
        providers = givers
    first_error: BookingRefused | None = None
    for prov in providers:
        for rm in rooms:
            proposal = Proposal(
                patient_id, start, minutes, prov, rm, walk_in, ignore_id, type_key=type_key
            )
            try:
                check_booking(config, proposal, same_day, now, outside_hours=outside_hours)
            except BookingRefused as err:
                if err.field not in ("provider", "room"):
                    raise
                first_error = first_error or err
                continue
            return proposal
    if len(providers) == 1 and first_error is not None and first_error.field == "provider":
        raise first_error  # the only provider who could: why not (away, off, busy)
    if provider or room or first_error is None:
        raise first_error or BookingRefused("No provider and room are free then.", "start")
    raise BookingRefused(
        f"No provider and room are both free at {start:h:mm A} for {minutes} minutes.",
        "start",
    )


def check_walkin_day(config: ClinicConfig, now: arrow.Arrow) -> None:
    """Refuse walk-ins on ``now``'s date unless it is an ordinary open day (one sentence)."""
    if day_info(config, now.date()).is_open:
        return
    # The walk-in rule of check_booking says why (Sunday, or closed and the reason).
    check_booking(config, Proposal("", now, 1, "", "", walk_in=True), [], now)


def walkin_proposal(
    config: ClinicConfig,
    patient_id: str,
    kind: AppointmentType,
    same_day: Sequence[Appointment],
    now: arrow.Arrow,
    *,
    provider: str | None = None,
) -> Proposal:
    """A walk-in's visit: the first free slot today that starts no earlier than now.

    ``provider`` keeps to that provider's free times; a Sunday or a closed day, or no
    slot left today, is refused in one sentence.
    """
    check_walkin_day(config, now)
    minute = now.floor("minute")
    earliest = minute.shift(minutes=-config.slot_minutes + 1)
    slots = free_slots(
        config,
        now.date(),
        kind.minutes,
        same_day,
        now,
        patient_id=patient_id,
        provider=provider,
        type_key=kind.key,
    )
    slot = next((s for s in slots if s.start >= earliest), None)
    if slot is None:
        raise BookingRefused(
            f"No {kind.label.lower()} slot is free for the rest of today.", "start"
        )
    return assign(
        config,
        patient_id,
        max(slot.start, minute),
        kind.minutes,
        same_day,
        now,
        provider=slot.provider,
        room=slot.room,
        walk_in=True,
        type_key=kind.key,
    )
