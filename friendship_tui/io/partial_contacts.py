"""Promoting a partial contact (someone known only through another contact) to a full
one, on any backend: the reserved ``Partial contact`` field goes, and the archive flag
that kept them out of the list and search is lifted."""

from __future__ import annotations

from typing import Any

from ..domain.reserved_fields import PARTIAL, reserved_for
from ..schema import ListQuery
from ..store.base import Backend, iter_all


async def promote_partial(backend: Backend, contact_id: str) -> dict[str, Any]:
    """Make ``contact_id`` a full contact; returns the contact as it is now."""
    query = ListQuery(filters={"parent_id": [contact_id]})
    marks = [cf async for cf in iter_all(backend, "custom_field", query)]
    for cf in marks:
        if reserved_for(cf.get("label")) is PARTIAL:
            await backend.delete("custom_field", str(cf["id"]))
    contact = await backend.get("contact", contact_id)
    if contact.get("is_archived") and backend.capabilities.archive:
        contact = await backend.set_archived("contact", contact_id, False)
    return contact
