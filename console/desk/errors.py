"""Which errors are the person's to read: one sentence, never a traceback."""

from __future__ import annotations

from console.clinic.errors import ClinicError
from console.store import StoreError

#: Errors that mean "the person asked for something that cannot be done": show the
#: sentence, never a traceback.
USER_ERRORS = (ClinicError, StoreError)
