"""What a contact's delete takes with it, for the confirmation.

(Logging an activity moves ``last_contacted_at``: that rule is ``domain.hooks``' and
every client path applies it through ``io/contacted.py``, the app's form included.)
"""

from __future__ import annotations

from ..schema import CHILD_TYPES, ListQuery, get_model
from ..store.base import Backend


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
