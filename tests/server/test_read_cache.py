"""The server's read cache: per owner, dropped on that owner's writes, never stale."""

from __future__ import annotations

import httpx
from server_sandbox import Sandbox

from friendship_tui.server.read_cache import ReadCache


def test_a_read_that_raced_a_write_is_not_kept() -> None:
    cache = ReadCache()
    seen = cache.generation("ann")
    cache.invalidate("ann")  # a write commits while the read runs
    cache.put("ann", "k", seen, b"old page")
    assert cache.get("ann", "k") is None
    cache.put("ann", "k", cache.generation("ann"), b"new page")
    assert cache.get("ann", "k") == b"new page"


def test_owners_are_separate_and_size_is_bounded() -> None:
    cache = ReadCache(max_entries=2)
    for key in ("a", "b", "c"):
        cache.put("ann", key, 0, key.encode())
    cache.put("bob", "a", 0, b"bob's")
    assert cache.get("ann", "a") is None  # evicted, least recently used
    assert cache.get("ann", "c") == b"c"
    cache.invalidate("ann")
    assert cache.get("ann", "c") is None and cache.get("bob", "a") == b"bob's"


def test_hook_side_effects_invalidate_cached_reads(
    sandbox: Sandbox, users: tuple[str, str]
) -> None:
    """A cached contact must not outlive the hook that bumps it (conversation create)."""
    token = sandbox.token(users[0])
    c = httpx.Client(base_url=sandbox.url, headers={"Authorization": f"Bearer {token}"})
    ann = c.post("/xapi2/data/contact", json={"name": "Ann"}).json()
    first = c.get(f"/xapi2/data/contact/{ann['id']}").json()
    hits = sandbox.state.read_cache.hits if sandbox.state.read_cache else 0
    assert c.get(f"/xapi2/data/contact/{ann['id']}").json() == first  # served from the cache
    assert sandbox.state.read_cache is not None and sandbox.state.read_cache.hits == hits + 1
    assert c.get("/xapi2/data/contact").json()["data"][0]["last_contacted_at"] is None
    c.post(
        "/xapi2/data/conversation",
        json={"parent_id": ann["id"], "channel": "call", "occurred_at": "2026-02-02"},
    )
    after = c.get(f"/xapi2/data/contact/{ann['id']}").json()
    assert after["last_contacted_at"].startswith("2026-02-02")
    listed = c.get("/xapi2/data/contact").json()["data"]
    assert listed[0]["last_contacted_at"].startswith("2026-02-02")
