"""Two books, one process: each read called on book A then book B, in turns.

    .venv/bin/python bench/book_ab.py A.db B.db [--rounds 400] [--today 2026-11-27]
    .venv/bin/python bench/book_ab.py A.db B.db --cold --rounds 30   # a fresh Store each round

For books that differ in their file only (e.g. ``bench/generate.py --page-size 4096`` and
``8192``, same contacts, same code). This machine's speed moves between runs and even
within one (the same read takes 1.5 ms for a few seconds, then 2.7 ms), so two benches
run one after the other compare minutes, not books; here every call on A is paired with
one on B within milliseconds, the order swapped every round, and the ratio of the medians
is the books' own. ``--cold`` opens a fresh ``Store`` for every round (SQLite's page
cache empty, the OS's warm: what a new process's first reads pay) and prints the bytes
and read calls each read took from the OS (``/proc/self/io``), where the page size shows.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from friendship_tui.schema import ListQuery
from friendship_tui.store.local import Store

OWNER = "me"
TZ = ZoneInfo("Pacific/Auckland")
Read = Callable[[Store, int], Any]
Sample = tuple[float, float, int, int]  # wall ms, CPU ms, bytes read, read calls


def reads(today: date, warm: bool) -> dict[str, Read]:
    """The reads behind issue 14's targets (the list page, search, the agenda), by name."""
    pages = [ListQuery(limit=20, offset=o) for o in range(0, 200, 20)]
    out: dict[str, Read] = {
        "store page read (20, total)": lambda s, i: s.list(OWNER, "contact", pages[i % 10]),
        "search('mar') (20)": lambda s, i: s.search(OWNER, "mar"),
        "search('m') (20)": lambda s, i: s.search(OWNER, "m"),
        "list q='mar' (100, total)": lambda s, i: s.list(
            OWNER, "contact", ListQuery(q="mar", limit=100)
        ),
        "agenda(limit=50) + totals": lambda s, i: s.agenda(OWNER, today, 30, tz=TZ, limit=50),
    }
    if warm:
        out["list page 50 deep (offset 5000)"] = lambda s, i: s.list(
            OWNER, "contact", ListQuery(limit=50, offset=5000)
        )
    else:
        out["jump: offset 50000 (100)"] = lambda s, i: s.list(
            OWNER, "contact", ListQuery(limit=100, offset=50000)
        )
    return out


def os_reads() -> tuple[int, int]:
    """Bytes and read calls this process has taken from the OS so far (Linux; 0 elsewhere)."""
    try:
        fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    except OSError:
        return 0, 0
    return int(fields["rchar"]), int(fields["syscr"])


def sample(fn: Callable[[], Any]) -> Sample:
    io0, cpu, wall = os_reads(), time.process_time(), time.perf_counter()
    fn()
    wall_ms = (time.perf_counter() - wall) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    io1 = os_reads()
    return wall_ms, cpu_ms, io1[0] - io0[0], io1[1] - io0[1]


def warm_rounds(stores: list[Store], fn: Read, rounds: int) -> list[list[Sample]]:
    """``fn`` on each store in turns, after three warm-up calls each."""
    for store in stores:
        for i in range(3):
            fn(store, i)
    got: list[list[Sample]] = [[], []]
    for r in range(rounds):
        for k in (0, 1) if r % 2 == 0 else (1, 0):
            got[k].append(sample(partial(fn, stores[k], r)))
    return got


def cold_rounds(books: list[Path], cases: dict[str, Read], rounds: int) -> dict[str, Any]:
    """Every case once on a fresh Store of each book per round (one warm-up round)."""
    got: dict[str, list[list[Sample]]] = {name: [[], []] for name in cases}
    for r in range(rounds + 1):
        for k in (0, 1) if r % 2 == 0 else (1, 0):
            gc.collect()
            store = Store.open(books[k])
            for name, fn in cases.items():
                s = sample(partial(fn, store, r))
                if r:
                    got[name][k].append(s)
            store.close()
    return got


def line(name: str, a: list[Sample], b: list[Sample], cold: bool) -> str:
    def med(xs: list[Sample], j: int) -> float:
        return float(statistics.median(x[j] for x in xs))

    ca, cb, wa, wb = med(a, 1), med(b, 1), med(a, 0), med(b, 0)
    text = (
        f"  {name:<32} A cpu {ca:7.3f} wall {wa:7.3f} | B cpu {cb:7.3f} wall {wb:7.3f} | "
        f"B/A cpu {cb / max(ca, 1e-9):.3f} wall {wb / max(wa, 1e-9):.3f}"
    )
    if cold:
        text += (
            f" | from the OS: A {med(a, 2) / 1e6:.2f} MB in {med(a, 3):.0f} reads,"
            f" B {med(b, 2) / 1e6:.2f} MB in {med(b, 3):.0f}"
        )
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 27))
    parser.add_argument("--cold", action="store_true", help="a fresh Store every round")
    args = parser.parse_args()
    cases = reads(args.today, warm=not args.cold)
    print(
        f"A = {args.a}, B = {args.b}: {args.rounds} rounds, {'cold' if args.cold else 'warm'}, "
        f"median ms, load average {os.getloadavg()[0]:.1f}"
    )
    if args.cold:
        for name, (a, b) in cold_rounds([args.a, args.b], cases, args.rounds).items():
            print(line(name, a, b, cold=True))
        return
    stores = [Store.open(args.a), Store.open(args.b)]
    for name, fn in cases.items():
        slow = "agenda" in name or "'m'" in name  # a few ms a call: fewer rounds
        a, b = warm_rounds(stores, fn, max(40, args.rounds // 4) if slow else args.rounds)
        print(line(name, a, b, cold=False))
    for store in stores:
        store.close()


if __name__ == "__main__":
    main()
