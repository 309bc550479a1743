"""A big import's index and trigger work, done set-wise instead of row by row (SQLite).

Each model table carries 8-21 secondary indexes and per-row INSERT triggers that keep
its derived data (the FTS5 index, ``row_count``, the tag side tables). Storing a row
costs more in that upkeep than in the row itself. When an import brings a table at
least as many rows as it held (or the table was empty), inside the import's own
transaction:

* the table's non-unique indexes are dropped at its first big chunk and re-created at
  the end (``CREATE INDEX`` sorts once; the primary key and unique indexes stay, they
  enforce correctness while rows go in, and so does an index whose new entries come
  in rising order, ``_rising``);
* its INSERT triggers are dropped too, and the derived data of the rows stored
  since (above the mark: the table's highest ``seq`` before) is filled by one
  statement per step (``REFILLS``) before the triggers are re-created: at the end,
  or before the import UPDATEs that table (``settle``: the last-contacted bump, the
  relinking of pairs), so an UPDATE's triggers always meet whole derived data.

Everything is read from ``sqlite_master`` and re-created from its very text, so the
book's schema is byte-identical afterwards and indexes or triggers a later migration
adds are carried along. A trigger no refill step claims keeps the table's triggers
in place (its work is unknown here); register a step with ``register_refill``. SQL
DDL is transactional: an import that fails or is killed leaves the book as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from ..schema import MODELS, FieldType
from .agenda_counts import BUCKETS, refill_sql
from .audit_sql import highest_seq
from .fts_query import fts_table
from .portable import is_sqlite
from .tables import tag_table_name
from .text_search import search_fields

# A table goes the set-wise way once this import brought it this many rows and at
# least as many as it held before. Re-creating an index sorts every row of the table,
# old and new (~1 us per row and index); keeping it row by row cost about twice that
# per new row (bench/import_bench.py --contacts 20000: the inserts 7.0 s -> 2.5 s CPU,
# the rebuild and refill 2.6 s). So it pays once the new rows are about as many as
# the old: forced on a 100k-contact book, a 5k-contact import took 21 s CPU against
# 7-8 s row by row. The import's length is unknown (it streams): the switch comes at
# the chunk that reaches the mark, the rows before it went row by row.
MIN_BULK_ROWS = 500
# A big import's ANALYZE (store/bulk.py) reads the tables it grew by this share or more:
# the others' statistics still hold, and re-reading a 100k book's every table cost more
# than the import. Sampled statistics (PRAGMA analysis_limit) are no way out: at 1000
# rows the owned_by prefix of a 5k-contact table read as 1001 rows, a 200-row company
# prefix as 1001, the row count 3.6k-9k (bench/import_bench.py's book).
STALE_SHARE = 0.1
# The columns every row of one import holds the same value in: its owner. An index
# keyed on them and then the table's rowid (the audit log's (owned_by, seq)) takes the
# import's entries in rising order at one place, its end: that b-tree insert skips
# the descent, and keeping the index in place costs less than sorting it again
# (bench/import_bench.py's rows, the audit log at 20k contacts: 0.45 s CPU, not 0.51,
# min of 11; at 5k ~6% fewer instructions for the audit log's index work). Keys that
# rise only as the data happens to (created_at, id, parent_id: the keyset, updated,
# s_created_at and f_parent_id indexes) or take few values (enum, bool) measured a
# wash kept in place (whole-book trials, paired: 1.00-1.03x the CPU) and every index
# kept +20%: a random key's insert costs about twice its share of CREATE INDEX.
FIXED_COLUMNS = frozenset({"owned_by"})
_INSERT_TRIGGER = re.compile(r"\b(?:BEFORE|AFTER|INSTEAD\s+OF)\s+INSERT\s+ON\b", re.IGNORECASE)
_UPDATE_TRIGGER = re.compile(r"\bUPDATE\s+(?:OF\s+(.+?)\s+)?ON\b", re.IGNORECASE | re.DOTALL)
_BODY = re.compile(r"\bBEGIN\b", re.IGNORECASE)  # a trigger's head ends here

# (connection, table, after_seq): fill the derived data of the table's rows above
# ``after_seq`` that the claimed INSERT triggers would have written.
RefillStep = Callable[[Connection, str, int], None]


@dataclass(frozen=True, slots=True)
class Refill:
    triggers: frozenset[str]  # the INSERT triggers whose work this step does
    run: RefillStep


REFILLS: dict[str, list[Refill]] = {}


def register_refill(table: str, triggers: frozenset[str], run: RefillStep) -> None:
    """The hook for a migration's new INSERT trigger on ``table``: ``run`` does, for
    every row above a ``seq``, in one statement, what the triggers do per row."""
    REFILLS.setdefault(table, []).append(Refill(triggers, run))


def _refill_fts(conn: Connection, table: str, after_seq: int) -> None:
    fts = f"{table}_fts"
    cols = ", ".join(r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({fts})"))
    conn.exec_driver_sql(
        f"INSERT INTO {fts}(rowid, {cols}) SELECT seq, {cols} FROM {table} "
        "WHERE seq > ? ORDER BY seq",
        (after_seq,),
    )


def compact_search(conn: Connection, tables: Iterable[str]) -> None:
    """Merge the search index of each of ``tables`` that has one into one segment (FTS5
    'optimize'), after an import grew it much (``stale``).

    An import leaves the index in segments (100k contacts: 9), and a per-row probe
    (``search_plan.PROBE``: a one-letter filter's screenful) seeks in every one. At
    100k contacts one segment took "m" from ~8.5 ms to ~5.2 ms of CPU (median, loaded
    machine); a hit list ("ma", "mar") costs the same either way. The merge costs
    ~0.4 s of a 100k import."""
    for name in tables:
        model = MODELS.get(name)
        if model is not None and search_fields(model):
            fts = fts_table(model)
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")


_ADD_COUNT = (
    "INSERT INTO row_count(owned_by, type, is_archived, n) {rows} "
    "ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + excluded.n"
)


def _refill_counts(conn: Connection, table: str, after_seq: int) -> None:
    """The new rows' counts per (owner, archive state). An import's rows have one owner
    and archive states 0 and 1, so one pass of plain sums gives them, with no sort of
    every row for a GROUP BY (~1 us a row: 16-22 ms of a 5k-contact import); rows of
    several owners or other states go the GROUP BY way."""
    found = conn.exec_driver_sql(
        "SELECT count(*), sum(is_archived = 0), sum(is_archived = 1), min(owned_by), "
        f"max(owned_by) FROM {table} WHERE seq > ?",
        (after_seq,),
    ).one()
    total, live, archived, owner, last = found
    if total and owner == last and live + archived == total:
        counts = [(owner, table, state, n) for state, n in ((0, live), (1, archived)) if n]
        conn.exec_driver_sql(_ADD_COUNT.format(rows="VALUES (?, ?, ?, ?)"), counts)
        return
    conn.exec_driver_sql(
        _ADD_COUNT.format(
            rows=f"SELECT owned_by, '{table}', is_archived, count(*) FROM {table} "
            "WHERE seq > ? GROUP BY owned_by, is_archived"
        ),
        (after_seq,),
    )


def _refill_tags(side: str, column: str) -> RefillStep:
    """Each row's tags in ``json_each``'s own order, as the trigger inserts them: ordered
    by ``seq`` alone, which the rowid walk gives (", j.key" sorted every tag row in a
    temporary b-tree: the step took ~1.5x as long)."""

    def run(conn: Connection, table: str, after_seq: int) -> None:
        conn.exec_driver_sql(
            f"INSERT INTO {side}(obj_seq, owned_by, tag) "
            f"SELECT t.seq, t.owned_by, j.value FROM {table} AS t, json_each(t.{column}) AS j "
            f"WHERE t.seq > ? AND t.{column} IS NOT NULL ORDER BY t.seq",
            (after_seq,),
        )

    return run


for _model in MODELS.values():
    if search_fields(_model):
        register_refill(_model.name, frozenset({f"{fts_table(_model)}_ai"}), _refill_fts)
    register_refill(_model.name, frozenset({f"{_model.name}_count_ai"}), _refill_counts)
    for _f in _model.fields:
        if _f.type is FieldType.TAGS:
            _side = tag_table_name(_model, _f.name)
            register_refill(_model.name, frozenset({f"{_side}_ai"}), _refill_tags(_side, _f.name))


def _refill_agenda(conn: Connection, table: str, after_seq: int) -> None:
    """The new rows counted into their agenda buckets (agenda_counts.refill_sql, from
    the triggers' own definition)."""
    for statement in refill_sql(table):
        conn.exec_driver_sql(statement, (after_seq,))


for _table in BUCKETS:
    register_refill(_table, frozenset({f"{_table}_agenda_ai"}), _refill_agenda)


def _held(conn: Connection, table: str) -> int:
    """The table's rows before the import (every owner's: indexes span them all). A
    table without counts (the audit log) is bounded by its highest ``seq``: one step
    down its primary key, not a count of every row."""
    if table not in MODELS:
        return highest_seq(conn, table)
    found = conn.exec_driver_sql(
        "SELECT coalesce(sum(n), 0) FROM row_count WHERE type = ?", (table,)
    ).scalar_one()
    return int(found)


class BulkTables:
    """One import's set-wise tables: which are, what was dropped, how to put it back."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.on = is_sqlite(conn)
        self.held: dict[str, int] = {}
        self.imported: dict[str, int] = {}
        self.indexes: dict[str, list[tuple[str, str]]] = {}  # table: dropped (name, sql)
        self.stats: list[tuple[str, str, str]] = []  # their sqlite_stat1 rows
        # table: its INSERT triggers dropped, the steps doing their work, the mark
        self.off: dict[str, tuple[list[tuple[str, str]], list[Refill], int]] = {}
        self.on_update: dict[str, list[frozenset[str] | None]] = {}  # table: UPDATE OF

    def big(self, table: str) -> bool:
        """Whether ``table`` goes the set-wise way (decided once, then kept)."""
        return table in self.indexes

    def quiet(self, table: str) -> bool:
        """Whether an INSERT into ``table`` now fires none of its triggers (set-wise, its
        INSERT triggers off): its statements may be short (fast_insert.QUIET_ROWS)."""
        return table in self.off

    def inserting(self, table: str, rows: int) -> None:
        """Before an INSERT of ``rows`` new rows into ``table``: its indexes dropped if
        the import has grown big for it, its INSERT triggers off until ``settle``."""
        if not self.on:
            return
        if table not in self.held:
            self.held[table] = _held(self.conn, table)
        self.imported[table] = self.imported.get(table, 0) + rows
        if not self.big(table) and self.imported[table] >= max(MIN_BULK_ROWS, self.held[table]):
            self._drop_indexes(table)
        if self.big(table) and table not in self.off:
            triggers, steps = self._insert_triggers(table)
            if triggers:
                self.off[table] = (triggers, steps, highest_seq(self.conn, table))
                for name, _ in triggers:
                    self.conn.exec_driver_sql(f"DROP TRIGGER {name}")

    def settle(self, table: str, columns: Collection[str] | None = None) -> None:
        """Before anything but an INSERT of new rows touches ``table`` (an UPDATE's
        triggers must meet whole derived data): the rows stored since its triggers went
        off get their derived data, one statement per step, and the triggers return.
        With ``columns``, the ones an UPDATE about to run sets: only if one of the
        table's UPDATE triggers fires on them (else the refill, reading the rows as
        they are at the end, sees the update like the triggers would have)."""
        if table not in self.off:
            return
        if columns is not None and not self._update_fires(table, frozenset(columns)):
            return
        triggers, steps, mark = self.off.pop(table)
        for step in steps:
            step.run(self.conn, table, mark)
        self._create(triggers)

    def _update_fires(self, table: str, columns: frozenset[str]) -> bool:
        if table not in self.on_update:
            found: list[frozenset[str] | None] = []
            for (sql,) in self.conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
            ):
                head = _BODY.split(str(sql), maxsplit=1)[0]
                if (m := _UPDATE_TRIGGER.search(head)) is not None:
                    cols = m.group(1)
                    found.append(
                        None
                        if cols is None
                        else frozenset(c.strip().strip('"`[]').lower() for c in cols.split(","))
                    )
            self.on_update[table] = found
        return any(cols is None or cols & columns for cols in self.on_update[table])

    def stale(self, total: int) -> list[str]:
        """The tables whose planner statistics this import made stale (``total`` rows):
        those it grew by ``STALE_SHARE`` or more, their tag tables, the audit log if it
        grew so, and the small count tables (cheap, and changed by every import)."""
        grown = [t for t, n in self.imported.items() if n >= STALE_SHARE * self.held.get(t, 0)]
        out = [*grown, "row_count"]
        for name in grown:
            model = MODELS.get(name)
            if model is not None:
                out += [
                    tag_table_name(model, f.name) for f in model.fields if f.type is FieldType.TAGS
                ]
        top = self.conn.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM audit_log")
        if total >= STALE_SHARE * max(0, int(top.scalar_one()) - total):
            out.append("audit_log")
        found = self.conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {str(n) for (n,) in found}
        return [t for t in dict.fromkeys([*out, "agenda_count"]) if t in tables]

    def settle_all(self) -> None:
        for table in list(self.off):
            self.settle(table)

    def finish(self) -> tuple[str, ...]:
        """The dropped indexes back from their own text, with their statistics, and
        every table settled; the tables that went the set-wise way.

        The indexes come first: the count and agenda refills then read a narrow
        covering index (row_count's GROUP BY needs no sort), not every new row of the
        table (5k contacts: those refills ~0.10 s -> ~0.07 s CPU, the indexes' own
        cost unchanged). A refill reads its rows by their ``seq`` whichever way it
        goes: the new rows are at least as many as the old, so a whole index costs at
        most twice its share."""
        tables = tuple(self.indexes)
        for table in tables:
            self._create(self.indexes.pop(table))
        self.settle_all()
        if self.stats:
            self.conn.exec_driver_sql(
                "INSERT INTO sqlite_stat1(tbl, idx, stat) VALUES (?, ?, ?)", self.stats
            )
            self.stats = []
        return tables

    def abandon(self) -> None:
        """After a failure: the triggers and indexes back (no derived data: the
        transaction rolls back), so a caller that commits regardless still leaves the
        book's schema whole; nothing if the connection takes no more statements."""
        with suppress(Exception):
            for triggers, _, _ in self.off.values():
                self._create(triggers)
            self.off.clear()
            self.finish()

    def _drop_indexes(self, table: str) -> None:
        conn = self.conn
        listed = {str(r[1]): r for r in conn.exec_driver_sql(f"PRAGMA index_list({table})")}
        rowid = _rowid_column(conn, table, listed.values())
        dropped = [
            (str(name), str(sql))
            for name, sql in conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL ORDER BY rowid",
                (table,),
            )
            if not (str(name) in listed and listed[str(name)][2])  # unique: kept
            and not _rising(conn, str(name), rowid)
        ]
        if conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
        ).first():
            names = {name for name, _ in dropped}
            self.stats += [
                (str(t), str(i), str(s))
                for t, i, s in conn.exec_driver_sql(
                    "SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl = ?", (table,)
                )
                if i in names
            ]
        for name, _ in dropped:
            conn.exec_driver_sql(f"DROP INDEX {name}")
        self.indexes[table] = dropped

    def _insert_triggers(self, table: str) -> tuple[list[tuple[str, str]], list[Refill]]:
        """The table's INSERT triggers, in the book's order, and the refill steps doing
        their work, if those claim every one of them; else none (they stay and fire)."""
        found = [
            (str(name), str(sql))
            for name, sql in self.conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                "ORDER BY rowid",
                (table,),
            )
            if _INSERT_TRIGGER.search(str(sql))
        ]
        names = {name for name, _ in found}
        steps = [s for s in REFILLS.get(table, ()) if s.triggers <= names]
        claimed: set[str] = set().union(*(s.triggers for s in steps))
        if names - claimed:
            return [], []
        return found, steps

    def _create(self, items: list[tuple[str, str]]) -> None:
        for _, sql in items:
            self.conn.exec_driver_sql(sql)


def _rowid_column(conn: Connection, table: str, listed: Iterable[Any]) -> str | None:
    """The column that is the table's rowid (a lone INTEGER PRIMARY KEY of a rowid
    table: one with no index made for its primary key), if any."""
    if any(row[3] == "pk" for row in listed):
        return None
    keys = [r for r in conn.exec_driver_sql(f"PRAGMA table_info({table})") if r[5]]
    if len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER":
        return str(keys[0][1])
    return None


def _rising(conn: Connection, index: str, rowid: str | None) -> bool:
    """Whether one import's entries go into ``index`` in rising order, at one place:
    its key is the columns the import holds fixed (``FIXED_COLUMNS``), then the rowid
    (a new row's is above every row's before it)."""
    if rowid is None:
        return False
    for row in conn.exec_driver_sql(f"PRAGMA index_xinfo({index})"):
        if row[5] and row[2] not in FIXED_COLUMNS:  # the first key column not fixed
            return bool(row[2] == rowid)
    return False
