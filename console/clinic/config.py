"""The clinic's configuration: facts, office hours, closures, appointment types.

Built from ``data/clinic.json``; pure data with validation, no file access here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from console.clinic.errors import InvalidInput
from console.clinic.localtime import parse_date, parse_time, zone

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class AppointmentType:
    """A kind of visit the desk can book (consultation, Sculptra session...)."""

    key: str
    label: str
    minutes: int
    treatment: str | None = None
    walk_in: bool = True


@dataclass(frozen=True)
class WeekdayRule:
    """What one weekday is: open with hours, by appointment within a window, or closed."""

    kind: str  # "open" | "by_appointment" | "closed"
    opens: dt.time | None = None
    closes: dt.time | None = None


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
    providers: tuple[str, ...]
    rooms: tuple[str, ...]
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

    def appointment_type(self, key: str) -> AppointmentType:
        """Look up an appointment type by key, refusing unknown ones with the valid list."""
        try:
            return self.appointment_types[key]
        except KeyError:
            known = ", ".join(sorted(self.appointment_types))
            raise InvalidInput(
                f"{key!r} is not an appointment type; use one of: {known}.", "type"
            ) from None

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ClinicConfig:
        """Validate and build the configuration from its JSON form."""
        try:
            hours = raw["hours"]
            weekdays: dict[int, WeekdayRule] = {}
            for index, key in enumerate(WEEKDAYS):
                spec = hours.get(key)
                weekdays[index] = _weekday_rule(key, spec)
            closures = {
                parse_date(item["date"]): str(item.get("reason") or "Closed")
                for item in raw.get("closures", [])
            }
            holidays = raw.get("holidays") or {}
            types = {
                key: AppointmentType(
                    key=key,
                    label=spec["label"],
                    minutes=int(spec["minutes"]),
                    treatment=spec.get("treatment"),
                    walk_in=bool(spec.get("walk_in", True)),
                )
                for key, spec in raw["appointment_types"].items()
            }
            config = cls(
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
                providers=tuple(raw.get("providers", ["Provider A"])),
                rooms=tuple(raw.get("rooms", ["Room 1"])),
                slot_minutes=int(raw.get("slot_minutes", 15)),
                late_after_minutes=int(raw.get("late_after_minutes", 10)),
                no_show_grace_minutes=int(raw.get("no_show_grace_minutes", 15)),
                backup_retention=int(raw.get("backup_retention", 14)),
                privacy_idle_seconds=int(raw.get("privacy_idle_seconds", 180)),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise InvalidInput(
                f"The clinic configuration is incomplete or malformed ({err})."
            ) from None
        config.tz  # noqa: B018 - validates the zone name early
        return config


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
