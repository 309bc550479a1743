"""Per-token token buckets: a steady rate with room for bursts (a sync pull, an import).

In memory and per process: a limit is a courtesy to the server, not a security
boundary, and a restart giving everyone a full bucket is harmless.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateLimit:
    """``rate`` requests per second on average, up to ``burst`` at once. rate<=0: no limit."""

    rate: float = 50.0
    burst: int = 200

    @property
    def enabled(self) -> bool:
        return self.rate > 0


DEFAULT_RATE_LIMIT = RateLimit()


class TokenBuckets:
    def __init__(self, limit: RateLimit, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._monotonic = monotonic
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, stamp)
        self._lock = threading.Lock()

    def take(self, key: str) -> float | None:
        """Spend one request for ``key``: None if allowed, else seconds until it would be."""
        if not self.limit.enabled:
            return None
        now = self._monotonic()
        with self._lock:
            tokens, stamp = self._buckets.get(key, (float(self.limit.burst), now))
            tokens = min(float(self.limit.burst), tokens + (now - stamp) * self.limit.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return None
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.limit.rate


def retry_after_header(wait: float) -> str:
    """Retry-After takes whole seconds; round up so a polite client is never early."""
    return str(max(1, math.ceil(wait)))
