"""Who the check-in review shows next, read a page at a time from the agenda.

Why not the whole agenda: a big book has hundreds of people due, and the review only
ever needs the current person. The people due today are the head of the stay-in-touch
panel (most overdue first, then due today, then the few due soon), so the review reads
``agenda(today, horizon, limit=PAGE)`` to start and ``agenda_rows("stay_in_touch", ...)``
from the current position after each step. Logging or snoozing someone makes them
leave the panel and everyone after them moves up one place; skipping leaves them in
place. Re-reading from the current position and stepping over everyone already passed
(by id) shows each person once, whichever of those happened. No textual here.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from datetime import date

from ..domain.agenda import Agenda, AgendaRow
from ..store.base import Backend

PAGE = 20  # rows per read; the review shows one person, so a small page is plenty


@dataclass(slots=True)
class Found:
    """The next person to show and their place in the stay-in-touch panel."""

    position: int
    row: AgendaRow


def is_due(row: AgendaRow) -> bool:
    """Due today or overdue (the panel's due-soon tail is not in the review)."""
    return row.days <= 0


def due_head(rows: Sequence[AgendaRow]) -> int:
    """How many of ``rows`` (a panel page from its start) are due: they come first."""
    return next((i for i, r in enumerate(rows) if not is_due(r)), len(rows))


async def count_due(backend: Backend, agenda: Agenda, page: int = PAGE) -> int:
    """The exact number of people due in a limited agenda's whole stay-in-touch panel.

    ``totals`` counts the due-soon tail too; the due people are the panel's head, so
    when the first page does not reach the tail, a binary search between it and the
    total finds where the tail starts with a few one-row reads.
    """
    first = agenda.stay_in_touch
    total = agenda.total("stay_in_touch")
    head = due_head(first)
    if head < len(first) or len(first) >= total:
        return head
    low, high = len(first), total  # every row before ``low`` is due
    while low < high:
        mid = (low + high) // 2
        rows = await backend.agenda_rows("stay_in_touch", agenda.today, agenda.horizon_days, mid, 1)
        if rows and is_due(rows[0]):
            low = mid + 1
        else:
            high = mid
    return low


async def next_person(
    backend: Backend,
    today: date,
    horizon_days: int,
    start: int,
    passed: Set[str],
    first: Sequence[AgendaRow] | None = None,
    page: int = PAGE,
) -> Found | None:
    """The first due person at or after ``start`` not in ``passed`` (None: nobody left).

    ``first``: rows already read from ``start`` (the opening agenda's page), if any.
    """
    position = start
    rows = list(first) if first is not None else None
    while True:
        if rows is None:
            rows = await backend.agenda_rows("stay_in_touch", today, horizon_days, position, page)
        for i, row in enumerate(rows):
            if not is_due(row):
                return None
            if row.contact_id not in passed:
                return Found(position + i, row)
        if len(rows) < page:
            return None
        position += len(rows)
        rows = None
