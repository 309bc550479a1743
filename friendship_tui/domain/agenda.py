"""The morning agenda: who to get back in touch with, which dates are coming, what is due.

Pure: takes plain objects and ``today``; the store narrows the candidates with indexed
queries first, a remote client can feed it whole lists. Each row carries exactly what
the dashboard and ``friendship today`` print.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta, tzinfo
from functools import lru_cache
from typing import Any, Literal

from ..schema import parse_full_date, parse_partial_date
from ..schema.kinds import DATE_YEAR_MAX
from .partial_date import next_occurrence, years_at
from .stay_in_touch import next_due

RowKind = Literal["overdue", "due_soon", "birthday", "anniversary", "life_event", "reminder"]
PanelName = Literal["stay_in_touch", "events", "reminders"]
PANELS: tuple[PanelName, ...] = ("stay_in_touch", "events", "reminders")

DUE_SOON_DAYS = 7
SCREENFUL = 50  # rows of each panel a first read takes: about one full-height panel
DEFAULT_HORIZON = 30
# The agenda looks up to a year past ``today`` (next year's birthday), and stored dates
# reach the year 9998, so its last day is the end of 9997: every date it computes then
# exists (Python's calendar ends at 9999-12-31).
FIRST_DAY = date(1, 1, 1)
LAST_DAY = date(DATE_YEAR_MAX - 1, 12, 31)


def window_problems(today: date, horizon_days: int) -> dict[str, str]:
    """What makes ``today`` / ``horizon_days`` an agenda that cannot be computed, by
    name (empty when fine); the store checks before it reads (a 400 on the server)."""
    errors: dict[str, str] = {}
    if not FIRST_DAY <= today <= LAST_DAY:
        errors["today"] = f"must be between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"
    elif not 0 <= horizon_days <= (date.max - today).days:
        errors["horizon_days"] = f"must be at least 0 and end by {date.max.isoformat()}"
    return errors


@dataclass(frozen=True, slots=True)
class AgendaRow:
    """One line of the dashboard: a birthday, a reminder, an event or a contact due."""

    kind: RowKind
    contact_id: str
    contact_name: str
    title: str  # what: "Birthday", "Stay in touch (monthly)", the reminder's message
    date: date  # the due date or the occurrence
    days: int  # from today: negative = overdue by that many days, 0 = today
    object_type: str  # "contact", "life_event" or "reminder"
    object_id: str
    years: int | None = None  # age reached / years of the anniversary, when known
    detail: str = ""  # "never contacted", the stay-in-touch topic, "year unknown"

    @property
    def when(self) -> str:
        """ "today", "in 3 days", "5 days overdue" - the phrase the UI shows."""
        if self.days == 0:
            return "today"
        if self.days == 1:
            return "tomorrow"
        if self.days > 0:
            return f"in {self.days} days"
        if self.days == -1:
            return "1 day overdue"
        return f"{-self.days} days overdue"

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["date"] = self.date.isoformat()
        out["when"] = self.when
        return out


_FIELDS = tuple(AgendaRow.__dataclass_fields__)
_SETTERS = tuple(getattr(AgendaRow, name).__set__ for name in _FIELDS)  # the slots'
assert _FIELDS == (  # new_row's order
    "kind", "contact_id", "contact_name", "title", "date", "days", "object_type",
    "object_id", "years", "detail",
)  # fmt: skip


def new_row(
    kind: RowKind,
    contact_id: str,
    contact_name: str,
    title: str,
    when: date,
    days: int,
    object_type: str,
    object_id: str,
    years: int | None = None,
    detail: str = "",
) -> AgendaRow:
    """An ``AgendaRow`` filled through its slots: the frozen dataclass's own
    ``__init__`` (keywords, ``object.__setattr__`` per field) is about half the cost of
    a row, and an agenda read builds a couple of hundred. The same object: equal,
    hashable, frozen."""
    row = _NEW(AgendaRow)
    s_kind, s_cid, s_name, s_title, s_date, s_days, s_type, s_oid, s_years, s_detail = _SETTERS
    s_kind(row, kind)
    s_cid(row, contact_id)
    s_name(row, contact_name)
    s_title(row, title)
    s_date(row, when)
    s_days(row, days)
    s_type(row, object_type)
    s_oid(row, object_id)
    s_years(row, years)
    s_detail(row, detail)
    return row


_NEW = object.__new__


@dataclass(slots=True)
class Agenda:
    """The dashboard's rows from ``today`` to ``horizon_days`` ahead, and the overdue."""

    today: date
    horizon_days: int
    stay_in_touch: list[AgendaRow] = field(default_factory=list)
    events: list[AgendaRow] = field(default_factory=list)
    reminders: list[AgendaRow] = field(default_factory=list)
    snoozed: int = 0  # stay-in-touch rows left out because the person is snoozed
    # exact number of rows each panel has in the window; a limited read holds only the
    # first `limit` rows of a panel in its list, so len(list) <= totals[panel]
    totals: dict[str, int] = field(default_factory=dict)

    def total(self, panel: PanelName) -> int:
        return self.totals.get(panel, len(getattr(self, panel)))

    @property
    def empty(self) -> bool:
        return not (self.stay_in_touch or self.events or self.reminders)

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "horizon_days": self.horizon_days,
            "stay_in_touch": [r.to_json() for r in self.stay_in_touch],
            "events": [r.to_json() for r in self.events],
            "reminders": [r.to_json() for r in self.reminders],
            "snoozed": self.snoozed,
            "totals": {panel: self.total(panel) for panel in PANELS},
        }


def limited(agenda: Agenda, limit: int | None) -> Agenda:
    """A whole agenda cut to each panel's first ``limit`` rows, its totals the whole
    lengths: what a backend that had to read everything (a doc-only server) hands out
    for a limited read. ``limit=None`` keeps every row."""
    totals: dict[str, int] = {panel: agenda.total(panel) for panel in PANELS}
    if limit is None:
        return replace(agenda, totals=totals)
    return replace(
        agenda,
        stay_in_touch=agenda.stay_in_touch[:limit],
        events=agenda.events[:limit],
        reminders=agenda.reminders[:limit],
        totals=totals,
    )


def limit_problems(limit: int | None, offset: int = 0) -> dict[str, str]:
    """What makes a page of an agenda panel unreadable, by name (empty when fine)."""
    errors: dict[str, str] = {}
    if limit is not None and limit < 0:
        errors["limit"] = "must be at least 0"
    if offset < 0:
        errors["offset"] = "must be at least 0"
    return errors


NO_NAME = "(no name)"  # a contact without a name, as shown and as ranked (store/agenda_order)


def _name(contact: Mapping[str, Any] | None) -> str:
    if not contact:
        return "(unknown contact)"
    return str(contact.get("name") or NO_NAME)


@lru_cache(maxsize=8192)
def _due_cached(last: str, freq: str, tz: tzinfo | None, system: object) -> date | None:
    return next_due(last, freq, tz)


def due_on(last: Any, freq: Any, tz: tzinfo | None) -> date | None:
    """``next_due`` remembered per (talk, frequency, zone): an agenda read dates the
    same hundred or so candidates each time (the store's walk, then the rows), and the
    zone conversion is most of a row's cost. The system zone (``tz`` None) is keyed by
    what ``time.tzset`` last read, so a changed ``TZ`` is never answered from the cache.
    The date counts from the local day of the last talk in ``tz``: a store's indexed
    ``next_due`` key counts from the UTC day, so it only picks candidates."""
    if type(last) is not str or type(freq) is not str:
        return next_due(last, freq, tz)
    system = (time.tzname, time.timezone, time.altzone) if tz is None else None
    try:
        return _due_cached(last, freq, tz, system)
    except TypeError:  # a zone object that cannot be a key
        return next_due(last, freq, tz)


def stay_in_touch_rows(
    contacts: Iterable[Mapping[str, Any]],
    today: date,
    due_soon_days: int = DUE_SOON_DAYS,
    tz: tzinfo | None = None,
) -> list[AgendaRow]:
    """Overdue contacts first (most overdue first), then those due within ``due_soon_days``,
    due dates counted from the user's local day of the last talk (``tz``; None = the
    system's zone)."""
    rows: list[AgendaRow] = []
    for c in contacts:
        if c.get("is_archived"):
            continue
        row = stay_row(
            c.get("id"), c.get("name"), c.get("stay_in_touch_frequency"),
            c.get("last_contacted_at"), c.get("stay_in_touch_topic"), today, due_soon_days, tz,
        )  # fmt: skip
        if row is not None:
            rows.append(row)
    rows.sort(key=stay_order)
    return rows


def stay_row(
    cid: Any,
    name: Any,
    freq: Any,
    last: Any,
    topic: Any,
    today: date,
    due_soon_days: int,
    tz: tzinfo | None,
) -> AgendaRow | None:
    """A live contact's stay-in-touch row from its columns (None: not tracked, or not
    due within ``due_soon_days``): ``stay_in_touch_rows`` per contact, and the store's
    rows straight from its tuples (no dict per row)."""
    if not freq or freq == "never":
        return None
    due = due_on(last, freq, tz)
    never = due is None
    due_date = today if due is None else due
    days = (due_date - today).days
    if days > due_soon_days:
        return None
    topic = topic or ""
    detail = "never contacted" if never else topic
    if never and topic:
        detail = f"never contacted · {topic}"
    kind: RowKind = "overdue" if days < 0 or never else "due_soon"
    cid, title = str(cid), f"Stay in touch ({freq})"
    name = str(name or NO_NAME)
    return new_row(kind, cid, name, title, due_date, days, "contact", cid, None, detail)


def stay_order(row: AgendaRow) -> tuple[bool, int, str, str]:
    """The stay-in-touch panel's order: overdue first, most overdue first, then by name;
    the id last, so a panel read in pages has one order."""
    return (row.kind != "overdue", row.days, row.contact_name.lower(), row.object_id)


def _yearly_row(
    kind: RowKind,
    title: str,
    raw: Any,
    today: date,
    horizon_days: int,
    contact: Mapping[str, Any],
    object_type: str,
    object_id: str,
) -> AgendaRow | None:
    if not raw:
        return None
    cid, name = str(contact.get("id", "")), _name(contact)
    return yearly_row(kind, title, raw, today, horizon_days, cid, name, object_type, object_id)


def yearly_row(
    kind: RowKind,
    title: str,
    raw: Any,
    today: date,
    horizon_days: int,
    contact_id: str,
    contact_name: str,
    object_type: str,
    object_id: str,
) -> AgendaRow | None:
    """The row of a yearly date ``raw`` when its next occurrence is within the horizon
    (None otherwise): ``event_rows`` per date, and the store's kept rows straight from
    its tuples (``contact_name`` as shown: ``_name``'s)."""
    full = _iso_date(raw)
    if full is not None:  # the stored form: no partial date parsed (``_next_of_full``)
        on = _next_of_full(full, today)
        days = (on - today).days
        if days > horizon_days:
            return None
        age = on.year - full.year
        return new_row(kind, contact_id, contact_name, title, on, days, object_type, object_id, age)
    pd = parse_partial_date(str(raw)) if raw else None
    if pd is None or not pd.recurs:
        return None
    when = next_occurrence(pd, today)
    if when is None:
        return None
    days = (when - today).days
    if days > horizon_days:
        return None
    detail = "year unknown" if pd.year_unknown else ""
    years = years_at(pd, when)
    return new_row(
        kind, contact_id, contact_name, title, when, days, object_type, object_id, years, detail
    )


def _iso_date(raw: Any) -> date | None:
    """``raw`` as a date when it is the stored form ``YYYY-MM-DD`` (nearly every date):
    one C call, no pattern, no partial date; None for anything else, which the full
    parsers then read. Exactly theirs where it answers: a ten-character text with its
    dashes in place that ``fromisoformat`` takes is eight ASCII digits and two dashes,
    which ``parse_partial_date`` and ``parse_full_date`` read as this same date."""
    if type(raw) is str and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return _FROM_ISO(raw)
        except ValueError:
            return None
    return None


_FROM_ISO = date.fromisoformat


def _next_of_full(full: date, today: date) -> date:
    """``partial_date.next_occurrence`` of a full date (its year known): the first
    yearly occurrence on or after ``today`` and not before its own year, Feb 29 on Feb
    28 in common years (tests/domain/test_agenda_iso_dates.py holds them equal)."""
    year = today.year if today.year > full.year else full.year
    when = _in_year(full, year)
    return when if when >= today else _in_year(full, year + 1)


def _in_year(full: date, year: int) -> date:
    if full.month == 2 and full.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return full.replace(year=year)


def event_rows(
    contacts: Iterable[Mapping[str, Any]],
    life_events: Iterable[Mapping[str, Any]],
    today: date,
    horizon_days: int = DEFAULT_HORIZON,
    contacts_by_id: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[AgendaRow]:
    """Birthdays, anniversaries and recurring life events in ``[today, today+horizon]``."""
    rows: list[AgendaRow] = []
    for c in contacts:
        if c.get("is_archived"):
            continue
        cid = str(c["id"])
        for fname, kind, title in (
            ("birthday", "birthday", "Birthday"),
            ("anniversary", "anniversary", "Anniversary"),
        ):
            row = _yearly_row(kind, title, c.get(fname), today, horizon_days, c, "contact", cid)  # type: ignore[arg-type]
            if row:
                rows.append(row)
    lookup = contacts_by_id or {}
    for ev in life_events:
        if not ev.get("recurring"):
            continue
        contact = lookup.get(str(ev.get("parent_id")))
        if contact is None or contact.get("is_archived"):
            continue
        title = str(ev.get("title") or ev.get("kind") or "Life event")
        row = _yearly_row(
            "life_event", title, ev.get("occurred_at"), today, horizon_days, contact,
            "life_event", str(ev["id"]),
        )  # fmt: skip
        if row:
            rows.append(row)
    rows.sort(key=event_order)
    return rows


def event_order(r: AgendaRow) -> tuple[int, str, str, str, str]:
    """The events panel's order: the day, the name folded, the title, the kind, the id."""
    return (r.days, r.contact_name.lower(), r.title, r.kind, r.object_id)


def reminder_rows(
    reminders: Iterable[Mapping[str, Any]],
    today: date,
    horizon_days: int = DEFAULT_HORIZON,
    contacts_by_id: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[AgendaRow]:
    """Open reminders due on or before ``today + horizon``; overdue first."""
    limit = today + timedelta(days=horizon_days)
    lookup = contacts_by_id or {}
    rows: list[AgendaRow] = []
    for r in reminders:
        if r.get("completed"):
            continue
        contact = lookup.get(str(r.get("parent_id")))
        if contact is not None and contact.get("is_archived"):
            continue
        row = reminder_row(
            r["id"], r.get("parent_id"), _name(contact), r.get("message"), r.get("due_date"),
            today, limit,
        )  # fmt: skip
        if row is not None:
            rows.append(row)
    rows.sort(key=reminder_order)
    return rows


def reminder_row(
    rid: Any, parent: Any, name: str, message: Any, due_text: Any, today: date, limit: date
) -> AgendaRow | None:
    """An open reminder's row when due by ``limit`` (None otherwise), ``name`` as shown
    (``_name``'s): ``reminder_rows`` per reminder, and the store's straight from its tuples."""
    due = _iso_date(due_text) or parse_full_date(str(due_text or ""))
    if due is None or due > limit:
        return None
    title = str(message or "Reminder")
    days = (due - today).days
    return new_row("reminder", str(parent or ""), name, title, due, days, "reminder", str(rid))


def reminder_order(r: AgendaRow) -> tuple[int, str, str]:
    """The reminders panel's order: the day, the name folded, the id."""
    return (r.days, r.contact_name.lower(), r.object_id)


def build_agenda(
    today: date,
    contacts: Iterable[Mapping[str, Any]],
    life_events: Iterable[Mapping[str, Any]] = (),
    reminders: Iterable[Mapping[str, Any]] = (),
    horizon_days: int = DEFAULT_HORIZON,
    due_soon_days: int = DUE_SOON_DAYS,
    tz: tzinfo | None = None,
) -> Agenda:
    """The whole agenda from plain objects; ``tz`` is the user's zone (None: the system's).

    ``contacts`` must include every contact referenced by the life events and
    reminders, so rows can show a name.
    """
    contacts = list(contacts)
    by_id = {str(c["id"]): c for c in contacts}
    return Agenda(
        today=today,
        horizon_days=horizon_days,
        stay_in_touch=stay_in_touch_rows(contacts, today, due_soon_days, tz),
        events=event_rows(contacts, life_events, today, horizon_days, by_id),
        reminders=reminder_rows(reminders, today, horizon_days, by_id),
    )
