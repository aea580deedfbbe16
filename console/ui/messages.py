"""Messages that travel across the whole app (the App handles them)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenPatient(Message):
    """Show the patient screen for ``patient_id``."""

    patient_id: str
