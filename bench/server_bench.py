"""Server throughput and latency on loopback: GET a list page and GET one object, at 1
and 32 concurrent clients, each case bounded in time.

The server runs as `friendship serve` in a separate process (rate limiting off, no
access log), on a fresh database with N sample contacts (and their children) for one
user. The load generator is Python async (httpx), one persistent connection per
client. Prints req/s, p50 and p99 per case.

    .venv/bin/python bench/server_bench.py [--contacts 2000] [--seconds 10] [--page 20]

Targets (issue 4): >= 1,500 req/s for a page read on 2 cores, p99 <= 50 ms at 32 clients.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx

from friendship_tui.server.accounts import Accounts
from friendship_tui.server.running import free_port
from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import sample_rows

USER = "bench"


def prepare(db: Path, contacts: int) -> tuple[str, list[str]]:
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


def start_server(db: Path, port: int, workers_env: dict[str, str]) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable, "-m", "friendship_tui.cli.main", "serve",
        "--db", str(db), "--port", str(port), "--rate", "0", "--no-access-log",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env={**os.environ, **workers_env}, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/xapi2/capabilities", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


async def run_case(
    base: str, token: str, paths: list[str], clients: int, seconds: float
) -> tuple[float, float, float, int]:
    """(req/s, p50 ms, p99 ms, errors) for ``clients`` concurrent loops over ``paths``."""
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, limits=limits, timeout=30
    ) as client:
        for p in paths[:5]:  # warm up
            await client.get(p)

        async def worker(seed: int) -> None:
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
        await asyncio.gather(*(worker(i) for i in range(clients)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, p99 * 1000, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--page", type=int, default=20, help="page size of the list case")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="xapi2-bench-") as tmp:
        db = Path(tmp) / "server.db"
        t0 = time.perf_counter()
        token, ids = prepare(db, args.contacts)
        print(f"prepared {args.contacts} contacts (+ children) in {time.perf_counter() - t0:.1f}s")
        port = free_port()
        proc = start_server(db, port, {})
        base = f"http://127.0.0.1:{port}"
        try:
            list_paths = [
                f"/xapi2/data/contact?limit={args.page}&offset={o}" for o in range(0, 200, 20)
            ]
            one_paths = [f"/xapi2/data/contact/{i}" for i in ids]
            print(f"{'case':<28}{'clients':>8}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
            for label, paths in ((f"GET list page ({args.page})", list_paths), ("GET one", one_paths)):
                for clients in (1, 32):
                    rps, p50, p99, errs = asyncio.run(
                        run_case(base, token, paths, clients, args.seconds)
                    )
                    print(f"{label:<28}{clients:>8}{rps:>10.0f}{p50:>9.2f}{p99:>9.2f}{errs:>8}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, 1 uvicorn worker")


if __name__ == "__main__":
    main()
