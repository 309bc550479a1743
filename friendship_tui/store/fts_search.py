"""Contact search on SQLite as a few prepared statements (``reads.search`` calls it).

What comes back is what ``reads.search`` documents: archived contacts left out; a
query with at most ``BROAD_MATCHES`` hits ranked by bm25 (name hits first); a broader
one in name order. Only the way there is tuned, for a person typing at 100k contacts:

* "More than ``BROAD_MATCHES`` hits?" and "how many, roughly?" are one count capped
  at what the decision needs (``SELECT count(*) FROM (... LIMIT n)``), not a count of
  every hit (48,153 for "m").
* A broad query walks the name index and keeps the rows that match, stopping at
  ``limit``. How it tests a row depends on how dense the hits are:
  - ``IN``: the hits are listed once (SQLite builds a rowid set) and each walked row
    is looked up in it. Costs what the hits number: right for "mar" (2,924 hits).
  - ``EXISTS``: each walked row asks FTS5 whether it matches (a seek in the doclist).
    Costs what the walk is long: right when most rows match ("m": 50 rows walked for
    20 hits) and the words are 1 or 2 letters, which have their own prefix index
    (fts.PREFIX_INDEXES); a longer prefix would be re-collected on every row.
  - The ``IN`` walk stops where listing the hits would have cost as much
    (``search_plan.walk_bound``), and then lists them: hits that sit late in name
    order ("sar", 1,491 at 100k) would otherwise pass nearly every row (14 ms, not 2).
* Statements are plain SQL run through ``exec_driver_sql`` and read by column
  position: building and caching SQLAlchemy constructs cost more than the query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, Table, text

from .objects import WIRE_COLUMNS, Obj
from .search_plan import (
    EXISTS_PER_IN,
    FIRST_BY_NAME,
    FTS,
    dense_enough,
    exists_cap,
    found_rows,
    probes_cheap,
)
from .tables import TABLES

__all__ = ["EXISTS_PER_IN", "dense_enough", "exists_cap", "probes_cheap"]

Decoders = tuple[tuple[str, Callable[[Any], Any] | None], ...]
_DECODERS: dict[str, Decoders] = {}


def _decoders(conn: Connection) -> Decoders:
    """Each wire column's result processor (tags from JSON text, ...), once."""
    found = _DECODERS.get(conn.dialect.name)
    if found is None:
        table = TABLES["contact"]
        found = tuple(
            (c, table.c[c].type._cached_result_processor(conn.dialect, None))
            for c in WIRE_COLUMNS["contact"]
        )
        _DECODERS[conn.dialect.name] = found
    return found


def _objects(conn: Connection, rows: Sequence[Sequence[Any]]) -> list[Obj]:
    """Rows of ``_COLUMNS`` as wire objects, values decoded as the Core select would."""
    decoders = _decoders(conn)
    out: list[Obj] = []
    for row in rows:
        obj = {
            name: (value if fn is None or value is None else fn(value))
            for (name, fn), value in zip(decoders, row, strict=True)
        }
        obj["is_archived"] = bool(obj["is_archived"])
        out.append(obj)
    return out


def found(
    conn: Connection, owner: str, expr: str, words: Sequence[str], limit: int, rows: int
) -> list[Obj]:
    """A search with words: ``search_plan.found_rows``, the plain connection's plan,
    through SQLAlchemy."""

    def run(sql: str, args: tuple[Any, ...]) -> Sequence[Sequence[Any]]:
        return conn.exec_driver_sql(sql, args).all()

    return _objects(conn, found_rows(run, owner, expr, words, limit, rows))


def first_by_name(conn: Connection, owner: str, limit: int) -> list[Obj]:
    """A search with no words filters nothing (as ``q=`` on a list): the first live
    contacts in name order."""
    return _objects(conn, conn.exec_driver_sql(FIRST_BY_NAME, (owner, limit)).all())


def probe_condition(table: Table, expr: str) -> ColumnElement[bool]:
    """``name_order``'s per-row probe as a WHERE term for a list page (Core)."""
    clause = text(
        f"EXISTS (SELECT 1 FROM {FTS} WHERE {FTS} MATCH :fts_probe AND rowid = {table.name}.seq)"
    ).bindparams(fts_probe=expr)
    return cast(ColumnElement[bool], clause)  # where() takes a text clause as is
