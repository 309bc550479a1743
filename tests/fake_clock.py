"""A settable clock, the one thing tests may fake: ``from fake_clock import FakeClock``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """The only thing tests may fake: time. Call it for now; ``advance`` moves it on."""

    def __init__(self, start: datetime = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
