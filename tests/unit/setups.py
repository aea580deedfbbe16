"""Clinic setups for the domain's unit tests: the shipped document with a few keys changed."""

from __future__ import annotations

import copy
import functools
from typing import Any

import orjson

from console import locations
from console.clinic.config import ClinicConfig


@functools.cache
def _shipped() -> dict[str, Any]:
    return orjson.loads((locations.shipped_dir() / "clinic.json").read_bytes())


def shipped_doc() -> dict[str, Any]:
    """A fresh copy of ``data/clinic.json``'s document."""
    return copy.deepcopy(_shipped())


def provider(name: str, hours: dict[str, str | None], **more: Any) -> dict[str, Any]:
    """A provider's stored form; weekdays not named are off."""
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return {
        "name": name,
        "hours": {d: hours.get(d) for d in days},
        "breaks": {},
        "types": [],
    } | more


WEEK = {d: "09:00-18:00" for d in ("mon", "tue", "wed", "thu", "fri")} | {"sat": "09:00-14:00"}


def setup(**changes: Any) -> ClinicConfig:
    """The shipped setup with top-level keys replaced (``providers=[...]``, ``rooms=[...]``)."""
    doc = shipped_doc()
    for key, value in changes.items():
        if key == "holiday_rule":
            doc["holidays"]["rule"] = value
        elif key == "types":
            for type_key, fields in value.items():
                doc["appointment_types"][type_key].update(fields)
        else:
            doc[key] = value
    return ClinicConfig.from_dict(doc)
