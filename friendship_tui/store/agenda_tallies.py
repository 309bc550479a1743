"""The agenda's exact totals from the bucket counts of ``agenda_counts.py`` (SQLite).

A window's total is the SUM of the buckets wholly inside it plus, where its edge falls
inside a bucket, an exact indexed count of that bucket's part (a day of reminders or of
one frequency's talks, not the years before it). The rows the reader subtracts
(deceased, partial, snoozed people; children of archived contacts) stay as they were.
Bucket text compares as bytes on SQLite, so a bucket that is a prefix of the column
(``substr(col, 1, 10)``) is below a bound's own prefix exactly when every value in it is
below the bound.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .agenda_due import Span, spans_sql

Rows = Callable[..., list[tuple[Any, ...]]]
_SUM = "(SELECT coalesce(sum(n), 0) FROM agenda_count WHERE owned_by = :owner AND panel = "
FEB29 = "02-29"
EXISTS = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'agenda_count'"


def has_counts(rows: Rows) -> bool:
    """Whether the book holds the counts (a book opened below revision 0009 does not)."""
    return bool(rows(EXISTS))


# rows dated after the window's year: the few buckets past it, by their month-day
YEARLY = (
    f"SELECT {_SUM}:panel AND bucket BETWEEN :lo AND :hi AND bucket <> '{FEB29}') "
    f"- {_SUM}:panel || '_y' AND bucket > :year || CAST(x'FF' AS TEXT) "
    f"AND substr(bucket, -5) BETWEEN :lo AND :hi AND substr(bucket, -5) <> '{FEB29}')"
)


def yearly_total(rows: Rows, key: str, lo: str, hi: str, year: str) -> int:
    """Live rows of ``key`` (birthday, anniversary, life_event) placed by month-day in
    ``[lo, hi]`` and dated no later than ``year``: what ``_plain``'s scan counts."""
    return int(rows(YEARLY, panel=key, lo=lo, hi=hi, year=year)[0][0])


REMINDERS_BEFORE = f"SELECT {_SUM}'reminder' AND bucket < :day)"


def reminders_before(rows: Rows, day: str) -> int:
    """Live incomplete reminders due before the day ``day`` (``YYYY-MM-DD``)."""
    return int(rows(REMINDERS_BEFORE, day=day)[0][0])


def stay_sql(live: str, spans: dict[str, list[Span]]) -> tuple[str, dict[str, str]]:
    """``spans_sql``'s sum read from the buckets where a range is open-ended, with the
    tracked contacts never contacted (``due_never``) added."""
    sql, params = spans_sql(live, spans, True, bucket_sum=_SUM)
    return f"SELECT {_SUM}'due_never') + " + sql.removeprefix("SELECT "), params
