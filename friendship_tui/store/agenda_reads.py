"""The agenda's reads: indexed candidate queries, then the pure rules decide.

The agenda narrows its candidates with the indexed ``next_due`` and month-day columns
(tables.py) before ``domain.agenda``'s row builders do the rest, so the SQL only has to
return a superset of the rows the dashboard shows.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo
from typing import Any

from sqlalchemy import (
    BindParameter,
    Connection,
    Select,
    bindparam,
    false,
    or_,
    select,
)

from ..domain.agenda import DUE_SOON_DAYS, Agenda, event_rows, reminder_rows, stay_in_touch_rows
from ..domain.stay_in_touch import DUE_KEY_SLACK_DAYS
from .base import Obj
from .tables import TABLES


def _md(d: date) -> str:
    return f"{d.month:02d}-{d.day:02d}"


def _md_ranges(today: date, horizon_days: int) -> list[tuple[str, str]]:
    """Month-day ranges covering ``[today, today+horizon]``, split at New Year; Feb 29
    is always included (it falls on Feb 28 in common years: the pure agenda decides)."""
    if horizon_days >= 365:
        return [("01-01", "12-31")]
    end = today + timedelta(days=horizon_days)
    start_md, end_md = _md(today), _md(end)
    if end.year == today.year:
        ranges = [(start_md, end_md)]
    else:
        ranges = [(start_md, "12-31"), ("01-01", end_md)]
    if not any(lo <= "02-29" <= hi for lo, hi in ranges):
        ranges.append(("02-29", "02-29"))
    return ranges


# The fields build_agenda reads: fetching only these keeps a 10k-contact agenda cheap.
AGENDA_FIELDS = {
    "contact": (
        "id", "name", "is_archived", "stay_in_touch_frequency", "last_contacted_at",
        "stay_in_touch_topic", "birthday", "anniversary", "next_due",
    ),
    "life_event": ("id", "parent_id", "title", "kind", "occurred_at", "recurring"),
    "reminder": ("id", "parent_id", "message", "due_date", "completed"),
}  # fmt: skip


def _agenda_selects() -> dict[str, Select[Any]]:
    """The agenda's candidate queries, built once with bound parameters so their SQL is
    compiled once too (compiling them per call cost more than running some of them)."""
    contact, life, rem = TABLES["contact"], TABLES["life_event"], TABLES["reminder"]
    owner: BindParameter[Any] = bindparam("owner")
    lo: BindParameter[Any] = bindparam("lo")
    hi: BindParameter[Any] = bindparam("hi")
    limit: BindParameter[Any] = bindparam("limit")
    cnames = AGENDA_FIELDS["contact"]

    def contacts(*conds: Any) -> Select[Any]:
        return select(*(contact.c[n] for n in cnames)).where(
            contact.c.owned_by == owner, contact.c.is_archived == false(), *conds
        )

    def children(type_: str, *conds: Any) -> Select[Any]:
        """Rows of ``type_`` with their parent contact joined (not a second lookup)."""
        table = TABLES[type_]
        return (
            select(*(table.c[x] for x in AGENDA_FIELDS[type_]), *(contact.c[x] for x in cnames))
            .join(contact, contact.c.id == table.c.parent_id)
            .where(table.c.owned_by == owner, table.c.is_archived == false(), *conds)
        )

    return {
        "due": contacts(contact.c.next_due.is_not(None), contact.c.next_due <= limit),
        # one indexed range scan per column (an OR would defeat the indexes)
        "birthday": contacts(contact.c.birthday_md.between(lo, hi)),
        "anniversary": contacts(contact.c.anniversary_md.between(lo, hi)),
        "life_event": children("life_event", life.c.occurred_md.between(lo, hi)),
        "reminder": children(
            "reminder",
            or_(rem.c.completed == false(), rem.c.completed.is_(None)),
            rem.c.due_date <= limit,
        ),
    }


_AGENDA_SELECTS = _agenda_selects()
_AGENDA_SQL: dict[str, tuple[str, tuple[str, ...]]] = {}


def _tuples(conn: Connection, key: str, **params: Any) -> list[tuple[Any, ...]]:
    """Plain tuples of one agenda query, straight from the SQLite driver.

    The agenda reads a few thousand rows of a handful of columns; SQLAlchemy's Row
    building and bool processing cost about a third of the SQL itself there. Bools stay
    0/1, which the agenda only tests for truth.
    """
    stmt = _AGENDA_SELECTS[key]
    if conn.dialect.name != "sqlite" or conn.dialect.paramstyle != "qmark":
        return [tuple(r) for r in conn.execute(stmt, params).all()]
    compiled = _AGENDA_SQL.get(key)
    if compiled is None:
        c = stmt.compile(dialect=conn.dialect)
        compiled = _AGENDA_SQL[key] = (str(c), tuple(c.positiontup or ()))
    sql, names = compiled
    driver = conn.connection.driver_connection
    assert driver is not None  # an open pooled connection always has one
    rows: list[tuple[Any, ...]] = driver.execute(sql, [params[n] for n in names]).fetchall()
    return rows


def _agenda_contacts(conn: Connection, key: str, **params: Any) -> list[Obj]:
    names = AGENDA_FIELDS["contact"]
    return [dict(zip(names, row, strict=True)) for row in _tuples(conn, key, **params)]


def _agenda_children(
    conn: Connection, type_: str, lookup: dict[str, Obj], **params: Any
) -> list[Obj]:
    """Rows of ``type_``; their parent contacts (fetched by the same join) land in
    ``lookup``."""
    names, cnames = AGENDA_FIELDS[type_], AGENDA_FIELDS["contact"]
    n = len(names)
    out: list[Obj] = []
    for row in _tuples(conn, type_, **params):
        out.append(dict(zip(names, row[:n], strict=True)))
        parent = str(row[n])
        if parent not in lookup:
            lookup[parent] = dict(zip(cnames, row[n:], strict=True))
    return out


def agenda(
    conn: Connection, owner: str, today: date, horizon_days: int, tz: tzinfo | None = None
) -> Agenda:
    """Indexed candidate queries (next_due, month-day columns, due_date), then the pure
    ``build_agenda`` decides: the SQL only has to return a superset. The ``next_due`` key
    counts from the UTC day, so its window is widened by the slack and the domain
    recomputes each candidate's due date in ``tz``."""
    due_limit = (today + timedelta(days=DUE_SOON_DAYS + DUE_KEY_SLACK_DAYS)).isoformat()
    due = _agenda_contacts(conn, "due", owner=owner, limit=due_limit)
    ranges = _md_ranges(today, horizon_days)
    dated: dict[str, Obj] = {}
    for lo, hi in ranges:
        for key in ("birthday", "anniversary"):
            for c in _agenda_contacts(conn, key, owner=owner, lo=lo, hi=hi):
                dated.setdefault(str(c["id"]), c)
    lookup = {str(c["id"]): c for c in due} | dated
    events: list[Obj] = []
    for lo, hi in ranges:
        events += _agenda_children(conn, "life_event", lookup, owner=owner, lo=lo, hi=hi)
    rem_limit = (today + timedelta(days=horizon_days)).isoformat()
    reminders = _agenda_children(conn, "reminder", lookup, owner=owner, limit=rem_limit)
    # The same rows build_agenda would make from every object (tests/store check it), but
    # each part only sees its own candidates.
    return Agenda(
        today=today,
        horizon_days=horizon_days,
        stay_in_touch=stay_in_touch_rows(due, today, DUE_SOON_DAYS, tz),
        events=event_rows(dated.values(), events, today, horizon_days, lookup),
        reminders=reminder_rows(reminders, today, horizon_days, lookup),
    )
