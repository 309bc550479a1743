"""Server throughput and latency on loopback: GET a list page and GET one object, at 1
and 32 concurrent clients, each case bounded in time.

The server runs as `friendship serve` in a separate process (rate limiting off, no
access log), on a fresh database with N sample contacts (and their children) for one
user. The load generator is Python async (httpx), one persistent connection per
client. Prints req/s, p50 and p99 per case.

    .venv/bin/python bench/server_bench.py [--contacts 2000] [--seconds 10] [--page 20]
    .venv/bin/python bench/server_bench.py --book book-100000.db   # a copy of it is served

Each case also prints the server's CPU milliseconds per request and its resident
memory (now, and the peak so far), read from /proc on Linux. With ``--book`` two more
cases read pages and objects from all over the book (what fills SQLite's caches).

Targets (issue 4): >= 1,500 req/s for a page read on 2 cores, p99 <= 50 ms at 32 clients.
Issue 14: the same with the read cache off (`--read-cache off`), on a 100k book
(`--book`); the store's page read (printed first with `--book`) <= 0.3 ms; the server's
memory under 250 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx

from friendship_tui.server.accounts import Accounts
from friendship_tui.server.child import ServerProcess
from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import sample_rows

USER = "bench"


def prepare(db: Path | str, contacts: int) -> tuple[str, list[str]]:
    store = Store.open(db)
    store.import_rows(USER, sample_rows(contacts, date(2026, 6, 1)), keep_ids=True)
    accounts = Accounts(store.engine)
    accounts.create_tables()
    accounts.add_user(USER)
    _, token = accounts.create_token(USER, "bench", ["*:*"])
    page = store.list(USER, "contact")
    ids = [str(o["id"]) for o in page.items]
    store.close()
    return token, ids


def prepare_book(book: Path, into: Path) -> tuple[Path, str, list[str], list[str], int]:
    """A copy of ``book`` (never written to) with a user owning its rows, and a token;
    the first page's ids, 2,000 ids from anywhere in the book, and how many contacts."""
    db = into / "book.db"
    shutil.copyfile(book, db)
    with sqlite3.connect(db) as conn:
        found = conn.execute(
            "SELECT owned_by FROM contact GROUP BY owned_by ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        owner = str(found[0]) if found else USER
        anywhere = [
            str(r[0])
            for r in conn.execute(
                "SELECT id FROM contact WHERE owned_by = ? AND is_archived = 0 "
                "ORDER BY random() LIMIT 2000",
                (owner,),
            )
        ]
    conn.close()
    store = Store.open(db)
    accounts = Accounts(store.engine)
    accounts.create_tables()
    if owner not in {u.name for u in accounts.users()}:
        accounts.add_user(owner)
    _, token = accounts.create_token(owner, "bench", ["*:*"])
    first = store.list(owner, "contact")
    store.close()
    return db, token, [str(o["id"]) for o in first.items], anywhere, first.total or 0


def page_read_figures(db: Path, page: int, repeat: int = 1000) -> None:
    """The store's page read in this process (no server, no cache), on the served book:
    ``Store.list`` of the list case's pages, beside SQLite alone running the same
    page's plain SELECT and fetching its rows (no total, no objects made). ``Store.list``
    can come in under it: its objects are made while SQLite reads the rows
    (``store/page_rows.py``), which spares sqlite3's fetch its cost per value."""
    from friendship_tui.schema import ListQuery
    from friendship_tui.store import fast_reads

    store = Store.open(db)
    with sqlite3.connect(db) as conn:
        owner = str(conn.execute("SELECT owned_by FROM contact LIMIT 1").fetchone()[0])
    conn.close()
    queries = [ListQuery(limit=page, offset=o) for o in range(0, 200, 20)]
    assert store.book is not None
    order = "name COLLATE NOCASE ASC, seq ASC"  # contact's default sort
    sql = (
        f"{fast_reads.SELECTS['contact']} WHERE owned_by = ? AND is_archived = 0 "
        f"ORDER BY {order} LIMIT ? OFFSET ?"
    )

    def floor(q: ListQuery) -> None:
        with store.book.read() as raw:  # type: ignore[union-attr]
            raw.execute(sql, (owner, q.limit, q.offset)).fetchall()

    cases: list[tuple[str, Callable[[ListQuery], object]]] = [
        (f"store page read ({page}, total)", lambda q: store.list(owner, "contact", q)),
        ("  SQLite alone (same SQL)", floor),
    ]
    print(f"{'in-process, no cache':<32}{'min ms':>8}{'p50 ms':>8}{'p95 ms':>8}{'cpu p50':>8}")
    for label, fn in cases:
        for q in queries:  # warm
            fn(q)
        walls, cpus = [], []
        for i in range(repeat):
            q = queries[i % len(queries)]
            c0, w0 = time.process_time(), time.perf_counter()
            fn(q)
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
        walls.sort()
        print(
            f"{label:<32}{walls[0] * 1000:>8.3f}{statistics.median(walls) * 1000:>8.3f}"
            f"{walls[int(repeat * 0.95)] * 1000:>8.3f}{statistics.median(cpus) * 1000:>8.3f}"
        )
    store.close()


def proc_figures(pid: int) -> tuple[float, float, float]:
    """(CPU seconds so far, resident MB now, peak resident MB) of ``pid``; NaN off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan"), float("nan"), float("nan")
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    kb = {
        line.split(":")[0]: int(line.split()[1])
        for line in status.splitlines()
        if line.startswith(("VmRSS:", "VmHWM:"))
    }
    return cpu, kb.get("VmRSS", 0) / 1024, kb.get("VmHWM", 0) / 1024


def summary(latencies: list[float], elapsed: float, errors: int) -> tuple[float, float, float, int]:
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, p99 * 1000, errors


async def run_case_raw(
    port: int, token: str, paths: list[str], clients: int, seconds: float
) -> tuple[float, float, float, int]:
    """Like ``run_case`` with a minimal keep-alive HTTP/1.1 client on raw sockets.

    httpx spends more CPU per request than the server does; on 2 cores the two share,
    so this client shows more of what the server can do."""
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    encoded = [
        f"GET {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
        for p in paths
    ]

    async def worker(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            writer.write(rng.choice(encoded))
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            if not head.startswith(b"HTTP/1.1 200"):
                errors += 1
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(clients)))
    return summary(latencies, time.perf_counter() - started, errors)


async def run_case(
    base: str, token: str, paths: list[str], clients: int, seconds: float
) -> tuple[float, float, float, int]:
    """(req/s, p50 ms, p99 ms, errors) for ``clients`` concurrent httpx loops over ``paths``.

    One AsyncClient (one keep-alive connection) per simulated client: a single shared
    pool of 32 connections spends more time scheduling than sending."""
    latencies: list[float] = []
    errors = 0
    headers = {"Authorization": f"Bearer {token}"}
    # Made (TLS context and all) and connected before the clock starts.
    pool = [httpx.AsyncClient(base_url=base, headers=headers, timeout=30) for _ in range(clients)]
    for client in pool:
        await client.get(paths[0])
    stop = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient, seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        while time.perf_counter() < stop:
            path = rng.choice(paths)
            t0 = time.perf_counter()
            r = await client.get(path)
            latencies.append(time.perf_counter() - t0)
            if r.status_code != 200:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker(c, i) for i, c in enumerate(pool)))
    elapsed = time.perf_counter() - started
    for client in pool:
        await client.aclose()
    return summary(latencies, elapsed, errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--book", type=Path, help="serve a copy of this book instead")
    parser.add_argument("--seconds", type=float, default=10.0, help="per case")
    parser.add_argument("--page", type=int, default=20, help="page size of the list case")
    parser.add_argument("--client", choices=("httpx", "raw", "both"), default="both")
    parser.add_argument("--read-cache", choices=("on", "off", "both"), default="both")
    parser.add_argument(
        "--db-url", help="an empty PostgreSQL database to serve from (default: an SQLite file)"
    )
    args = parser.parse_args()
    clients_kinds = ("httpx", "raw") if args.client == "both" else (args.client,)
    cache_modes = {"on": (True,), "off": (False,), "both": (True, False)}[args.read_cache]

    with tempfile.TemporaryDirectory(prefix="xapi2-bench-") as tmp:
        db: Path | str = args.db_url or Path(tmp) / "server.db"
        t0 = time.perf_counter()
        wide: list[tuple[str, list[str]]] = []
        if args.book is not None:
            db, token, ids, anywhere, total = prepare_book(args.book, Path(tmp))
            page_read_figures(db, args.page)
            rng = random.Random(7)
            # pages and objects from all over the book: what fills SQLite's page caches
            wide = [
                (
                    f"GET list page ({args.page}, any)",
                    [
                        f"/xapi2/data/contact?limit={args.page}&offset={rng.randrange(total)}"
                        for _ in range(500)
                    ],
                ),
                ("GET one (any)", [f"/xapi2/data/contact/{i}" for i in anywhere]),
            ]
            print(
                f"serving a copy of {args.book.name} (prepared in {time.perf_counter() - t0:.1f}s)"
            )
        else:
            token, ids = prepare(db, args.contacts)
            print(
                f"prepared {args.contacts} contacts (+ children) in {time.perf_counter() - t0:.1f}s"
            )
        list_paths = [
            f"/xapi2/data/contact?limit={args.page}&offset={o}" for o in range(0, 200, 20)
        ]
        one_paths = [f"/xapi2/data/contact/{i}" for i in ids]
        print(
            f"{'case':<24}{'cache':>6}{'client':>7}{'conc':>6}"
            f"{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'err':>5}"
            f"{'cpu ms/req':>11}{'rss MB':>8}{'peak':>6}"
        )
        for read_cache in cache_modes:
            server = ServerProcess(db, flags=["--read-cache" if read_cache else "--no-read-cache"])
            server.start(timeout=30)
            port, base = server.port, server.url
            try:
                for label, paths in (
                    (f"GET list page ({args.page})", list_paths),
                    ("GET one", one_paths),
                    *wide,
                ):
                    for kind in clients_kinds:
                        for clients in (1, 32):
                            assert server.proc is not None
                            cpu0 = proc_figures(server.proc.pid)[0]
                            if kind == "raw":
                                result = asyncio.run(
                                    run_case_raw(port, token, paths, clients, args.seconds)
                                )
                            else:
                                result = asyncio.run(
                                    run_case(base, token, paths, clients, args.seconds)
                                )
                            rps, p50, p99, errs = result
                            cpu1, rss, peak = proc_figures(server.proc.pid)
                            per_req = (cpu1 - cpu0) * 1000 / max(1.0, rps * args.seconds)
                            print(
                                f"{label:<24}{'on' if read_cache else 'off':>6}{kind:>7}"
                                f"{clients:>6}{rps:>8.0f}{p50:>8.2f}{p99:>8.2f}{errs:>5}"
                                f"{per_req:>11.3f}{rss:>8.0f}{peak:>6.0f}",
                                flush=True,
                            )
            finally:
                server.stop()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, 1 uvicorn worker, "
        f"load average at the end {load:.1f}"
    )


if __name__ == "__main__":
    main()
