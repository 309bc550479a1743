"""The agenda as top rows and exact counts, from indexed queries in plain SQL.

The dashboard and ``friendship today`` show each panel's first rows and how many there
are; a panel pulls more as it scrolls. So nothing here reads every due row of a big book:

- counts come, on a SQLite book at revision 0009, from the bucket counts its triggers
  keep (``agenda_counts.py``, read by ``agenda_tallies.py``: a sum over the window's
  buckets and one small count of the bucket at its edge), elsewhere from SQL over the
  indexed columns (``next_due``, the month-day columns, ``due_date``); deceased,
  partial and snoozed people and the children of archived contacts are subtracted, the
  few rows they have read by id;
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

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta, tzinfo
from functools import partial
from typing import Any, Protocol

from ..domain.agenda import (
    DUE_SOON_DAYS,
    PANELS,
    Agenda,
    AgendaRow,
    PanelName,
    stay_in_touch_rows,
    stay_order,
)
from ..domain.reserved_labels import DECEASED, PARTIAL
from ..domain.snooze import SNOOZE_KIND, is_snoozed, snooze_by_contact
from ..domain.stay_in_touch import DUE_KEY_SLACK_DAYS
from .agenda_due import due_spans, odd_sql, spans_sql
from .agenda_edge import MAX_GONE, edge_of_keys, edge_sql
from .agenda_order import DAY_COLS, first_of_day, winners
from .agenda_queries import (
    _LIVE,
    ALL,
    BIRTHDAY_COUNT_SQL,
    CHILD_WINDOW,
    FEB29,
    ID_CHUNK,
    ORDER_COL,
    RAW,
    SQL,
    YEARLY_MD,
    _child_counts,
    _contact,
    _count,
    _iso_capped,
    _scan,
    events_of,
    id_chunks,
    ids_of,
    md_ranges,
    reminders_of,
    stays_of,
    whole_rows,
)
from .agenda_stay import handles_sql, narrow_sql, pick
from .agenda_stay import rest_rows as stay_rest
from .agenda_tallies import REMINDERS_BEFORE, YEARLY, Part, has_counts, stay_sql, tallies

Row = tuple[Any, ...]


class Runner(Protocol):
    """Runs one SQL text with named parameters and returns plain tuples."""

    def __call__(self, sql: str, params: Mapping[str, Any]) -> list[Row]: ...


def sqlite_runner(db: Any) -> Runner:
    """A ``Runner`` over a DB-API ``sqlite3.Connection`` (named ``:param`` style)."""

    def run(sql: str, params: Mapping[str, Any]) -> list[Row]:
        bound = params if type(params) is dict else dict(params)  # sqlite3 takes a dict
        rows: list[Row] = db.execute(sql, bound).fetchall()
        return rows

    return run


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
        tallied: bool | None = None,
    ) -> None:
        self.run = run
        self.sqlite = sqlite
        self.today = today
        self.horizon_days = horizon_days
        self.tz = tz
        self.params: dict[str, Any] = {"owner": owner, "no": False, "yes": True}
        self._flags: tuple[set[str], set[str]] | None = None
        # known by a caller that opened the book at the newest revision (Store.open's
        # plain ``sqlite3`` path): then no look at ``sqlite_master`` on every read
        self._tallied: bool | None = tallied if sqlite else False
        # a child panel's rows of archived contacts in its window, when a count read them
        # (``event_count``, ``reminder_count``): none means no edge reads them again
        self._archived: dict[str, int] = {}
        self._ids = partial(ids_of, self._rows)  # a tie group's ids (agenda_order._cut)

    def tallied(self) -> bool:
        """Whether totals come from the bucket counts (agenda_tallies.py): SQLite books
        at revision 0009 or later."""
        if self._tallied is None:
            self._tallied = self.sqlite and has_counts(self._rows)
        return self._tallied

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
            inactive: set[str] = set()
            if fields:  # the domain's rules (and their module) only for fields there are
                from ..domain.reserved_fields import inactive_ids

                inactive = inactive_ids(fields)
            until = snooze_by_contact(f for f in fields if f["kind"] == SNOOZE_KIND)
            snoozed = {cid for cid, day in until.items() if is_snoozed(day, self.today)}
            self._flags = inactive, snoozed
        return self._flags

    def _of_ids(self, key: str, ids: Iterable[str], extra: str = "", **params: Any) -> list[Row]:
        """Every row of scan ``key`` belonging to the contacts ``ids`` (a few)."""
        out: list[Row] = []
        for names, marks in id_chunks(sorted(ids), "id"):
            sql = _scan(key, f"{extra} AND c.id IN ({marks})")
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

    def _stay_handles(
        self, need: int, left_out: set[str], hi: str
    ) -> tuple[list[Any], dict[Any, Row]]:
        """The handles of the candidates the first ``need`` rows can hold (``pick``),
        and each candidate's narrow row (handle, talk, frequency, key) by its handle."""
        gone: set[Any] = set(left_out)
        if self.sqlite and left_out:  # their rowids
            for names, marks in id_chunks(sorted(left_out), "id"):
                gone |= {r[0] for r in self._rows(handles_sql(True, marks), **names)}
        batch = need + len(left_out) + 64
        while True:
            narrow = self._rows(narrow_sql(self.sqlite), hi=hi, n=batch)
            picked, done = pick(narrow, need, gone, self.today, self.tz)
            if done or len(narrow) < batch:
                return picked, {r[0]: r for r in narrow}
            batch *= 4

    def stay_counts(self) -> tuple[int, int]:
        """(rows the panel has, snoozed rows left out of it): every tracked contact
        certainly in the window counted from the index, the boundary ones checked here,
        less the few left out (deceased, partial, snoozed), whose rows are read."""
        inactive, snoozed = self.flags()
        bounds = self._due_bounds()
        spans = due_spans(self.today + timedelta(days=DUE_SOON_DAYS), self.tz)
        never = "" if spans is not None and self.tallied() else SQL["due_never"]
        total = int(self._rows(never)[0][0]) if never else 0  # no talk (or none readable)
        if spans is None:  # by the key's slack, the band looked at row by row
            total += int(self._rows(SQL["due_certain"], **bounds)[0][0])
            odd = self._rows(SQL["due_edge"], **bounds)
        else:  # the ranges (and never contacted) from the buckets, or from the index
            sql, params = spans_sql(_LIVE, spans, self.sqlite) if never else stay_sql(_LIVE, spans)
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

        Contacts with a last talk: whole rows only for those ``agenda_stay.pick`` keeps
        from the index. Those never contacted (key "") are due today: read only when
        the page reaches today.
        """
        if need == 0:
            return []
        inactive, snoozed = self.flags()
        left_out = inactive | snoozed
        hi = self._due_bounds()["hi"]
        if need is None:
            found = self._rows(_scan("due_rows", "AND c.next_due > ''"), hi=hi, n=ALL)
        else:  # the candidates' keys and talks from the index, whole rows for the first
            picked, talks = self._stay_handles(need, left_out, hi)
            found = stay_rest(self._rows, self.sqlite, picked, talks)
        rows = stays_of(found, left_out, self.today, self.tz)
        if need is None or len(rows) < need or rows[need - 1].days >= 0:
            never = self._rows(_scan("due_rows", "AND c.next_due = ''"), hi=hi, n=ALL)
            shown = [c for r in never if (c := _contact(r))["id"] not in left_out]
            rows = sorted([*self._stay(shown), *rows], key=stay_order)
        return rows if need is None else rows[:need]

    # ------------------------------------------------------------ dates and reminders

    def _ranges(self) -> tuple[tuple[str, str, str], ...]:
        """Month-day ranges covering ``[today, today+horizon]`` (``md_ranges``)."""
        return md_ranges(self.today, self.horizon_days)

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
        day, first = self._edge_first(key, extra, need, **params)
        if day is None:  # fewer than need: all of them
            return self._rows(body, n=ALL, **params)
        # the scan's own upper bound moved to the day too: SQLite walks an index range
        # to the bound it picks (of ``<= :hi`` and ``< :last``), never past the day
        params = {**params, "hi": day}
        before: list[Row] = []
        if first != day:  # the first key read is the day's: no row before it to read
            before = self._rows(_scan(key, f"{extra} AND {col} < :last"), n=ALL, last=day, **params)
        # the last day: its sort keys only, then whole rows for the ids kept
        on_day = f"{extra} AND {col} = :last"
        narrow = _scan(key, on_day)
        narrow = (
            f"SELECT {DAY_COLS[key]}{narrow[narrow.index(' FROM ') : narrow.index(' ORDER BY ')]}"
        )
        day_keys = {r[-1]: (*r, day) for r in self._rows(narrow, last=day, **params)}
        keep = first_of_day(key, list(day_keys.values()), need - len(before), self._ids)
        # the day's first by the domain's order, ``need`` in all (the rows before the
        # day number fewer than ``need``); the domain orders them (``reminders_of``)
        return [*before, *whole_rows(self._rows, key, {seq: day_keys[seq] for seq in keep})]

    def _ranked(
        self, scans: dict[tuple[str, int], tuple[str, dict[str, Any]]], need: int
    ) -> dict[tuple[str, int], list[Row]]:
        """Each scan's candidates (``DAY_COLS`` and the day, in day order), up to the
        earliest of the sources' ``need``-th keys (the panel's is no later)."""
        if need <= 0:
            return {}
        edges = {s: self._edge_first(s[0], w, need, **p)[0] for s, (w, p) in scans.items()}
        bound = min(((i, day) for (_, i), day in edges.items() if day is not None), default=None)
        found: dict[tuple[str, int], list[Row]] = {}
        for (key, i), (where, params) in scans.items():
            if bound is not None and i > bound[0]:
                continue
            body, col = _scan(key, where), ORDER_COL[key]
            body = body[body.index(" FROM ") : body.index(" ORDER BY ")]
            # the scan's ``:hi`` moved to the bound: SQLite's index walk ends there
            upto = {"hi": bound[1]} if bound is not None and i == bound[0] else {}
            params = {**params, **upto}
            if params["lo"] == params["hi"]:  # one day: its rows need not read it
                day = (params["lo"],)
                found[key, i] = [
                    r + day for r in self._rows(f"SELECT {DAY_COLS[key]}{body}", **params)
                ]
                continue
            sql = f"SELECT {DAY_COLS[key]}, {col}{body}"
            found[key, i] = self._rows(f"{sql} ORDER BY {col}", **params)
        return found

    def _edge_first(self, key: str, extra: str, need: int, **params: Any) -> tuple[Any, Any]:
        """(the order key of scan ``key``'s ``need``-th row, None when it has fewer; a
        child panel's on SQLite without the join (``agenda_edge.py``), the first key of
        any row of the scan when the edge was found from the keys, else None): a first
        key equal to the edge means no row before it (the keys are every row's, archived
        contacts' too, in order)."""
        body = _scan(key, extra)
        col = ORDER_COL[key]
        sql = edge_sql(key, extra) if self.sqlite else None
        if sql is not None:
            gone = [] if self._archived.get(key) == 0 else self._rows(sql[0], **params)
            if not gone:  # the need-th key and the first: one row, not ``need``
                first, edge = self._rows(sql[2], skip=need - 1, **params)[0]
                return edge, first
            if len(gone) <= MAX_GONE:
                keys = self._rows(sql[1], n=need + len(gone), **params)
                return edge_of_keys(keys, gone, need), keys[0][0] if keys else None
        edge = f"SELECT {col}{body[body.index(' FROM ') : body.index(' LIMIT ')]}"
        last = self._rows(f"{edge} LIMIT 1 OFFSET :skip", skip=need - 1, **params)
        return (last[0][0] if last else None), None

    def _events_of(self, found: Iterable[tuple[str, Row]]) -> list[AgendaRow]:
        """The domain's rows of these candidates, deceased and partial people left out."""
        return events_of(found, self.flags()[0], self.today, self.horizon_days)

    def event_rows(self, need: int | None) -> list[AgendaRow]:
        """Each source's first ``need`` in date order, deceased and partial people left
        out in SQL (one of them may have many rows), the first ``need`` of them all and
        the odd rows; the domain builds, orders and cuts."""
        plain: list[tuple[str, Row]] = []
        odd: list[tuple[str, Row]] = []
        inactive, take = sorted(self.flags()[0]), need
        if len(inactive) > ID_CHUNK:  # too many to name: read every row
            inactive, take = [], None
        names = {f"x{i}": cid for i, cid in enumerate(inactive)}
        extra = f" AND c.id NOT IN ({', '.join(f':{n}' for n in names)})" if names else ""
        scans: dict[tuple[str, int], tuple[str, dict[str, Any]]] = {}
        for key in YEARLY_MD:
            for i, (lo, hi, year) in enumerate(self._ranges()):
                where = self._plain(key) + extra
                params = {"lo": lo, "hi": hi, "year": year, **names}
                if take is None:
                    head = self._head(key, where, None, **params)
                    plain += [(key, r) for r in head]
                    continue
                scans[key, i] = where, params
            odd += [(key, r) for r in self._odd(key)]
        if take is not None:  # whole rows for the first ``take`` across sources only
            found = self._ranked(scans, take)
            won: dict[tuple[str, int], set[Any]] = {}
            for scan, _, seq in winners(found, take, self._ids):
                won.setdefault(scan, set()).add(seq)
            for (key, i), seqs in won.items():
                keys = {r[-2]: r for r in found[key, i] if r[-2] in seqs}
                full = whole_rows(self._rows, key, keys)
                plain += [(key, r) for r in full]
        rows = self._events_of([*plain, *odd])
        return rows if need is None else rows[:need]

    def event_count(self) -> int:
        """Rows in the month-day ranges from the index, less those of deceased and
        partial people, plus the odd rows the domain places."""
        total = 0
        odd: list[tuple[str, Row]] = []
        inactive = self.flags()[0]
        parts: list[Part] = []  # the bucket sums and their corrections: one statement
        for key in YEARLY_MD:
            for lo, hi, year in self._ranges():
                plain = self._plain(key)
                params = {"lo": lo, "hi": hi, "year": year}
                if self.tallied():
                    parts.append((1, YEARLY, {"panel": key, **params}))
                    if key in CHILD_WINDOW:  # less the rows of archived contacts
                        sign, sql = _child_counts(key, plain)[1]
                        parts.append((sign, sql, params))
                elif key == "birthday" and self.sqlite:
                    total += int(self._rows(BIRTHDAY_COUNT_SQL, **params)[0][0])
                else:
                    total += self._counted(key, plain, **params)
                total -= len(self._of_ids(key, inactive, plain, **params))
            odd += [(key, r) for r in self._odd(key)]
        values = tallies(self._rows, parts)
        archived = [v for (_, sql, _), v in zip(parts, values, strict=True) if "CROSS JOIN" in sql]
        if self.tallied():  # the parts hold the archived contacts' rows (none: counted)
            self._archived["life_event"] = sum(archived)  # every range's, a wider window
        total += sum(sign * v for (sign, _, _), v in zip(parts, values, strict=True))
        return total + len(self._events_of(odd))

    def _reminder_hi(self) -> str:
        return _iso_capped(self.today, self.horizon_days)

    def reminder_rows(self, need: int | None) -> list[AgendaRow]:
        found = self._head("reminder", "", need, hi=self._reminder_hi())
        rows = reminders_of(found, self.today, self.horizon_days)
        return rows if need is None else rows[:need]

    def reminder_count(self) -> int:
        hi = self._reminder_hi()
        if not self.tallied():
            return self._counted("reminder", "", hi=hi)
        # the days before hi from their buckets, hi's own day counted here
        on_day = _child_counts("reminder", "AND r.due_date >= :hi")[0][1]
        sign, archived = _child_counts("reminder")[1]
        parts: list[Part] = [(1, REMINDERS_BEFORE, {"day": hi}), (1, on_day, {"hi": hi})]
        before, today, gone = tallies(self._rows, [*parts, (sign, archived, {"hi": hi})])
        self._archived["reminder"] = gone  # the rows' window: the same ``hi``
        return before + today + sign * gone

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
        stay_total, snoozed = self.stay_counts()
        if limit is not None:  # first: a count of no archived contacts' rows spares a read
            totals = {"stay_in_touch": stay_total, "events": self.event_count()}
            totals["reminders"] = self.reminder_count()
        stay = self.stay_rows(limit)
        events = self.event_rows(limit)
        reminders = self.reminder_rows(limit)
        if limit is None:
            totals = {"stay_in_touch": len(stay), "events": len(events)}
            totals["reminders"] = len(reminders)
        return Agenda(
            today=self.today,
            horizon_days=self.horizon_days,
            stay_in_touch=stay,
            events=events,
            reminders=reminders,
            snoozed=snoozed,
            totals={p: totals[p] for p in PANELS},
        )


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
