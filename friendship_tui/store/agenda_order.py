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

from ..domain.agenda import NO_NAME

Row = tuple[Any, ...]


# domain.agenda.event_rows' title of a life event: its title, else its kind, else this
SHOWN_TITLE = "coalesce(nullif(e.title, ''), nullif(e.kind, ''), 'Life event')"


# The last day's sort keys alone, then the row's ``seq`` (the integer primary key:
# SQLite's rowid, in every index entry): a day holds hundreds of rows, so only these
# narrow columns are read for all of them, and whole rows for the kept ones only, by
# ``seq`` (one lookup each, not the id's unique index and then the row). Not the id,
# which only orders rows whose name (and title) are equal: the ``seq`` stands in for it
# while sorting, and where such a group straddles the cut its ids are read (``_cut``).
DAY_COLS = {
    "birthday": "c.name, c.seq",
    "anniversary": "c.name, c.seq",
    # a life event's title as the domain shows it (``str(title or kind or ...)``; the
    # columns are text): one value a row, not two
    "life_event": f"c.name, {SHOWN_TITLE}, e.seq",
    "reminder": "c.name, r.seq",
}
IdsOf = Callable[[str, list[Any]], dict[Any, Any]]  # (source, seqs) -> {seq: id}


def _day_keys(key: str, rows: list[Row]) -> list[tuple[Any, ...]]:
    """``IN_DAY``'s key on each row of ``DAY_COLS`` (name[, title shown], seq), the seq
    in the id's place, in one comprehension (a day holds hundreds of rows: no function
    call per row)."""
    if key == "life_event":  # r[1]: the title shown (DAY_COLS)
        return [((r[0] or NO_NAME).lower(), r[1], r[2]) for r in rows]
    return [((r[0] or NO_NAME).lower(), r[1]) for r in rows]


def _cut(
    tied: list[tuple[Any, ...]], keep: int, source: Callable[[tuple[Any, ...]], str], ids_of: IdsOf
) -> list[tuple[Any, ...]]:
    """The first ``keep`` of ``tied`` by its keys with the id in place of the ``seq``
    (each key's last item). Sorted by the folded name alone (strings compared in C, not
    tuples); only the rows sharing the ``keep``-th's name are sorted by their whole keys,
    and of those a group of equal keys but for the ``seq`` that straddles the cut is
    ordered again, by the ids read for it (``source`` names the group's panel)."""
    if keep <= 0:
        return []
    if keep >= len(tied):
        return tied
    tied.sort(key=_FIRST)
    name = tied[keep - 1][0]
    if tied[keep][0] != name:
        return tied[:keep]
    lo = bisect_left(tied, name, hi=keep, key=_FIRST)
    hi = bisect_right(tied, name, lo=keep, key=_FIRST)
    named, keep = sorted(tied[lo:hi]), keep - lo
    if named[keep - 1][:-1] != named[keep][:-1]:
        return tied[:lo] + named[:keep]
    group = named[keep - 1][:-1]
    first = keep - 1
    while first and named[first - 1][:-1] == group:
        first -= 1
    last = keep
    while last < len(named) and named[last][:-1] == group:
        last += 1
    ids = ids_of(source(named[first]), [t[-1] for t in named[first:last]])
    members = sorted(named[first:last], key=lambda t: str(ids[t[-1]]))
    return tied[:lo] + named[:first] + members[: keep - first]


_FIRST = itemgetter(0)


def first_of_day(key: str, day: list[Row], keep: int, ids_of: IdsOf) -> list[Any]:
    """The ``seq`` of the first ``keep`` of a day's ``DAY_COLS`` rows by the domain's order."""
    return [t[-1] for t in _cut(_day_keys(key, day), keep, lambda _: key, ids_of)]


Scan = tuple[str, int]  # (source, index of its month-day range)
_DAY = itemgetter(-1)


def winners(found: dict[Scan, list[Row]], take: int, ids_of: IdsOf) -> list[tuple[Scan, Any, Any]]:
    """(scan, day, row ``seq``) of the events panel's first ``take`` candidates, as the
    smallest ``take`` by (range, day, the panel's order) would be, with sort keys for the
    edge day only.

    ``found``: each scan's rows of ``DAY_COLS`` plus the order column, in that order;
    ``ids_of`` reads the ids of a group of equal keys that straddles the cut (``_cut``).
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
    tied: list[tuple[Any, ...]] = []  # (name, title, source, seq): one day, one range
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
        kept = _cut(tied, take - len(out), itemgetter(2), ids_of)
        out += [((t[2], edge[0]), edge[1], t[-1]) for t in kept]
    return out


def _tie_keys(key: str, rows: list[Row]) -> list[tuple[Any, ...]]:
    """The events panel's order within a day (``domain.agenda.event_order`` after the
    day) of rows of ``DAY_COLS`` and the day (all on one day), the ``seq`` in the id's
    place, one tuple a row in one comprehension (hundreds of rows)."""
    if key == "life_event":  # r[1]: the title shown (DAY_COLS)
        return [((r[0] or NO_NAME).lower(), r[1], key, r[2]) for r in rows]
    title = _TITLES[key]
    return [((r[0] or NO_NAME).lower(), title, key, r[1]) for r in rows]


_TITLES = {"birthday": "Birthday", "anniversary": "Anniversary"}
