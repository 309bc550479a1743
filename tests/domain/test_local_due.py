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


def test_the_slack_bounds_every_zone_and_step() -> None:
    """Brute force over two years of talks at the hours where the day flips, in the
    zones furthest from UTC: the local due date never strays past the declared slack
    (one day for steps counted in days)."""
    from datetime import timedelta

    from friendship_tui.domain.stay_in_touch import DAY_STEP_SLACK_DAYS, DAY_STEPS, STEPS

    zones = [ZoneInfo(z) for z in ("Pacific/Kiritimati", "Pacific/Auckland", "Etc/GMT+12")]
    day = date(2027, 1, 1)
    worst = {f: 0 for f in STEPS}
    while day < date(2029, 1, 1):
        for hour in ("00:30", "11:30", "12:30", "23:30"):
            talk = f"{day.isoformat()}T{hour}:00Z"
            for freq in STEPS:
                key = date.fromisoformat(str(due_key(talk, freq)))
                for tz in zones:
                    local = next_due(talk, freq, tz)
                    assert local is not None
                    worst[freq] = max(worst[freq], abs((local - key).days))
        day += timedelta(days=1)
    assert max(worst.values()) <= DUE_KEY_SLACK_DAYS
    assert all(worst[f] <= DAY_STEP_SLACK_DAYS for f in DAY_STEPS)
    assert max(worst.values()) == DUE_KEY_SLACK_DAYS  # the bound is tight, not a guess
