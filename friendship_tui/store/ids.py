"""Time-ordered string ids (ULID-style): sortable, unique, 26 characters.

The first 10 characters encode the milliseconds since the epoch, the last 16 are
random; within one process ids are strictly increasing even when the clock stands
still (a frozen test clock) or steps back, so ``(created_at, id)`` keysets stay stable.
"""

from __future__ import annotations

import base64
import threading
from datetime import datetime

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32, sortable as text
_RANDOM_BITS = 80


# RFC 4648's base32 alphabet, as bytes, translated to Crockford's
_TO_CROCKFORD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _ALPHABET.encode())
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
        import secrets  # on the first id: a read-only command never makes one

        candidate = (ms << _RANDOM_BITS) | secrets.randbits(_RANDOM_BITS)
        with self._lock:
            if candidate <= self._last:
                candidate = self._last + 1
            self._last = candidate
        return _encode(candidate, 26)

    def new_many(self, now: datetime, n: int) -> list[str]:
        """``n`` increasing ids at once, as ``new`` would hand them out one by one (a
        bulk import's children): one read of the random source, the random parts
        sorted, and their base32 (80 bits are 16 characters) written by one C call."""
        base = int(now.timestamp() * 1000) << _RANDOM_BITS
        size = _RANDOM_BITS // 8
        import secrets

        noise = secrets.token_bytes(size * n)
        parts = sorted(noise[i * size : (i + 1) * size] for i in range(n))
        values: list[int] = []
        with self._lock:
            last = self._last
            for part in parts:
                candidate = base | int.from_bytes(part)
                if candidate <= last:
                    candidate = last + 1
                last = candidate
                values.append(candidate)
            self._last = last
        if not values or values[0] >> _RANDOM_BITS != values[-1] >> _RANDOM_BITS:
            return [_encode(v, 26) for v in values]  # the count ran into the next ms
        head = _encode(values[0] >> _RANDOM_BITS, 26 - _RANDOM_BITS // 5)
        mask, width = (1 << _RANDOM_BITS) - 1, _RANDOM_BITS // 5
        raw = b"".join([(v & mask).to_bytes(size) for v in values])
        tails = base64.b32encode(raw).translate(_TO_CROCKFORD).decode("ascii")
        return [head + tails[i * width : (i + 1) * width] for i in range(n)]
