"""The first rows of a panel read the index up to the day of the last row shown, never
to the window's end (store/agenda_sql.py ``_head``/``_ranked``).

A scan's window is ``BETWEEN :lo AND :hi`` (or ``<= :hi``); reading up to the last
day added ``<= :last`` beside it, and SQLite bounded its index range by ``:hi``: every
birthday of the next 30 days was walked to keep the 50 of the first day (at 100k, the
~8,000 of a month for the ~240 of one day). Counted here in SQLite's own virtual
machine steps (a progress handler), so the test needs no clock: the first rows of a
book whose later days are full cost what they cost in a book whose later days are
empty, and the rows are the same as the whole agenda's first rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from friendship_tui.store.agenda_sql import AgendaReader, Row
from friendship_tui.store.local import Store

TODAY = date(2026, 11, 27)
TZ = ZoneInfo("Pacific/Auckland")
ON_THE_DAY = 40
LATER = 1500


def _book(path: Path, later: int) -> None:
    """``ON_THE_DAY`` of each source on today, ``later`` of each on the next 29 days."""
    rows: list[tuple[str, dict[str, Any]]] = []
    for i in range(ON_THE_DAY + later):
        day = TODAY + timedelta(days=0 if i < ON_THE_DAY else 1 + i % 29)
        cid = f"c{i:05d}"
        rows.append(
            (
                "contact",
                {
                    "id": cid,
                    "name": f"Person {(i * 7919) % 10007:05d}",
                    "birthday": f"1980-{day.month:02d}-{day.day:02d}",
                    "anniversary": f"--{day.month:02d}-{day.day:02d}",
                },
            )
        )
        rows.append(
            (
                "life_event",
                {
                    "id": f"e{i:05d}",
                    "parent_id": cid,
                    "title": f"Moved {i % 13}",
                    "occurred_at": f"2001-{day.month:02d}-{day.day:02d}",
                    "recurring": True,
                },
            )
        )
        rows.append(
            (
                "reminder",
                {"id": f"r{i:05d}", "parent_id": cid, "message": "Call", "due_date": str(day)},
            )
        )
    store = Store.open(path)
    try:
        store.import_rows("me", rows, keep_ids=True)
    finally:
        store.close()


def _steps(path: Path, read: str, need: int) -> tuple[int, list[Any]]:
    """SQLite VM steps (in units of 100) of one panel's first ``need`` rows, and them."""
    db = sqlite3.connect(path)
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    def run(sql: str, params: Mapping[str, Any]) -> list[Row]:
        db.set_progress_handler(count, 100)
        try:
            rows: list[Row] = db.execute(sql, dict(params)).fetchall()
        finally:
            db.set_progress_handler(None, 0)
        return rows

    try:
        reader = AgendaReader(run, "me", TODAY, 30, TZ)
        reader.flags()
        steps[0] = 0
        rows = getattr(reader, read)(need)
        return steps[0], rows
    finally:
        db.close()


@pytest.mark.parametrize("analysed", [False, True], ids=["no-statistics", "analysed"])
def test_first_rows_cost_the_same_whatever_the_later_days_hold(
    tmp_path: Path, analysed: bool
) -> None:
    """Without statistics (a new book) SQLite picks the month-day index for the reads by
    id too; with them (a closed book was analysed), the planner weighs it differently:
    the reads stay bounded by the day either way."""
    empty, full = tmp_path / "empty.db", tmp_path / "full.db"
    _book(empty, 0)
    _book(full, LATER)
    if analysed:
        for path in (empty, full):
            with sqlite3.connect(path) as db:
                db.execute("ANALYZE")
    for read in ("event_rows", "reminder_rows"):
        small, shown_small = _steps(empty, read, 10)
        big, shown_big = _steps(full, read, 10)
        # the same first rows: all on today, the later days never reached
        assert [r.object_id for r in shown_big] == [r.object_id for r in shown_small]
        assert len(shown_big) == 10 and {r.date for r in shown_big} == {TODAY}
        # walking the later days costs at least a step per 100 instructions per row
        assert big < small + LATER // 20, (read, small, big)


def test_the_first_rows_are_the_whole_agenda_s_first_rows(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    _book(path, 300)
    db = sqlite3.connect(path)
    try:
        from friendship_tui.store.agenda_sql import sqlite_runner

        whole = AgendaReader(sqlite_runner(db), "me", TODAY, 30, TZ).agenda(None)
        for need in (1, 10, ON_THE_DAY, ON_THE_DAY * 3 + 5, 400):
            top = AgendaReader(sqlite_runner(db), "me", TODAY, 30, TZ).agenda(need)
            assert top.events == whole.events[:need]
            assert top.reminders == whole.reminders[:need]
    finally:
        db.close()
