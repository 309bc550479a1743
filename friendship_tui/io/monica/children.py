"""Monica's per-contact and account-wide lists -> our child objects.

Each mapper takes one Monica object and returns (type, data) or None with a reason;
``parent_id`` is filled by the importer. Debts become notes and tasks reminders (we have
neither); the report says so.
"""

from __future__ import annotations

from typing import Any

from .values import amount, date_part, life_event_kind, pet_species

Mapped = tuple[str, dict[str, Any]]


def _clip(value: Any, n: int) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text[:n] if text else None


def _ts(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("date")
    if not isinstance(value, str) or len(value) < 10:
        return None
    text = value.replace(" ", "T")
    return text[:19] + "Z" if len(text) >= 19 else text[:10]


def note(n: dict[str, Any]) -> Mapped | str:
    body = _clip(n.get("body"), 8000)
    if body is None:
        return "empty note"
    return "note", {"body": body, "pinned": bool(n.get("is_favorited"))}


def activity(a: dict[str, Any]) -> Mapped | str:
    atype = a.get("activity_type") or {}
    title = _clip(a.get("summary") or atype.get("name") or "Activity", 200)
    return "activity", {
        "kind": "event",
        "title": title,
        "description": _clip(a.get("description"), 8000),
        "occurred_at": date_part(a.get("happened_at") or a.get("date_it_happened")),
    }


def call(c: dict[str, Any]) -> Mapped | str:
    content = _clip(c.get("content"), 8000)
    who = "They called" if c.get("contact_called") else "Call"
    return "conversation", {
        "channel": "call",
        "content": content,
        "summary": _clip(content or who, 400),
        "occurred_at": _ts(c.get("called_at")),
    }


def reminder(r: dict[str, Any]) -> Mapped | str:
    due = date_part(r.get("next_expected_date") or r.get("initial_date"))
    if due is None:
        return "reminder without a date"
    message = str(r.get("title") or "Reminder")
    if r.get("description"):
        message += f" — {r['description']}"
    freq = str(r.get("frequency_type") or "one_time")
    if freq != "one_time":
        message += f" (every {r.get('frequency_number') or 1} {freq})"
    return "reminder", {"due_date": due, "message": message[:400], "completed": False}


GIFT_STATUS = {"idea": "idea", "offered": "given", "given": "given", "received": "received"}


def gift(g: dict[str, Any]) -> Mapped | str:
    title = _clip(g.get("name") or g.get("title"), 200)
    if title is None:
        return "gift without a name"
    url = _clip(g.get("url"), 2048)
    return "gift", {
        "title": title,
        "status": GIFT_STATUS.get(str(g.get("status") or "idea"), "idea"),
        "notes": _clip(g.get("comment"), 2000),
        "url": url if url and url.startswith(("http://", "https://")) else None,
        "price": amount(g.get("value") if g.get("value") is not None else g.get("amount")),
        "date": date_part(g.get("date") or g.get("offered_at") or g.get("received_at")),
    }


def pet(p: dict[str, Any]) -> Mapped | str:
    category = p.get("pet_category") or {}
    species, other = pet_species(category.get("name"))
    return "pet", {
        "name": _clip(p.get("name") or category.get("name") or "Pet", 120),
        "species": species,
        "species_other": other,
    }


def life_event(e: dict[str, Any]) -> Mapped | str:
    etype = e.get("life_event_type") or {}
    day = date_part(e.get("happened_at"))
    if day and e.get("happened_at_month_unknown"):
        day = day[:4]
    title = _clip(e.get("name") or etype.get("name") or "Life event", 200)
    return "life_event", {
        "kind": life_event_kind(etype.get("name") or etype.get("key")),
        "title": title,
        "occurred_at": day,
        "description": _clip(e.get("note"), 2000),
        "recurring": False,
    }


def journal(j: dict[str, Any]) -> Mapped | str:
    body = _clip(j.get("post") or j.get("body"), 20000)
    title = _clip(j.get("title"), 200) or (body or "Journal entry")[:60]
    return "journal_entry", {
        "title": title,
        "body": body,
        "entry_date": date_part(j.get("date") or j.get("created_at")),
    }


def debt(d: dict[str, Any]) -> Mapped | str:
    who_owes = "I owe them" if d.get("in_debt") == "yes" else "They owe me"
    value = d.get("amount_with_currency") or d.get("amount")
    text = f"Debt: {who_owes} {value}"
    if d.get("reason"):
        text += f" — {d['reason']}"
    text += " (paid back)" if d.get("status") == "complete" else " (open)"
    return "note", {"body": text[:8000], "pinned": False}


def task(t: dict[str, Any]) -> Mapped | str:
    due = date_part(t.get("created_at")) or date_part(t.get("updated_at"))
    if due is None:
        return "task without a date"
    message = str(t.get("title") or "Task")
    if t.get("description"):
        message += f" — {t['description']}"
    return "reminder", {
        "due_date": due,
        "message": ("Task: " + message)[:400],
        "completed": bool(t.get("completed")),
    }


PER_CONTACT_MAPPERS = {
    "notes": note,
    "activities": activity,
    "calls": call,
    "reminders": reminder,
    "gifts": gift,
    "pets": pet,
}
ACCOUNT_MAPPERS = {"lifeevents": life_event, "debts": debt, "tasks": task}


# Monica's bookkeeping on every object: never reported as lost.
BOOKKEEPING = frozenset({"id", "object", "uuid", "account", "contact", "url", "created_at",
                         "updated_at", "hash_id"})  # fmt: skip
# What each mapper reads; any other filled field of a Monica object is reported.
READS: dict[str, frozenset[str]] = {
    "notes": frozenset({"body", "is_favorited", "favorited_at"}),
    "activities": frozenset({"summary", "description", "happened_at", "date_it_happened",
                             "activity_type", "attendees"}),
    "calls": frozenset({"content", "contact_called", "called_at"}),
    "reminders": frozenset({"title", "description", "initial_date", "next_expected_date",
                            "frequency_type", "frequency_number", "delible"}),
    "gifts": frozenset({"name", "title", "status", "comment", "url", "value", "amount",
                        "value_in_base_currency", "date", "offered_at", "received_at", "is_for"}),
    "pets": frozenset({"name", "pet_category"}),
    "lifeevents": frozenset({"name", "note", "happened_at", "happened_at_month_unknown",
                             "happened_at_day_unknown", "life_event_type"}),
    "journal": frozenset({"title", "post", "body", "date"}),
    "debts": frozenset({"in_debt", "status", "amount", "amount_with_currency", "reason",
                        "value"}),
    "tasks": frozenset({"title", "description", "completed", "completed_at"}),
}  # fmt: skip


def unread(kind: str, item: dict[str, Any]) -> list[str]:
    """The filled fields of a Monica ``kind`` object that our mapping does not read."""
    known = READS.get(kind, frozenset()) | BOOKKEEPING
    return sorted(k for k, v in item.items() if k not in known and v not in (None, "", [], {}))
