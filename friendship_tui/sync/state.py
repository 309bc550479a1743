"""The sync engine's own tables, kept in the cache database beside the model tables.

They live in the same SQLite file as the cached rows so one transaction can write a
row and the operation that must reach the server (the outbox survives a SIGKILL because
it commits with the change it describes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Column, Connection, Engine, Index, Integer, MetaData, String, Table, Text

from ..store.engine import WRITE, write_options
from ..store.migrate import Lineage, back_up, is_current, upgrade

SYNC_METADATA = MetaData()

OUTBOX = Table(
    "sync_outbox",
    SYNC_METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("op", String(16), nullable=False),  # create | update | delete | archive
    Column("type", String(32), nullable=False),
    Column("obj_id", String(64), nullable=False),
    Column("payload", Text, nullable=False),  # JSON; see outbox.py
    Column("idem_key", String(64), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("created_at", String(32), nullable=False),
    Index("ix_sync_outbox_obj", "obj_id"),
)

# Rows created here whose server id is not known yet (their ids are local ids).
LOCAL_IDS = Table(
    "sync_local",
    SYNC_METADATA,
    Column("id", String(64), primary_key=True),
    Column("type", String(32), nullable=False),
    # for a relationship made by the local pair_relationship hook: the row it mirrors
    Column("mirror_of", String(64)),
)

CONFLICTS = Table(
    "sync_conflict",
    SYNC_METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("type", String(32), nullable=False),
    Column("obj_id", String(64), nullable=False),
    Column("field", String(64)),
    Column("local_value", Text),  # JSON of the value that lost
    Column("server_value", Text),  # JSON of the value that won
    Column("message", Text, nullable=False),
)

CURSORS = Table(
    "sync_cursor",
    SYNC_METADATA,
    Column("type", String(32), primary_key=True),
    Column("cursor", String(32)),
)

META = Table(
    "sync_meta",
    SYNC_METADATA,
    Column("key", String(64), primary_key=True),
    Column("value", Text),
)


# The declarations above are what the revisions in sync/migrations build (a test holds
# the two equal); caches from before those revisions are stamped at the first one.
SYNC_STATE = Lineage(
    "sync state",
    Path(__file__).with_name("migrations"),
    "sync_alembic_version",
    head="s0001_state",
    baseline="s0001_state",
    adopt="sync_outbox",
)


def create_state_tables(engine: Engine) -> None:
    """Create or upgrade the sync state tables (a copy of the cache first, if it changes)."""
    if is_current(engine, SYNC_STATE):
        return
    back_up(engine, SYNC_STATE, "head")
    with engine.connect() as conn:
        conn.execution_options(**write_options(engine))
        with conn.begin():
            upgrade(conn, "head", SYNC_STATE)


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """One write transaction (BEGIN IMMEDIATE, as the store's own writes): the cache, the
    outbox and the conflict log all write through it."""
    with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        yield conn
