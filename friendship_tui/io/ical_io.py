"""An iCalendar feed of the yearly dates: birthdays, anniversaries, recurring life events.

One all-day VEVENT with ``RRULE:FREQ=YEARLY`` per date that recurs; a year-only date
(``1984``) gets none, like the dashboard. UIDs are derived from the object ids
(``birthday-<contact id>@friendship-tui``) and DTSTAMP from its ``updated_at``, so a
calendar app that re-subscribes updates its events instead of duplicating them, and the
same book always gives the same file.

Year unknown (``--MM-DD``): the series starts in 2000, a fixed past year that is a leap
year, so ``--02-29`` is a real date there. A Feb 29 date repeats as
``BYMONTH=2;BYMONTHDAY=-1`` (the last day of February), matching the dashboard's rule
that a Feb 29 birthday falls on Feb 28 in common years; a plain yearly rule would skip
three years out of four.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from ..schema import ListQuery, parse_partial_date, parse_timestamp
from ..store.base import Backend, iter_all
from .progress import NoProgress, Progress

YEAR_UNKNOWN_START = 2000  # a leap year in the past: --02-29 exists there
UID_DOMAIN = "friendship-tui"
PRODID = "-//friendship-tui//birthdays and anniversaries//EN"


# The contact's own yearly dates: field, event title, DESCRIPTION word, CATEGORIES.
YEARLY_CONTACT_DATES = (
    ("birthday", "{name}'s birthday", "Born", "BIRTHDAY"),
    ("anniversary", "{name}: anniversary", "Since", "ANNIVERSARY"),
)


def _event(
    uid: str, summary: str, value: str, stamp: datetime, description: str, category: str
) -> Event | None:
    pd = parse_partial_date(value)
    if pd is None or not pd.recurs:
        return None
    assert pd.month is not None and pd.day is not None
    year = pd.year if pd.year is not None else YEAR_UNKNOWN_START
    if pd.month == 2 and pd.day == 29:
        start = date(year, 2, 29) if pd.year is None or _leap(year) else date(year, 2, 28)
        rule: dict[str, Any] = {"freq": "yearly", "bymonth": 2, "bymonthday": -1}
    else:
        start = date(year, pd.month, pd.day)
        rule = {"freq": "yearly"}
    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("summary", summary)
    ev.add("dtstart", start)
    ev.add("dtend", start + timedelta(days=1))
    ev.add("rrule", rule)
    ev.add("transp", "TRANSPARENT")
    ev.add("categories", [category])
    if description:
        ev.add("description", description)
    return ev


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _stamp(obj: Mapping[str, Any]) -> datetime:
    ts = parse_timestamp(str(obj.get("updated_at") or obj.get("created_at") or ""))
    return ts or datetime(2000, 1, 1, tzinfo=UTC)


def _since(value: str, word: str) -> str:
    pd = parse_partial_date(value)
    if pd is None:
        return ""
    return f"{word} {pd.year}." if pd.year is not None else "Year unknown."


def build_calendar(
    contacts: Iterable[Mapping[str, Any]], life_events: Iterable[Mapping[str, Any]]
) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Friendship: birthdays and anniversaries")
    events: list[tuple[str, Event]] = []
    names: dict[str, str] = {}
    for c in contacts:
        if c.get("is_archived"):
            continue
        cid = str(c["id"])
        name = str(c.get("name") or "(no name)")
        names[cid] = name
        stamp = _stamp(c)
        for fname, title, since, category in YEARLY_CONTACT_DATES:
            raw = c.get(fname)
            if not raw:
                continue
            uid = f"{fname}-{cid}@{UID_DOMAIN}"
            ev = _event(
                uid, title.format(name=name), str(raw), stamp, _since(str(raw), since), category
            )
            if ev is not None:
                events.append((uid, ev))
    for le in life_events:
        parent = str(le.get("parent_id"))
        if not le.get("recurring") or parent not in names or not le.get("occurred_at"):
            continue
        uid = f"life-event-{le['id']}@{UID_DOMAIN}"
        title = str(le.get("title") or le.get("kind") or "Life event")
        desc = " ".join(
            x for x in (_since(str(le["occurred_at"]), "Since"), le.get("description") or "") if x
        )
        ev = _event(
            uid, f"{names[parent]}: {title}", str(le["occurred_at"]), _stamp(le), desc, "LIFE EVENT"
        )
        if ev is not None:
            events.append((uid, ev))
    for _uid, ev in sorted(events, key=lambda pair: pair[0]):
        cal.add_component(ev)
    return cal


async def export_ics(backend: Backend, progress: Progress | None = None) -> bytes:
    progress = progress or NoProgress()
    progress.start("Exporting calendar", None)
    q = ListQuery(filters={"is_archived": ["false"]})
    try:
        contacts = []
        async for c in iter_all(backend, "contact", q):
            contacts.append(c)
            progress.advance()
        events = [
            le
            async for le in iter_all(
                backend, "life_event", ListQuery(filters={"recurring": ["true"]})
            )
        ]
    finally:
        progress.finish()
    return bytes(build_calendar(contacts, events).to_ical())
