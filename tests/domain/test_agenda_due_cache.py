"""``domain.agenda.due_on``: ``next_due`` remembered per (talk, frequency, zone), never
answering for a zone it was not computed in (the system zone keyed by ``time.tzset``)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from friendship_tui.domain.agenda import due_on
from friendship_tui.domain.stay_in_touch import next_due

TALK = "2026-11-24T12:26:00Z"  # the 25th in Auckland, the 24th in UTC and west of it


@pytest.fixture
def system_tz() -> Iterator[None]:
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_remembered_dates_are_the_domains_in_each_zone() -> None:
    for tz in (ZoneInfo("Pacific/Auckland"), ZoneInfo("America/Los_Angeles"), None):
        for freq in ("weekly", "monthly", "yearly"):
            assert due_on(TALK, freq, tz) == next_due(TALK, freq, tz)
            assert due_on(TALK, freq, tz) == next_due(TALK, freq, tz)  # from the cache
    assert due_on(TALK, "weekly", ZoneInfo("Pacific/Auckland")) == date(2026, 12, 2)
    assert due_on(TALK, "weekly", ZoneInfo("America/Los_Angeles")) == date(2026, 12, 1)
    assert due_on(None, "weekly", None) is None


def test_a_changed_system_zone_is_not_answered_from_the_cache(system_tz: None) -> None:
    os.environ["TZ"] = "Pacific/Auckland"
    time.tzset()
    assert due_on(TALK, "weekly", None) == date(2026, 12, 2)
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()
    assert due_on(TALK, "weekly", None) == date(2026, 12, 1)
