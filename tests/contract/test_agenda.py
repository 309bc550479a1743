"""The agenda through the Backend interface: stay-in-touch, yearly dates, reminders."""

from __future__ import annotations

from datetime import date

from friendship_tui.store.base import Backend

from .helpers import contact

TODAY = date(2026, 3, 15)


async def test_agenda_rows(backend: Backend) -> None:
    overdue = await contact(
        backend, "Overdue", stay_in_touch_frequency="monthly", last_contacted_at="2026-01-31"
    )
    await contact(
        backend, "Recent", stay_in_touch_frequency="yearly", last_contacted_at="2026-03-01"
    )
    never = await contact(backend, "Never", stay_in_touch_frequency="weekly")
    bday = await contact(backend, "Birthday", birthday="1990-03-20", anniversary="--04-01")
    await contact(backend, "Year Only", birthday="1990")
    wed = await backend.create(
        "life_event",
        {
            "parent_id": bday["id"],
            "title": "Wedding",
            "occurred_at": "2016-03-16",
            "recurring": True,
        },
    )
    rem = await backend.create(
        "reminder", {"parent_id": overdue["id"], "due_date": "2026-03-15", "message": "Call"}
    )
    await backend.create(
        "reminder",
        {"parent_id": overdue["id"], "due_date": "2026-03-10", "message": "x", "completed": True},
    )
    archived = await contact(backend, "Archived", birthday="--03-16")
    await backend.set_archived("contact", archived["id"], True)

    agenda = await backend.agenda(TODAY, horizon_days=30)
    assert [(r.contact_id, r.kind, r.days) for r in agenda.stay_in_touch] == [
        (overdue["id"], "overdue", -15),  # Jan 31 + 1 month = Feb 28
        (never["id"], "overdue", 0),
    ]
    assert [(r.object_id, r.kind, r.days, r.years) for r in agenda.events] == [
        (wed["id"], "life_event", 1, 10),
        (bday["id"], "birthday", 5, 36),
        (bday["id"], "anniversary", 17, None),
    ]
    assert [(r.object_id, r.days, r.contact_name) for r in agenda.reminders] == [
        (rem["id"], 0, "Overdue")
    ]
    short = await backend.agenda(TODAY, horizon_days=3)
    assert [r.kind for r in short.events] == ["life_event"]
