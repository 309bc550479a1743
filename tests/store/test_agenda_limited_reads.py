"""``agenda(limit=N)`` and ``agenda_rows``: a panel's first rows with exact counts, then
further pages in the same order, as the dashboard and ``friendship today`` read them."""

from __future__ import annotations

from datetime import date

from friendship_tui.domain.agenda import PANELS
from friendship_tui.store.local import Store

TODAY = date(2026, 11, 25)
PEOPLE = 23


async def test_limited_agenda_has_exact_totals_and_pages_follow_in_order(store: Store) -> None:
    backend = store.backend("me")
    rows = [
        (
            "contact",
            {
                "name": f"Person {i:02d}",
                "stay_in_touch_frequency": "weekly",
                "last_contacted_at": f"2026-{1 + i % 9:02d}-{1 + i:02d}T10:00:00Z",
                "birthday": f"--12-{1 + i % 20:02d}",
            },
        )
        for i in range(PEOPLE)
    ]
    store.import_rows("me", rows)
    whole = await backend.agenda(TODAY, 30)
    assert len(whole.stay_in_touch) == PEOPLE and len(whole.events) > 5
    assert whole.totals == {"stay_in_touch": PEOPLE, "events": len(whole.events), "reminders": 0}

    top = await backend.agenda(TODAY, 30, limit=5)
    assert top.stay_in_touch == whole.stay_in_touch[:5] and top.events == whole.events[:5]
    assert {p: top.total(p) for p in PANELS} == whole.totals
    assert top.to_json()["totals"] == whole.totals

    paged = list(top.stay_in_touch)
    while len(paged) < top.total("stay_in_touch"):
        more = await backend.agenda_rows("stay_in_touch", TODAY, 30, len(paged), 7)
        assert more, "a page short of the total"
        paged += more
    assert paged == whole.stay_in_touch
    assert await backend.agenda_rows("events", TODAY, 30, len(whole.events), 10) == []
