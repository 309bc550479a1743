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

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .agenda_due import Span, spans_sql

Rows = Callable[..., list[tuple[Any, ...]]]
_SUM = "(SELECT coalesce(sum(n), 0) FROM agenda_count WHERE owned_by = :owner AND panel = "
FEB29 = "02-29"
EXISTS = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'agenda_count'"


def has_counts(rows: Rows) -> bool:
    """Whether the book holds the counts (a book opened below revision 0009 does not)."""
    return bool(rows(EXISTS))


# Live rows of a yearly panel (birthday, anniversary, life_event) placed by month-day
# in [lo, hi] and dated no later than the year (what ``_plain``'s scan counts); less the
# rows dated after the window's year: the few buckets past it, by their month-day
YEARLY = (
    f"SELECT {_SUM}:panel AND bucket BETWEEN :lo AND :hi AND bucket <> '{FEB29}') "
    f"- {_SUM}:panel || '_y' AND bucket > :year || CAST(x'FF' AS TEXT) "
    f"AND substr(bucket, -5) BETWEEN :lo AND :hi AND substr(bucket, -5) <> '{FEB29}')"
)


# live incomplete reminders due before the day ``:day`` (YYYY-MM-DD)
REMINDERS_BEFORE = f"SELECT {_SUM}'reminder' AND bucket < :day)"


def stay_sql(live: str, spans: dict[str, list[Span]]) -> tuple[str, dict[str, str]]:
    """``spans_sql``'s sum read from the buckets where a range is open-ended, with the
    tracked contacts never contacted (``due_never``) added."""
    sql, params = spans_sql(live, spans, True, bucket_sum=_SUM)
    return f"SELECT {_SUM}'due_never') + " + sql.removeprefix("SELECT "), params


# A read's counts as one statement: each part a one-value SELECT, its parameters renamed
# per part (``:lo`` of the second part is ``:lo_1``) but for those every read binds.
Part = tuple[int, str, dict[str, Any]]  # (sign, SQL of one value, its parameters)
_PARAM = re.compile(r":([A-Za-z_]\w*)")
_SHARED = frozenset({"owner", "no", "yes"})


@lru_cache(maxsize=64)  # the same few texts every read
def _tallies_sql(parts: tuple[str, ...]) -> str:
    return "SELECT " + ", ".join(f"({_renamed(sql, i)})" for i, sql in enumerate(parts))


def _renamed(sql: str, i: int) -> str:
    return _PARAM.sub(lambda m: m[0] if m[1] in _SHARED else f"{m[0]}_{i}", sql)


def tallies(rows: Rows, parts: list[Part]) -> list[int]:
    """Each of ``parts``' values (signs not applied) from one statement (a statement's
    own cost, binding and stepping, paid once rather than per count)."""
    if not parts:
        return []
    sql = _tallies_sql(tuple(text for _, text, _ in parts))
    params = {f"{k}_{i}": v for i, (_, _, p) in enumerate(parts) for k, v in p.items()}
    return [int(v) for v in rows(sql, **params)[0]]


def summed(rows: Rows, parts: list[Part]) -> int:
    """The signed sum of ``parts`` (``tallies``)."""
    return sum(sign * v for (sign, _, _), v in zip(parts, tallies(rows, parts), strict=True))
