"""Reading and writing the reserved snooze custom field (``domain.snooze``) on any backend.

The rule (who is snoozed on a day) is pure and lives in ``domain.snooze``; this module
reads and writes the fields through the documented list API (any backend). The store's
agenda leaves snoozed people out in its own SQL (``store/agenda_sql.py``), so the local
app, the server's ``/xapi2/agenda`` and the sync cache agree with a remote client.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..domain.snooze import SNOOZE_KIND, SNOOZE_LABEL, snooze_by_contact
from ..schema import ListQuery
from .base import Backend, Obj, iter_all


async def snooze_fields(backend: Backend, contact_id: str | None = None) -> list[Obj]:
    """The snooze custom fields of one contact (or of all), through the documented API:
    custom fields filter on ``kind`` and ``parent_id``; the label is checked here."""
    filters = {"kind": [SNOOZE_KIND]}
    if contact_id is not None:
        filters["parent_id"] = [contact_id]
    out = []
    async for f in iter_all(backend, "custom_field", ListQuery(filters=filters)):
        if str(f.get("label") or "").strip().casefold() == SNOOZE_LABEL.casefold():
            out.append(f)
    return out


async def read_snoozes(backend: Backend, contact_ids: Iterable[str]) -> dict[str, date]:
    """{contact id: back-on date} for ``contact_ids`` on any backend."""
    wanted = set(contact_ids)
    if not wanted:
        return {}
    found = snooze_by_contact(await snooze_fields(backend))
    return {k: v for k, v in found.items() if k in wanted}


async def set_snooze(backend: Backend, contact_id: str, until: date | None) -> Obj | None:
    """Snooze ``contact_id`` until ``until`` (None: wake now). Keeps one field per contact:
    the first is updated, extra copies (two offline devices) are removed."""
    existing = await snooze_fields(backend, contact_id)
    if until is None:
        for f in existing:
            await backend.delete("custom_field", str(f["id"]))
        return None
    value = until.isoformat()
    if existing:
        first, *extra = existing
        for f in extra:
            await backend.delete("custom_field", str(f["id"]))
        if first.get("value") == value:
            return first
        return await backend.update("custom_field", str(first["id"]), {"value": value})
    return await backend.create(
        "custom_field",
        {"parent_id": contact_id, "label": SNOOZE_LABEL, "kind": SNOOZE_KIND, "value": value},
    )
