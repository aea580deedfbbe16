"""Messages that travel across the whole app (the App handles them)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenPatient(Message):
    """Show the patient screen for ``patient_id``."""

    patient_id: str


class StoreChanged(Message, bubble=False):
    """Some desk (this one or another) changed the store: re-read what is on show.

    The app posts it to every screen on the stack; each keeps its place (selection,
    scroll, typed input) and only re-reads data.
    """
