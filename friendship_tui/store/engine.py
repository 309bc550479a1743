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

from ..config import ensure_private_dir
from .faults import file_fault, translate
from .portable import check_supported

PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    # 32 MiB of page cache per connection (default 2): the agenda and list pages of a
    # 10k-100k book stay in memory between refreshes instead of re-reading the file.
    "PRAGMA cache_size=-32768",
)
# How long a connection waits for another program's lock before the book is "locked"
# (errors.BookLocked). $FRIENDSHIP_BUSY_TIMEOUT_MS overrides it (a cron job that would
# rather wait longer; tests that want the fault quickly).
DEFAULT_BUSY_TIMEOUT_MS = 5000
BUSY_TIMEOUT_ENV = "FRIENDSHIP_BUSY_TIMEOUT_MS"
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


def busy_timeout_ms(explicit: int | None = None) -> int:
    """``explicit``, else ``$FRIENDSHIP_BUSY_TIMEOUT_MS``, else the default (5 s)."""
    if explicit is not None:
        return max(0, int(explicit))
    text = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    return max(0, int(text)) if text.isdigit() else DEFAULT_BUSY_TIMEOUT_MS


def prepare_file(url: str) -> None:
    """Create the SQLite file 0600 inside a 0700 directory before SQLite touches it.

    Something other than a file at the path (a directory), or a path the OS refuses,
    is ``BookUnreadable`` naming it: the user's directory is never chmod-ed.
    """
    u = make_url(url)
    if not u.drivername.startswith("sqlite") or not u.database or u.database == ":memory:":
        return
    path = Path(u.database)
    try:
        ensure_private_dir(path.parent)
        if path.exists() and not path.is_file():
            raise IsADirectoryError(21, "not a regular file", str(path))
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
            os.close(fd)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise file_fault(str(path), exc) from None


def _on_connect(timeout_ms: int, dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
    for pragma in PRAGMAS:
        cur.execute(pragma)
    cur.close()


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
            for suffix in ("-wal", "-shm"):
                side = Path(u.database + suffix)
                if side.exists():
                    os.chmod(side, 0o600)
    return engine
