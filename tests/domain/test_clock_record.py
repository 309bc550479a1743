"""LocalClock is a plain slotted class (cheaper to create at start than a frozen
dataclass) that keeps the frozen dataclass's behaviour: equality, hash, repr, matching
and no assignment."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime

import pytest

from friendship_tui.domain.clock import LocalClock, utc_now


def test_a_clock_compares_and_hashes_by_its_instant_and_zone() -> None:
    assert LocalClock() == LocalClock(instant=utc_now, tz=None)
    assert hash(LocalClock()) == hash(LocalClock(utc_now))
    assert LocalClock() != LocalClock(utc_now, UTC)
    assert LocalClock().__eq__(object()) is NotImplemented
    assert repr(LocalClock(utc_now, UTC)) == (
        f"LocalClock(instant={utc_now!r}, tz=datetime.timezone.utc)"
    )


def test_a_clock_cannot_be_changed() -> None:
    clock = LocalClock(lambda: datetime(2026, 1, 2, 3, tzinfo=UTC), UTC)
    with pytest.raises(FrozenInstanceError):
        clock.tz = None
    with pytest.raises(FrozenInstanceError):
        del clock.instant
    match clock:
        case LocalClock(_, zone):
            assert zone is UTC
    assert clock.today().isoformat() == "2026-01-02"
