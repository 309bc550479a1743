"""A server user's ownership of their data: export all of it, or delete all of it.

``export_user`` writes exactly the document ``friendship export --format json`` writes
(the same ``io.json_io.export_json``), for one user's data only.

``delete_user`` removes the user, their tokens, their remembered idempotent answers and
every row they own (the 11 model tables, the audit log, and every other table with an
``owned_by`` column: tombstones, row counters, ...) in ONE write
transaction: a failure half-way leaves everything as it was. The FTS and tag side
tables follow by their delete triggers. Nothing is published on the live channel and
no audit row is written: the point is that no trace of the user remains.

A running server keeps a checked token until the database reports a change
(``token_watch.CommitWatch``): with SQLite the deleted user's next request is refused, with
PostgreSQL once the change notification has arrived (milliseconds).
"""

from __future__ import annotations

from datetime import datetime
from typing import IO

import sqlalchemy as sa

from ..io.json_io import export_json
from ..schema import MODELS
from ..store import audit
from ..store.local import Store
from ..store.tables import TABLES
from .accounts import AccountError, Accounts, begin_write, tokens_table, users_table
from .idempotency import idempotency_table


def _user_id(conn: sa.Connection, name: str) -> str:
    row = conn.execute(sa.select(users_table.c.id).where(users_table.c.name == name)).first()
    if row is None:
        raise AccountError(f"no user named {name!r}; see `friendship server user list`")
    return str(row.id)


def _ensure_tables(store: Store) -> None:
    Accounts(store.engine).create_tables()  # idempotency shares the accounts metadata


async def export_user(
    store: Store, name: str, out: IO[str], now: datetime | None = None
) -> dict[str, int]:
    """Write ``name``'s lossless JSON backup to ``out``; returns objects per type."""
    _ensure_tables(store)
    with store.engine.connect() as conn:
        _user_id(conn, name)
    backend = store.backend(owner=name)
    return await export_json(backend, out, now=now)


def delete_user(store: Store, name: str) -> dict[str, int]:
    """Remove ``name`` and everything they own, in one transaction; counts per kind."""
    _ensure_tables(store)
    counts: dict[str, int] = {}
    with begin_write(store.engine) as conn:
        user_id = _user_id(conn, name)
        # children before contacts: relationships and children reference contacts
        for type_ in reversed(list(MODELS)):
            t = TABLES[type_]
            counts[type_] = int(conn.execute(sa.delete(t).where(t.c.owned_by == name)).rowcount)
        counts["audit"] = audit.delete_owner(conn, name)
        # then every other table that records an owner (tombstones, counters, side tables
        # of later revisions): found by looking, so a new table cannot be forgotten
        inspector = sa.inspect(conn)
        for table_name in sorted(inspector.get_table_names()):
            if table_name in MODELS or table_name == audit.AUDIT_TABLE:
                continue
            columns = {c["name"] for c in inspector.get_columns(table_name)}
            if "owned_by" not in columns:
                continue
            owned = sa.table(table_name, sa.column("owned_by"))
            n = int(conn.execute(sa.delete(owned).where(owned.c.owned_by == name)).rowcount)
            counts[table_name] = counts.get(table_name, 0) + n
        idem = idempotency_table
        counts["idempotency"] = int(
            conn.execute(sa.delete(idem).where(idem.c.user_name == name)).rowcount
        )
        tok = tokens_table
        counts["token"] = int(conn.execute(sa.delete(tok).where(tok.c.user_id == user_id)).rowcount)
        users = users_table
        counts["user"] = int(conn.execute(sa.delete(users).where(users.c.id == user_id)).rowcount)
    return counts


def describe_counts(counts: dict[str, int]) -> str:
    """ "contact 3, note 2, ..." with the empty kinds left out."""
    parts = [f"{kind} {n}" for kind, n in counts.items() if n]
    return ", ".join(parts) if parts else "nothing"
