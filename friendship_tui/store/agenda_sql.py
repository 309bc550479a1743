"""The agenda as top rows and exact counts, from indexed queries in plain SQL.

The dashboard and ``friendship today`` show each panel's first rows and how many there
are; a panel pulls more as it scrolls. So nothing here reads every due row of a big book:

- counts come from SQL over the indexed columns (``next_due``, the month-day columns,
  ``due_date``); snoozed, deceased and partial people are left out by ``NOT EXISTS``
  probes on their custom fields (by the indexed ``parent_id``), in the rows and in the
  counts alike;
- the stored ``next_due`` key counts from the UTC day while the user's due date counts
  from their local day (``domain.stay_in_touch``): the two differ by at most
  ``DUE_KEY_SLACK_DAYS``, so only contacts whose key lies that close to a boundary are
  checked row by row in Python with the user's zone;
- rows are read in key order a batch at a time, and a row is final once no unread
  candidate can sort before it; ties (same day) are read whole, then ordered by the
  domain's own row builders, which decide every row.

SQLAlchemy-free: every query is SQL text with ``:name`` parameters run on a DB-API
connection (``sqlite3``), so the first screen can read the agenda without importing
SQLAlchemy. PostgreSQL runs the same text through ``Runner`` in ``agenda_pg.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta, tzinfo
from typing import Any, Protocol

from ..domain.agenda import (
    DUE_SOON_DAYS,
    PANELS,
    Agenda,
    AgendaRow,
    PanelName,
    event_rows,
    reminder_rows,
    stay_in_touch_rows,
)
from ..domain.reserved_fields import DECEASED, PARTIAL
from ..domain.snooze import SNOOZE_KIND, SNOOZE_LABEL
from ..domain.stay_in_touch import DUE_KEY_SLACK_DAYS

Row = tuple[Any, ...]


class Runner(Protocol):
    """Runs one SQL text with named parameters and returns plain tuples."""

    def __call__(self, sql: str, params: Mapping[str, Any]) -> list[Row]: ...


def sqlite_runner(db: Any) -> Runner:
    """A ``Runner`` over a DB-API ``sqlite3.Connection`` (named ``:param`` style)."""

    def run(sql: str, params: Mapping[str, Any]) -> list[Row]:
        rows: list[Row] = db.execute(sql, dict(params)).fetchall()
        return rows

    return run


# --------------------------------------------------------------------------- SQL

CONTACT_COLS = (
    "id", "name", "is_archived", "stay_in_touch_frequency", "last_contacted_at",
    "stay_in_touch_topic", "birthday", "anniversary",
)  # fmt: skip
_C = ", ".join(f"c.{n}" for n in CONTACT_COLS)

# A contact left out of stay-in-touch and dates: a live "Deceased" field, or a live
# "Partial contact" field saying true (domain.reserved_fields).
INACTIVE = """EXISTS (SELECT 1 FROM custom_field f WHERE f.owned_by = :owner
    AND f.parent_id = c.id AND f.is_archived = :no
    AND (lower(trim(f.label)) = :deceased OR (lower(trim(f.label)) = :partial
         AND lower(trim(coalesce(f.value, ''))) IN ('true', '1', 'yes'))))"""
# Snoozed on :today: a live "Snoozed until" date field ending after today (domain.snooze).
SNOOZED = """EXISTS (SELECT 1 FROM custom_field f WHERE f.owned_by = :owner
    AND f.parent_id = c.id AND f.is_archived = :no AND f.kind = :snooze_kind
    AND lower(trim(f.label)) = :snooze
    AND trim(f.value) LIKE '____-__-__' AND trim(f.value) > :today)"""

_LIVE = "c.owned_by = :owner AND c.is_archived = :no"
_TRACKED = f"{_LIVE} AND c.next_due IS NOT NULL"
_SHOWN = f"NOT {INACTIVE} AND NOT {SNOOZED}"

SQL = {
    # stay in touch: candidates by key, the certain count, the boundary rows
    "due_rows": f"SELECT {_C}, c.next_due FROM contact c WHERE {_TRACKED} AND c.next_due <= :hi "
    f"AND {_SHOWN} ORDER BY c.next_due, c.id LIMIT :n",
    "due_counts": f"SELECT sum(CASE WHEN {SNOOZED} THEN 0 ELSE 1 END), "
    f"sum(CASE WHEN {SNOOZED} THEN 1 ELSE 0 END) FROM contact c "
    f"WHERE {_TRACKED} AND c.next_due <= :lo AND NOT {INACTIVE}",
    "due_edge": f"SELECT {_C}, CASE WHEN {SNOOZED} THEN 1 ELSE 0 END FROM contact c "
    f"WHERE {_TRACKED} AND c.next_due > :lo AND c.next_due <= :hi AND NOT {INACTIVE}",
    # yearly dates: one indexed month-day range scan per column
    "birthday": f"SELECT {_C}, c.birthday_md FROM contact c WHERE {_LIVE} "
    "AND c.birthday_md BETWEEN :lo AND :hi AND NOT {INACTIVE} {EXTRA} "
    "ORDER BY c.birthday_md LIMIT :n",
    "anniversary": f"SELECT {_C}, c.anniversary_md FROM contact c WHERE {_LIVE} "
    "AND c.anniversary_md BETWEEN :lo AND :hi AND NOT {INACTIVE} {EXTRA} "
    "ORDER BY c.anniversary_md LIMIT :n",
    "life_event": "SELECT e.id, e.parent_id, e.title, e.kind, e.occurred_at, e.recurring, "
    f"{_C}, e.occurred_md FROM life_event e JOIN contact c ON c.id = e.parent_id "
    f"WHERE e.owned_by = :owner AND e.is_archived = :no AND e.recurring = :yes AND {_LIVE} "
    "AND e.occurred_md BETWEEN :lo AND :hi AND NOT {INACTIVE} {EXTRA} "
    "ORDER BY e.occurred_md LIMIT :n",
    "reminder": "SELECT r.id, r.parent_id, r.message, r.due_date, r.completed, "
    f"{_C}, r.due_date FROM reminder r JOIN contact c ON c.id = r.parent_id "
    "WHERE r.owned_by = :owner AND r.is_archived = :no "
    "AND (r.completed = :no OR r.completed IS NULL) AND c.is_archived = :no "
    "AND r.due_date <= :hi {EXTRA} ORDER BY r.due_date LIMIT :n",
}
# the yearly and reminder scans also run as counts and as "this key only" (a tie group)
for _key in ("birthday", "anniversary", "life_event", "reminder"):
    SQL[_key] = SQL[_key].replace("{INACTIVE}", INACTIVE)
YEARLY_MD = {"birthday": "c.birthday_md", "anniversary": "c.anniversary_md"}
YEARLY_MD["life_event"] = "e.occurred_md"
RAW = {"birthday": "c.birthday", "anniversary": "c.anniversary", "life_event": "e.occurred_at"}
ALL = 2**62  # LIMIT for "every row" (SQLite and PostgreSQL alike)
ORDER_COL = {**YEARLY_MD, "reminder": "r.due_date"}
FEB29 = "02-29"  # falls on Feb 28 in common years: placed by the domain, never by SQL


def _scan(key: str, extra: str = "") -> str:
    return SQL[key].replace("{EXTRA}", extra)


def _count(key: str, extra: str = "") -> str:
    body = _scan(key, extra)
    body = body[body.index(" FROM ") : body.index(" ORDER BY ")]
    return "SELECT count(*)" + body


# --------------------------------------------------------------------------- reading


class AgendaReader:
    """One agenda read: the window, the user's zone and the queries' runner."""

    def __init__(
        self, run: Runner, owner: str, today: date, horizon_days: int, tz: tzinfo | None
    ) -> None:
        self.run = run
        self.today = today
        self.horizon_days = horizon_days
        self.tz = tz
        self.params: dict[str, Any] = {
            "owner": owner, "no": False, "yes": True, "today": today.isoformat(),
            "deceased": DECEASED.label.casefold(), "partial": PARTIAL.label.casefold(),
            "snooze": SNOOZE_LABEL.casefold(), "snooze_kind": SNOOZE_KIND,
        }  # fmt: skip

    def _rows(self, sql: str, **params: Any) -> list[Row]:
        return self.run(sql, {**self.params, **params})

    # ------------------------------------------------------------ stay in touch

    def _due_window(self) -> tuple[str, str]:
        """Keys certainly in the window (<= lo) and possibly in it (<= hi)."""
        last = self.today + timedelta(days=DUE_SOON_DAYS)
        lo = (last - timedelta(days=DUE_KEY_SLACK_DAYS)).isoformat()
        hi = _iso_capped(last, DUE_KEY_SLACK_DAYS)
        return lo, hi

    def _stay(self, contacts: Iterable[Mapping[str, Any]]) -> list[AgendaRow]:
        return stay_in_touch_rows(contacts, self.today, DUE_SOON_DAYS, self.tz)

    def stay_counts(self) -> tuple[int, int]:
        """(rows the panel has, snoozed rows left out of it)."""
        lo, hi = self._due_window()
        [(shown, snoozed)] = self._rows(SQL["due_counts"], lo=lo)
        total, hidden = int(shown or 0), int(snoozed or 0)
        edge = self._rows(SQL["due_edge"], lo=lo, hi=hi)
        n = len(CONTACT_COLS)
        for row in edge:
            if self._stay([_contact(row)]):
                if row[n]:
                    hidden += 1
                else:
                    total += 1
        return total, hidden

    def stay_rows(self, need: int | None) -> list[AgendaRow]:
        """The panel's first ``need`` rows (None: all), most overdue first.

        Candidates come in key order; a row whose local due date lies more than the
        slack before the last key read cannot be passed by any unread candidate."""
        _, hi = self._due_window()
        batch = (need or 0) + 64
        while True:
            found = self._rows(SQL["due_rows"], hi=hi, n=ALL if need is None else batch)
            rows = self._stay(_contact(r) for r in found)
            if need is None or len(found) < batch:
                return rows if need is None else rows[:need]
            last_key = str(found[-1][len(CONTACT_COLS)])
            if last_key:
                settled_before = date.fromisoformat(last_key) - timedelta(DUE_KEY_SLACK_DAYS)
                settled = [r for r in rows if r.date < settled_before]
                if len(settled) >= need:
                    return settled[:need]
            batch *= 4

    # ------------------------------------------------------------ dates and reminders

    def _ranges(self) -> list[tuple[str, str]]:
        """Month-day ranges covering ``[today, today+horizon]`` in date order (split at
        New Year; a year or more is every day once, from today round to yesterday)."""
        if self.horizon_days >= 365:
            if (self.today.month, self.today.day) == (1, 1):
                return [("01-01", "12-31")]
            return [(_md(self.today), "12-31"), ("01-01", _md(self.today - timedelta(1)))]
        end = self.today + timedelta(days=self.horizon_days)
        if end.year == self.today.year:
            return [(_md(self.today), _md(end))]
        return [(_md(self.today), "12-31"), ("01-01", _md(end))]

    def _plain(self, key: str) -> str:
        """Rows whose month-day order is their date order: not Feb 29 (Feb 28 in common
        years) and not dated in a later year (no occurrence before that year)."""
        return f"AND {ORDER_COL[key]} <> '{FEB29}' AND substr({RAW[key]}, 1, 4) <= :year"

    def _odd(self, key: str) -> list[Row]:
        """The few rows the domain places by itself: Feb 29 and later-year dates."""
        extra = f"AND ({ORDER_COL[key]} = '{FEB29}' OR substr({RAW[key]}, 1, 4) > :year)"
        out: dict[Any, Row] = {}
        for lo, hi in [*self._ranges(), (FEB29, FEB29)]:
            for r in self._rows(_scan(key, extra), n=ALL, lo=lo, hi=hi, year=self._year):
                out.setdefault(r[0], r)
        return list(out.values())

    @property
    def _year(self) -> str:
        return f"{self.today.year:04d}"

    def _tied(self, key: str, extra: str, need: int | None, **params: Any) -> list[Row]:
        """The first ``need`` rows in key order, plus every row tied with the last one
        (their order among themselves is the domain's, by name)."""
        rows = self._rows(_scan(key, extra), n=ALL if need is None else need, **params)
        if need is None or len(rows) < need or not rows:
            return rows
        last = rows[-1][-1]
        seen = {r[0] for r in rows}
        tie = self._rows(
            _scan(key, f"{extra} AND {ORDER_COL[key]} = :last"), n=ALL, last=last, **params
        )
        return rows + [r for r in tie if r[0] not in seen]

    def _events_of(self, found: Iterable[tuple[str, Row]]) -> list[AgendaRow]:
        contacts: list[Mapping[str, Any]] = []
        events: list[Mapping[str, Any]] = []
        lookup: dict[str, Mapping[str, Any]] = {}
        for key, row in found:
            contact, event = _yearly_pair(key, row)
            lookup[str(contact["id"])] = contact
            if event is None:
                contacts.append(_only(contact, key))
            else:
                events.append(event)
        return event_rows(contacts, events, self.today, self.horizon_days, lookup)

    def event_rows(self, need: int | None) -> list[AgendaRow]:
        """Each source's first ``need`` in date order (a superset of its part of the
        panel's first ``need``) and its odd rows; the domain orders and cuts."""
        found: list[tuple[str, Row]] = []
        for key in YEARLY_MD:
            for lo, hi in self._ranges():
                plain = self._tied(key, self._plain(key), need, lo=lo, hi=hi, year=self._year)
                found += [(key, r) for r in plain]
            found += [(key, r) for r in self._odd(key)]
        rows = self._events_of(found)
        return rows if need is None else rows[:need]

    def event_count(self) -> int:
        total = 0
        odd: list[tuple[str, Row]] = []
        for key in YEARLY_MD:
            for lo, hi in self._ranges():
                sql = _count(key, self._plain(key))
                total += int(self._rows(sql, lo=lo, hi=hi, year=self._year)[0][0])
            odd += [(key, r) for r in self._odd(key)]
        return total + len(self._events_of(odd))

    def _reminder_hi(self) -> str:
        return _iso_capped(self.today, self.horizon_days)

    def reminder_rows(self, need: int | None) -> list[AgendaRow]:
        found = self._tied("reminder", "", need, hi=self._reminder_hi())
        lookup: dict[str, Mapping[str, Any]] = {}
        reminders = []
        n = len(REMINDER_COLS)
        for r in found:
            reminders.append(dict(zip(REMINDER_COLS, r[:n], strict=True)))
            lookup.setdefault(str(r[1]), _contact(r[n:]))
        rows = reminder_rows(reminders, self.today, self.horizon_days, lookup)
        return rows if need is None else rows[:need]

    def reminder_count(self) -> int:
        return int(self._rows(_count("reminder"), hi=self._reminder_hi())[0][0])

    # ------------------------------------------------------------ the panels

    def panel(self, panel: PanelName, need: int | None) -> list[AgendaRow]:
        read: dict[str, Callable[[int | None], list[AgendaRow]]] = {
            "stay_in_touch": self.stay_rows,
            "events": self.event_rows,
            "reminders": self.reminder_rows,
        }
        return read[panel](need)

    def agenda(self, limit: int | None) -> Agenda:
        stay = self.stay_rows(limit)
        events = self.event_rows(limit)
        reminders = self.reminder_rows(limit)
        stay_total, snoozed = self.stay_counts()
        if limit is None:
            totals = {"stay_in_touch": len(stay), "events": len(events)}
            totals["reminders"] = len(reminders)
        else:
            totals = {"stay_in_touch": stay_total, "events": self.event_count()}
            totals["reminders"] = self.reminder_count()
        return Agenda(
            today=self.today,
            horizon_days=self.horizon_days,
            stay_in_touch=stay,
            events=events,
            reminders=reminders,
            snoozed=snoozed,
            totals={p: totals[p] for p in PANELS},
        )


REMINDER_COLS = ("id", "parent_id", "message", "due_date", "completed")
EVENT_COLS = ("id", "parent_id", "title", "kind", "occurred_at", "recurring")


def _md(d: date) -> str:
    return f"{d.month:02d}-{d.day:02d}"


def _iso_capped(start: date, days: int) -> str:
    """``start + days`` as ISO text; past the calendar's end, the last day there is."""
    try:
        return (start + timedelta(days=days)).isoformat()
    except OverflowError:
        return date.max.isoformat()


def _contact(row: Row) -> dict[str, Any]:
    return dict(zip(CONTACT_COLS, row[: len(CONTACT_COLS)], strict=True))


def _only(contact: Mapping[str, Any], field: str) -> dict[str, Any]:
    """The contact with only ``field`` of its yearly dates, so a birthday scan does not
    also yield its anniversary (the anniversary scan does, in its own order)."""
    other = "anniversary" if field == "birthday" else "birthday"
    return {**contact, other: None}


def _yearly_pair(key: str, row: Row) -> tuple[Mapping[str, Any], Mapping[str, Any] | None]:
    if key == "life_event":
        n = len(EVENT_COLS)
        return _contact(row[n:]), dict(zip(EVENT_COLS, row[:n], strict=True))
    return _contact(row), None


def read_agenda(
    db: Any,
    owner: str,
    today: date,
    horizon_days: int,
    tz: tzinfo | None,
    limit: int | None,
) -> Agenda:
    """The agenda from a DB-API ``sqlite3.Connection``: each panel's first ``limit`` rows
    (None: all) and exact totals; the caller checks the window first."""
    return AgendaReader(sqlite_runner(db), owner, today, horizon_days, tz).agenda(limit)


def read_agenda_rows(
    db: Any,
    owner: str,
    panel: PanelName,
    today: date,
    horizon_days: int,
    tz: tzinfo | None,
    offset: int,
    limit: int,
) -> list[AgendaRow]:
    """Rows ``[offset, offset+limit)`` of one panel from a ``sqlite3.Connection``."""
    reader = AgendaReader(sqlite_runner(db), owner, today, horizon_days, tz)
    return reader.panel(panel, offset + limit)[offset : offset + limit]
