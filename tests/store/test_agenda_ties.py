"""A panel's first rows when one day holds many rows: the store reads only what the
rows shown need (the day's sort keys, whole rows for the kept ones, the edge of a
child panel from its index alone), yet every row equals the domain's row-by-row
answer, on SQLite and PostgreSQL.

Names on the tie day differ only by case, accents or Unicode case rules (``ß``, ``İ``,
``ǅ``, final sigma), and some are equal (then the id decides); archived contacts hold
reminders and life events before the edge, so an edge that forgot to take their rows
out lands a day early.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from friendship_tui.domain.agenda import PANELS, build_agenda
from friendship_tui.store.local import Store

TODAY = date(2026, 11, 27)
TZ = ZoneInfo("Pacific/Auckland")
NAMES = [
    "émile", "Émile", "EMILE", "Emile", "emile", "Zoë", "zoe", "ZOË", "Straße", "STRASSE",
    "strasse", "İstanbul", "istanbul", "ǅemal", "ǆemal", "Ǆemal", "ΟΔΥΣΣΕΥΣ", "Οδυσσευς",
    "οδυσσευς", "Ann", "ann", "ANN", "Ann", "Ann", "Ångström", "angstrom", "Ω", "ω", "Ωmega",
    "Bob", "bob", "Bób", "Ŀuis", "ŀuis", "Ｆｕｌｌ", "ｆｕｌｌ", "z", "Z", "a", "A",
]  # fmt: skip


def _md(day: date) -> str:
    return f"--{day.month:02d}-{day.day:02d}"


def _book() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Contacts, life events and reminders; most of them on TODAY (ties), the ids out of
    the names' order, and archived contacts with children before the edge."""
    contacts: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    reminders: list[dict[str, Any]] = []
    for i, name in enumerate(NAMES * 3):
        cid = f"p{(i * 37) % 1000:03d}"  # ids in another order than the names
        day = TODAY if i % 5 else TODAY + timedelta(days=i % 4)
        contacts.append(
            {
                "id": cid,
                "name": name,
                "birthday": _md(day) if i % 3 else f"1990-{day.month:02d}-{day.day:02d}",
                "anniversary": _md(day) if i % 2 else None,
                "stay_in_touch_frequency": "weekly",
                "last_contacted_at": f"2026-11-{10 + i % 3:02d}T12:00:00Z",
            }
        )
        events.append(
            {
                "id": f"e{i:03d}",
                "parent_id": cid,
                "title": "Party" if i % 4 else "Ann",
                "kind": "other",
                "occurred_at": f"2001-{day.month:02d}-{day.day:02d}",
                "recurring": True,
            }
        )
        due = TODAY - timedelta(days=i % 2)
        reminders.append(
            {"id": f"r{i:03d}", "parent_id": cid, "message": "Call", "due_date": due.isoformat()}
        )
    for j in range(6):  # archived people, their rows early in each panel
        cid = f"gone{j}"
        contacts.append({"id": cid, "name": "Aaron", "birthday": _md(TODAY), "is_archived": True})
        for k in range(3):
            events.append(
                {"id": f"ge{j}{k}", "parent_id": cid, "title": "A", "kind": "other",
                 "occurred_at": _md(TODAY), "recurring": True}
            )  # fmt: skip
            reminders.append(
                {"id": f"gr{j}{k}", "parent_id": cid, "message": "A",
                 "due_date": (TODAY - timedelta(days=3)).isoformat()}
            )  # fmt: skip
    return contacts, events, reminders


@pytest.mark.parametrize("limit", [1, 7, 31, 50, 90])
def test_tie_days_read_narrow_equal_the_domain(any_store: Store, limit: int) -> None:
    contacts, events, reminders = _book()
    rows: list[tuple[str, dict[str, Any]]] = []
    for c in contacts:
        rows.append(("contact", {k: v for k, v in c.items() if k != "is_archived" and v}))
    rows += [("life_event", e) for e in events] + [("reminder", r) for r in reminders]
    any_store.import_rows("me", rows, keep_ids=True)
    for c in contacts:
        if c.get("is_archived"):
            any_store.set_archived("me", "contact", c["id"], True)
    whole = build_agenda(TODAY, contacts, events, reminders, 30, tz=TZ)
    assert len(whole.events) > 2 * len(NAMES) and len(whole.reminders) > limit // 2

    top = any_store.agenda("me", TODAY, 30, tz=TZ, limit=limit)
    for panel in PANELS:
        assert getattr(top, panel) == getattr(whole, panel)[:limit], panel
        assert top.totals[panel] == len(getattr(whole, panel)), panel
        page = any_store.agenda_rows("me", panel, TODAY, 30, limit, 13, tz=TZ)
        assert page == getattr(whole, panel)[limit : limit + 13], panel
