"""Which stay-in-touch candidates the panel's first rows need, from narrow index reads.

The panel's order is the local due date (then the name, then the id). The stored
``next_due`` key counts from the UTC day, within ``DUE_KEY_SLACK_DAYS`` of the local
date, so candidates come in key order from ``ix_contact_d_next_due`` alone (the talk,
the frequency and the key are its columns; the row's handle is SQLite's rowid), the
domain's zone-aware date is computed for them one by one, and the walk stops at the
first key past the ``need``-th date by the slack (a candidate whose date is within a day of
its key, ``_within_a_day``, is passed over once its key is a day past). Whole
rows are then read for those dated up to that date only (the domain orders the ties
on it by name).
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Iterable
from datetime import date, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from ..domain.agenda import DUE_SOON_DAYS, due_on
from ..domain.stay_in_touch import DAY_STEP_SLACK_DAYS, DAY_STEPS, DUE_KEY_SLACK_DAYS
from .agenda_queries import _TRACKED, id_chunks

Row = tuple[Any, ...]
SLACK = timedelta(days=DUE_KEY_SLACK_DAYS)
DAY_SLACK = timedelta(days=DAY_STEP_SLACK_DAYS)  # a step of days: the date is the key +-1


def handle(sqlite: bool) -> str:
    """The column naming a contact row in the narrow read: SQLite's rowid (in every
    index entry: no lookup of the row), elsewhere the id."""
    return "c.rowid" if sqlite else "c.id"


@lru_cache(maxsize=2)
def narrow_sql(sqlite: bool) -> str:
    """Contacts with a last talk in key order, up to ``:hi``, ``:n`` of them."""
    return (
        f"SELECT {handle(sqlite)}, c.last_contacted_at, c.stay_in_touch_frequency, "
        f"c.next_due FROM contact c WHERE {_TRACKED} AND c.next_due > '' "
        "AND c.next_due <= :hi ORDER BY c.next_due LIMIT :n"
    )


def rest_sql(sqlite: bool, marks: str) -> str:
    """The handle, id, name and topic of these candidates (``marks``: their handles):
    the rest of a row ``narrow_sql`` read, whose WHERE it passed in this same read."""
    col = handle(sqlite)
    return (
        f"SELECT {col}, c.id, c.name, c.stay_in_touch_topic FROM contact c WHERE {col} IN ({marks})"
    )


def rest_rows(
    rows: Callable[..., list[Row]], sqlite: bool, picked: list[Any], talks: dict[Any, Row]
) -> list[Row]:
    """``due_rows``-shaped rows of the picked candidates: id, name and topic read by
    handle (``rest_sql``), the talk and frequency from the narrow read (``talks``: its
    rows by handle: handle, talk, frequency, key)."""
    out: list[Row] = []
    for names, marks in id_chunks(picked, "r"):
        got = rows(rest_sql(sqlite, marks), **names)
        out += [(r[1], r[2], t[2], t[1], r[3]) for r in got for t in (talks[r[0]],)]
    return out


def handles_sql(sqlite: bool, marks: str) -> str:
    """The handles of the contacts with these ids (those left out of the panel)."""
    return f"SELECT {handle(sqlite)} FROM contact c WHERE c.owned_by = :owner AND c.id IN ({marks})"


def _within_a_day(last: Any, freq: Any) -> bool:
    """Whether this talk's local due date is within a day of its key: a step of days
    (the local day of the talk is its UTC day +-1), or a step of months from a talk
    dated the 3rd to the 26th (its UTC and local days, the 2nd to the 27th and the 1st
    to the 28th, are in one month and in every month: no month end clamps either)."""
    if freq in DAY_STEPS:
        return True
    text = str(last or "")
    return text[4:5] == text[7:8] == "-" and text[8:10].isdigit() and 3 <= int(text[8:10]) <= 26


def pick(
    narrow: Iterable[Row], need: int, gone: set[Any], today: date, tz: tzinfo | None
) -> tuple[list[Any], bool]:
    """(handles of the candidates that can be among the first ``need`` rows, whether
    the walk stopped before the rows read ran out: no unread key can come earlier).

    ``gone``: handles left out (deceased, partial, snoozed). A candidate's date is the
    domain's (``next_due`` in ``tz``; a talk it cannot read: due today, as the domain
    shows it); those past the window are not rows."""
    dated: list[tuple[date, Any]] = []
    # the need smallest dates so far as ordinals, ascending: kept by ``insort`` (a
    # C-level insert into a list of ``need``; bisect is loaded for agenda_order anyway,
    # heapq would be one more module for a process's first read to import)
    top: list[int] = []
    done = False
    edge = 0  # top[-1] when the bounds below were computed
    stop = near = ""  # the ISO text of edge + SLACK and edge + DAY_SLACK
    horizon = today.toordinal() + DUE_SOON_DAYS
    for h, last, freq, key in narrow:
        if h in gone:
            continue
        if len(top) >= need:
            if top[-1] != edge:  # the keys are ISO dates: compared as text, no parse
                edge = top[-1]
                stop = (date.fromordinal(edge) + SLACK).isoformat()
                near = (date.fromordinal(edge) + DAY_SLACK).isoformat()
            if key > stop:  # nor any row after it
                done = True
                break
            if key > near and _within_a_day(last, freq):  # this one after
                continue
        day = due_on(last, freq, tz) or today
        ordinal = day.toordinal()
        if ordinal > horizon:
            continue
        dated.append((day, h))
        if len(top) < need:
            insort(top, ordinal)
        elif ordinal < top[-1]:
            insort(top, ordinal)
            top.pop()
    if len(top) < need:
        return [h for _, h in dated], done
    last = date.fromordinal(top[-1])
    return [h for day, h in dated if day <= last], done
