"""The agenda as top rows and exact counts, from indexed queries in plain SQL.

The dashboard and ``friendship today`` show each panel's first rows and how many there
are; a panel pulls more as it scrolls. So nothing here reads every due row of a big book:

- counts come from SQL over the indexed columns (``next_due``, the month-day columns,
  ``due_date``); snoozed, deceased and partial people are left out by ``NOT EXISTS``
  probes on their custom fields (by the indexed ``parent_id``), in the rows and in the
  counts alike;
- the stay-in-touch count is a few index ranges of the last talk per frequency, cut at
  the user's local midnight (``agenda_due.py``); the stored ``next_due`` key counts
  from the UTC day, so it only orders the candidates of the first rows, within
  ``DUE_KEY_SLACK_DAYS`` of their local due dates;
- rows are read in key order up to the key of the ``need``-th row (from the index); of
  that last day only the first by the domain's order within a day are kept
  (``agenda_order.py``), and the domain's own row builders decide every row shown.

SQLAlchemy-free: every query is SQL text with ``:name`` parameters run on a DB-API
connection (``sqlite3``), so the first screen can read the agenda without importing
SQLAlchemy. PostgreSQL runs the same text through ``Runner`` in ``agenda_pg.py``.
"""

from __future__ import annotations

import heapq
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
    stay_order,
)
from ..domain.reserved_fields import DECEASED, PARTIAL, inactive_ids
from ..domain.snooze import SNOOZE_KIND, is_snoozed, snooze_by_contact
from ..domain.stay_in_touch import DUE_KEY_SLACK_DAYS
from .agenda_due import due_spans, odd_sql, spans_sql
from .agenda_order import DAY_COLS, first_of_day, head, panel_key

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

_LIVE = "c.owned_by = :owner AND c.is_archived = :no"
_TRACKED = f"{_LIVE} AND c.next_due IS NOT NULL"

SQL = {
    # Reserved fields that may leave a contact out (deceased, partial, snoozed): read by
    # the indexed kind, so the cost follows how many such fields there are; which ones
    # count is the domain's rule (reserved_fields, snooze).
    "flags": "SELECT f.parent_id, f.label, f.kind, f.value, f.is_archived FROM custom_field f "
    "{HINT} WHERE f.owned_by = :owner AND f.kind IN (:date_kind, :bool_kind) "
    "AND f.is_archived = :no",
    # stay in touch: candidates in key order, the certain counts, the boundary rows
    "due_rows": f"SELECT {_C}, c.next_due FROM contact c WHERE {_TRACKED} "
    "AND c.next_due <= :hi {EXTRA} ORDER BY c.next_due LIMIT :n",
    # due: never contacted; and, when agenda_due.py has no ranges for the zone, by the
    # key's slack: certainly (the key <= lo) or per distinct pair near the boundary
    "due_never": f"SELECT count(*) FROM contact c WHERE {_TRACKED} AND c.next_due = ''",
    "due_certain": f"SELECT count(*) FROM contact c WHERE {_TRACKED} "
    "AND c.next_due > '' AND c.next_due <= :lo",
    "due_edge": "SELECT c.last_contacted_at, c.stay_in_touch_frequency, count(*) "
    f"FROM contact c WHERE {_TRACKED} AND c.next_due > :lo AND c.next_due <= :hi "
    "GROUP BY c.last_contacted_at, c.stay_in_touch_frequency",
    # yearly dates: one indexed month-day range scan per column
    "birthday": f"SELECT {_C}, c.birthday_md FROM contact c WHERE {_LIVE} "
    "AND c.birthday_md BETWEEN :lo AND :hi {EXTRA} ORDER BY c.birthday_md LIMIT :n",
    "anniversary": f"SELECT {_C}, c.anniversary_md FROM contact c WHERE {_LIVE} "
    "AND c.anniversary_md BETWEEN :lo AND :hi {EXTRA} ORDER BY c.anniversary_md LIMIT :n",
    "life_event": "SELECT e.id, e.parent_id, e.title, e.kind, e.occurred_at, e.recurring, "
    f"{_C}, e.occurred_md FROM life_event e JOIN contact c ON c.id = e.parent_id "
    f"WHERE e.owned_by = :owner AND e.is_archived = :no AND e.recurring = :yes AND {_LIVE} "
    "AND e.occurred_md BETWEEN :lo AND :hi {EXTRA} ORDER BY e.occurred_md LIMIT :n",
    "reminder": "SELECT r.id, r.parent_id, r.message, r.due_date, r.completed, "
    f"{_C}, r.due_date FROM reminder r JOIN contact c ON c.id = r.parent_id "
    "WHERE r.owned_by = :owner AND r.is_archived = :no "
    "AND (r.completed = :no OR r.completed IS NULL) AND c.is_archived = :no "
    "AND r.due_date <= :hi {EXTRA} ORDER BY r.due_date LIMIT :n",
}
# Counts of a child panel without the join, so the covering indexes (migration 0007)
# answer them alone: every live row in the window, less those of archived contacts
# (read from the few archived contacts by ``parent_id``). ``parent_id`` is required,
# set once and names a contact of the same owner (store/writes.check_refs, foreign
# keys on), so these are exactly the rows the join leaves out.
CHILD_WINDOW = {
    "life_event": ("e", "e.recurring = :yes AND e.occurred_md BETWEEN :lo AND :hi"),
    "reminder": ("r", "(r.completed = :no OR r.completed IS NULL) AND r.due_date <= :hi"),
}
CHILD_COUNTS = {
    "all": "SELECT count(*) FROM {table} {a} "
    "WHERE {a}.owned_by = :owner AND {a}.is_archived = :no AND {window} {EXTRA}",
    # CROSS JOIN: from the (few) archived contacts to their rows, never the other way
    "archived_parent": "SELECT count(*) FROM contact c CROSS JOIN {table} {a} "
    "WHERE c.owned_by = :owner AND c.is_archived = :yes AND {a}.owned_by = :owner "
    "AND {a}.parent_id = c.id AND {a}.is_archived = :no AND {window} {EXTRA}",
}
# the scans also run as counts, as "this key only" (a tie group) and for a few ids
ID_CHUNK = 500  # ids per IN (...): under every database's parameter limit
YEARLY_MD = {"birthday": "c.birthday_md", "anniversary": "c.anniversary_md"}
YEARLY_MD["life_event"] = "e.occurred_md"
RAW = {"birthday": "c.birthday", "anniversary": "c.anniversary", "life_event": "e.occurred_at"}
ALL = 2**62  # LIMIT for "every row" (SQLite and PostgreSQL alike)
ORDER_COL = {**YEARLY_MD, "reminder": "r.due_date"}
ROW_ID = {"birthday": "c.id", "anniversary": "c.id", "life_event": "e.id", "reminder": "r.id"}
FEB29 = "02-29"  # falls on Feb 28 in common years: placed by the domain, never by SQL


def _scan(key: str, extra: str = "") -> str:
    return SQL[key].replace("{EXTRA}", extra)


def _count(key: str, extra: str = "") -> str:
    body = _scan(key, extra)
    body = body[body.index(" FROM ") : body.index(" ORDER BY ")]
    return "SELECT count(*)" + body


def _child_counts(key: str, extra: str = "") -> list[tuple[int, str]]:
    """(sign, SQL) of the counts whose sum is ``_count(key, extra)`` for a child panel."""
    alias, window = CHILD_WINDOW[key]
    texts = {
        part: sql.format(table=key, a=alias, window=window, EXTRA=extra)
        for part, sql in CHILD_COUNTS.items()
    }
    return [(1, texts["all"]), (-1, texts["archived_parent"])]


# --------------------------------------------------------------------------- reading


class AgendaReader:
    """One agenda read: the window, the user's zone and the queries' runner."""

    def __init__(
        self,
        run: Runner,
        owner: str,
        today: date,
        horizon_days: int,
        tz: tzinfo | None,
        *,
        sqlite: bool = True,
    ) -> None:
        self.run = run
        self.sqlite = sqlite
        self.today = today
        self.horizon_days = horizon_days
        self.tz = tz
        self.params: dict[str, Any] = {"owner": owner, "no": False, "yes": True}
        self._flags: tuple[set[str], set[str]] | None = None

    def _rows(self, sql: str, **params: Any) -> list[Row]:
        return self.run(sql, {**self.params, **params})

    def flags(self) -> tuple[set[str], set[str]]:
        """(inactive contacts: deceased or partial; contacts snoozed today)."""
        if self._flags is None:
            kinds = {"date_kind": DECEASED.kind, "bool_kind": PARTIAL.kind}
            assert SNOOZE_KIND in kinds.values()  # the one indexed read finds all three
            names = ("parent_id", "label", "kind", "value", "is_archived")
            # SQLite's planner, seeing a few kinds each on half the fields, would scan
            hint = "INDEXED BY ix_custom_field_f_kind" if self.sqlite else ""
            sql = SQL["flags"].replace("{HINT}", hint)
            fields = [dict(zip(names, r, strict=True)) for r in self._rows(sql, **kinds)]
            inactive = inactive_ids(fields)
            until = snooze_by_contact(f for f in fields if f["kind"] == SNOOZE_KIND)
            snoozed = {cid for cid, day in until.items() if is_snoozed(day, self.today)}
            self._flags = inactive, snoozed
        return self._flags

    def _of_ids(self, key: str, ids: Iterable[str], extra: str = "", **params: Any) -> list[Row]:
        """Every row of scan ``key`` belonging to the contacts ``ids`` (a few)."""
        wanted = sorted(ids)
        out: list[Row] = []
        for start in range(0, len(wanted), ID_CHUNK):
            chunk = wanted[start : start + ID_CHUNK]
            names = {f"id{i}": cid for i, cid in enumerate(chunk)}
            marks = ", ".join(f":{n}" for n in names)
            sql = _scan(key, f"{extra} AND c.id IN ({marks})")
            out += self._rows(sql, n=ALL, **names, **params)
        return out

    def _of_row_ids(self, key: str, ids: list[Any], extra: str, **params: Any) -> list[Row]:
        """The rows of scan ``key`` with these row ids (its first column), a few."""
        out: list[Row] = []
        for start in range(0, len(ids), ID_CHUNK):
            names = {f"r{i}": rid for i, rid in enumerate(ids[start : start + ID_CHUNK])}
            marks = ", ".join(f":{n}" for n in names)
            sql = _scan(key, f"{extra} AND {ROW_ID[key]} IN ({marks})")
            out += self._rows(sql, n=ALL, **names, **params)
        return out

    # ------------------------------------------------------------ stay in touch

    def _due_bounds(self) -> dict[str, str]:
        """Keys certainly in the window (<= lo) and possibly in it (<= hi): the local due
        date is within the slack of the stored key."""
        last = self.today + timedelta(days=DUE_SOON_DAYS)
        return {
            "lo": (last - timedelta(days=DUE_KEY_SLACK_DAYS)).isoformat(),
            "hi": _iso_capped(last, DUE_KEY_SLACK_DAYS),
        }

    def _stay(self, contacts: Iterable[Mapping[str, Any]]) -> list[AgendaRow]:
        return stay_in_touch_rows(contacts, self.today, DUE_SOON_DAYS, self.tz)

    def stay_counts(self) -> tuple[int, int]:
        """(rows the panel has, snoozed rows left out of it): every tracked contact
        certainly in the window counted from the index, the boundary ones checked here,
        less the few left out (deceased, partial, snoozed), whose rows are read."""
        inactive, snoozed = self.flags()
        bounds = self._due_bounds()
        spans = due_spans(self.today + timedelta(days=DUE_SOON_DAYS), self.tz)
        total = int(self._rows(SQL["due_never"])[0][0])  # no talk (or none readable): due
        if spans is None:  # by the key's slack, the band looked at row by row
            total += int(self._rows(SQL["due_certain"], **bounds)[0][0])
            odd = self._rows(SQL["due_edge"], **bounds)
        else:
            sql, params = spans_sql(_LIVE, spans, self.sqlite)
            total += int(self._rows(sql, **params)[0][0])
            odd = self._rows(odd_sql(_LIVE, self.sqlite), **bounds)
        for last, freq, n in odd:
            pair = {"id": "", "last_contacted_at": last, "stay_in_touch_frequency": freq}
            total += int(n) * len(self._stay([pair]))
        left_out = inactive | snoozed
        found = self._of_ids("due_rows", left_out, hi=bounds["hi"])
        due = {r.contact_id for r in self._stay(_contact(r) for r in found)}
        hidden = len(due & snoozed - inactive)
        return total - len(due), hidden

    def stay_rows(self, need: int | None) -> list[AgendaRow]:
        """The panel's first ``need`` rows (None: all), most overdue first.

        Contacts with a last talk come in key order until the key passes the ``need``-th
        row's local due date by the slack (no unread one can come before it). Those
        never contacted (key "") are due today: read only when the page reaches today.
        """
        if need == 0:
            return []
        inactive, snoozed = self.flags()
        left_out = inactive | snoozed
        hi = self._due_bounds()["hi"]
        batch = ALL if need is None else need + len(left_out) + 64
        while True:
            found = self._rows(_scan("due_rows", "AND c.next_due > ''"), hi=hi, n=batch)
            rows = self._stay(c for r in found if (c := _contact(r))["id"] not in left_out)
            if need is None or len(found) < batch:
                break
            if len(rows) >= need:
                last_key = date.fromisoformat(str(found[-1][len(CONTACT_COLS)]))
                if last_key - timedelta(DUE_KEY_SLACK_DAYS) > rows[need - 1].date:
                    break
                # every key up to the slack past the need-th row, and none after it
                upto = min(hi, _iso_capped(rows[need - 1].date, DUE_KEY_SLACK_DAYS))
                found = self._rows(_scan("due_rows", "AND c.next_due > ''"), hi=upto, n=ALL)
                rows = self._stay(c for r in found if (c := _contact(r))["id"] not in left_out)
                break
            batch *= 4
        if need is None or len(rows) < need or rows[need - 1].days >= 0:
            never = self._rows(_scan("due_rows", "AND c.next_due = ''"), hi=hi, n=ALL)
            shown = [c for r in never if (c := _contact(r))["id"] not in left_out]
            rows = sorted([*self._stay(shown), *rows], key=stay_order)
        return rows if need is None else rows[:need]

    # ------------------------------------------------------------ dates and reminders

    def _ranges(self) -> list[tuple[str, str, str]]:
        """Month-day ranges covering ``[today, today+horizon]`` in date order, each with
        the year its days fall in (split at New Year; a year or more is every day once,
        from today round to yesterday)."""
        this, nxt = f"{self.today.year:04d}", f"{self.today.year + 1:04d}"
        if self.horizon_days >= 365:
            if (self.today.month, self.today.day) == (1, 1):
                return [("01-01", "12-31", this)]
            yesterday = _md(self.today - timedelta(1))
            return [(_md(self.today), "12-31", this), ("01-01", yesterday, nxt)]
        end = self.today + timedelta(days=self.horizon_days)
        if end.year == self.today.year:
            return [(_md(self.today), _md(end), this)]
        return [(_md(self.today), "12-31", this), ("01-01", _md(end), nxt)]

    def _plain(self, key: str) -> str:
        """Rows placed by their month-day alone: not Feb 29 (Feb 28 in common years), and
        dated no later than the range's year (no occurrence before a date's own year).

        On SQLite the year test is one comparison of the text (below the year followed
        by a byte no UTF-8 text holds: exactly "its first four characters <= year"),
        not a function called on every index entry the counts walk; PostgreSQL's
        collations do not compare bytes, so it keeps ``substr``."""
        year = f"{RAW[key]} < :year || CAST(x'FF' AS TEXT)" if self.sqlite else ""
        year = year or f"substr({RAW[key]}, 1, 4) <= :year"
        return f"AND {ORDER_COL[key]} <> '{FEB29}' AND {year}"

    def _odd(self, key: str) -> list[Row]:
        """Feb 29 dates, when the window reaches Feb 28 or 29: the domain places them."""
        if not any(lo <= "02-28" <= hi or lo <= FEB29 <= hi for lo, hi, _ in self._ranges()):
            return []
        extra = f"AND {ORDER_COL[key]} = '{FEB29}'"
        return self._rows(_scan(key, extra), n=ALL, lo=FEB29, hi=FEB29)

    def _head(self, key: str, extra: str, need: int | None, **params: Any) -> list[Row]:
        """The first ``need`` rows of one source in the panel's order: the ``need``-th
        key from the index, then the rows up to it, the last day cut by name."""
        if need is None or need == 0:
            return self._rows(_scan(key, extra), n=ALL if need is None else 0, **params)
        body = _scan(key, extra)
        col = ORDER_COL[key]
        edge = f"SELECT {col}{body[body.index(' FROM ') : body.index(' LIMIT ')]}"
        last = self._rows(f"{edge} LIMIT 1 OFFSET :skip", skip=need - 1, **params)
        if not last:  # fewer than need: all of them
            return self._rows(body, n=ALL, **params)
        day = last[0][0]
        before = self._rows(_scan(key, f"{extra} AND {col} < :last"), n=ALL, last=day, **params)
        # the last day: its sort keys only, then whole rows for the ids kept
        on_day = f"{extra} AND {col} = :last"
        narrow = _scan(key, on_day)
        narrow = (
            f"SELECT {DAY_COLS[key]}{narrow[narrow.index(' FROM ') : narrow.index(' ORDER BY ')]}"
        )
        keep = first_of_day(key, self._rows(narrow, last=day, **params), need - len(before))
        kept = self._of_row_ids(key, keep, on_day, last=day, **params)
        return head(key, [*before, *kept], day, need)

    def _events_of(self, found: Iterable[tuple[str, Row]]) -> list[AgendaRow]:
        """The domain's rows of these candidates, deceased and partial people left out."""
        contacts: list[Mapping[str, Any]] = []
        events: list[Mapping[str, Any]] = []
        lookup: dict[str, Mapping[str, Any]] = {}
        inactive = self.flags()[0]
        for key, row in found:
            contact, event = _yearly_pair(key, row)
            if contact["id"] in inactive:
                continue
            lookup[str(contact["id"])] = contact
            if event is None:
                contacts.append(_only(contact, key))
            else:
                events.append(event)
        return event_rows(contacts, events, self.today, self.horizon_days, lookup)

    def event_rows(self, need: int | None) -> list[AgendaRow]:
        """Each source's first ``need`` in date order, deceased and partial people left
        out in SQL (one of them may have many rows), the first ``need`` of them all and
        the odd rows; the domain builds, orders and cuts."""
        plain: list[tuple[tuple[Any, ...], str, Row]] = []
        odd: list[tuple[str, Row]] = []
        inactive, take = sorted(self.flags()[0]), need
        if len(inactive) > ID_CHUNK:  # too many to name: read every row
            inactive, take = [], None
        names = {f"x{i}": cid for i, cid in enumerate(inactive)}
        extra = f" AND c.id NOT IN ({', '.join(f':{n}' for n in names)})" if names else ""
        for key in YEARLY_MD:
            for i, (lo, hi, year) in enumerate(self._ranges()):
                where = self._plain(key) + extra
                head = self._head(key, where, take, lo=lo, hi=hi, year=year, **names)
                plain += [((i, r[-1], *panel_key(key, r)), key, r) for r in head]
            odd += [(key, r) for r in self._odd(key)]
        if take is not None:
            plain = heapq.nsmallest(take, plain, key=lambda ranked: ranked[0])
        rows = self._events_of([*((key, r) for _, key, r in plain), *odd])
        return rows if need is None else rows[:need]

    def event_count(self) -> int:
        """Rows in the month-day ranges from the index, less those of deceased and
        partial people, plus the odd rows the domain places."""
        total = 0
        odd: list[tuple[str, Row]] = []
        inactive = self.flags()[0]
        for key in YEARLY_MD:
            for lo, hi, year in self._ranges():
                plain = self._plain(key)
                params = {"lo": lo, "hi": hi, "year": year}
                total += self._counted(key, plain, **params)
                total -= len(self._of_ids(key, inactive, plain, **params))
            odd += [(key, r) for r in self._odd(key)]
        return total + len(self._events_of(odd))

    def _reminder_hi(self) -> str:
        return _iso_capped(self.today, self.horizon_days)

    def reminder_rows(self, need: int | None) -> list[AgendaRow]:
        found = self._head("reminder", "", need, hi=self._reminder_hi())
        lookup: dict[str, Mapping[str, Any]] = {}
        reminders = []
        n = len(REMINDER_COLS)
        for r in found:
            reminders.append(dict(zip(REMINDER_COLS, r[:n], strict=True)))
            lookup.setdefault(str(r[1]), _contact(r[n:]))
        rows = reminder_rows(reminders, self.today, self.horizon_days, lookup)
        return rows if need is None else rows[:need]

    def reminder_count(self) -> int:
        return self._counted("reminder", "", hi=self._reminder_hi())

    def _counted(self, key: str, extra: str, **params: Any) -> int:
        """Rows of scan ``key`` in its window, counted from its covering index."""
        if key not in CHILD_WINDOW:
            return int(self._rows(_count(key, extra), **params)[0][0])
        parts = _child_counts(key, extra)
        return sum(sign * int(self._rows(sql, **params)[0][0]) for sign, sql in parts)

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
