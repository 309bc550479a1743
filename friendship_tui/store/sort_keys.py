"""Sort keys whose stored text does not sort as what it means, as SQL expressions.

* A partial date (``contact.birthday``: ``1990-12-10``, ``--12-05`` or ``1985``) sorts by
  its next occurrence from ``today``: still to come this year first, then those already
  past (next year's), year-only and unset ones last. Computed from the stored text in
  portable SQL (``substr``/``CASE``), so no column or table changes.
* A timestamp with mixed offsets (``…T11:00:00+02:00`` is before ``…T10:30:00Z``) sorts
  as time on SQLite via ``julianday`` (which reads the offset); on PostgreSQL the text
  order is kept (see the report: an expression index would be the lead's call).

These expressions are not index-friendly: the rows of the page's filter are sorted, as
for any expression. The plain-text keys keep their indexes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Table, case, func, literal

from ..schema import DateKind, Model


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


def special_order(
    model: Model, table: Table, key: str, desc: bool, today: date, sqlite: bool
) -> list[Any] | None:
    """The ORDER BY terms for ``key`` when its text does not sort as meant, else None."""
    if not model.has_field(key):
        return None
    f = model.field(key)
    col = table.c[key]
    if f.date is DateKind.PARTIAL and key == "birthday":
        return occurrence_order(col, today, desc)
    if f.date is DateKind.TIMESTAMP and sqlite:
        moment = func.julianday(col)
        return [moment.desc()] if desc else [moment.asc()]
    return None
