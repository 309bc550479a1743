"""Generate a realistic book: N contacts with ~10 children each, into a SQLite file.

    .venv/bin/python bench/generate.py 100000 /tmp/book-100k.db [--seed 0] [--today 2026-11-25]
    .venv/bin/python bench/generate.py 1000 - --jsonl     # (type, object) lines on stdout
    .venv/bin/python bench/generate.py 1000 /tmp/b.db --page-size 8192   # a new file's pages

Streams: nothing but the current chunk is held in memory, whatever N is.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path

from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import sample_rows


def precreate(target: Path, page_size: int) -> None:
    """Make an empty WAL book file with ``page_size`` before the store opens it.

    SQLite fixes a file's page size when its first page is written and cannot change it
    in WAL mode, so the size must be set on the empty file, as a user's book would get
    it from whatever code created it; the benches then compare books that differ only
    in their pages.
    """
    if target.exists() and target.stat().st_size > 0:
        raise SystemExit(f"{target}: --page-size needs a new file (it exists)")
    conn = sqlite3.connect(target)
    try:
        conn.execute(f"PRAGMA page_size={int(page_size)}")
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()


def page_size_of(target: Path) -> int:
    """The page size SQLite gave the finished file (printed, so a run says what it made)."""
    conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("contacts", type=int)
    parser.add_argument("target", help="SQLite file to fill, or - with --jsonl")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--owner", default="me")
    parser.add_argument("--jsonl", action="store_true", help="print rows instead of storing")
    parser.add_argument(
        "--page-size",
        type=int,
        choices=[512, 1024, 2048, 4096, 8192, 16384, 32768, 65536],
        default=None,
        help="SQLite page size for the new file (default: what SQLite and the store choose)",
    )
    args = parser.parse_args()
    rows = sample_rows(args.contacts, args.today, args.seed)
    if args.jsonl:
        for type_, data in rows:
            sys.stdout.write(json.dumps({"type": type_, "object": data}, ensure_ascii=False))
            sys.stdout.write("\n")
        return
    target = Path(args.target)
    if args.page_size is not None:
        precreate(target, args.page_size)
    store = Store.open(target)
    started = time.perf_counter()
    result = store.import_rows(args.owner, rows, keep_ids=True)
    elapsed = time.perf_counter() - started
    store.close()
    print(
        f"{args.target}: {result.total} rows ({result.counts.get('contact', 0)} contacts) "
        f"in {elapsed:.1f} s, {result.total / elapsed:,.0f} rows/s, "
        f"page_size {page_size_of(target)}"
    )


if __name__ == "__main__":
    main()
