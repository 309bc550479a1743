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
* Statements are plain SQL run through ``exec_driver_sql`` and read by column
  position: building and caching SQLAlchemy constructs cost more than the query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, Table, text

from ..schema import MODELS
from .fts import PREFIX_INDEXES, fts_table
from .objects import WIRE_COLUMNS, Obj
from .tables import TABLES

# Per walked row, an EXISTS probe costs about this many times what one hit costs the
# IN list (measured at 100k contacts: ~30-80 us against ~0.2 us). At 100k, "m" (48k
# hits) then probes for a search's 20 rows (3 ms, not 10) and lists for a page of 100.
EXISTS_PER_IN = 400
_PREFIX_LENGTHS = {int(n) for n in PREFIX_INDEXES.get("contact", "").split()}


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


fts_table_name = fts_table(MODELS["contact"])
_COLUMNS = ", ".join(f"contact.{c}" for c in WIRE_COLUMNS["contact"])
_LIVE = "contact.owned_by = ? AND contact.is_archived = 0"
_NAME_ORDER = "ORDER BY contact.name COLLATE NOCASE, contact.seq LIMIT ?"


def hits_up_to(conn: Connection, expr: str, cap: int) -> int:
    """How many rows (of every owner) match, counting no further than ``cap``."""
    fts = fts_table_name
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH ? LIMIT ?)"
    return int(conn.exec_driver_sql(sql, (expr, cap)).scalar_one())


def dense_enough(hits: int, rows: int, want: int) -> bool:
    """Whether walking with per-row probes beats listing the hits: the walk is about
    ``want * rows / hits`` rows long, each probe ``EXISTS_PER_IN`` times a hit."""
    return hits * hits > EXISTS_PER_IN * want * max(rows, 1)


def exists_cap(rows: int, want: int) -> int:
    """The hit count above which ``dense_enough`` holds (so counting can stop there)."""
    return int((EXISTS_PER_IN * want * max(rows, 1)) ** 0.5) + 1


def probes_cheap(words: Sequence[str]) -> bool:
    """Every word is as long as a prefix index: a per-row probe is a seek."""
    return bool(words) and all(len(w) in _PREFIX_LENGTHS for w in words)


def name_order(conn: Connection, owner: str, expr: str, limit: int, probe: bool) -> list[Obj]:
    """The first ``limit`` live matching contacts in name order (the broad answer)."""
    fts = fts_table_name
    if probe:
        test = f"EXISTS (SELECT 1 FROM {fts} WHERE {fts} MATCH ? AND rowid = contact.seq)"
    else:  # unary + keeps SQLite walking the name index, not driving by rowid
        test = f"+contact.seq IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)"
    sql = f"SELECT {_COLUMNS} FROM contact WHERE {_LIVE} AND {test} {_NAME_ORDER}"
    return _objects(conn, conn.exec_driver_sql(sql, (owner, expr, limit)).all())


def ranked(conn: Connection, owner: str, expr: str, limit: int, weights: str) -> list[Obj]:
    """Live matching contacts by bm25 (the weights favour name hits), then name."""
    fts = fts_table_name
    sql = (
        f"SELECT {_COLUMNS} FROM (SELECT rowid AS seq, bm25({fts}, {weights}) AS rank "
        f"FROM {fts} WHERE {fts} MATCH ?) AS m JOIN contact ON contact.seq = m.seq "
        f"WHERE {_LIVE} ORDER BY m.rank, contact.name COLLATE NOCASE LIMIT ?"
    )
    return _objects(conn, conn.exec_driver_sql(sql, (expr, owner, limit)).all())


def first_by_name(conn: Connection, owner: str, limit: int) -> list[Obj]:
    """A search with no words filters nothing (as ``q=`` on a list): the first live
    contacts in name order."""
    sql = f"SELECT {_COLUMNS} FROM contact WHERE {_LIVE} {_NAME_ORDER}"
    return _objects(conn, conn.exec_driver_sql(sql, (owner, limit)).all())


def probe_condition(table: Table, expr: str) -> ColumnElement[bool]:
    """``name_order``'s per-row probe as a WHERE term for a list page (Core)."""
    fts = fts_table_name
    clause = text(
        f"EXISTS (SELECT 1 FROM {fts} WHERE {fts} MATCH :fts_probe AND rowid = {table.name}.seq)"
    ).bindparams(fts_probe=expr)
    return cast(ColumnElement[bool], clause)  # where() takes a text clause as is
