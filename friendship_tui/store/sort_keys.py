"""Sort keys whose stored text does not sort as what it means, as SQL expressions.

* A partial date (``contact.birthday``: ``1990-12-10``, ``--12-05`` or ``1985``) sorts by
  its next occurrence from ``today``: still to come this year first, then those already
  past (next year's), year-only and unset ones last. Computed from the stored text in
  portable SQL (``substr``/``CASE``), so no column or table changes.
* A timestamp with mixed offsets (``…T11:00:00+02:00`` is before ``…T10:30:00Z``) sorts
  as time: on SQLite via ``julianday`` (which reads the offset), on PostgreSQL via
  ``utc_moment``, an expression that cannot raise (a bad value sorts as NULL, as
  ``julianday`` gives NULL for what it cannot read), so no table or index changes.

These expressions are not index-friendly: the rows of the page's filter are sorted, as
for any expression. The plain-text keys keep their indexes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Integer, Interval, Table, case, cast, func, literal
from sqlalchemy.dialects.postgresql import TIMESTAMP

from ..schema import Model
from .list_plan import SortKind, sort_kind


def month_day(col: Any) -> Any:
    """ "MM-DD" of a stored partial date, NULL when the year alone (or nothing) is known."""
    return case(
        (func.substr(col, 1, 2) == "--", func.substr(col, 3, 5)),
        (func.length(col) >= 10, func.substr(col, 6, 5)),
        else_=None,
    )


def occurrence_order(col: Any, today: date, desc: bool) -> list[Any]:
    """ORDER BY terms: next occurrence from ``today``, unknown last in both directions."""
    md = month_day(col)
    now_md = literal(today.strftime("%m-%d"))
    unknown = case((md.is_(None), 1), else_=0)
    wrapped = case((md < now_md, 1), else_=0)  # already past this year: next year's
    if desc:
        return [unknown.asc(), wrapped.desc(), md.desc()]
    return [unknown.asc(), wrapped.asc(), md.asc()]


# The shapes julianday reads (date, then optional [T ]HH:MM[:SS[.f]], optional Z or
# ±HH:MM), with month, day, hour and minute in range; anything else sorts as NULL.
_TIMESTAMP_SHAPE = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?)?(Z|[+-][0-9]{2}:[0-9]{2})?$"
)
_CLOCK_PART = r"^.{10}[T ]([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)"
_OFFSET_PART = r"([+-][0-9]{2}:[0-9]{2})$"


def utc_moment(col: Any) -> Any:
    """PostgreSQL: the UTC moment of a stored timestamp text, NULL when not readable.

    Built from the month's first day plus days, clock and offset as intervals rather
    than one cast to timestamptz: such a cast raises on "2026-02-30" (an old row) or
    reads an offset-less value in the session's zone, and a sort must neither fail
    nor depend on the server's settings (an offset-less value is UTC, as on SQLite).
    """
    first_of_month = cast(func.concat(func.substr(col, 1, 7), "-01"), TIMESTAMP)
    days = cast(func.substr(col, 9, 2), Integer) - 1
    clock = cast(func.coalesce(func.substring(col, _CLOCK_PART), "00:00"), Interval)
    offset = cast(func.coalesce(func.substring(col, _OFFSET_PART), "+00:00"), Interval)
    moment = first_of_month + days * cast(literal("1 day"), Interval) + clock - offset
    return case((col.regexp_match(_TIMESTAMP_SHAPE), moment), else_=None)


def special_order(
    model: Model, table: Table, key: str, desc: bool, today: date, sqlite: bool
) -> list[Any] | None:
    """The ORDER BY terms for ``key`` when its text does not sort as meant, else None."""
    kind = sort_kind(model, key)  # decided in list_plan, for fast_reads as well
    if kind is SortKind.OCCURRENCE:
        return occurrence_order(table.c[key], today, desc)
    if kind is SortKind.TIME:
        col = table.c[key]
        if sqlite:
            moment = func.julianday(col)
            return [moment.desc()] if desc else [moment.asc()]
        # SQLite's NULL order (first when ascending), so both backends agree
        at = utc_moment(col)
        return [at.desc().nulls_last()] if desc else [at.asc().nulls_first()]
    return None
