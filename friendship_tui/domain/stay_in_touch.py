"""When the next check-in is due, per ``stay_in_touch_frequency``.

Month-based frequencies use calendar arithmetic (as python-dateutil's relativedelta
does, written out in ``_add_months``): Jan 31 + 1 month is Feb 28 (or 29), never Mar 3.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo

from ..schema.dates import parse_full_date, parse_timestamp
from ..schema.kinds import FREQUENCY_STEPS
from .clock import to_local

# the schema's frequencies ("never": not tracked) -> (months, days) of one step
STEPS: dict[str, tuple[int, int]] = dict(FREQUENCY_STEPS)


# How far the local due date can stray from the stored UTC-based ``due_key``: the local
# day of a talk is the UTC day +-1 (zones span UTC-12..UTC+14), and a month step can
# stretch that (Feb 28 UTC is Mar 1 in Auckland: +1 month gives Mar 28 against Apr 1,
# 4 days). Reads widen their key window by this much and recompute each candidate's
# date in the user's zone; a step counted in days only ever moves it by one day.
DUE_KEY_SLACK_DAYS = 4
DAY_STEP_SLACK_DAYS = 1
# the frequencies whose step is a number of days
DAY_STEPS = tuple(name for name, (months, _) in FREQUENCY_STEPS.items() if not months)


def last_contact_day(last_contacted_at: str | None, tz: tzinfo | None = None) -> date | None:
    """The day of the last talk on the user's calendar (``tz``; None = the system's
    zone): a talk at 01:26 on 25 Nov in Auckland (12:26Z on the 24th) was on the 25th.
    A bare date is that day everywhere."""
    if not last_contacted_at:
        return None
    text = str(last_contacted_at).strip()
    if len(text) > 10:
        try:  # the stored form ("...Z" or an offset) in C; the full parser otherwise
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            try:
                return moment.astimezone(tz).date()
            except OverflowError:
                return moment.astimezone(UTC).date()
    ts = parse_timestamp(text)
    if ts is None:
        return None
    if parse_full_date(text) is not None:
        return ts.date()
    try:
        return to_local(ts, tz).date()
    except OverflowError:  # 0001-01-01T00:00Z west of UTC: the calendar has no day before
        return ts.date()


def _add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's end (Jan 31 + 1
    month = Feb 28), as relativedelta does, without its cost per row."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _stepper(months: int, days: int) -> Callable[[date], date]:
    if months:
        return lambda d: _add_months(d, months) + timedelta(days=days)
    return lambda d: d + timedelta(days=days)


_FAST_STEPS: dict[str, Callable[[date], date]] = {
    name: _stepper(months, days) for name, (months, days) in FREQUENCY_STEPS.items()
}


def next_due(
    last_contacted_at: str | None, frequency: str | None, tz: tzinfo | None = None
) -> date | None:
    """The due date of the next check-in, counted from the local day of the last talk
    (``tz``: the user's zone, None = the system's).

    None when there is nothing to compute: no frequency / "never" (not tracked), or a
    tracked contact never contacted (which the agenda treats as due now). Callers tell
    the two apart by the frequency.
    """
    if (frequency or "") not in STEPS:
        return None
    last = last_contact_day(last_contacted_at, tz)
    if last is None:
        return None
    try:
        result: date = _FAST_STEPS[str(frequency)](last)
    except (OverflowError, ValueError):
        # Only a value stored before dates had a year range gets here (9999-12-31 +
        # 1 year): due never, rather than every read and write of the contact failing.
        return date.max
    return result


def is_tracked(frequency: str | None) -> bool:
    return frequency in STEPS


def due_key(last_contacted_at: str | None, frequency: str | None) -> str | None:
    """The sortable ``next_due`` column the store keeps indexed.

    "" for a tracked contact never contacted (sorts before every date: due now); an ISO
    date otherwise; None when the contact is not tracked. Counted from the UTC day: the
    store writes it knowing no user's zone, so it is a key for candidate queries (within
    ``DUE_KEY_SLACK_DAYS`` of the local due date), never the date shown.
    """
    if not is_tracked(frequency):
        return None
    due = next_due(last_contacted_at, frequency, UTC)
    return "" if due is None else due.isoformat()
