"""When the next check-in is due, per ``stay_in_touch_frequency``.

Month-based frequencies use calendar arithmetic (python-dateutil): Jan 31 + 1 month is
Feb 28 (or 29), never Mar 3.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from ..schema.dates import parse_timestamp
from ..schema.models import FREQUENCY_STEPS

STEPS: dict[str, relativedelta] = {  # the schema's frequencies ("never": not tracked)
    name: relativedelta(months=months, days=days)
    for name, (months, days) in FREQUENCY_STEPS.items()
}


def last_contact_day(last_contacted_at: str | None) -> date | None:
    if not last_contacted_at:
        return None
    ts = parse_timestamp(str(last_contacted_at))
    return ts.date() if ts else None


def next_due(last_contacted_at: str | None, frequency: str | None) -> date | None:
    """The due date of the next check-in.

    None when there is nothing to compute: no frequency / "never" (not tracked), or a
    tracked contact never contacted (which the agenda treats as due now). Callers tell
    the two apart by the frequency.
    """
    step = STEPS.get(frequency or "")
    if step is None:
        return None
    last = last_contact_day(last_contacted_at)
    if last is None:
        return None
    try:
        result: date = last + step
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
    date otherwise; None when the contact is not tracked.
    """
    if not is_tracked(frequency):
        return None
    due = next_due(last_contacted_at, frequency)
    return "" if due is None else due.isoformat()
