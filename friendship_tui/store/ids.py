"""Time-ordered string ids (ULID-style): sortable, unique, 26 characters.

The first 10 characters encode the milliseconds since the epoch, the last 16 are
random; within one process ids are strictly increasing even when the clock stands
still (a frozen test clock) or steps back, so ``(created_at, id)`` keysets stay stable.
"""

from __future__ import annotations

import threading
from datetime import datetime

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32, sortable as text
_RANDOM_BITS = 80


_TIME_DIGITS = 26 - _RANDOM_BITS // 5
# a random byte to the digit of its low five bits (256 = 8 x 32: each digit as likely)
_DIGITS = bytes(_ALPHABET.encode()[b & 31] for b in range(256))
_VALUE = {ch: i for i, ch in enumerate(_ALPHABET)}
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


def _counted(first: int, n: int) -> list[str]:
    """The ids of ``first`` .. ``first + n - 1``: a block of 1024 shares its first 24
    digits (encoded once) and takes its last two from ``_PAIRS`` in order."""
    out: list[str] = []
    value, end = first, first + n
    while value < end:
        low = value & 1023
        stop = min(end, value - low + 1024)
        head = _encode(value >> 10, 24)
        out += [head + pair for pair in _PAIRS[low : low + stop - value]]
        value = stop
    return out


def _decode(digits: str) -> int:
    value = 0
    for ch in digits:
        value = value * 32 + _VALUE[ch]
    return value


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
        bulk import's children). Each random part is 16 random bytes, each cut to its
        low five bits and written as its digit by one ``bytes.translate`` (no integer
        per id, no base32 encoder), the parts sorted as text (the alphabet sorts as
        the digits do). A chunk that would not stand above the last id (the clock
        stood still since, as it does for every chunk of one import, or stepped back)
        counts on from it, as ``new`` steps to the last + 1 (``_counted``)."""
        import secrets

        ms = int(now.timestamp() * 1000)
        width = _RANDOM_BITS // 5
        text = secrets.token_bytes(width * n).translate(_DIGITS).decode("ascii")
        # sorted only if they are used: every chunk of an import but the first counts on
        # from the last id, and needs only the least to know it
        tails = [text[i : i + width] for i in range(0, width * n, width)]
        low = min(tails) if tails else ""
        with self._lock:
            first = self._last + 1
            if tails and (ms << _RANDOM_BITS) | _decode(low) >= first:
                if len(set(tails)) == n:  # else a repeat: counted on instead
                    tails.sort()
                    self._last = (ms << _RANDOM_BITS) | _decode(tails[-1])
                    head = _encode(ms, _TIME_DIGITS)
                    return [head + tail for tail in tails]
                first = (ms << _RANDOM_BITS) | _decode(low)
            self._last = first + n - 1
        return _counted(first, n)
