"""The conflict log: every user write that lost, kept so nothing vanishes silently.

Kinds: ``same_field`` (the server changed the field too and its value won),
``deleted_remote`` (the object was deleted elsewhere; the edit was dropped),
``deleted_local`` (a remote edit to an object deleted here), ``rejected`` (the server
refused the operation, e.g. a 400, so it was taken out of the queue), ``skipped`` (the
pull could not read or validate an object, or the server failed listing a type: it was
left out and the rest synced; see ``skips.py``).

A sync summary counts the entries its round added (``kinds_since``), so the numbers it
prints are the log's, never a separate tally that could drift from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from .state import CONFLICTS, now_stamp


@dataclass(frozen=True, slots=True)
class ConflictEntry:
    seq: int
    at: str
    kind: str
    type: str
    obj_id: str
    field: str | None
    local_value: Any
    server_value: Any
    message: str


def record_conflict(
    conn: Connection,
    kind: str,
    type_: str,
    obj_id: str,
    message: str,
    *,
    field: str | None = None,
    local_value: Any = None,
    server_value: Any = None,
) -> None:
    conn.execute(
        CONFLICTS.insert().values(
            at=now_stamp(),
            kind=kind,
            type=type_,
            obj_id=obj_id,
            field=field,
            local_value=json.dumps(local_value, ensure_ascii=False, default=str),
            server_value=json.dumps(server_value, ensure_ascii=False, default=str),
            message=message,
        )
    )


def list_conflicts(engine: Engine, limit: int | None = None) -> list[ConflictEntry]:
    stmt = select(CONFLICTS).order_by(CONFLICTS.c.seq.desc())
    if limit:
        stmt = stmt.limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return [
        ConflictEntry(
            seq=r["seq"],
            at=r["at"],
            kind=r["kind"],
            type=r["type"],
            obj_id=r["obj_id"],
            field=r["field"],
            local_value=json.loads(r["local_value"]) if r["local_value"] else None,
            server_value=json.loads(r["server_value"]) if r["server_value"] else None,
            message=r["message"],
        )
        for r in rows
    ]


def count_conflicts(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(CONFLICTS)).scalar_one())


def last_seq(engine: Engine) -> int:
    """The newest log entry's number (0 for an empty log): a round counts what follows."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.max(CONFLICTS.c.seq))).scalar_one() or 0)


def kinds_since(engine: Engine, seq: int) -> dict[str, int]:
    """Entries logged after ``seq``, per kind: what a sync summary reports."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(CONFLICTS.c.kind, func.count())
            .where(CONFLICTS.c.seq > seq)
            .group_by(CONFLICTS.c.kind)
        ).all()
    return {str(kind): int(n) for kind, n in rows}


def count_kind(engine: Engine, kind: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(CONFLICTS).where(CONFLICTS.c.kind == kind)
            ).scalar_one()
        )
