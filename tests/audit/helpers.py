"""Reading the audit table straight from SQL, so tests see exactly what was written."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, select

from friendship_tui.store.audit import audit_table


def audit_rows(engine: Engine, owner: str | None = None) -> list[dict[str, Any]]:
    """Every audit row (oldest first), ``changes`` decoded to ``{field: [old, new]}``."""
    t = audit_table
    q = select(t).order_by(t.c.seq)
    if owner is not None:
        q = q.where(t.c.owned_by == owner)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(q).mappings()]
    for r in rows:
        r["changes"] = json.loads(r["changes"]) if r["changes"] else {}
    return rows


def brief(rows: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """(type, action, origin, object_id) per row: the shape most tests compare."""
    return [(r["type"], r["action"], r["origin"], r["object_id"]) for r in rows]
