"""Agenda benchmark: the dashboard's read (each panel's top rows + exact totals) on a book.

    .venv/bin/python bench/generate.py 100000 /tmp/book-100k.db --today 2026-11-25
    .venv/bin/python bench/agenda_bench.py /tmp/book-100k.db --today 2026-11-25

Prints the median (and p95, CPU) in ms of: ``agenda(limit=50)`` (what the dashboard and
``friendship today`` read), the whole agenda, one scrolled page of each panel, and the
raw ``read_agenda`` on a plain ``sqlite3`` connection, in the user's zone (``--tz``),
and the process's first limited read (lazy imports, the zone's and the window's caches
still empty: what ``friendship today`` and the first screen pay once).
Issue 14's target: the limited agenda <= 5 ms at 100k. Works on an older tree too (no
``limit``: the whole agenda is all it has), so a before/after runs the same command.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from friendship_tui.store.local import Store


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, float]:
    """(median wall, p95 wall, median CPU) in ms after one warm-up call."""
    fn()
    walls, cpus = [], []
    for _ in range(repeat):
        cpu, started = time.process_time(), time.perf_counter()
        fn()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    walls.sort()
    p95 = walls[max(0, int(len(walls) * 0.95) - 1)]
    return statistics.median(walls), p95, statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", help="a SQLite book (bench/generate.py makes one)")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--tz", default="Pacific/Auckland")
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--owner", default="me")
    args = parser.parse_args()
    store = Store.open(args.book)
    tz, owner, today = ZoneInfo(args.tz), args.owner, args.today
    cases: dict[str, Callable[[], Any]] = {}
    first: tuple[float, float] | None = None
    try:  # the process's first limited read (what `today` and the first screen pay)
        cpu, started = time.process_time(), time.perf_counter()
        store.agenda(owner, today, 30, tz=tz, limit=args.limit)
        first = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
        full = store.agenda(owner, today, 30, tz=tz)
        limited = True
    except TypeError:  # a tree before issue 14: no zone, no limit
        full = store.agenda(owner, today, 30)
        limited = False
    sizes = ", ".join(
        f"{p} {len(getattr(full, p))}" for p in ("stay_in_touch", "events", "reminders")
    )
    print(f"{args.book}: agenda on {today} in {args.tz}: {sizes} rows, {full.snoozed} snoozed")
    if limited:
        cases[f"agenda(limit={args.limit}) + totals"] = lambda: store.agenda(
            owner, today, 30, tz=tz, limit=args.limit
        )
        cases["agenda (every row)"] = lambda: store.agenda(owner, today, 30, tz=tz)
        for panel in ("stay_in_touch", "events", "reminders"):
            cases[f"agenda_rows({panel}, offset 50, 50)"] = partial(
                store.agenda_rows, owner, panel, today, 30, 50, 50, tz=tz
            )
        from friendship_tui.store.agenda_sql import read_agenda

        raw = sqlite3.connect(args.book)
        cases[f"read_agenda(sqlite3, limit={args.limit})"] = lambda: read_agenda(
            raw, owner, today, 30, tz, args.limit
        )
    else:
        cases["agenda (every row; no limit before issue 14)"] = lambda: store.agenda(
            owner, today, 30
        )
    if first is not None:
        label = f"first call: agenda(limit={args.limit})"
        print(f"  {label:<44} wall   {first[0]:8.2f} ms  {'':16}cpu {first[1]:8.2f} ms")
    for name, fn in cases.items():
        median, p95, cpu = _timed(fn, args.repeat)
        print(f"  {name:<44} median {median:8.2f} ms  p95 {p95:8.2f} ms  cpu {cpu:8.2f} ms")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    store.close()


if __name__ == "__main__":
    main()
