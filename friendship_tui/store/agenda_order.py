"""The order of agenda rows on one day, from the raw rows of a scan (store/agenda_sql.py).

A panel's first rows end inside a day that may hold hundreds of birthdays: the scan
reads that day's rows and keeps the first few by the domain's order within a day
(``domain.agenda``: the contact's name folded, the title, then the id), so the domain
builds a row for each kept one only. The keys here mirror those sort keys on the raw
columns; the domain still orders the kept rows itself.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from operator import itemgetter
from typing import Any

Row = tuple[Any, ...]
# where a scan's row holds its contact's name (agenda_queries.SQL)
_EVENT_NAME = 5
_REMINDER_NAME = 3


_NO_NAME = "(no name)"


def _name(value: Any) -> str:
    """``domain.agenda._name`` folded: the name, or the placeholder when empty."""
    return str(value or _NO_NAME).lower()


def _contact_key(row: Row) -> tuple[str, str]:
    return _name(row[1]), str(row[0])


def _event_key(row: Row) -> tuple[str, str, str]:
    title = str(row[2] or row[3] or "Life event")
    return _name(row[_EVENT_NAME]), title, str(row[0])


def _reminder_key(row: Row) -> tuple[str, str]:
    return _name(row[_REMINDER_NAME]), str(row[0])


IN_DAY: dict[str, Callable[[Row], tuple[str, ...]]] = {
    "birthday": _contact_key,
    "anniversary": _contact_key,
    "life_event": _event_key,
    "reminder": _reminder_key,
}


# The last day's sort keys alone (the id first), then the row's ``seq`` (the integer
# primary key: SQLite's rowid, in every index entry): a day holds hundreds of rows, so
# only these narrow columns are read for all of them, and whole rows for the kept ones
# only, by ``seq`` (one lookup each, not the id's unique index and then the row).
DAY_COLS = {
    "birthday": "c.id, c.name, c.seq",
    "anniversary": "c.id, c.name, c.seq",
    "life_event": "e.id, c.name, e.title, e.kind, e.seq",
    "reminder": "r.id, c.name, r.seq",
}


def _day_keys(key: str, rows: list[Row]) -> list[tuple[str, ...]]:
    """``IN_DAY``'s key on each row of ``DAY_COLS`` (id, name[, title, kind]), in one
    comprehension (a day holds hundreds of rows: no function call per row)."""
    if key == "life_event":
        return [
            (str(r[1] or _NO_NAME).lower(), str(r[2] or r[3] or "Life event"), str(r[0]))
            for r in rows
        ]
    return [(str(r[1] or _NO_NAME).lower(), str(r[0])) for r in rows]


def _first(key: str, day: list[Row], keep: int) -> list[Row]:
    """The first ``keep`` of a day's ``DAY_COLS`` rows by the domain's order."""
    if keep <= 0:
        return []
    keys = _day_keys(key, day)
    return [day[i] for i in sorted(range(len(day)), key=keys.__getitem__)[:keep]]


def first_of_day(key: str, day: list[Row], keep: int) -> list[Any]:
    """The ``seq`` of the first ``keep`` of a day's ``DAY_COLS`` rows by the domain's order."""
    return [r[-1] for r in _first(key, day, keep)]


Scan = tuple[str, int]  # (source, index of its month-day range)
_DAY = itemgetter(-1)


def winners(found: dict[Scan, list[Row]], take: int) -> list[tuple[Scan, Any, Any]]:
    """(scan, day, row ``seq``) of the events panel's first ``take`` candidates, as the
    smallest ``take`` by (range, day, ``panel_key``) would be, with sort keys for the edge day only.

    ``found``: each scan's rows of ``DAY_COLS`` plus the order column, in that order.
    The ``take``-th (range, day) is found from the days alone (strings sorted in C);
    every row before it is in, and of the rows on it (most of the hundreds a day of
    birthdays holds) only those are keyed by name, and the first by the panel's order
    kept."""
    ranges = sorted({i for _, i in found})
    edge: tuple[int, Any] | None = None
    left = take
    for i in ranges:
        days = [r[-1] for (_, j), rows in found.items() if j == i for r in rows]
        if len(days) >= left:
            days.sort()
            edge = (i, days[left - 1])
            break
        left -= len(days)
    out: list[tuple[Scan, Any, Any]] = []
    tied: list[tuple[Any, ...]] = []  # (name, title, source, id, seq): one day, one range
    for scan, rows in found.items():
        i = scan[1]
        if edge is None or i < edge[0]:
            out += [(scan, r[-1], r[-2]) for r in rows]
        elif i == edge[0]:
            lo = bisect_left(rows, edge[1], key=_DAY)
            hi = bisect_right(rows, edge[1], lo=lo, key=_DAY)
            out += [(scan, r[-1], r[-2]) for r in rows[:lo]]
            tied += _tie_keys(scan[0], rows[lo:hi])
    if edge is not None:
        tied.sort()  # the ids are unique within a source: no two keys reach the seq
        out += [((t[2], edge[0]), edge[1], t[-1]) for t in tied[: take - len(out)]]
    return out


def _tie_keys(key: str, rows: list[Row]) -> list[tuple[Any, ...]]:
    """``panel_key`` plus the ``seq`` of rows of ``DAY_COLS`` and the day (all on one
    day), one tuple a row in one comprehension (hundreds of rows)."""
    if key == "life_event":
        return [
            (str(r[1] or _NO_NAME).lower(), str(r[2] or r[3] or "Life event"), key,
             str(r[0]), r[-2])
            for r in rows
        ]  # fmt: skip
    title = _TITLES[key]
    return [(str(r[1] or _NO_NAME).lower(), title, key, str(r[0]), r[-2]) for r in rows]


def head(key: str, rows: list[Row], last: Any, need: int) -> list[Row]:
    """Of rows in key order up to the day ``last``: those before it, and that day's
    first by the domain's order, ``need`` in all."""
    before = [r for r in rows if r[-1] != last]
    day = sorted((r for r in rows if r[-1] == last), key=IN_DAY[key])
    return before + day[: max(0, need - len(before))]


_TITLES = {"birthday": "Birthday", "anniversary": "Anniversary"}


def panel_key(key: str, row: Row) -> tuple[str, ...]:
    """The events panel's order among rows of one day, across its sources (after the
    day: the name folded, the title, the kind, the id), as ``domain.agenda`` sorts."""
    if key == "life_event":
        name, title, oid = _event_key(row)
        return name, title, key, oid
    name, oid = _contact_key(row)
    return name, _TITLES[key], key, oid
