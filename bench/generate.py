"""Generate a realistic book: N contacts with ~10 children each, into a SQLite file.

    .venv/bin/python bench/generate.py 100000 /tmp/book-100k.db [--seed 0] [--today 2026-11-25]
    .venv/bin/python bench/generate.py 1000 - --jsonl     # (type, object) lines on stdout

Streams: nothing but the current chunk is held in memory, whatever N is.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date

from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import sample_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("contacts", type=int)
    parser.add_argument("target", help="SQLite file to fill, or - with --jsonl")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--owner", default="me")
    parser.add_argument("--jsonl", action="store_true", help="print rows instead of storing")
    args = parser.parse_args()
    rows = sample_rows(args.contacts, args.today, args.seed)
    if args.jsonl:
        for type_, data in rows:
            sys.stdout.write(json.dumps({"type": type_, "object": data}, ensure_ascii=False))
            sys.stdout.write("\n")
        return
    store = Store.open(args.target)
    started = time.perf_counter()
    result = store.import_rows(args.owner, rows, keep_ids=True)
    elapsed = time.perf_counter() - started
    store.close()
    print(
        f"{args.target}: {result.total} rows ({result.counts.get('contact', 0)} contacts) "
        f"in {elapsed:.1f} s, {result.total / elapsed:,.0f} rows/s"
    )


if __name__ == "__main__":
    main()
