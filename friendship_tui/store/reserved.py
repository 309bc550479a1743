"""Reading the reserved custom fields (``domain.reserved_fields``) of a few contacts, so
the agenda and search can leave out deceased and partial contacts.

Only the contacts a result names are looked up (by the indexed ``parent_id``), so the
cost follows the size of the agenda or the search page, not of the book.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, false, select

from .tables import TABLES

CHUNK = 500  # ids per IN (): well under SQLite's variable limit


def reserved_rows(conn: Connection, owner: str, contact_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The live custom fields of ``contact_ids`` (the caller picks the reserved ones)."""
    table = TABLES["custom_field"]
    ids = sorted(set(contact_ids))
    out: list[dict[str, Any]] = []
    for start in range(0, len(ids), CHUNK):
        stmt = select(table.c.parent_id, table.c.label, table.c.value).where(
            table.c.owned_by == owner,
            table.c.is_archived == false(),
            table.c.parent_id.in_(ids[start : start + CHUNK]),
        )
        out += [dict(r) for r in conn.execute(stmt).mappings().all()]
    return out
