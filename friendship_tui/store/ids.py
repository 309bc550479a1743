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


def _encode(value: int, length: int) -> str:
    out = ""
    for _ in range(length):
        out = _ALPHABET[value & 31] + out
        value >>= 5
    return out


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
