"""Phone numbers, parsed and formatted by Google's libphonenumber."""

from __future__ import annotations

from console.clinic.errors import InvalidInput

#: The clinic is in California: numbers without a country code are read as US numbers.
DEFAULT_REGION = "US"


def normalise_phone(raw: str | None, region: str = DEFAULT_REGION) -> str:
    """Return ``raw`` as E.164 (``+17142255137``) or raise :class:`InvalidInput`."""
    import phonenumbers  # here, not above: a command that shows no phone never loads it

    text = (raw or "").strip()
    if not text:
        raise InvalidInput("A phone number is needed.", "phone")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InvalidInput(f"{text!r} is not a phone number.", "phone") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(f"{text!r} is not a valid phone number.", "phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str, region: str = DEFAULT_REGION) -> str:
    """Format a stored number the way the desk reads it aloud: ``(714) 225-5137``."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_digits(e164: str) -> str:
    """The national digits of a stored number, for "search by part of a phone"."""
    digits = "".join(ch for ch in e164 if ch.isdigit())
    return digits[1:] if e164.startswith("+1") else digits
