"""Time-ordered string ids (ULID-style): sortable, unique, 26 characters.

The first 10 characters encode the milliseconds since the epoch, the last 16 are
random; within one process ids are strictly increasing even when the clock stands
still (a frozen test clock) or steps back, so ``(created_at, id)`` keysets stay stable.
"""

from __future__ import annotations

import secrets
import threading
from datetime import datetime

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32, sortable as text
_RANDOM_BITS = 80


_PAIRS = [a + b for a in _ALPHABET for b in _ALPHABET]  # 10 bits a lookup: imports make 1M


def _encode(value: int, length: int) -> str:
    parts: list[str] = []
    if length % 2:
        parts.append(_ALPHABET[value & 31])
        value >>= 5
    for _ in range(length // 2):
        parts.append(_PAIRS[value & 1023])
        value >>= 10
    parts.reverse()
    return "".join(parts)


class IdMaker:
    """Hands out increasing ids; one per Store, safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0

    def new(self, now: datetime) -> str:
        ms = int(now.timestamp() * 1000)
        candidate = (ms << _RANDOM_BITS) | secrets.randbits(_RANDOM_BITS)
        with self._lock:
            if candidate <= self._last:
                candidate = self._last + 1
            self._last = candidate
        return _encode(candidate, 26)

    def new_many(self, now: datetime, n: int) -> list[str]:
        """``n`` ids at once, as ``new`` would hand them out one by one (a bulk import's
        children): one read of the random source instead of one per id."""
        ms = int(now.timestamp() * 1000) << _RANDOM_BITS
        size = _RANDOM_BITS // 8
        noise = secrets.token_bytes(size * n)
        out: list[str] = []
        with self._lock:
            last = self._last
            for i in range(n):
                candidate = ms | int.from_bytes(noise[i * size : (i + 1) * size])
                if candidate <= last:
                    candidate = last + 1
                last = candidate
                out.append(_encode(candidate, 26))
            self._last = last
        return out
