"""Sync benchmarks on loopback: the initial sync of a big book, and live latency.

1. Initial sync: the server holds 10,000 contacts with 100,000 children (populated in
   bulk straight into its database); a client with an empty cache runs ``sync_now()``.
   Target: <= 10 s.
2. Live latency: client A writes (write-through to the server); client B's cache gets
   the change over the WebSocket. Measured from A's call to B's change event, which is
   published after the row is in B's cache. Target: p50 <= 100 ms.

    .venv/bin/python bench/sync_bench.py [--contacts 10000] [--children 10] [--writes 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from friendship_tui.remote.backend import RemoteBackend
from friendship_tui.server.accounts import Accounts
from friendship_tui.server.child import ServerProcess
from friendship_tui.store.ids import IdMaker
from friendship_tui.store.local import Store
from friendship_tui.sync.backend import SyncBackend

CHILD_TYPES = (
    "note", "activity", "conversation", "reminder", "gift",
    "pet", "life_event", "custom_field", "note", "activity",
)  # fmt: skip


def child_row(type_: str, i: int) -> dict[str, Any]:
    rows: dict[str, dict[str, Any]] = {
        "note": {"body": f"note {i}", "pinned": i % 7 == 0},
        "activity": {"kind": "meeting", "title": f"coffee {i}", "occurred_at": "2025-06-01"},
        "conversation": {"channel": "call", "summary": f"call {i}"},
        "reminder": {"due_date": "2026-01-15", "message": f"ping {i}"},
        "gift": {"title": f"book {i}", "status": "idea", "price": 12.5},
        "pet": {"name": f"Rex {i}", "species": "dog"},
        "life_event": {"kind": "moved", "title": f"moved {i}", "occurred_at": "2019-03-02"},
        "custom_field": {"label": f"field {i}", "value": "x", "kind": "text"},
    }
    return rows[type_]


def populate(db: Path, user: str, contacts: int, per_contact: int) -> str:
    """Users, a token, and the book, written in bulk into the server's database."""
    store = Store.open(db)
    accounts = Accounts(store.engine)
    accounts.create_tables()
    accounts.add_user(user)
    _, token = accounts.create_token(user, "bench", ["*:*"])
    ids = IdMaker()

    def rows() -> Any:
        now = datetime.now(UTC)
        for i in range(contacts):
            cid = ids.new(now)
            yield "contact", {"id": cid, "name": f"Person {i:05d}", "city": "Oslo"}
            for j in range(per_contact):
                type_ = CHILD_TYPES[j % len(CHILD_TYPES)]
                yield type_, {"id": ids.new(now), "parent_id": cid, **child_row(type_, j)}

    store.import_rows(user, rows(), run_hooks=False, keep_ids=True)
    store.close()
    return token


def client(cache: Path, url: str, token: str, **options: Any) -> SyncBackend:
    return SyncBackend(
        Store.open(cache), RemoteBackend(url, token, max_retries=2), owns_store=True, **options
    )


async def initial_sync(url: str, token: str, work: Path) -> tuple[float, int]:
    c = client(work / "initial.db", url, token, live=False, autostart=False)
    try:
        t0 = time.perf_counter()
        summary = await c.sync_now()
        elapsed = time.perf_counter() - t0
        assert summary.ok, summary
        return elapsed, summary.pulled
    finally:
        await c.close()


async def live_latency(url: str, token: str, work: Path, writes: int) -> list[float]:
    a = client(work / "a.db", url, token, live=False)
    b = client(work / "b.db", url, token)
    try:
        target = await a.create("contact", {"name": "Latency Probe"})
        await b.sync_now()
        await b.list("contact")  # start b's live channel
        channel = None
        for _ in range(200):
            channel = b._live_channel
            if channel is not None and channel.connected.is_set():
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # let the subscriptions settle
        while b.lock.locked():  # b's start-up catch-up pull: measure the steady state
            await asyncio.sleep(0.05)
        stream = b.changes()
        samples: list[float] = []
        for i in range(-3, writes):  # three warm-up writes, not counted
            nick = f"n{i}"
            t0 = time.perf_counter()
            await a.update("contact", target["id"], {"nickname": nick})
            while True:
                event = await asyncio.wait_for(stream.__anext__(), 10)
                if event.object.get("nickname") == nick:
                    break
            if i >= 0:
                samples.append((time.perf_counter() - t0) * 1000)
        await stream.aclose()
        return samples
    finally:
        await a.close()
        await b.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--children", type=int, default=10, help="children per contact")
    parser.add_argument("--writes", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    db = work / "server.db"
    t0 = time.perf_counter()
    token = populate(db, "bench", args.contacts, args.children)
    total = args.contacts * (1 + args.children)
    print(f"populated {total:,} objects in {time.perf_counter() - t0:.1f} s")
    server = ServerProcess(db)  # the tests' helper: friendship serve in a child process
    server.start()
    url = server.url
    try:
        elapsed, pulled = asyncio.run(initial_sync(url, token, work))
        print(
            f"initial sync: {pulled:,} objects in {elapsed:.2f} s "
            f"({pulled / elapsed:,.0f} objects/s)  target <= 10 s: "
            + ("OK" if elapsed <= 10 else "MISSED")
        )
        samples = asyncio.run(live_latency(url, token, work, args.writes))
        samples.sort()
        p50 = statistics.median(samples)
        p95 = samples[int(len(samples) * 0.95) - 1]
        print(
            f"write -> other cache over the WebSocket ({len(samples)} writes): "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {samples[-1]:.1f} ms  "
            "target p50 <= 100 ms: " + ("OK" if p50 <= 100 else "MISSED")
        )
    finally:
        server.stop()
    print(f"cpu count {os.cpu_count()}, load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
