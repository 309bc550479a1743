"""Reading the reserved custom fields (``domain.reserved_fields``) of a few contacts, so
the agenda and search can leave out deceased and partial contacts.

Only the contacts a result names are looked up (by the indexed ``parent_id``), so the
cost follows the size of the agenda or the search page, not of the book.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, false, select

from .portable import is_sqlite
from .tables import TABLES

CHUNK = 500  # ids per IN (): well under SQLite's variable limit


def reserved_rows(conn: Connection, owner: str, contact_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The live custom fields of ``contact_ids`` (the caller picks the reserved ones)."""
    table = TABLES["custom_field"]
    ids = sorted(set(contact_ids))
    out: list[dict[str, Any]] = []
    if is_sqlite(conn):  # plain SQL: on a search's 20 ids, building the select cost more
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join("?" for _ in chunk)
            sql = (
                "SELECT parent_id, label, value FROM custom_field WHERE owned_by = ? "
                f"AND is_archived = 0 AND parent_id IN ({marks})"
            )
            rows = conn.exec_driver_sql(sql, (owner, *chunk)).all()
            out += [{"parent_id": p, "label": lbl, "value": v} for p, lbl, v in rows]
        return out
    for start in range(0, len(ids), CHUNK):
        stmt = select(table.c.parent_id, table.c.label, table.c.value).where(
            table.c.owned_by == owner,
            table.c.is_archived == false(),
            table.c.parent_id.in_(ids[start : start + CHUNK]),
        )
        out += [dict(r) for r in conn.execute(stmt).mappings().all()]
    return out
