"""Answers to GET list / GET one, kept per owner until that owner's data changes.

Reads dominate (the app pages through lists, sync re-reads), and the same pages are
asked for again and again. Every committed change reaches ``invalidate`` synchronously
from the store's writer thread, before the write's HTTP answer is sent, so a client
always reads its own writes. A read that raced a write is not stored: ``put`` only
keeps a body if the owner's generation is still the one seen before the query ran.

Per process: correct for one server process owning its database (``friendship
serve``); turn it off (``create_app(read_cache=False)``) when several processes write
to the same database.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

MAX_ENTRIES_PER_OWNER = 256
MAX_BODY_BYTES = 256 * 1024


class ReadCache:
    def __init__(self, max_entries: int = MAX_ENTRIES_PER_OWNER) -> None:
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._generation: dict[str, int] = {}
        self._entries: dict[str, OrderedDict[str, bytes]] = {}
        self.hits = 0
        self.misses = 0

    def generation(self, owner: str) -> int:
        with self._lock:
            return self._generation.get(owner, 0)

    def get(self, owner: str, key: str) -> bytes | None:
        with self._lock:
            entries = self._entries.get(owner)
            body = entries.get(key) if entries is not None else None
            if body is None:
                self.misses += 1
                return None
            entries.move_to_end(key)  # type: ignore[union-attr]
            self.hits += 1
            return body

    def put(self, owner: str, key: str, generation: int, body: bytes) -> None:
        if len(body) > MAX_BODY_BYTES:
            return
        with self._lock:
            if self._generation.get(owner, 0) != generation:
                return  # a write landed while this was read: the body may be stale
            entries = self._entries.setdefault(owner, OrderedDict())
            entries[key] = body
            entries.move_to_end(key)
            while len(entries) > self.max_entries:
                entries.popitem(last=False)

    def invalidate(self, owner: str | None) -> None:
        with self._lock:
            if owner is None:  # an event without an owner: forget everything
                for name in list(self._generation):
                    self._generation[name] += 1
                self._entries.clear()
                return
            self._generation[owner] = self._generation.get(owner, 0) + 1
            self._entries.pop(owner, None)
