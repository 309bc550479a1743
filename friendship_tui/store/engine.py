"""Opening the database: private permissions, PRAGMAs on every connection, BEGIN modes.

pysqlite's own transaction handling is switched off so we issue BEGIN ourselves:
writes take ``BEGIN IMMEDIATE`` (the write lock up front, so a read never has to be
upgraded into a write and fail with SQLITE_BUSY under WAL), reads a plain ``BEGIN``.

PostgreSQL gets the same one-writer rule from a transaction-scoped advisory lock taken
as a write transaction begins: the store's writes read, decide (hooks, cascades,
mirrors) and write, so two servers on one database must not interleave them. Writes run
READ COMMITTED (each statement sees what committed before the lock was granted); reads
run REPEATABLE READ, so a page and its total come from one snapshot, as under WAL.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry

from .faults import translate
from .portable import check_supported
from .sqlite_book import busy_timeout_ms, prepare_path, private_side_files, setup_connection

WRITE = "friendship_write"  # execution option: begin with BEGIN IMMEDIATE
PG_WRITE_LOCK = 0x46524E44  # the advisory lock id every writer of a database takes


def to_url(target: str | os.PathLike[str]) -> str:
    """A path becomes ``sqlite:///path``; anything with ``://`` is used as a URL.

    ``postgresql://`` and ``postgres://`` without a driver mean psycopg 3 (the driver the
    ``postgres`` extra installs), not SQLAlchemy's default psycopg2.
    """
    text = os.fspath(target)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser()}"
    scheme, rest = text.split("://", 1)
    if scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg://{rest}"
    return text


def prepare_file(url: str) -> None:
    """Create the SQLite file 0600 inside a 0700 directory before SQLite touches it."""
    u = make_url(url)
    if not u.drivername.startswith("sqlite") or not u.database or u.database == ":memory:":
        return
    prepare_path(Path(u.database))


def _on_connect(timeout_ms: int, dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
    setup_connection(dbapi_conn, timeout_ms)  # the same set-up as the fast path's


def _on_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def write_options(engine: Engine) -> dict[str, Any]:
    """Execution options for a write transaction on ``engine`` (set before it begins)."""
    if engine.dialect.name == "postgresql":
        return {WRITE: True, "isolation_level": "READ COMMITTED"}
    return {WRITE: True}


def _on_begin_pg(conn: Any) -> None:
    if conn.get_execution_options().get(WRITE, False):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def make_engine(url: str, busy_timeout: int | None = None) -> Engine:
    """An engine whose SQLite faults arrive as ``errors.StorageFault`` (see faults.py);
    ``busy_timeout`` (ms) defaults to ``busy_timeout_ms()``."""
    check_supported(make_url(url).get_dialect().name)
    prepare_file(url)
    if make_url(url).get_dialect().name == "postgresql":
        engine = create_engine(url, isolation_level="REPEATABLE READ")
        event.listen(engine, "begin", _on_begin_pg)
        return engine
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        u = make_url(url)
        timeout = busy_timeout_ms(busy_timeout)
        event.listen(engine, "connect", partial(_on_connect, timeout))
        event.listen(engine, "begin", _on_begin)
        event.listen(engine, "handle_error", partial(translate, u.database or ":memory:", timeout))
        if u.database and u.database != ":memory:":
            # WAL side files are created with the umask; keep them private too.
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            private_side_files(Path(u.database))
    return engine
