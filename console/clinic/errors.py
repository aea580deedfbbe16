"""Errors the domain raises; each carries one sentence meant for the user."""

from typing import Any


class ClinicError(Exception):
    """A rule of the clinic refused something; ``str(err)`` is the sentence to show."""

    #: Which input field the problem belongs to, so a form can show it inline.
    field: str | None = None

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        if field is not None:
            self.field = field


class InvalidInput(ClinicError):
    """A value typed by a person is not usable (bad date, empty name, bad phone)."""


class BookingRefused(ClinicError):
    """A booking rule refused an appointment (closed, overlap, in the past)."""


class IllegalStatusChange(ClinicError):
    """The status state machine does not allow this change."""


class NotFound(ClinicError):
    """No patient or appointment has the id that was given."""


class NotAllowed(ClinicError):
    """The person at the desk may not do this (their role, or their name is paused)."""


class DuplicatePatient(InvalidInput):
    """A new patient's name matches an existing one with the same phone or birth date.

    ``matches`` are the existing patients, so a form can offer them instead.
    """

    field = "first_name"

    def __init__(self, message: str, matches: tuple[object, ...] = ()) -> None:
        super().__init__(message, "first_name")
        #: The existing patients (``console.clinic.models.Patient``) the new one matches.
        self.matches: tuple[Any, ...] = tuple(matches)


class ScreeningNeeded(InvalidInput):
    """A visit with pre-treatment questions cannot be marked arrived without the answers.

    ``questions`` are the questions (``console.clinic.treatments.Question``) to ask.
    """

    field = "answers"

    def __init__(self, message: str, questions: tuple[object, ...] = ()) -> None:
        super().__init__(message, "answers")
        #: The questions to ask before the visit may be marked arrived.
        self.questions: tuple[Any, ...] = tuple(questions)


class NothingToUndo(InvalidInput):
    """There is no change of this desk's left to undo (none, too old, or changed since)."""

    field = "undo"
