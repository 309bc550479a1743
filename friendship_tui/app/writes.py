"""Rules the app applies around a write, on top of the backend's own hooks.

DESIGN.md: logging an activity moves ``last_contacted_at`` forward like a conversation
does, "by the same rule in the app" - the documented hook only covers conversations.
Also: what a contact's delete takes with it, for the confirmation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain.hooks import bumped_last_contacted
from ..schema import CHILD_TYPES, ListQuery, get_model
from ..store.base import Backend


async def bump_for_activity(backend: Backend, activity: dict[str, Any], now: datetime) -> None:
    parent_id = activity.get("parent_id")
    if not parent_id:
        return
    contact = await backend.get("contact", str(parent_id))
    new = bumped_last_contacted(contact.get("last_contacted_at"), activity.get("occurred_at"), now)
    if new is not None:
        await backend.update("contact", str(parent_id), {"last_contacted_at": new})


async def child_counts(backend: Backend, contact_id: str) -> dict[str, int]:
    """How many children of each type hang off ``contact_id`` (types with none left out)."""
    counts: dict[str, int] = {}
    for type_ in CHILD_TYPES:
        page = await backend.list(type_, ListQuery(filters={"parent_id": [contact_id]}, limit=200))
        n = page.total if page.total is not None else len(page.items)
        if n:
            counts[type_] = n
    return counts


def counts_phrase(counts: dict[str, int]) -> str:
    """ "3 notes, 1 gift and 2 relationships (with their mirrors)"."""
    parts = []
    for type_, n in counts.items():
        word = type_.replace("_", " ") if n == 1 else get_model(type_).title.lower()
        part = f"{n} {word}"
        if type_ == "relationship":
            part += " (and the mirrored links)"
        parts.append(part)
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
