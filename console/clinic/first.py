"""First available: the next free times across days for a type, with the caller's filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import arrow

from console.clinic.booking import Slot, candidate_providers, candidate_rooms, free_slots
from console.clinic.config import ClinicConfig
from console.clinic.errors import BookingRefused, InvalidInput
from console.clinic.hours import day_info
from console.clinic.models import Appointment


def first_available(
    config: ClinicConfig,
    appointments_on: Callable[[dt.date], Sequence[Appointment]],
    type_key: str,
    now: arrow.Arrow,
    *,
    provider: str | None = None,
    weekdays: frozenset[int] | None = None,
    after: dt.time | None = None,
    before: dt.time | None = None,
    patient_id: str = "",
    limit: int = 5,
    per_day: int = 1,
    horizon_days: int = 180,
) -> list[Slot]:
    """The next ``limit`` free times for ``type_key`` from ``now``, earliest first.

    Every time passes :func:`~console.clinic.booking.check_booking` (hours, provider
    hours, breaks, time off, buffers, rooms). ``weekdays`` (0 = Monday) keeps to those
    days; the whole visit lies between ``after`` and ``before`` (clinic-local wall
    times); at most ``per_day`` times a day, so the list spans several days.
    ``appointments_on(day)`` gives the visits already on a day; it is asked only for
    days where the clinic is open and someone who gives the type works.
    """
    kind = config.appointment_type(type_key)
    if provider is not None:
        person = config.provider_hours(provider)
        if not person.gives(kind.key):
            raise BookingRefused(f"{provider} does not give {kind.label} appointments.", "provider")
    elif not any(person.gives(kind.key) for person in config.staff.values()):
        raise BookingRefused(f"No provider here gives {kind.label} appointments.", "provider")
    if after is not None and before is not None and after >= before:
        raise InvalidInput("The earliest time should be before the latest.", "after")
    if not candidate_rooms(config, kind.key):
        raise BookingRefused(f"No room is in service for {kind.label} appointments.", "room")
    tz = config.tz
    today = now.to(tz).date()
    found: list[Slot] = []
    for offset in range(horizon_days + 1):
        day = today + dt.timedelta(days=offset)
        if weekdays is not None and day.weekday() not in weekdays:
            continue
        if not day_info(config, day).bookable:
            continue
        who = candidate_providers(config, kind.key, day)
        if provider is not None:
            who = [name for name in who if name == provider]
        if not who:
            continue
        taken = 0
        same_day = appointments_on(day)
        for slot in free_slots(
            config,
            day,
            kind.minutes,
            same_day,
            now,
            patient_id=patient_id,
            provider=provider,
            type_key=kind.key,
        ):
            if not _fits(slot, kind.minutes, tz, after, before):
                continue
            found.append(slot)
            taken += 1
            if len(found) >= limit:
                return found
            if taken >= per_day:
                break
    return found


def _fits(
    slot: Slot, minutes: int, tz: dt.tzinfo, after: dt.time | None, before: dt.time | None
) -> bool:
    """The visit starts no earlier than ``after`` and ends no later than ``before``."""
    start = slot.start.to(tz)
    end = start.shift(minutes=minutes)
    if after is not None and start.time() < after:
        return False
    return before is None or (end.date() == start.date() and end.time() <= before)
