"""parse_timestamp's short cuts for a time (the date-only parser skipped unless the
text has a date's length; a time read in UTC returned as read, not converted again)
give exactly what the general path gives, for every edge: leap days, impossible days
and hours, fractions of every length, the calendar's ends, padding, a lower-case
``z``, other offsets."""

from __future__ import annotations

from datetime import UTC, datetime

from friendship_tui.schema import parse_timestamp

DAYS = ["2024-02-29", "2023-02-29", "0001-01-01", "9999-12-31", "0000-01-01", "2024-13-01"]
TIMES = [
    "T00:00", "T23:59", "T24:00", "T12:30:45", "T12:30:60", "T12:30:45.1", "T12:30:45.12",
    "T12:30:45.123", "T12:30:45.1234", "T12:30:45.12345", "T12:30:45.123456",
    "T12:30:45.1234567", "T25:00", "T12:60", "T1:00",
]  # fmt: skip
ENDS = ["Z", "z", "+00:00", "-05:00", "+14:00", "", " Z", "Z "]


def general(text: str) -> datetime | None:
    """The general path alone: the ``Z`` written as ``+00:00``, parsed, put in UTC."""
    s = text.strip()
    if s.endswith(("Z", "z")):
        s = s[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        return None
    try:
        return (dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:
        return None


def test_stored_form_is_read_as_the_general_path_reads_it() -> None:
    compared = 0
    for day in DAYS:
        for time in TIMES:
            for end in ENDS:
                for text in (day + time + end, f" {day}{time}{end}\n"):
                    got, want = parse_timestamp(text), general(text)
                    assert got == want, text
                    if got is not None and want is not None:
                        assert got.tzinfo is want.tzinfo is UTC, text
                        assert got.isoformat() == want.isoformat(), text
                    compared += 1
    assert compared == len(DAYS) * len(TIMES) * len(ENDS) * 2
    # the shape read fast, and refused when the day is impossible
    assert parse_timestamp("2024-02-29T10:00:00.000000Z") == datetime(2024, 2, 29, 10, tzinfo=UTC)
    assert parse_timestamp("2023-02-29T10:00:00.000000Z") is None
    # non-ASCII digits never take the fast path, and a date alone is midnight UTC
    assert parse_timestamp("\u0662\u0660\u0662\u0664-01-01T00:00Z") == general(
        "\u0662\u0660\u0662\u0664-01-01T00:00Z"
    )
    assert parse_timestamp("2024-01-01") == datetime(2024, 1, 1, tzinfo=UTC)
