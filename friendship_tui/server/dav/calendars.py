"""The two read-only calendars: yearly dates (birthdays, anniversaries, recurring life
events) and open reminders, one iCalendar object per event.

The yearly events are the ``.ics`` export's (io/ical_io.py: year-unknown dates start
in 2000, Feb 29 repeats on the last day of February, a year-only date has no event),
without archived, deceased or partial people; here each event travels as its own
resource, as CalDAV wants. Reminders are VTODOs (due date, done when completed), which Thunderbird,
Evolution, DAVx5's task apps and the Reminders app on iOS show; a calendar that only
subscribes to the feed (it shows no tasks) gets them as all-day events instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from icalendar import Calendar, Event, Todo

from ...domain.reserved_fields import inactive_ids
from ...io.ical_io import PRODID, UID_DOMAIN, _stamp, build_calendar
from ...schema import parse_partial_date
from ...store.local import Store
from ...store.reserved import reserved_rows
from ..accounts import Principal
from .book import iter_objects

YEARLY_TYPES = ("contact", "life_event")
REMINDER_TYPES = ("contact", "reminder")


@dataclass(frozen=True)
class CalendarObject:
    href: str
    uid: str
    text: str
    component: str  # VEVENT or VTODO


def _wrap(component: object, uid: str, kind: str) -> CalendarObject:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add_component(component)  # type: ignore[arg-type]
    href = uid.split("@", 1)[0] + ".ics"
    return CalendarObject(href, uid, cal.to_ical().decode("utf-8"), kind)


def _live_contacts(store: Store, owner: str) -> list[dict[str, object]]:
    """Contacts whose reminders belong in a calendar: not archived."""
    return list(iter_objects(store, owner, "contact", {"is_archived": ["false"]}))


def _celebrated(store: Store, owner: str) -> list[dict[str, object]]:
    """Contacts whose yearly dates belong in a calendar: not archived, not deceased and
    not partial (domain/reserved_fields.py), as on the dashboard's upcoming panel."""
    contacts = _live_contacts(store, owner)
    with store.read() as conn:
        gone = inactive_ids(reserved_rows(conn, owner, (str(c["id"]) for c in contacts)))
    return [c for c in contacts if str(c["id"]) not in gone]


def yearly_objects(store: Store, principal: Principal) -> Iterator[CalendarObject]:
    owner = principal.user
    contacts = _celebrated(store, owner)
    kept = {str(c["id"]) for c in contacts}
    events = (
        [
            e
            for e in iter_objects(store, owner, "life_event", {"recurring": ["true"]})
            if str(e.get("parent_id")) in kept
        ]
        if principal.allows("life_event", "list")
        else []
    )
    for ev in build_calendar(contacts, events).walk("VEVENT"):
        yield _wrap(ev, str(ev["uid"]), "VEVENT")


def reminder_objects(
    store: Store, principal: Principal, as_events: bool = False
) -> Iterator[CalendarObject]:
    owner = principal.user
    names = {str(c["id"]): str(c.get("name") or "") for c in _live_contacts(store, owner)}
    for r in iter_objects(store, owner, "reminder"):
        if r.get("completed"):
            continue
        parent = str(r.get("parent_id"))
        pd = parse_partial_date(str(r.get("due_date") or ""))
        if parent not in names or pd is None or pd.year is None or pd.month is None:
            continue
        assert pd.day is not None
        uid = f"reminder-{r['id']}@{UID_DOMAIN}"
        due = date(pd.year, pd.month, pd.day)
        item: Todo | Event = Event() if as_events else Todo()
        item.add("uid", uid)
        item.add("dtstamp", _stamp(r))
        item.add("summary", f"{names[parent]}: {r.get('message') or ''}")
        if as_events:
            item.add("dtstart", due)
            item.add("dtend", due + timedelta(days=1))
            item.add("transp", "TRANSPARENT")
        else:
            item.add("due", due)
            item.add("status", "NEEDS-ACTION")
        yield _wrap(item, uid, "VEVENT" if as_events else "VTODO")
