"""Audit log cost: bulk import and single writes with and without the audit listener,
the size it adds to the file, and reading one contact's history from a big log.

    .venv/bin/python bench/audit_bench.py [--sizes 10000,100000] [--repeat 200]

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

TODAY = date(2026, 11, 25)


def _import(path: Path, n: int, audited: bool) -> tuple[float, float, float, int]:
    from friendship_tui.store.local import Store
    from friendship_tui.store.sample_data import sample_rows

    store = Store.open(path)
    if not audited:
        store.tx_listeners.remove(store.audit_log)
    started, cpu = time.perf_counter(), time.process_time()
    result = store.import_rows("me", sample_rows(n, TODAY, seed=0), keep_ids=True)
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    store.close()
    return seconds, cpu_s, path.stat().st_size / 1e6, result.total


async def _writes(path: Path, repeat: int, audited: bool) -> float:
    """Median ms of an update of one contact (a write transaction + its audit row)."""
    from friendship_tui.store.local import Store

    store = Store.open(path)
    if not audited:
        store.tx_listeners.remove(store.audit_log)
    backend = store.backend()
    contact = await backend.create("contact", {"name": "Bench", "company": "A"})
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        await backend.update("contact", contact["id"], {"company": f"Company {i}"})
        times.append((time.perf_counter() - started) * 1000)
    store.close()
    return statistics.median(times)


async def _history(path: Path, repeat: int) -> tuple[float, int]:
    from friendship_tui.store.audit import AuditQuery
    from friendship_tui.store.local import Store

    store = Store.open(path)
    backend = store.backend()
    first = (await backend.list("contact")).items[0]["id"]
    times: list[float] = []
    page: Any = None
    for _ in range(repeat):
        started = time.perf_counter()
        page = await backend.audit(AuditQuery(contact_id=first, limit=50))
        times.append((time.perf_counter() - started) * 1000)
    store.close()
    return statistics.median(times), len(page.items)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    for n in (int(s) for s in args.sizes.split(",")):
        plain_s, plain_cpu, plain_mb, rows = _import(work / f"plain-{n}.db", n, audited=False)
        audit_s, audit_cpu, audit_mb, _ = _import(work / f"audit-{n}.db", n, audited=True)
        print(f"import {n} contacts ({rows} rows):")
        print(f"  without audit {plain_s:6.2f} s wall {plain_cpu:6.2f} s CPU {plain_mb:7.1f} MB")
        print(
            f"  with audit    {audit_s:6.2f} s wall {audit_cpu:6.2f} s CPU {audit_mb:7.1f} MB  "
            f"(CPU +{(audit_cpu / plain_cpu - 1) * 100:.0f}%, +{audit_mb - plain_mb:.1f} MB)"
        )
        hist_ms, hist_n = asyncio.run(_history(work / f"audit-{n}.db", args.repeat))
        print(f"  one contact's history ({hist_n} entries) from the log: {hist_ms:.2f} ms median")
    plain = asyncio.run(_writes(work / "writes-plain.db", args.repeat, audited=False))
    audited = asyncio.run(_writes(work / "writes-audit.db", args.repeat, audited=True))
    print(f"single update: {plain:.2f} ms without audit, {audited:.2f} ms with (median)")


if __name__ == "__main__":
    main()
