"""Loading the shipped clinic configuration (``data/clinic.json``)."""

from __future__ import annotations

from pathlib import Path

import orjson

from console.clinic.config import ClinicConfig
from console.clinic.errors import InvalidInput


def load_clinic_config(directory: Path) -> ClinicConfig:
    """Read and validate ``clinic.json`` from the shipped data folder."""
    path = directory / "clinic.json"
    try:
        raw = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise InvalidInput(f"The clinic configuration {path} is missing.") from None
    except orjson.JSONDecodeError as err:
        raise InvalidInput(f"The clinic configuration {path} is not valid JSON ({err}).") from None
    return ClinicConfig.from_dict(raw)
