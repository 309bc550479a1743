"""Reading the reserved custom fields (``domain.reserved_fields``) of a book in one query,
so the agenda and search can leave out deceased and partial contacts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, false, func, select

from ..domain.reserved_fields import RESERVED_BY_LABEL
from .tables import TABLES


def reserved_rows(conn: Connection, owner: str) -> list[dict[str, Any]]:
    """Every live custom field whose label is reserved (few rows: one per fact)."""
    table = TABLES["custom_field"]
    stmt = select(table.c.parent_id, table.c.label, table.c.value).where(
        table.c.owned_by == owner,
        table.c.is_archived == false(),
        func.lower(func.trim(table.c.label)).in_(list(RESERVED_BY_LABEL)),
    )
    return [dict(r) for r in conn.execute(stmt).mappings().all()]
