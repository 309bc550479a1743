"""The words the model declarations are written in that every start reads: date
kinds, the limits every field shares and the stay-in-touch frequencies.

Apart from ``Field`` and ``Model`` (fields.py) and from the field types and who may
write a field (field_kinds.py), so what the domain reads at every start (the date
parsers' limits, the frequencies) costs no record classes and one enum.
"""

from __future__ import annotations

from enum import StrEnum


class DateKind(StrEnum):
    """How a date-like string field is checked (API.md: partial where it says so)."""

    PARTIAL = "partial"  # YYYY-MM-DD, --MM-DD or YYYY
    FULL = "full"  # YYYY-MM-DD only (reminder.due_date)
    TIMESTAMP = "timestamp"  # ISO 8601 date or datetime


URL_MAX = 2048

# Every date-like field holds years 1 to 9998 (API.md "Limits"). Python's dates end at
# 9999-12-31 and the arithmetic on stored dates adds up to a year (a yearly check-in,
# the next birthday, a timestamp's offset moved to UTC), so the last year is kept free:
# whatever the store accepts can be computed with, read back, exported and synced.
DATE_YEAR_MIN = 1
DATE_YEAR_MAX = 9998
TAGS_MAX_COUNT = 50
TAG_MAX_LEN = 64

# Stay-in-touch frequencies and each one's step as (months, days), calendar arithmetic
# (API.md: weekly 7 d ... yearly 1 year). The field's choices are these plus "never"
# (not tracked); the domain's steps and the sample data derive from this one table.
FREQUENCY_STEPS: dict[str, tuple[int, int]] = {
    "weekly": (0, 7),
    "biweekly": (0, 14),
    "monthly": (1, 0),
    "quarterly": (3, 0),
    "yearly": (12, 0),
}
