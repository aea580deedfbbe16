"""The clinic's setup: facts, office hours, closures, appointment types, who works when.

Built from the setup document (``data/clinic.json`` seeds a store; the store's copy wins);
pure data with validation, no file access here. :meth:`ClinicConfig.to_dict` gives the
document back, so an edited setup is written in the same shape it is read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from console.clinic.errors import InvalidInput
from console.clinic.localtime import parse_date, parse_time, zone
from console.clinic.roster import (
    WEEKDAYS,
    ProviderHours,
    Room,
    Shift,
    Span,
    TimeOff,
    provider_from_dict,
    provider_to_dict,
    room_from_dict,
    room_to_dict,
    shift_from_dict,
    shift_to_dict,
    time_off_from_dict,
    time_off_to_dict,
)

__all__ = [
    "HOLIDAY_RULES",
    "WEEKDAYS",
    "AppointmentType",
    "ClinicConfig",
    "ProviderHours",
    "Room",
    "Shift",
    "TimeOff",
    "WeekdayRule",
]

#: How a listed holiday's closed days are found (see console.clinic.hours).
HOLIDAY_RULES = ("sunday_to_monday", "federal", "actual")
#: The longest visit and the longest buffer after one, in minutes.
MAX_MINUTES, MAX_BUFFER = 8 * 60, 4 * 60


@dataclass(frozen=True)
class AppointmentType:
    """A kind of visit the desk can book (consultation, Sculptra session...)."""

    key: str
    label: str
    minutes: int
    treatment: str | None = None
    walk_in: bool = True
    #: Minutes the provider and room stay taken after the visit (cleaning, notes).
    buffer: int = 0
    #: The room this type needs (None: any room in service).
    room: str | None = None


@dataclass(frozen=True)
class WeekdayRule:
    """What one weekday is: open with hours, by appointment within a window, or closed."""

    kind: str  # "open" | "by_appointment" | "closed"
    opens: dt.time | None = None
    closes: dt.time | None = None


#: The setup document's top-level keys this class reads; any other key is kept in ``extra``.
_KNOWN = frozenset(
    [
        "name",
        "address",
        "phone",
        "email",
        "timezone",
        "hours",
        "holidays",
        "closures",
        "appointment_types",
        "providers",
        "rooms",
        "time_off",
        "shifts",
        "slot_minutes",
        "late_after_minutes",
        "no_show_grace_minutes",
        "backup_retention",
        "privacy_idle_seconds",
    ]
)


@dataclass(frozen=True)
class ClinicConfig:
    """Everything the domain needs to know about the clinic."""

    name: str
    address: str
    phone: str
    email: str | None
    timezone: str
    weekdays: dict[int, WeekdayRule]
    closures: dict[dt.date, str]
    holiday_country: str | None
    holiday_subdiv: str | None
    holiday_names: tuple[str, ...]
    appointment_types: dict[str, AppointmentType]
    #: The providers by name, in the order the setup lists them.
    staff: dict[str, ProviderHours]
    #: Every room, in or out of service, in the setup's order.
    room_list: tuple[Room, ...]
    time_off: tuple[TimeOff, ...] = ()
    shifts: tuple[Shift, ...] = ()
    holiday_rule: str = "sunday_to_monday"
    slot_minutes: int = 15
    late_after_minutes: int = 10
    no_show_grace_minutes: int = 15
    backup_retention: int = 14  # daily backups kept (see console/store/backup.py)
    # The console hides patient data after this much idle time (0 turns it off).
    privacy_idle_seconds: int = 180
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def tz(self) -> dt.tzinfo:
        """The clinic's time zone object."""
        return zone(self.timezone)

    @cached_property
    def providers(self) -> tuple[str, ...]:
        """The providers' names, in the setup's order."""
        return tuple(self.staff)

    @cached_property
    def rooms(self) -> tuple[str, ...]:
        """Every room's name (out of service too: old visits still name them)."""
        return tuple(room.name for room in self.room_list)

    def appointment_type(self, key: str) -> AppointmentType:
        """Look up an appointment type by key, refusing unknown ones with the valid list."""
        try:
            return self.appointment_types[key]
        except KeyError:
            known = ", ".join(sorted(self.appointment_types))
            raise InvalidInput(
                f"{key!r} is not an appointment type; use one of: {known}.", "type"
            ) from None

    def provider_hours(self, name: str) -> ProviderHours:
        """One provider's working pattern, refusing an unknown name with the valid list."""
        try:
            return self.staff[name]
        except KeyError:
            known = ", ".join(self.staff)
            raise InvalidInput(
                f"{name!r} is not a provider here; use one of: {known}.", "provider"
            ) from None

    def room(self, name: str) -> Room:
        """One room, refusing an unknown name with the valid list."""
        for room in self.room_list:
            if room.name == name:
                return room
        known = ", ".join(self.rooms)
        raise InvalidInput(f"{name!r} is not a room here; use one of: {known}.", "room")

    def buffer_of(self, type_key: str) -> int:
        """The buffer after a visit of ``type_key`` (0 for an unknown or retired type)."""
        kind = self.appointment_types.get(type_key)
        return kind.buffer if kind else 0

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ClinicConfig:
        """Validate and build the configuration from its JSON form (one sentence per mistake)."""
        if not isinstance(raw, dict):
            raise InvalidInput("The clinic setup should be a JSON object.")
        try:
            config = _build(cls, raw)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise InvalidInput(
                f"The clinic configuration is incomplete or malformed ({err})."
            ) from None
        _cross_check(config)
        return config

    def to_dict(self) -> dict[str, Any]:
        """The setup document: ``from_dict(config.to_dict()) == config``."""
        tz = self.tz
        doc: dict[str, Any] = {
            "name": self.name,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
            "timezone": self.timezone,
            "hours": {key: _rule_to_dict(self.weekdays[i]) for i, key in enumerate(WEEKDAYS)},
            "holidays": {
                "country": self.holiday_country,
                "subdiv": self.holiday_subdiv,
                "observed": list(self.holiday_names),
                "rule": self.holiday_rule,
            },
            "closures": [
                {"date": day.isoformat(), "reason": reason}
                for day, reason in sorted(self.closures.items())
            ],
            "appointment_types": {
                key: {
                    "label": kind.label,
                    "minutes": kind.minutes,
                    "buffer": kind.buffer,
                    "room": kind.room,
                    "treatment": kind.treatment,
                    "walk_in": kind.walk_in,
                }
                for key, kind in self.appointment_types.items()
            },
            "providers": [provider_to_dict(p) for p in self.staff.values()],
            "rooms": [room_to_dict(room) for room in self.room_list],
            "time_off": [time_off_to_dict(item, tz) for item in self.time_off],
            "shifts": [shift_to_dict(shift) for shift in self.shifts],
            "slot_minutes": self.slot_minutes,
            "late_after_minutes": self.late_after_minutes,
            "no_show_grace_minutes": self.no_show_grace_minutes,
            "backup_retention": self.backup_retention,
            "privacy_idle_seconds": self.privacy_idle_seconds,
        }
        doc.update(self.extra)
        return doc


def _build(cls: type[ClinicConfig], raw: dict[str, Any]) -> ClinicConfig:
    tz = zone(raw["timezone"])
    hours = raw["hours"]
    weekdays = {index: _weekday_rule(key, hours.get(key)) for index, key in enumerate(WEEKDAYS)}
    office: dict[int, Span | None] = {
        day: (rule.opens, rule.closes)
        if rule.kind == "open" and rule.opens and rule.closes
        else None
        for day, rule in weekdays.items()
    }
    closures = {
        parse_date(item["date"]): str(item.get("reason") or "Closed")
        for item in raw.get("closures") or []
    }
    holidays = raw.get("holidays") or {}
    types = {key: _type(key, spec) for key, spec in raw["appointment_types"].items()}
    staff: dict[str, ProviderHours] = {}
    for item in raw.get("providers", ["Provider A"]):
        provider = provider_from_dict(item, office)
        if provider.name in staff:
            raise InvalidInput(f"The provider {provider.name!r} is listed twice.", "provider")
        staff[provider.name] = provider
    rooms = tuple(room_from_dict(item) for item in raw.get("rooms", ["Room 1"]))
    return cls(
        name=raw["name"],
        address=raw["address"],
        phone=raw["phone"],
        email=raw.get("email"),
        timezone=raw["timezone"],
        weekdays=weekdays,
        closures=closures,
        holiday_country=holidays.get("country"),
        holiday_subdiv=holidays.get("subdiv"),
        holiday_names=tuple(holidays.get("observed", [])),
        appointment_types=types,
        staff=staff,
        room_list=rooms,
        time_off=tuple(time_off_from_dict(item, tz) for item in raw.get("time_off") or []),
        shifts=tuple(shift_from_dict(item) for item in raw.get("shifts") or []),
        holiday_rule=str(holidays.get("rule") or "sunday_to_monday"),
        slot_minutes=int(raw.get("slot_minutes", 15)),
        late_after_minutes=int(raw.get("late_after_minutes", 10)),
        no_show_grace_minutes=int(raw.get("no_show_grace_minutes", 15)),
        backup_retention=int(raw.get("backup_retention", 14)),
        privacy_idle_seconds=int(raw.get("privacy_idle_seconds", 180)),
        extra={key: value for key, value in raw.items() if key not in _KNOWN},
    )


def _type(key: str, spec: dict[str, Any]) -> AppointmentType:
    minutes, buffer = int(spec["minutes"]), int(spec.get("buffer") or 0)
    label = str(spec["label"])
    if not 0 < minutes <= MAX_MINUTES:
        raise InvalidInput(f"{label} should last 1 to {MAX_MINUTES} minutes.", "minutes")
    if not 0 <= buffer <= MAX_BUFFER:
        raise InvalidInput(f"{label}'s buffer should be 0 to {MAX_BUFFER} minutes.", "buffer")
    return AppointmentType(
        key=key,
        label=label,
        minutes=minutes,
        treatment=spec.get("treatment"),
        walk_in=bool(spec.get("walk_in", True)),
        buffer=buffer,
        room=spec.get("room") or None,
    )


def _cross_check(config: ClinicConfig) -> None:
    """The references between parts of the setup: one sentence for the first broken one."""
    config.tz  # noqa: B018 - validates the zone name early
    if not config.staff:
        raise InvalidInput("The clinic needs at least one provider.", "provider")
    if not config.room_list:
        raise InvalidInput("The clinic needs at least one room.", "room")
    if len(set(config.rooms)) != len(config.rooms):
        raise InvalidInput("A room is listed twice.", "room")
    if config.holiday_rule not in HOLIDAY_RULES:
        raise InvalidInput(
            f"{config.holiday_rule!r} is not a holiday rule; use one of: "
            f"{', '.join(HOLIDAY_RULES)}.",
            "rule",
        )
    for kind in config.appointment_types.values():
        if kind.room is not None and kind.room not in config.rooms:
            raise InvalidInput(f"{kind.label} needs {kind.room!r}, which is not a room.", "room")
    for provider in config.staff.values():
        for key in provider.types:
            if key not in config.appointment_types:
                raise InvalidInput(
                    f"{provider.name} gives {key!r}, which is not an appointment type.", "types"
                )
    for named in [item.provider for item in config.time_off] + [s.provider for s in config.shifts]:
        if named not in config.staff:
            raise InvalidInput(
                f"{named!r} has time off or a shift but is not a provider.", "provider"
            )


def _rule_to_dict(rule: WeekdayRule) -> dict[str, Any]:
    if rule.kind == "closed" or rule.opens is None or rule.closes is None:
        return {"kind": "closed"}
    return {"kind": rule.kind, "opens": f"{rule.opens:%H:%M}", "closes": f"{rule.closes:%H:%M}"}


def _weekday_rule(key: str, spec: Any) -> WeekdayRule:
    if spec is None or spec == "closed":
        return WeekdayRule("closed")
    kind = spec.get("kind", "open")
    if kind not in ("open", "by_appointment", "closed"):
        raise InvalidInput(f"Office hours for {key} have an unknown kind {kind!r}.")
    if kind == "closed":
        return WeekdayRule("closed")
    opens, closes = parse_time(spec["opens"]), parse_time(spec["closes"])
    if opens >= closes:
        raise InvalidInput(f"Office hours for {key} close before they open.")
    return WeekdayRule(kind, opens, closes)
