"""Bulk import bench: rows/s of ``Store.import_rows`` (audit rows and search index
included, one transaction) on a realistic export, next to SQLite's own floor.

    .venv/bin/python bench/import_bench.py [--contacts 5000] [--repeat 5]

The rows are bench/generate.py's (``sample_rows``: ~9 children per contact), held in
memory first so parsing is not timed. The reference, measured in the same run, is the
floor for the same rows in the same schema (every index and trigger): one
``INSERT INTO ... SELECT`` per table copying the imported book into a fresh one, with
no Python in the loop. CPU rows/s is printed next to wall rows/s because a shared
machine's load inflates wall time. Target (issue 14): >= 30,000 rows/s.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path
from statistics import median

from friendship_tui.schema import MODELS
from friendship_tui.store.audit import AUDIT_TABLE
from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import sample_rows

TARGET_ROWS_PER_S = 30_000


def floor(source: Path, target: Path) -> tuple[int, float, float]:
    """(rows, wall s, CPU s) of copying every data and audit row of ``source``."""
    Store.open(target).close()
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("ATTACH ? AS src", (str(source),))
    con.execute("BEGIN")
    wall, cpu, rows = time.perf_counter(), time.process_time(), 0
    for name in [*MODELS, AUDIT_TABLE]:
        cols = ", ".join(r[1] for r in con.execute(f"PRAGMA main.table_info({name})"))
        cur = con.execute(f"INSERT INTO main.{name} ({cols}) SELECT {cols} FROM src.{name}")
        if name != AUDIT_TABLE:
            rows += cur.rowcount
    con.execute("COMMIT")
    out = rows, time.perf_counter() - wall, time.process_time() - cpu
    con.close()
    return out


def once(rows: list[tuple[str, dict[str, object]]]) -> tuple[int, int, float, float, float, float]:
    """(rows, set-wise tables, import wall, import CPU, floor wall, floor CPU) of one run."""
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        book = Path(tmp) / "imported.db"
        store = Store.open(book)
        wall, cpu = time.perf_counter(), time.process_time()
        result = store.import_rows("me", iter(rows), keep_ids=True)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        store.close()
        n, floor_wall, floor_cpu = floor(book, Path(tmp) / "floor.db")
    assert n == result.total
    return n, len(result.set_wise), wall, cpu, floor_wall, floor_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs, each an import then the floor; medians are printed (default 1)",
    )
    args = parser.parse_args()
    rows = list(sample_rows(args.contacts, date(2026, 11, 25), seed=0))
    runs = [once(rows) for _ in range(max(1, args.repeat))]
    n, set_wise = runs[0][0], runs[0][1]
    print(f"import bench: {args.contacts:,} contacts, {n:,} rows (audit rows besides)")
    print(f"  tables whose indexes were rebuilt set-wise: {set_wise}")
    if len(runs) > 1:
        for i, (*_, c, _fw, fc) in enumerate(runs, 1):
            print(
                f"  run {i}: import {n / c:9,.0f} rows/s cpu, floor {n / fc:9,.0f}"
                f" ({fc / c:.2f}x the floor's rate)"
            )
        print(f"  medians of {len(runs)} runs:")
    wall, cpu, floor_wall, floor_cpu = (median(r[i] for r in runs) for i in range(2, 6))
    for label, w, c in (("import_rows", wall, cpu), ("SQLite floor", floor_wall, floor_cpu)):
        print(f"  {label:<13} {n / w:9,.0f} rows/s wall  {n / c:9,.0f} rows/s cpu")
    verdict = "ok" if n / cpu >= TARGET_ROWS_PER_S else "MISSED"
    print(
        f"  import = {floor_cpu / cpu:.2f}x the floor's rate (cpu); "
        f"target >= {TARGET_ROWS_PER_S:,} rows/s: {verdict} (cpu), "
        f"{'ok' if n / wall >= TARGET_ROWS_PER_S else 'MISSED'} (wall)"
    )


if __name__ == "__main__":
    main()
