"""Store benchmark: bulk insert rate, list page, filtered list, FTS, agenda, import RSS.

    .venv/bin/python bench/store_bench.py [--sizes 10000,100000] [--repeat 30]
    .venv/bin/python bench/store_bench.py --db-url postgresql+psycopg://postgres@127.0.0.1:5432/
        (the same cases on PostgreSQL; one new database per size is created under that URL)

Each size runs in its own subprocess so its peak RSS is the import's own. Figures are
printed next to the targets of the foundation issue, never asserted:
agenda at 10k <= 50 ms; a list page or a search <= 5 ms at 100k; a 100k import streams
with peak RSS <= 200 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

TODAY = date(2026, 11, 25)
TARGET_AGENDA_10K_MS = 50.0
TARGET_PAGE_100K_MS = 5.0
TARGET_RSS_MB = 200.0


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, float]:
    """(median wall, p95 wall, median CPU) in milliseconds, after one warm-up call.

    CPU time is printed too because a shared machine's load inflates wall time.
    """
    fn()
    walls, cpus = [], []
    for _ in range(repeat):
        cpu, started = time.process_time(), time.perf_counter()
        fn()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    walls.sort()
    return (
        statistics.median(walls),
        walls[max(0, int(len(walls) * 0.95) - 1)],
        statistics.median(cpus),
    )


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _pg_database(base_url: str, n: int) -> str:
    """A new, empty database named for the run under the server of ``base_url``."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"friendship_bench_{n}_{os.getpid()}"
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def run_size(n: int, repeat: int, workdir: Path, db_url: str | None = None) -> dict[str, Any]:
    from friendship_tui.schema import ListQuery
    from friendship_tui.store.local import Store
    from friendship_tui.store.sample_data import sample_rows

    path = workdir / f"bench-{n}.db"
    store = Store.open(_pg_database(db_url, n) if db_url else path)
    rss_before = _peak_rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    result = store.import_rows("me", sample_rows(n, TODAY, seed=0), keep_ids=True)
    import_s = time.perf_counter() - started
    import_cpu_s = time.process_time() - cpu
    out: dict[str, Any] = {
        "contacts": n,
        "rows": result.total,
        "import_s": import_s,
        "import_cpu_s": import_cpu_s,
        "contacts_per_s": n / import_s,
        "rows_per_s": result.total / import_s,
        "peak_rss_mb": _peak_rss_mb(),
        "rss_before_import_mb": rss_before,
        "db_mb": path.stat().st_size / 1e6 if path.exists() else 0.0,
        "database": store.engine.dialect.name,
    }
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()

    owner = "me"
    cases: dict[str, Callable[[], Any]] = {
        "list page (name, 20, with total)": lambda: store.list(owner, "contact"),
        "list page 50 deep (offset 5000)": lambda: store.list(
            owner, "contact", ListQuery(limit=50, offset=5000)
        ),
        "list keyset page (created_at, after)": lambda: store.list(
            owner, "contact", ListQuery(sort="created_at", limit=50, after=mid_id)
        ),
        "filtered list (city + favorite)": lambda: store.list(
            owner, "contact", ListQuery(filters={"city": ["Lyon"], "favorite": ["true"]})
        ),
        "filtered list (tags any-of)": lambda: store.list(
            owner, "contact", ListQuery(filters={"tags": ["climbing", "choir"]})
        ),
        "children of one contact (notes)": lambda: store.list(
            owner, "note", ListQuery(filters={"parent_id": [mid_id]})
        ),
        "FTS list q='mar' (name sort, total)": lambda: store.list(
            owner, "contact", ListQuery(q="mar")
        ),
        "FTS list q='josé garc'": lambda: store.list(owner, "contact", ListQuery(q="josé garc")),
        "search('mar') ranked": lambda: store.search(owner, "mar"),
        "search('lindqvist') ranked": lambda: store.search(owner, "lindqvist"),
        "agenda(today, 30 days)": lambda: store.agenda(owner, TODAY),
    }
    mid_id = store.list(
        owner, "contact", ListQuery(sort="created_at", limit=1, offset=n // 2)
    ).items[0]["id"]
    timings = {name: _timed(fn, repeat) for name, fn in cases.items()}
    backend = store.backend(owner)

    async def through_backend() -> None:
        await backend.list("contact")

    timings["LocalBackend.list page (async, thread)"] = _timed(
        lambda: asyncio.run(through_backend()), repeat
    )
    out["timings"] = timings
    out["load"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    store.close()
    return out


def report(r: dict[str, Any]) -> None:
    n = r["contacts"]
    print(
        f"\n== {n:,} contacts ({r['rows']:,} rows, {r['db_mb']:.0f} MB file) on {r['database']} =="
    )
    print(
        f"bulk insert: {r['import_s']:.1f} s (cpu {r['import_cpu_s']:.1f} s) = "
        f"{r['contacts_per_s']:,.0f} contacts/s, {r['rows_per_s']:,.0f} rows/s "
        "(~10 children per contact, one transaction, audit rows included)"
    )
    rss_target = f"  (target <= {TARGET_RSS_MB:.0f} MB at 100k)" if n >= 100_000 else ""
    print(f"peak RSS during the streaming import: {r['peak_rss_mb']:.0f} MB{rss_target}")
    print(f"load average while measuring: {r['load']}")
    for name, (median, p95, cpu) in r["timings"].items():
        target = ""
        if name.startswith("agenda") and n <= 10_000:
            target = f"  (target <= {TARGET_AGENDA_10K_MS:.0f} ms at 10k)"
        if n >= 100_000 and (
            name.startswith("list page (") or name.startswith("search(") or "FTS" in name
        ):
            target = f"  (target <= {TARGET_PAGE_100K_MS:.0f} ms at 100k)"
        print(f"  {name:<40} median {median:7.2f} ms  p95 {p95:7.2f} ms  cpu {cpu:7.2f} ms{target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--db-url", help="a PostgreSQL server URL: run the cases there")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, args.repeat, Path(args.workdir), args.db_url)))
        return
    extra = ["--db-url", args.db_url] if args.db_url else []
    with tempfile.TemporaryDirectory(prefix="store-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            child = subprocess.run(
                [sys.executable, __file__, "--one", str(size), "--repeat", str(args.repeat),
                 "--workdir", tmp, *extra],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            report(json.loads(child.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
