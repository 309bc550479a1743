"""Soft warnings for values the API allows but a person likely mistyped.

An email without ``@`` or a phone number with letters is stored as given (the API
takes any text there), but the form says so under the field. Which fields are emails
or phones is read from the schema's field names, so every model gets it alike.
"""

from __future__ import annotations

import re

from ..schema import Field, FieldType

_PHONE_OK = re.compile(r"^[0-9+()./\-\s]*(?:(?:ext|x)\.?\s*[0-9]+)?$", re.IGNORECASE)


def is_email_field(f: Field) -> bool:
    return f.type is FieldType.STRING and f.date is None and f.name.endswith("email")


def is_phone_field(f: Field) -> bool:
    return f.type is FieldType.STRING and f.date is None and f.name.endswith("phone")


def soft_warning(f: Field, text: str) -> str | None:
    """A warning for ``text`` in ``f`` (saving is still allowed), or None."""
    value = text.strip()
    if not value:
        return None
    if is_email_field(f) and ("@" not in value or value.startswith("@") or value.endswith("@")):
        return "does not look like an email address (no name@domain); saved as typed"
    if is_phone_field(f) and not _PHONE_OK.match(value):
        return "has letters or symbols a phone number does not; saved as typed"
    return None
