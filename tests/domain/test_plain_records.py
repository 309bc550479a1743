"""LocalClock, PartialDate and Status are plain slotted classes (cheaper to create at
start than dataclasses) that keep the dataclass's behaviour: equality, hash (or none),
repr, matching and, for the frozen ones, no assignment."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime

import pytest

from friendship_tui.domain.clock import LocalClock, utc_now
from friendship_tui.schema.dates import PartialDate, parse_partial_date
from friendship_tui.store.book_status import Status


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


def test_a_partial_date_is_a_frozen_value() -> None:
    birthday = parse_partial_date("--02-29")
    assert birthday == PartialDate(None, 2, 29) == PartialDate(year=None, month=2, day=29)
    assert birthday != PartialDate(2000, 2, 29)
    assert {birthday, PartialDate(None, 2, 29)} == {PartialDate(None, 2, 29)}
    assert PartialDate(1, 2, 3).__eq__((1, 2, 3)) is NotImplemented
    assert repr(birthday) == "PartialDate(year=None, month=2, day=29)"
    assert str(birthday) == "--02-29"
    with pytest.raises(FrozenInstanceError):
        birthday.year = 2000
    match PartialDate(1990, 5, 17):
        case PartialDate(year, month, day):
            assert (year, month, day) == (1990, 5, 17)


def test_a_status_is_a_mutable_record() -> None:
    status = Status(state="syncing", pending=2)
    assert status == Status("syncing", 2, 0, None, "", {})
    assert status != Status(state="syncing", pending=3)
    assert Status().extra == {} and Status().extra is not Status().extra
    assert repr(Status()) == (
        "Status(state='local', pending=0, conflicts=0, last_sync=None, detail='', extra={})"
    )
    status.pending = 0
    assert status == Status(state="syncing")
    with pytest.raises(TypeError):
        hash(status)
    with pytest.raises(AttributeError):
        status.colour = "red"  # type: ignore[attr-defined]
