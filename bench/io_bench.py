"""Import/export throughput on a real local book (SQLite file in a temp dir).

    .venv/bin/python bench/io_bench.py [--vcards 10000] [--objects 100000]

1. vCard import: N generated contacts written as vCard 4.0, imported into an empty book
   (parse + map + match + one transaction), then the same file again (every card
   matched by UID, nothing to change).
2. JSON export: a book of ~M objects across all 11 types (sample data, loaded through
   the store's bulk path), exported as the lossless backup; then the backup restored
   into an empty book.
Prints rates; asserts nothing about time (figures, not tests).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import tempfile
import time
from datetime import date
from pathlib import Path

from friendship_tui.io.json_io import export_json, import_json
from friendship_tui.io.vcard_io import contact_vcard, derived_uid, import_vcards
from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import generate, sample_rows

TODAY = date(2026, 11, 25)


def vcard_file(n: int) -> str:
    cards = []
    for bundle in generate(n, TODAY, seed=7):
        cards.append(contact_vcard(bundle.data, derived_uid(f"bench-{bundle.index}")))
    return "".join(cards)


def rate(n: int, seconds: float, what: str) -> str:
    return f"{n:>8,} {what:<28} {seconds:7.2f} s  {n / seconds:>10,.0f} /s"


async def bench_vcards(tmp: Path, n: int) -> None:
    started = time.perf_counter()
    text = vcard_file(n)
    print(rate(n, time.perf_counter() - started, "vCards written (4.0)"))
    store = Store.open(tmp / "vcards.db")
    backend = store.backend()
    started = time.perf_counter()
    report = await import_vcards(backend, text)
    elapsed = time.perf_counter() - started
    assert report.created == n, report.lines()
    print(rate(n, elapsed, "vCards imported (new)"))
    started = time.perf_counter()
    again = await import_vcards(backend, text)
    assert again.created == 0 and again.unchanged == n
    print(rate(n, time.perf_counter() - started, "vCards re-imported (matched)"))
    store.close()


async def bench_json(tmp: Path, objects: int) -> None:
    contacts = max(1, round(objects / 9.55))  # sample data: ~9.5 objects per contact
    store = Store.open(tmp / "big.db")
    started = time.perf_counter()
    made = store.import_rows("me", sample_rows(contacts, TODAY, seed=1), keep_ids=True)
    print(rate(made.total, time.perf_counter() - started, "objects loaded (setup, bulk)"))
    backend = store.backend()
    out = io.StringIO()
    started = time.perf_counter()
    counts = await export_json(backend, out)
    elapsed = time.perf_counter() - started
    total = sum(counts.values())
    size = len(out.getvalue().encode())
    print(rate(total, elapsed, "objects exported to JSON") + f"  ({size / 1e6:.0f} MB)")
    store.close()

    target = Store.open(tmp / "restored.db")
    started = time.perf_counter()
    report = await import_json(target.backend(), out.getvalue())
    print(rate(report.created, time.perf_counter() - started, "objects restored from JSON"))
    target.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vcards", type=int, default=10_000)
    parser.add_argument("--objects", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(bench_vcards(Path(tmp), args.vcards))
        asyncio.run(bench_json(Path(tmp), args.objects))


if __name__ == "__main__":
    main()
