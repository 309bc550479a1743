"""What the check-in review puts on one screen for a person, and how it reads.

``load_brief`` gathers it with a handful of small backend reads (run in a worker);
``brief_sections`` words it, pure, so tests and screenshots read the same text the
screen shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..domain.partial_date import next_occurrence, years_at
from ..domain.snooze import snoozed_until
from ..schema import ListQuery, parse_partial_date
from ..store.base import Backend, Obj
from .display import object_line, short_text, short_time

LAST_TALKS = 2


@dataclass(slots=True)
class Brief:
    """One person's check-in: the contact and the few things worth knowing before a talk."""

    contact: Obj
    talks: list[Obj] = field(default_factory=list)  # newest first, at most LAST_TALKS
    pinned: list[Obj] = field(default_factory=list)
    reminders: list[Obj] = field(default_factory=list)  # open ones, soonest first
    gift_ideas: list[Obj] = field(default_factory=list)
    snoozed_until: date | None = None


def _children(type_: str, contact_id: str, **extra: list[str]) -> ListQuery:
    return ListQuery(filters={"parent_id": [contact_id], **extra}, limit=50)


async def load_brief(backend: Backend, contact_id: str) -> Brief:
    contact = await backend.get("contact", contact_id)
    talks = await backend.list(
        "conversation",
        ListQuery(filters={"parent_id": [contact_id]}, sort="-occurred_at", limit=LAST_TALKS),
    )
    notes = await backend.list("note", _children("note", contact_id, pinned=["true"]))
    reminders = await backend.list(
        "reminder", _children("reminder", contact_id, completed=["false"])
    )
    gifts = await backend.list("gift", _children("gift", contact_id, status=["idea"]))
    fields = await backend.list("custom_field", _children("custom_field", contact_id))
    return Brief(
        contact=contact,
        talks=talks.items[:LAST_TALKS],
        pinned=notes.items,
        reminders=sorted(reminders.items, key=lambda r: str(r.get("due_date") or "")),
        gift_ideas=gifts.items,
        snoozed_until=snoozed_until(fields.items),
    )


def next_date(contact: Mapping[str, Any], today: date) -> str:
    """ "Birthday Tue 1 Dec (turns 36), in 6 days" - the nearer of birthday and anniversary."""
    best: tuple[date, str, int | None] | None = None
    for name, label in (("birthday", "Birthday"), ("anniversary", "Anniversary")):
        pd = parse_partial_date(str(contact.get(name) or ""))
        if pd is None or not pd.recurs:
            continue
        when = next_occurrence(pd, today)
        if when is not None and (best is None or when < best[0]):
            best = (when, label, years_at(pd, when))
    if best is None:
        return ""
    when, label, years = best
    days = (when - today).days
    in_days = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    extra = ""
    if years is not None:
        extra = f" (turns {years})" if label == "Birthday" else f" ({years} years)"
    return f"{label} {when:%a} {when.day} {when:%b}{extra}, {in_days}"


def brief_sections(brief: Brief, today: date) -> list[tuple[str, list[str]]]:
    """(title, lines) in the order the review shows them; empty sections say so."""
    c = brief.contact
    topic = str(c.get("stay_in_touch_topic") or "")
    talks = [
        f"{short_time(t.get('occurred_at'))}  {t.get('channel') or ''}  "
        f"{short_text(t.get('summary') or t.get('content'), 70)}".strip()
        for t in brief.talks
    ]
    return [
        ("Talk about", [topic] if topic else ["(no stay-in-touch topic)"]),
        ("Last conversations", talks or ["(none logged yet)"]),
        ("Pinned notes", [short_text(n.get("body"), 90) for n in brief.pinned] or ["(none)"]),
        ("Open reminders", [object_line("reminder", r) for r in brief.reminders] or ["(none)"]),
        ("Next date", [next_date(c, today) or "(no birthday or anniversary)"]),
        ("Gift ideas", [object_line("gift", g) for g in brief.gift_ideas] or ["(none)"]),
    ]
