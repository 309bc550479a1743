"""The agenda a panel at a time through the Backend interface, on every backend:
``agenda(limit=N)`` holds each panel's first N rows and its exact total, and
``agenda_rows`` pages through the rest in the same order."""

from __future__ import annotations

from datetime import date

from friendship_tui.domain.agenda import PANELS
from friendship_tui.store.base import Backend

from .helpers import contact

TODAY = date(2026, 3, 15)


async def test_first_rows_exact_totals_and_pages(backend: Backend) -> None:
    for i in range(7):
        await contact(
            backend,
            f"Due {i}",
            stay_in_touch_frequency="weekly",
            last_contacted_at=f"2026-02-{1 + i:02d}",
            birthday=f"--03-{16 + i:02d}",
        )
    whole = await backend.agenda(TODAY, 30)
    assert [whole.total(p) for p in PANELS] == [7, 7, 0]
    top = await backend.agenda(TODAY, 30, limit=3)
    assert top.stay_in_touch == whole.stay_in_touch[:3] and top.events == whole.events[:3]
    assert [top.total(p) for p in PANELS] == [7, 7, 0]
    rest = await backend.agenda_rows("stay_in_touch", TODAY, 30, 3, 10)
    assert top.stay_in_touch + rest == whole.stay_in_touch
    assert await backend.agenda_rows("events", TODAY, 30, 5, 1) == whole.events[5:6]
    assert await backend.agenda_rows("reminders", TODAY, 30, 0, 5) == []
