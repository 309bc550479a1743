"""Streaming bulk import: many rows, one transaction, bounded memory.

Rows are buffered per type and flushed in chunks (parents first; a full chunk ends
before the next contact, so a contact and its children share one) as multi-row inserts
(fast_insert.py); each row is validated once, by the model's compiled checks
(schema/compiled.py). Refs are checked per chunk against the contacts this import just
wrote (a set, capped) and, for the rest, one ``IN`` query; ids, audit rows, the
last-contacted bump and the relationship pairing are done a chunk at a time too. A
table that the import grows at least twofold (the audit log too) gets its indexes
rebuilt at the end and its triggers' derived data filled set-wise (bulk_schema.py).
The transaction is the caller's (``Store.import_rows``), so an import lands whole or
not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..domain.hooks import mirror_relationship
from ..schema import MODELS, Model, SchemaError
from .audit import AUDIT_TABLE
from .audit_sql import highest_seq
from .base import BULK_CHUNK_ROWS, ChangeEvent
from .bulk_hooks import Ahead, bump_ahead, bump_quietly, chunks, latest_contact, relink
from .bulk_rows import row_maker, server_values
from .bulk_schema import BulkTables, compact_search
from .errors import Conflict, ValidationError
from .fast_insert import MAX_ROWS, QUIET_ROWS, insert_many
from .objects import Obj, model_for, row_to_obj, schema_error
from .portable import is_sqlite
from .tables import DERIVED, MIRROR_COLUMN, TABLES
from .writes import Tx, bump_last_contacted

# Told of each row whose id this owner's book holds already (type, the row's index
# among its type's rows, the stored object, the row): that row is left as it is.
OnExisting = Callable[[str, int, Obj, Mapping[str, Any]], None]
KNOWN_CONTACTS = 20_000  # contact ids remembered at most (a set of 100k held 12 MB)
ANALYZE_AFTER = 5000  # rows; a big import changes what the best query plans are
ORDER = {name: i for i, name in enumerate(MODELS)}  # contact first


@dataclass(slots=True)
class ImportResult:
    counts: dict[str, int] = field(default_factory=dict)
    set_wise: tuple[str, ...] = ()  # tables whose indexes were rebuilt (bulk_schema.py)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class _Importer:
    def __init__(
        self,
        tx: Tx,
        chunk_size: int,
        run_hooks: bool,
        keep_ids: bool,
        emit_events: bool,
        on_existing: OnExisting | None = None,
    ) -> None:
        self.tx = tx
        self.on_existing = on_existing
        self.chunk_size = max(1, chunk_size)
        self.run_hooks = run_hooks
        self.keep_ids = keep_ids
        self.emit_events = emit_events
        # the buffered rows per type; the lists are emptied in place, never replaced
        self.buffers: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        self.buffered = 0
        self.result = ImportResult()
        # rows of each type flushed so far: a buffer's first row has this index among
        # its type's rows, and the others follow it (no index kept per row)
        self.seen: dict[str, int] = defaultdict(int)
        # contacts this import wrote or found: a child's parent is looked up once, not
        # once per child (an import's own ids: bounded by what it streams)
        self.known_contacts: set[str] = set()
        self.top_seq: dict[str, int] = {}  # table: its highest seq, after our inserts
        self.ahead: Ahead = {}  # the chunk's contacts bumped before they were written
        # the chunk's conversation rows and their latest time per contact
        self.latest: tuple[list[Obj], dict[str, str | None]] | None = None
        self.schema = BulkTables(tx.conn)  # a big import's indexes and triggers set-wise

    def add_all(self, rows: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
        """Every row buffered by type, and a chunk flushed once ``chunk_size`` rows are
        buffered, just before the next contact (the loop every row goes through: each
        type's buffer looked up once, not per row; no tuple per row, the row's index
        follows from its place). An export writes each contact before its children, so
        a chunk then holds every contact its conversations bump: the bump is made to the
        rows before they are written (``bump_ahead``), with no UPDATE of a contact
        stored before and no settling of its table for it. Rows that bring no contact
        for long are flushed at twice the size."""
        chunk = self.chunk_size
        lists: dict[str, tuple[list[Mapping[str, Any]], bool]] = {}
        buffered = self.buffered
        for type_, data in rows:
            known = lists.get(type_)
            if known is None:
                name = model_for(type_).name
                known = lists[type_] = (self.buffers[name], name == "contact")
            if buffered >= chunk and (known[1] or buffered >= 2 * chunk):
                self.buffered = buffered
                self.flush()
                buffered = 0
            known[0].append(data)
            buffered += 1
        self.buffered = buffered

    def flush(self) -> None:
        """Every buffered row checked and made (parents first, so a child's parent is
        known), then stored type by type: a chunk's contacts can take the bump of its
        conversations before they are written (``bump_ahead``)."""
        made: list[tuple[Model, list[Obj]]] = []
        for name in sorted(self.buffers, key=ORDER.__getitem__):
            items = self.buffers[name]
            if items:
                rows = self._prepare(MODELS[name], items, self.seen[name])
                self.seen[name] += len(items)
                if rows:
                    made.append((MODELS[name], rows))
        for items in self.buffers.values():
            items.clear()
        self.buffered = 0
        self.ahead = {}
        self.latest = None
        if self.run_hooks and not self.emit_events:
            by_type = {model.name: rows for model, rows in made}
            conversations = by_type.get("conversation")
            if conversations:  # computed once, for bump_ahead and _bump
                self.latest = (conversations, latest_contact(self.tx, conversations))
                self.ahead = bump_ahead(self.tx, by_type.get("contact"), self.latest[1])
        for model, rows in made:
            self._store(model, rows)

    def _prepare(self, model: Model, items: list[Mapping[str, Any]], first: int) -> list[Obj]:
        """The chunk's rows of one type (``first``: the index of the first among its
        type's rows), validated and made whole (ids, server values, derived columns),
        their refs checked; none written yet."""
        tx = self.tx
        indexes: Sequence[int] = range(first, first + len(items))
        if self.on_existing is not None:
            items, indexes = self._without_existing(model, items, indexes, self.on_existing)
            if not items:
                return []
        sqlite = is_sqlite(tx.conn)
        derived = tuple(d for d in DERIVED.get(model.name, ()) if d.on_sqlite or not sqlite)
        make = row_maker(model, self.keep_ids, derived)(tx.owner, tx.now)
        try:
            rows = list(map(make, items))
        except SchemaError:
            # a failing import only: the rows made again one by one, to name the bad one
            for index, raw in zip(indexes, items, strict=True):
                try:
                    make(raw)
                except SchemaError as err:
                    raise schema_error(err, f"{model.name}[{index}].") from None
            raise
        unnamed = [r for r in rows if r["id"] is None]
        if unnamed:
            for r, fresh in zip(unnamed, tx.ids.new_many(tx.now_dt, len(unnamed)), strict=True):
                r["id"] = fresh
        self._check_refs(model, rows, indexes)
        if model.name == "contact":
            if len(self.known_contacts) > KNOWN_CONTACTS:
                self.known_contacts.clear()  # the recent ones are the likely parents
            self.known_contacts.update(map(itemgetter("id"), rows))
        return rows

    def _store(self, model: Model, rows: list[Obj]) -> None:
        tx = self.tx
        table = TABLES[model.name]
        mirrors = (
            self._mirrors(model, rows) if model.name == "relationship" and self.run_hooks else None
        )
        after_seq = self._seq_mark(model)
        try:
            self.schema.inserting(table.name, len(rows))
            self._stored(model, insert_many(tx.conn, table, rows, self._statement_rows(table.name)))
        except IntegrityError as err:
            raise Conflict(
                f"{model.name}: an id in this import already exists ({err.orig})"
            ) from None
        self.result.counts[model.name] = self.result.counts.get(model.name, 0) + len(rows)
        if self.emit_events:
            for row in rows:
                tx.emit(model.name, "create", row_to_obj(model, row))
        else:
            self._record(model, rows, "user", after_seq)
        if model.name == "conversation" and self.run_hooks:
            self._bump(rows)
        if mirrors is not None:
            self._insert_mirrors(model, mirrors)
        elif model.name == "relationship":
            self.schema.settle(model.name, (MIRROR_COLUMN,))  # it UPDATEs the links
            relink(self.tx, rows)

    def _without_existing(
        self,
        model: Model,
        items: list[Mapping[str, Any]],
        indexes: Sequence[int],
        tell: OnExisting,
    ) -> tuple[list[Mapping[str, Any]], Sequence[int]]:
        """The chunk's rows whose id the book does not hold; the others go to ``tell``
        (a re-run of a restore), found with one query per 500 ids, so nothing needs
        the book's ids in memory."""
        table = TABLES[model.name]
        ids = sorted({i for raw in items if isinstance(i := raw.get("id"), str)})
        held: dict[str, Obj] = {}
        for chunk in chunks(ids):
            for row in self.tx.conn.execute(
                select(table).where(table.c.owned_by == self.tx.owner, table.c.id.in_(chunk))
            ).mappings():
                held[row["id"]] = row_to_obj(model, row)
        if not held:
            return items, indexes
        kept: list[Mapping[str, Any]] = []
        kept_indexes: list[int] = []
        for index, raw in zip(indexes, items, strict=True):
            have = held.get(raw.get("id"))  # type: ignore[arg-type]
            if have is None:
                kept.append(raw)
                kept_indexes.append(index)
            else:
                self.schema.settle_all()  # the caller's code may write
                tell(model.name, index, have, raw)
        return kept, kept_indexes

    def _check_refs(self, model: Model, rows: list[Obj], indexes: Sequence[int]) -> None:
        contact = TABLES["contact"]
        known = self.known_contacts
        for f in model.ref_fields:
            wanted = set(map(itemgetter(f.name), rows))  # read in C, not twice a row
            wanted.discard(None)
            found = wanted & known
            values = sorted(wanted - known)
            for start in range(0, len(values), 500):
                chunk = values[start : start + 500]
                found.update(
                    str(x)
                    for x in self.tx.conn.execute(
                        select(contact.c.id).where(
                            contact.c.owned_by == self.tx.owner, contact.c.id.in_(chunk)
                        )
                    ).scalars()
                )
            if wanted - found:  # a row to name
                for index, r in zip(indexes, rows, strict=True):
                    if r[f.name] is not None and r[f.name] not in found:
                        raise ValidationError(
                            {
                                f"{model.name}[{index}].{f.name}": (
                                    "must be the id of an existing contact"
                                )
                            }
                        )
            if model.name == "relationship" and f.name == "target_id":
                for index, r in zip(indexes, rows, strict=True):
                    if r["target_id"] == r["parent_id"]:
                        raise ValidationError(
                            {f"{model.name}[{index}].target_id": "must differ from parent_id"}
                        )

    def _bump(self, rows: list[Obj]) -> None:
        """bump_last_contacted for a whole chunk (bulk_hooks.py)."""
        if self.latest is not None and self.latest[0] is rows:
            latest = self.latest[1]
        else:
            latest = latest_contact(self.tx, rows)
        if self.emit_events:
            self.schema.settle("contact")  # update() writes the contacts
        elif any(cid not in self.ahead for cid in latest):  # bump_quietly's UPDATE
            self.schema.settle("contact", ("last_contacted_at", "next_due", "updated_at"))
        if not self.emit_events:
            bump_quietly(self.tx, latest, self.ahead)
            return
        for contact_id, occurred in latest.items():
            bump_last_contacted(self.tx, contact_id, occurred)

    def _mirrors(self, model: Model, rows: list[Obj]) -> list[Obj]:
        """``pair_relationship`` for a chunk: the mirror rows, made before the rows go
        in, so each row is stored with its mirror's id (no UPDATE afterwards)."""
        mirrors: list[Obj] = []
        fresh = iter(self.tx.ids.new_many(self.tx.now_dt, len(rows)))
        for r in rows:
            m = server_values(model, self.tx.owner, self.tx.now)
            m["id"] = next(fresh)
            m.update(mirror_relationship(r))
            m[MIRROR_COLUMN] = r["id"]
            r[MIRROR_COLUMN] = m["id"]
            mirrors.append(m)
        return mirrors

    def _insert_mirrors(self, model: Model, mirrors: list[Obj]) -> None:
        after_seq = self._seq_mark(model)
        self.schema.inserting(model.name, len(mirrors))
        per = self._statement_rows(model.name)
        self._stored(model, insert_many(self.tx.conn, TABLES[model.name], mirrors, per))
        self.result.counts[model.name] += len(mirrors)
        if self.emit_events:
            for m in mirrors:
                self.tx.emit(model.name, "create", row_to_obj(model, m), origin="hook")
        else:
            self._record(model, mirrors, "hook", after_seq)

    def _statement_rows(self, table: str) -> int:
        """Rows a statement into ``table`` at most: fewer while its triggers are off."""
        return QUIET_ROWS if self.schema.quiet(table) else MAX_ROWS

    def _seq_mark(self, model: Model) -> int | None:
        """Before a chunk's rows go in: the table's highest ``seq``, so a listener that
        can log the rows above it in SQL (the audit log, audit_sql.py) may; None when
        none could (no listener, another database, per-row events)."""
        if self.emit_events or not is_sqlite(self.tx.conn):
            return None
        if not any(hasattr(listener, "created_rows") for listener in self.tx.listeners):
            return None
        top = self.top_seq.get(model.name)
        return top if top is not None else highest_seq(self.tx.conn, model.name)

    def _stored(self, model: Model, last_rowid: int | None) -> None:
        """After rows went in: the table's highest ``seq`` is the last row's, known
        without asking (forgotten when the insert could not tell)."""
        if last_rowid is None:
            self.top_seq.pop(model.name, None)
        else:
            self.top_seq[model.name] = last_rowid

    def _record(self, model: Model, rows: list[Obj], origin: Any, after_seq: int | None) -> None:
        """Quiet creates still reach batch listeners (the audit log): in SQL from the
        rows above ``after_seq`` where the listener can, else as one batch of events
        whose objects are the raw rows (wire fields plus hidden columns), not copies."""
        tx = self.tx
        events: list[ChangeEvent] | None = None
        if tx.listeners:  # the audit log's indexes too, when the import outgrows it
            self.schema.inserting(AUDIT_TABLE, len(rows))
        for listener in tx.listeners:
            many = getattr(listener, "many", None)
            if many is None:
                continue
            in_sql = getattr(listener, "created_rows", None)
            if (
                after_seq is not None
                and in_sql is not None
                and in_sql(tx.conn, model.name, after_seq, tx.owner, origin)
            ):
                continue
            if events is None:
                events = [ChangeEvent(model.name, "create", r, tx.owner, origin) for r in rows]
            many(tx.conn, events)


# A contact row touches ~20 indexes; at 100k contacts they outgrow SQLite's default
# 2 MB page cache and every chunk re-reads pages it just wrote. Bigger for the import
# only (the connection returns to the pool with its own setting), well in the budget.
IMPORT_CACHE_KIB = 65536


@contextmanager
def _import_cache(tx: Tx) -> Iterator[None]:
    if not is_sqlite(tx.conn):
        yield
        return
    before = tx.conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    tx.conn.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:  # never in place of the error that ended the import
        with suppress(Exception):
            tx.conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


def import_rows(
    tx: Tx,
    rows: Iterable[tuple[str, Mapping[str, Any]]],
    *,
    chunk_size: int = BULK_CHUNK_ROWS,
    run_hooks: bool = True,
    keep_ids: bool = False,
    emit_events: bool = False,
    on_existing: OnExisting | None = None,
) -> ImportResult:
    importer = _Importer(tx, chunk_size, run_hooks, keep_ids, emit_events, on_existing)
    with _import_cache(tx):
        try:
            importer.add_all(rows)
            importer.flush()
        except BaseException:
            importer.schema.abandon()
            raise
        importer.result.set_wise = importer.schema.finish()
    if importer.result.total >= ANALYZE_AFTER:
        # fresh planner statistics, so filters and FTS pick the right index at once: of
        # the tables it changed much, unsampled (bulk_schema.STALE_SHARE says why)
        if is_sqlite(tx.conn):
            tx.conn.exec_driver_sql("PRAGMA analysis_limit=0")
            stale = importer.schema.stale(importer.result.total)
            for name in stale:
                tx.conn.exec_driver_sql(f'ANALYZE "{name}"')
            compact_search(tx.conn, stale)
        else:
            tx.conn.exec_driver_sql("ANALYZE")
    return importer.result
