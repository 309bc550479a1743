"""iCalendar: a yearly all-day event per recurring date, stable UIDs, leap-day rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from icalendar import Calendar

from friendship_tui.io.ical_io import YEAR_UNKNOWN_START, export_ics
from friendship_tui.store.local import LocalBackend


def events(data: bytes) -> dict[str, Any]:
    cal = Calendar.from_ical(data)
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


async def test_yearly_events_for_birthdays_anniversaries_and_recurring_life_events(
    book: LocalBackend,
) -> None:
    ann = await book.create(
        "contact", {"name": "Ann", "birthday": "1984-03-12", "anniversary": "--06-01"}
    )
    leap = await book.create("contact", {"name": "Leo", "birthday": "--02-29"})
    await book.create("contact", {"name": "Yara", "birthday": "1975"})  # year only: no event
    gone = await book.create("contact", {"name": "Archie", "birthday": "1970-01-01"})
    await book.set_archived("contact", gone["id"], True)
    job = await book.create(
        "life_event",
        {"parent_id": ann["id"], "title": "Sober", "occurred_at": "2001-02-03", "recurring": True},
    )
    await book.create(
        "life_event",
        {"parent_id": ann["id"], "title": "Moved", "occurred_at": "2010-05-05", "recurring": False},
    )

    evs = events(await export_ics(book))
    a, lp = ann["id"], leap["id"]
    assert set(evs) == {
        f"birthday-{a}@friendship-tui",
        f"anniversary-{a}@friendship-tui",
        f"birthday-{lp}@friendship-tui",
        f"life-event-{job['id']}@friendship-tui",
    }
    bday = evs[f"birthday-{a}@friendship-tui"]
    assert bday["DTSTART"].dt == date(1984, 3, 12)  # all-day: a date, not a datetime
    assert bday["DTEND"].dt == date(1984, 3, 13)
    assert bday["RRULE"]["FREQ"] == ["YEARLY"]
    assert "Ann" in str(bday["SUMMARY"])
    anniversary = evs[f"anniversary-{a}@friendship-tui"]
    assert anniversary["DTSTART"].dt == date(YEAR_UNKNOWN_START, 6, 1)
    leap_day = evs[f"birthday-{lp}@friendship-tui"]
    assert leap_day["DTSTART"].dt == date(2000, 2, 29)
    assert leap_day["RRULE"]["BYMONTH"] == [2] and leap_day["RRULE"]["BYMONTHDAY"] == [-1]
    assert evs[f"life-event-{job['id']}@friendship-tui"]["DTSTART"].dt == date(2001, 2, 3)


async def test_the_same_book_gives_the_same_file(book: LocalBackend) -> None:
    await book.create("contact", {"name": "Ann", "birthday": "1984-03-12"})
    first = await export_ics(book)
    assert first == await export_ics(book)  # stable UIDs and DTSTAMPs: apps update, not duplicate
