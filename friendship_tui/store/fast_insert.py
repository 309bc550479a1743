"""Many rows into one table as fast as SQLite takes them (bulk import, audit rows).

Two costs dominate a Core ``executemany`` on SQLite, and neither is storing the row:

* each row is its own statement, and a statement that fires triggers opens a
  statement savepoint, at which FTS5 flushes its pending terms: one tiny index
  segment per row, merged again and again (3x the cost of the same rows inserted by
  one statement, measured by bench/import_bench.py);
* SQLAlchemy builds each row's parameters in Python (``construct_params``, a type
  lookup per value), which costs more than SQLite's own work.

So rows go as multi-row ``INSERT ... VALUES (...), (...), ...`` statements, up to 128
rows each (fewer when SQLite's bound-variable limit says so; the rest in power-of-two
sizes, so a long import prepares a few statement shapes, not one per chunk, each of
which the driver's statement cache would keep). Not more: preparing such a statement
costs SQLite ~3x running it (a 512-row contact statement: ~11 ms to prepare and run,
~3 ms run again), and an import met each remainder's shape about once, while storing
a row costs the same in a statement of 64 rows as of 512. Into a table whose INSERT
triggers are off (a set-wise import, bulk_schema.py) statements are shorter still,
``QUIET_ROWS``: running one costs SQLite little more than its rows, so the fewer
variables prepared for each chunk's remainders win (a fresh import of 5k contacts,
callgrind: 128 rows 8,586 M instructions, 96 8,575 M, 64 8,508 M, 32 8,471 M); where
the triggers fire, each statement ends in a savepoint at which FTS5 flushes its
pending terms, and shorter statements cost more (1k contacts into a 5k book: 128
rows 2,845 M, 64 2,957 M, 32 2,994 M). The full statements of a
batch but the last go as one ``executemany`` of one prepared statement (no Python
per statement; ``lastrowid`` comes from the last, run alone). Measured at 5k and 20k
contacts, paired: the tables' INSERT CPU ~10% less than with 512-row statements one
by one. All through ``exec_driver_sql``: the same connection and transaction, and
the same error handling (the engine's ``handle_error`` still turns a full disk or a
locked book into the store's typed errors, a duplicate id into ``IntegrityError``).
Running them on the driver's cursor instead saved ~0.5% of an import's instructions
and needed SQLAlchemy's private error path to keep those errors: not worth it.
Every value passes through its column's own bind processor (tags to JSON text, ...),
so what is stored is exactly what the Core insert would store. Other databases keep
the Core insert, which their drivers batch themselves.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from itertools import chain, compress, cycle
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Connection, Table

from .portable import is_sqlite

Processor = Callable[[Any], Any] | None
OLD_SQLITE_VARIABLES = 999  # the bound-variable limit before SQLite 3.32
MAX_ROWS = 128  # rows a statement at most (why not more: the module's docstring)
# ... into a table whose INSERT triggers are off (a set-wise import: bulk_schema.py):
# such a statement's own cost is small, its preparing is not (why: the docstring)
QUIET_ROWS = 32
_PROCESSORS: dict[tuple[str, tuple[str, ...]], tuple[Processor, ...]] = {}
_BOOLEAN: dict[tuple[str, tuple[str, ...]], tuple[bool, ...]] = {}  # which are Boolean
# The types of the values sqlite3 binds as 1, 0 and NULL itself, as a Boolean column's
# processor (``int()``) would give them: a column of only these skips its processor
_BOOLS = frozenset({bool, type(None)})
# ... turned into exact ints by a dict lookup in C: sqlite3 (CPython 3.11) binds an exact
# int directly, but sends a bool through its adapter registry first (a tuple key, a
# failed attribute lookup with its error text: ~0.55 us a value against ~0.11 us;
# 63k Boolean values at 5k contacts). The same 1 and 0 are stored.
_AS_INT: dict[Any, Any] = {True: 1, False: 0, None: None}
_NULLABLE: dict[str, frozenset[str]] = {}  # table: its columns that default to NULL

# None bound by an adapter lookup that hits: sqlite3 (CPython 3.11) adapts every value
# that is not an exact int, float, str or bytearray, and for None, with nothing
# registered, it builds and discards an AttributeError (the protocol's ``__adapt__``,
# message text and all) before binding NULL: ~3,400 instructions a None, ~46k Nones in
# an import of 5k contacts. Registered, the lookup finds this C-level callable, whose
# answer for None is None: the same NULL bound, for every sqlite3 connection of the
# process (the registry is the module's), at a tenth of the cost.
_NONE: dict[None, None] = {}
_NULL: Callable[[None], None] = _NONE.get  # never filled: gives None
sqlite3.register_adapter(type(None), _NULL)


def _processors(conn: Connection, table: Table, keys: tuple[str, ...]) -> tuple[Processor, ...]:
    procs = _PROCESSORS.get((table.name, keys))
    if procs is None:
        dialect = conn.dialect
        procs = tuple(table.c[k].type._cached_bind_processor(dialect) for k in keys)
        _PROCESSORS[(table.name, keys)] = procs
        _BOOLEAN[(table.name, keys)] = tuple(isinstance(table.c[k].type, Boolean) for k in keys)
    return procs


def _variable_limit(conn: Connection) -> int:
    driver = conn.connection.driver_connection
    try:
        return int(driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))  # type: ignore[union-attr]
    except (AttributeError, sqlite3.Error):  # Python < 3.11
        return 32766 if sqlite3.sqlite_version_info >= (3, 32) else OLD_SQLITE_VARIABLES


def _picked(rows: Sequence[Mapping[str, Any]], keys: tuple[str, ...]) -> list[Any]:
    """The rows' values, flat, in column order (raises KeyError for a missing key)."""
    pick = itemgetter(*keys) if len(keys) > 1 else (lambda r: (r[keys[0]],))
    return list(chain.from_iterable(map(pick, rows)))


def _processed(flat: list[Any], procs: Any, booleans: tuple[bool, ...]) -> list[Any]:
    """Each value of ``flat`` through its column's bind processor, in place: a column
    at a time, by ``map`` over its slice (a bind processor takes None as Core gives it
    one, and gives it back). A Boolean column of bools and None is bound as it is
    (``_BOOLS``: the same 1 and 0 stored; ~60k processor calls in a bulk import); one
    holding anything else still meets its processor, and its refusal. Those bools go
    as exact ints (``_AS_INT``), which sqlite3 binds without its adapter lookup."""
    width = len(procs)
    for i, p in enumerate(procs):
        if p is not None:
            column = flat[i::width]
            if booleans[i] and _BOOLS.issuperset(map(type, column)):
                flat[i::width] = list(map(_AS_INT.__getitem__, column))
                continue
            flat[i::width] = list(map(p, column))
    return flat


def insert_many(
    conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]], max_rows: int = MAX_ROWS
) -> int | None:
    """INSERT every row of ``rows`` (dicts with the same keys), a few statements of up
    to ``max_rows`` rows in all. On SQLite, the rowid of the last row stored (its
    table's highest, as the bulk import's audit rows need: store/audit_sql.py); None
    elsewhere or with no rows."""
    if not rows:
        return None
    keys = tuple(rows[0])
    width = len(keys)
    if not is_sqlite(conn) or len(set(map(len, rows))) != 1:
        conn.execute(table.insert(), list(rows))
        return None
    try:
        flat = _picked(rows, keys)
    except KeyError:  # rows with other keys than the first: let Core sort them out
        conn.execute(table.insert(), list(rows))
        return None
    kept = _not_all_null(table, keys, flat, len(rows))
    if len(kept) < width:  # the kept columns' values, taken from ``flat`` in C
        mask = [i in kept for i in range(width)]
        flat = list(compress(flat, cycle(mask)))
        keys = tuple(keys[i] for i in kept)
        width = len(keys)
    flat = _processed(flat, _processors(conn, table, keys), _BOOLEAN[(table.name, keys)])
    per = min(max_rows, max(1, _variable_limit(conn) // width))
    head = f"INSERT INTO {table.name} ({', '.join(keys)}) VALUES "  # our own names only
    one = "(" + ", ".join("?" for _ in keys) + ")"
    start, last = 0, None
    # the full statements but the last by one executemany: one prepared statement run
    # again, no Python per statement; the last by execute, which tells its rowid
    full = len(rows) // per - (len(rows) % per == 0)
    if full > 1:
        size = per * width
        conn.exec_driver_sql(
            head + ", ".join([one] * per),
            [tuple(flat[i : i + size]) for i in range(0, full * size, size)],
        )
        start = full * per
    while start < len(rows):
        n = _statement_rows(len(rows) - start, per)
        last = conn.exec_driver_sql(
            head + ", ".join([one] * n), tuple(flat[start * width : (start + n) * width])
        ).lastrowid
        start += n
    return last


def _not_all_null(table: Table, keys: tuple[str, ...], flat: list[Any], n: int) -> list[int]:
    """The positions of the columns to bind: a column NULL in every row and without a
    default is left out of the statement (it is NULL all the same). A table's rows carry
    every column, most optional ones unset, and binding a value costs about what storing
    it does; a column with a default is always bound (leaving it out would store that)."""
    width = len(keys)
    nullable = _NULLABLE.get(table.name)
    if nullable is None:
        nullable = _NULLABLE[table.name] = frozenset(
            c.name for c in table.c if c.server_default is None and c.nullable
        )
    return [i for i, k in enumerate(keys) if k not in nullable or flat[i::width].count(None) != n]


def _statement_rows(left: int, per: int) -> int:
    """Rows for the next statement: ``per``, else the largest power of two that fits.
    Every statement stays in the driver's statement cache, and a prepared statement
    holds memory for each of its variables: with any row count allowed, a long import
    filled the cache with ~100 one-off statements of up to 32k variables each."""
    if left >= per:
        return per
    return 1 << (left.bit_length() - 1)
