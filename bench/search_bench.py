"""Search bench: ``search`` and the list's ``q=`` at 100k, against the FTS5 floor.

    .venv/bin/python bench/search_bench.py BOOK.db [--repeat 30]

BOOK is a book from bench/generate.py (or any book; owner "me"). Each figure is the
median CPU time of a call (a shared machine's load inflates wall time; both are
printed), next to its reference measured in the same run: the FTS5 floor, a bare
``SELECT rowid FROM contact_fts WHERE contact_fts MATCH '"mar"*' LIMIT 50`` on a raw
sqlite3 connection. Targets (issue 14): search <= 3 ms for a 3-letter prefix, <= 10 ms
for "m". "mar" hits are spread through the name order; "sar", "tom" and "oli" hits sit
late in it (Sara, Tomás, Oliver), where a walk in name order passes most rows first.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from friendship_tui.schema import ListQuery
from friendship_tui.store.fts import match_expression
from friendship_tui.store.local import Store

TARGETS_MS = {"mar": 3.0, "sar": 3.0, "tom": 3.0, "oli": 3.0, "m": 10.0}
FLOOR_SQL = "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ? LIMIT 50"


def floor_rows(raw: sqlite3.Connection, expr: str | None) -> list[Any]:
    """The FTS5 prefix read alone, every row fetched: what no search can beat."""
    return raw.execute(FLOOR_SQL, (expr,)).fetchall()


def engine_search(store: Store, text: str) -> list[Any]:
    """The same search through SQLAlchemy (``reads.search``, as a store made from an
    engine answers it): the reference for the plain-sqlite3 path ``Store.search`` takes."""
    from friendship_tui.domain.reserved_fields import partial_ids
    from friendship_tui.store import reads
    from friendship_tui.store.reserved import reserved_rows

    with store.read() as conn:
        found = reads.search(conn, "me", text, 20)
        hidden = partial_ids(reserved_rows(conn, "me", (str(o["id"]) for o in found)))
    return [o for o in found if str(o["id"]) not in hidden]


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(median CPU ms, median wall ms) after one warm-up call."""
    fn()
    cpus, walls = [], []
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        fn()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return statistics.median(cpus), statistics.median(walls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    store = Store.open(args.book)
    raw = sqlite3.connect(args.book)
    total = store.list("me", "contact", ListQuery(limit=1)).total
    print(f"search bench: {total:,} live contacts, median of {args.repeat} (CPU ms / wall ms)")
    for text in ("mar", "sar", "tom", "oli", "m", "josé garc", "lindqvist"):
        expr = match_expression(text)
        floor, _ = timed(partial(floor_rows, raw, expr), args.repeat)
        hits = raw.execute(
            "SELECT count(*) FROM contact_fts WHERE contact_fts MATCH ?", (expr,)
        ).fetchone()[0]
        rows: list[tuple[str, tuple[float, float]]] = [
            ("search (20)", timed(partial(store.search, "me", text), args.repeat)),
            ("  through SQLAlchemy", timed(partial(engine_search, store, text), args.repeat)),
            (
                "list q= (100, total)",
                timed(
                    partial(store.list, "me", "contact", ListQuery(q=text, limit=100)),
                    args.repeat,
                ),
            ),
        ]
        print(f"  q={text!r} ({hits:,} hits) FTS5 prefix LIMIT 50 floor {floor:.2f} ms")
        for name, (cpu, wall) in rows:
            target = TARGETS_MS.get(text) if name == "search (20)" else None
            verdict = ""
            if target is not None:
                verdict = f"  target <= {target:.0f} ms: {'ok' if cpu <= target else 'MISSED'}"
            print(
                f"    {name:<22} {cpu:7.2f} ms cpu {wall:7.2f} ms wall  "
                f"= {cpu / max(floor, 1e-6):5.1f}x the floor{verdict}"
            )
    store.close()


if __name__ == "__main__":
    main()
