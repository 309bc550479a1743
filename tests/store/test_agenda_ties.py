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


def _book(
    today: date,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Contacts, life events and reminders; most of them on ``today`` (ties), the ids out of
    the names' order, and archived contacts with children before the edge."""
    contacts: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    reminders: list[dict[str, Any]] = []
    for i, name in enumerate(NAMES * 3):
        cid = f"p{(i * 37) % 1000:03d}"  # ids in another order than the names
        day = today if i % 5 else today + timedelta(days=i % 4)
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
        due = today - timedelta(days=i % 2)
        reminders.append(
            {"id": f"r{i:03d}", "parent_id": cid, "message": "Call", "due_date": due.isoformat()}
        )
    for j in range(6):  # archived people, their rows early in each panel
        cid = f"gone{j}"
        contacts.append({"id": cid, "name": "Aaron", "birthday": _md(today), "is_archived": True})
        for k in range(3):
            events.append(
                {"id": f"ge{j}{k}", "parent_id": cid, "title": "A", "kind": "other",
                 "occurred_at": _md(today), "recurring": True}
            )  # fmt: skip
            reminders.append(
                {"id": f"gr{j}{k}", "parent_id": cid, "message": "A",
                 "due_date": (today - timedelta(days=3)).isoformat()}
            )  # fmt: skip
    return contacts, events, reminders


@pytest.mark.parametrize(
    ("today", "limit"),
    [(TODAY, 1), (TODAY, 7), (TODAY, 31), (TODAY, 50), (TODAY, 90), (date(2026, 12, 30), 50)],
)
def test_tie_days_read_narrow_equal_the_domain(any_store: Store, today: date, limit: int) -> None:
    """(Dec 30: the window crosses New Year, two month-day ranges.)"""
    contacts, events, reminders = _book(today)
    rows: list[tuple[str, dict[str, Any]]] = []
    for c in contacts:
        rows.append(("contact", {k: v for k, v in c.items() if k != "is_archived" and v}))
    rows += [("life_event", e) for e in events] + [("reminder", r) for r in reminders]
    any_store.import_rows("me", rows, keep_ids=True)
    for c in contacts:
        if c.get("is_archived"):
            any_store.set_archived("me", "contact", c["id"], True)
    whole = build_agenda(today, contacts, events, reminders, 30, tz=TZ)
    assert len(whole.events) > 2 * len(NAMES) and len(whole.reminders) > limit // 2

    top = any_store.agenda("me", today, 30, tz=TZ, limit=limit)
    for panel in PANELS:
        assert getattr(top, panel) == getattr(whole, panel)[:limit], panel
        assert top.totals[panel] == len(getattr(whole, panel)), panel
        page = any_store.agenda_rows("me", panel, today, 30, limit, 13, tz=TZ)
        assert page == getattr(whole, panel)[limit : limit + 13], panel


def test_a_talk_within_a_day_of_its_key_is_so_in_every_zone() -> None:
    """``agenda_stay`` passes over a candidate whose key is a day past the edge when its
    date is within a day of its key: every talk it says so of, in zones from UTC-12 to
    UTC+14, at every hour of the 1st to the 31st, in every frequency."""
    from datetime import UTC, datetime

    from friendship_tui.domain.stay_in_touch import due_key, next_due
    from friendship_tui.schema.models import FREQUENCY_STEPS
    from friendship_tui.store.agenda_stay import _within_a_day

    zones = [ZoneInfo(z) for z in ("Pacific/Kiritimati", "Pacific/Auckland", "Etc/GMT+12")]
    checked = 0
    for month in (1, 2, 3, 12):
        for day in range(1, 32):
            for hour in range(0, 24, 5):
                try:
                    moment = datetime(2027, month, day, hour, 30, tzinfo=UTC)
                except ValueError:
                    continue
                for text in (moment.strftime("%Y-%m-%dT%H:%M:%SZ"), moment.isoformat()):
                    for freq in FREQUENCY_STEPS:
                        if not _within_a_day(text, freq):
                            continue
                        key = date.fromisoformat(str(due_key(text, freq)))
                        for tz in zones:
                            local = next_due(text, freq, tz)
                            assert local is not None and abs((local - key).days) <= 1, text
                            checked += 1
    assert checked > 1000
    assert not _within_a_day("2027-01-28T10:00:00Z", "monthly")  # Feb clamps
