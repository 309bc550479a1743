"""next_due counts from the local day of the last talk; the stored key stays UTC's."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from friendship_tui.domain.stay_in_touch import DUE_KEY_SLACK_DAYS, due_key, next_due

AUCKLAND = ZoneInfo("Pacific/Auckland")


def test_a_talk_after_local_midnight_counts_from_that_local_day() -> None:
    talk = "2026-11-24T12:26:00Z"  # 01:26 on 25 Nov in Auckland
    assert next_due(talk, "weekly", AUCKLAND) == date(2026, 12, 2)
    assert next_due(talk, "weekly", ZoneInfo("UTC")) == date(2026, 12, 1)
    assert due_key(talk, "weekly") == "2026-12-01"  # the stored key does not move


def test_a_bare_date_is_that_day_in_every_zone() -> None:
    assert next_due("2026-11-24", "weekly", AUCKLAND) == date(2026, 12, 1)
    assert next_due("2026-11-24", "weekly", ZoneInfo("Pacific/Pago_Pago")) == date(2026, 12, 1)


def test_month_ends_stay_within_the_declared_slack() -> None:
    talk = "2027-02-28T12:00:00Z"  # Mar 1 in Auckland
    local = next_due(talk, "monthly", AUCKLAND)
    assert local == date(2027, 4, 1)
    assert due_key(talk, "monthly") == "2027-03-28"
    assert (local - date.fromisoformat("2027-03-28")).days <= DUE_KEY_SLACK_DAYS
