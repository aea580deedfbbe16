"""Loading the shipped data: the clinic configuration (``data/clinic.json``) and the
treatment content (``data/treatments/*.json`` + Markdown)."""

from __future__ import annotations

from pathlib import Path

import orjson

from console.clinic.config import ClinicConfig
from console.clinic.errors import InvalidInput, NotFound
from console.clinic.treatments import Treatment, parse_treatment


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


def load_treatment(path: Path) -> Treatment:
    """Read one treatment: its JSON file and the Markdown file its ``content`` names.

    Raises InvalidInput, in one sentence naming the file, when either is malformed.
    """
    try:
        meta = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as err:
        raise InvalidInput(f"{path.name} is not valid JSON ({err}).") from err
    except OSError as err:
        raise InvalidInput(f"{path.name} cannot be read ({err.strerror}).") from err
    if not isinstance(meta, dict):
        raise InvalidInput(f"{path.name} must hold a JSON object.")
    content = meta.get("content")
    # A bare file name only: the content must sit next to its JSON, not elsewhere.
    if not isinstance(content, str) or not content or Path(content).name != content:
        raise InvalidInput(f"{path.name} has no 'content' naming a Markdown file beside it.")
    markdown_path = path.with_name(content)
    try:
        markdown = markdown_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInput(f"{content} (named in {path.name}) cannot be read ({err}).") from err
    try:
        return parse_treatment(meta, markdown)
    except InvalidInput as err:
        raise InvalidInput(f"{path.name} or {content}: {err}", err.field) from err


def load_treatments(directory: Path) -> dict[str, Treatment]:
    """Every treatment in ``directory`` (one ``*.json`` each), keyed by treatment key.

    Raises NotFound when the directory does not exist, and InvalidInput naming the
    file when one is malformed or two files share a key.
    """
    if not directory.is_dir():
        raise NotFound(f"The treatment folder {directory} does not exist.")
    treatments: dict[str, Treatment] = {}
    for path in sorted(directory.glob("*.json")):
        treatment = load_treatment(path)
        if treatment.key in treatments:
            raise InvalidInput(f"{path.name} repeats the treatment key {treatment.key!r}.")
        treatments[treatment.key] = treatment
    return treatments
