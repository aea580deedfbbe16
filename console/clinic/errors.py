"""Errors the domain raises; each carries one sentence meant for the user."""


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
