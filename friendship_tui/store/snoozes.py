"""Reading and writing the reserved snooze custom field (``domain.snooze``) on any backend.

The rule (who is snoozed on a day) is pure and lives in ``domain.snooze``; this module
only fetches the fields it reads: with one indexed query inside the local store's agenda
read (so the local app, the server's ``/xapi2/agenda`` and the sync cache all leave
snoozed people out), and through the documented list API for a remote backend.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, select

from ..domain.agenda import Agenda
from ..domain.snooze import SNOOZE_KIND, SNOOZE_LABEL, apply_snoozes, snooze_by_contact
from ..schema import ListQuery
from .base import Backend, Obj, iter_all
from .tables import TABLES

_CHUNK = 500  # ids per IN (...) list, under every database's parameter limit


def stored_snoozes(conn: Connection, owner: str, contact_ids: Iterable[str]) -> dict[str, date]:
    """{contact id: back-on date} for ``contact_ids``, read from the store's own table."""
    table = TABLES["custom_field"]
    ids = list(dict.fromkeys(contact_ids))
    fields: list[Obj] = []
    for start in range(0, len(ids), _CHUNK):
        rows = conn.execute(
            select(table.c.parent_id, table.c.label, table.c.value, table.c.is_archived).where(
                table.c.owned_by == owner,
                table.c.parent_id.in_(ids[start : start + _CHUNK]),
                table.c.kind == SNOOZE_KIND,
            )
        ).all()
        fields += [dict(r._mapping) for r in rows]
    return snooze_by_contact(fields)


def apply_stored(conn: Connection, owner: str, agenda: Agenda) -> Agenda:
    """The store's agenda with snoozed people left out of stay-in-touch."""
    if not agenda.stay_in_touch:
        return agenda
    found = stored_snoozes(conn, owner, (r.contact_id for r in agenda.stay_in_touch))
    return apply_snoozes(agenda, found) if found else agenda


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
