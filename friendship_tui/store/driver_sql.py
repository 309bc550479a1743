"""The bulk import's hot statements, run on the SQLite driver's cursor directly.

``Connection.exec_driver_sql`` wraps each statement in SQLAlchemy's per-call machinery
(an execution context, a cursor result, event dispatch): ~25 us a statement, where
an import runs a few hundred multi-row INSERTs and audit INSERT ... SELECTs. Here the
statement goes to the same DB-API connection, in the same transaction (begun first if
the connection has none, as SQLAlchemy's autobegin would), and a failure is handed
to the connection's own error handling, the path ``exec_driver_sql`` takes: the
engine's ``handle_error`` listeners turn a full disk or a locked book into the
store's typed errors (faults.py), a duplicate id arrives as ``IntegrityError``, a
lost connection is invalidated. So a caller sees what ``exec_driver_sql`` raised.
What it does not get: ``before/after_cursor_execute`` events (none of ours listens;
tests read SQLite's own trace instead). SQLite connections only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Connection


def _cursor(conn: Connection) -> sqlite3.Cursor:
    if not conn.in_transaction():
        conn.begin()
    driver: sqlite3.Connection = conn.connection.driver_connection  # type: ignore[assignment]
    return driver.cursor()


def run(conn: Connection, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
    """``sql`` run once with ``params``: its cursor (``lastrowid``, ``rowcount``, rows)."""
    cursor = _cursor(conn)
    try:
        cursor.execute(sql, params)
    except sqlite3.Error as err:
        conn._handle_dbapi_exception(err, sql, params, cast(Any, cursor), None)  # raises
    return cursor


def run_many(conn: Connection, sql: str, seq: Sequence[Sequence[Any]]) -> None:
    """``sql`` prepared once and run for every parameter tuple of ``seq``."""
    cursor = _cursor(conn)
    try:
        cursor.executemany(sql, seq)
    except sqlite3.Error as err:
        conn._handle_dbapi_exception(err, sql, seq, cast(Any, cursor), None)  # raises
