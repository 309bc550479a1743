"""Raw writes of server rows into the cache: no hooks, server ids and timestamps kept.

The server already ran its hooks, so applying its rows through the LocalBackend would
run them twice (a second mirror relationship, a second bump). Rows are written straight
into the store's tables instead; the FTS and tag side tables follow by their triggers.

Every server row is *rebased*: the user's queued edits of that object are laid back on
top, so a pull never overwrites a field the user changed and has not pushed yet.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..domain.hooks import bumped_last_contacted
from ..domain.relationships import inverse_kind
from ..domain.reserved_fields import ID_VALUED
from ..schema import CHILD_TYPES, MODELS, FieldType
from ..store import audit
from ..store.base import ChangeEvent, Obj
from ..store.ddl import fill_tag_rows
from ..store.fts import fts_ddl, fts_table, search_fields, tag_ddl
from ..store.objects import WIRE_COLUMNS, derived_values, row_to_obj
from ..store.tables import TABLES, TOMBSTONE_TABLE, tag_table_name
from .conflicts import record_conflict
from .outbox import Outbox
from .state import LOCAL_IDS, OUTBOX, now_stamp

QUIET_FIELDS = frozenset({"created_at", "updated_at", "owned_by"})
FILL_CHUNK = 5000  # rows per executemany when filling an empty table


@dataclass(slots=True)
class Applied:
    """What a batch of server rows did to the cache (for change events and summaries)."""

    changes: list[tuple[str, str, Obj]] = field(default_factory=list)  # (action, type, obj)
    orphans: set[str] = field(default_factory=set)  # contact ids a child pointed at


def _wire(type_: str, obj: Mapping[str, Any]) -> Obj:
    cols = WIRE_COLUMNS[type_]
    out = {c: obj.get(c) for c in cols}
    out["is_archived"] = bool(out.get("is_archived"))
    if "status" in cols and out["status"] is None and not MODELS[type_].has_field("status"):
        out["status"] = "active"
    return out


class Cache:
    """The cache's model tables, written as the server's copy (plus pending local edits)."""

    def __init__(self, engine: Engine, owner: str) -> None:
        self.engine = engine
        self.owner = owner
        # local id -> server id, for callers still holding a local id (this session)
        self.remapped: dict[str, str] = {}

    # ------------------------------------------------------------------ lookups

    def get_row(self, conn: Connection, type_: str, oid: str) -> Obj | None:
        t = TABLES[type_]
        row = conn.execute(select(t).where(t.c.id == oid)).mappings().first()
        return row_to_obj(MODELS[type_], row) if row else None

    def exists(self, conn: Connection, type_: str, oid: str) -> bool:
        t = TABLES[type_]
        return conn.execute(select(t.c.seq).where(t.c.id == oid)).first() is not None

    @staticmethod
    def is_gone(conn: Connection, oid: str) -> bool:
        tomb = TOMBSTONE_TABLE
        return conn.execute(select(tomb.c.seq).where(tomb.c.id == oid)).first() is not None

    @staticmethod
    def is_local(conn: Connection, oid: str) -> bool:
        return conn.execute(select(LOCAL_IDS.c.id).where(LOCAL_IDS.c.id == oid)).first() is not None

    # ------------------------------------------------------------------ upserts

    def _audit(
        self,
        conn: Connection,
        type_: str,
        action: Any,
        obj: Obj,
        before: Obj | None = None,
        changed: tuple[str, ...] = (),
    ) -> None:
        """Cache writes bypass Store.write, so they leave their audit row here (same tx)."""
        event = ChangeEvent(type_, action, obj, self.owner, "user", changed, before)
        audit.record(conn, [event], datetime.now(UTC), audit.SYNC_ACTOR)

    def _row_values(self, type_: str, merged: Mapping[str, Any]) -> Obj:
        values = _wire(type_, merged)
        values["owned_by"] = self.owner
        values.update(derived_values(MODELS[type_], merged, None))
        return values

    def apply_object(
        self, conn: Connection, type_: str, obj: Mapping[str, Any], applied: Applied
    ) -> None:
        """Upsert one server object, rebased on the user's pending edits of it."""
        model = MODELS[type_]
        oid = str(obj["id"])
        if self.is_gone(conn, oid):
            return  # ids are never reused: a late event must not bring a deleted row back
        ops = Outbox.ops_for(conn, oid)
        if any(op.op == "delete" for op in ops):
            return  # deleted here; the queued delete wins over the server's edit
        for ref in model.ref_fields:
            target = obj.get(ref.name)
            if target and not self.exists(conn, "contact", str(target)):
                applied.orphans.add(str(target))
                return
        current = self.get_row(conn, type_, oid)
        if current is None and type_ == "relationship":
            mirror = self._local_mirror_for(conn, obj)
            if mirror is not None:
                self.remap(conn, type_, mirror, oid)
                current = self.get_row(conn, type_, oid)
        merged = dict(obj)
        for op in ops:
            if op.op == "update":
                merged.update(op.payload["fields"])
            elif op.op == "archive":
                merged["is_archived"] = op.payload["archived"]
        if type_ == "contact":
            self._rebase_bumps(conn, oid, merged, current)
        values = self._row_values(type_, merged)
        t = TABLES[type_]
        if current is None:
            conn.execute(t.insert().values(**values))
            applied.changes.append(("create", type_, _wire(type_, values)))
            self._audit(conn, type_, "create", _wire(type_, values))
        else:
            new_obj = _wire(type_, values)
            differs = [k for k in new_obj if k != "owned_by" and current.get(k) != new_obj.get(k)]
            if differs:
                conn.execute(update(t).where(t.c.id == oid).values(**values))
            if any(k not in QUIET_FIELDS for k in differs):
                # only real data changes are news; a server timestamp alone is not
                applied.changes.append(("update", type_, new_obj))
                news = tuple(k for k in differs if k not in QUIET_FIELDS)
                self._audit(conn, type_, "update", new_obj, current, news)
        if type_ == "relationship":
            self._link_mirror(conn, merged)

    def _rebase_bumps(self, conn: Connection, oid: str, merged: Obj, current: Obj | None) -> None:
        """Queued conversations bumped this contact here; the server has not seen them yet."""
        rows = conn.execute(
            select(OUTBOX.c.payload, OUTBOX.c.obj_id).where(
                OUTBOX.c.type == "conversation",
                OUTBOX.c.op == "create",
                OUTBOX.c.payload.contains(oid),
            )
        ).all()
        conv = TABLES["conversation"]
        for text, conv_id in rows:
            payload = json.loads(text)
            if payload.get("parent_id") != oid:
                continue
            when = payload.get("occurred_at")
            if not when:
                when = conn.execute(
                    select(conv.c.created_at).where(conv.c.id == conv_id)
                ).scalar_one_or_none()
            bumped = bumped_last_contacted(merged.get("last_contacted_at"), when, datetime.now(UTC))
            if bumped is not None:
                merged["last_contacted_at"] = bumped

    def bulk_upsert(
        self,
        conn: Connection,
        type_: str,
        objs: Sequence[Mapping[str, Any]],
        applied: Applied,
        *,
        audit: bool = True,
    ) -> None:
        """Many rows at once (initial sync): one executemany, no per-row rebase.

        Only used when no local operation is pending, so there is nothing to rebase.
        Children whose contact is not cached are set aside as orphans.
        """
        model = MODELS[type_]
        rows: list[Obj] = []
        if model.ref_fields:
            refs = {str(o[f.name]) for o in objs for f in model.ref_fields if o.get(f.name)}
            known = self._existing_ids(conn, "contact", refs)
            for o in objs:
                missing = [
                    str(o[f.name])
                    for f in model.ref_fields
                    if o.get(f.name) and str(o[f.name]) not in known
                ]
                if missing:
                    applied.orphans.update(missing)
                else:
                    rows.append(self._row_values(type_, o))
        else:
            rows = [self._row_values(type_, o) for o in objs]
        if not rows:
            return
        t = TABLES[type_]
        if audit:
            self._audit_upserts(conn, type_, rows)
        stmt = sqlite_insert(t)
        cols = [c for c in rows[0] if c != "id"]
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"], set_={c: stmt.excluded[c] for c in cols}
        )
        conn.execute(stmt, rows)
        applied.changes += [("upsert", type_, {"id": r["id"]}) for r in rows]
        if type_ == "relationship":
            for r in rows:
                self._link_mirror(conn, r)

    def is_empty(self, conn: Connection, type_: str) -> bool:
        t = TABLES[type_]
        return conn.execute(select(t.c.seq).limit(1)).first() is None

    def fill_empty(
        self, conn: Connection, type_: str, objs: Sequence[Mapping[str, Any]], applied: Applied
    ) -> None:
        """The first fill of an EMPTY table (initial sync): the rows go in without the
        per-row FTS and tag triggers, then the search index and tag tables are built
        once and the triggers put back - all inside the caller's transaction, so a
        crash leaves the empty table or the complete one, never rows without an index.
        The triggers are the store's own (``fts_ddl``/``tag_ddl``), so they cannot drift.
        """
        model = MODELS[type_]
        triggers = [
            stmt for stmt in fts_ddl(model) + tag_ddl(model) if stmt.startswith("CREATE TRIGGER ")
        ]
        for stmt in triggers:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {stmt.split()[2]}")
        for i in range(0, len(objs), FILL_CHUNK):
            self.bulk_upsert(conn, type_, objs[i : i + FILL_CHUNK], applied, audit=False)
        if search_fields(model):
            fts = fts_table(model)
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        for f in model.fields:
            if f.type is FieldType.TAGS:
                conn.exec_driver_sql(f"DELETE FROM {tag_table_name(model, f.name)}")
        fill_tag_rows(conn, model)
        for stmt in triggers:
            conn.exec_driver_sql(stmt)

    def _audit_upserts(self, conn: Connection, type_: str, rows: Sequence[Obj]) -> None:
        """One audit row per object a bulk upsert creates or really changes."""
        t = TABLES[type_]
        model = MODELS[type_]
        ids = sorted(str(r["id"]) for r in rows)
        existing: dict[str, Obj] = {}
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            for row in conn.execute(select(t).where(t.c.id.in_(part))).mappings():
                existing[str(row["id"])] = row_to_obj(model, row)
        events: list[ChangeEvent] = []
        for r in rows:
            new_obj = _wire(type_, r)
            old = existing.get(str(r["id"]))
            if old is None:
                events.append(ChangeEvent(type_, "create", new_obj, self.owner))
                continue
            news = tuple(
                k
                for k in new_obj
                if k not in QUIET_FIELDS and k != "owned_by" and old.get(k) != new_obj.get(k)
            )
            if news:
                events.append(ChangeEvent(type_, "update", new_obj, self.owner, "user", news, old))
        audit.record(conn, events, datetime.now(UTC), audit.SYNC_ACTOR)

    def _existing_ids(self, conn: Connection, type_: str, ids: set[str]) -> set[str]:
        t = TABLES[type_]
        found: set[str] = set()
        chunk = sorted(ids)
        for i in range(0, len(chunk), 500):
            part = chunk[i : i + 500]
            found.update(r[0] for r in conn.execute(select(t.c.id).where(t.c.id.in_(part))))
        return found

    def _local_mirror_for(self, conn: Connection, obj: Mapping[str, Any]) -> str | None:
        """The local hook's mirror that this server relationship is the twin of."""
        t = TABLES["relationship"]
        row = conn.execute(
            select(t.c.id)
            .join(LOCAL_IDS, LOCAL_IDS.c.id == t.c.id)
            .where(
                and_(
                    LOCAL_IDS.c.mirror_of.is_not(None),
                    t.c.parent_id == obj.get("parent_id"),
                    t.c.target_id == obj.get("target_id"),
                    t.c.kind == obj.get("kind"),
                )
            )
            .order_by(t.c.seq)
            .limit(1)
        ).first()
        return str(row[0]) if row else None

    def _link_mirror(self, conn: Connection, obj: Mapping[str, Any]) -> None:
        """Pair a relationship with its mirror so deleting one here deletes both."""
        t = TABLES["relationship"]
        oid = obj["id"]
        me = conn.execute(select(t.c.mirror_id).where(t.c.id == oid)).first()
        if me is None or me[0] is not None:
            return
        twin = conn.execute(
            select(t.c.id).where(
                and_(
                    t.c.parent_id == obj.get("target_id"),
                    t.c.target_id == obj.get("parent_id"),
                    t.c.kind == inverse_kind(obj.get("kind")),
                    t.c.id != oid,
                    t.c.mirror_id.is_(None),
                )
            )
        ).first()
        if twin is None:
            return
        conn.execute(update(t).where(t.c.id == oid).values(mirror_id=twin[0]))
        conn.execute(update(t).where(t.c.id == twin[0]).values(mirror_id=oid))

    # ------------------------------------------------------------------ deletes

    def apply_delete(self, conn: Connection, type_: str, oid: str, applied: Applied) -> None:
        """The server deleted ``oid``: drop it and what hangs off it, logging lost writes."""
        ops = Outbox.remove_for(conn, oid)
        current = self.get_row(conn, type_, oid)
        self._log_lost(conn, type_, oid, ops, current)
        if current is None:
            conn.execute(delete(LOCAL_IDS).where(LOCAL_IDS.c.id == oid))
            return
        if type_ == "contact":
            for child in CHILD_TYPES:
                t = TABLES[child]
                cond = t.c.parent_id == oid
                if child == "relationship":
                    cond = cond | (t.c.target_id == oid)
                for (cid,) in conn.execute(select(t.c.id).where(cond)).all():
                    self.apply_delete(conn, child, str(cid), applied)
        if type_ == "relationship" and current is not None:
            t = TABLES["relationship"]
            mirror = conn.execute(select(t.c.mirror_id).where(t.c.id == oid)).scalar()
            if mirror:
                # unlink first: each half points at the other
                conn.execute(update(t).where(t.c.id.in_([oid, str(mirror)])).values(mirror_id=None))
                if self.is_local(conn, str(mirror)):
                    # the local hook's half never reaches the server: nothing will delete it
                    self.apply_delete(conn, type_, str(mirror), applied)
        t = TABLES[type_]
        conn.execute(delete(t).where(t.c.id == oid))
        conn.execute(delete(LOCAL_IDS).where(LOCAL_IDS.c.id == oid))
        conn.execute(
            TOMBSTONE_TABLE.insert().values(
                type=type_,
                id=oid,
                owned_by=self.owner,
                parent_id=current.get("parent_id"),
                created_at=current.get("created_at"),
                deleted_at=now_stamp(),
            )
        )
        obj: Obj = {"id": oid}
        if MODELS[type_].parent and current is not None:
            obj["parent_id"] = current.get("parent_id")
        applied.changes.append(("delete", type_, obj))
        self._audit(conn, type_, "delete", obj, current)

    def _log_lost(
        self,
        conn: Connection,
        type_: str,
        oid: str,
        ops: Sequence[Any],
        current: Obj | None,
    ) -> None:
        for op in ops:
            if op.op == "create":
                record_conflict(
                    conn,
                    "deleted_remote",
                    type_,
                    oid,
                    "created here, but what it belongs to was deleted elsewhere",
                    local_value=op.payload,
                )
            elif op.op == "update":
                for name, value in op.payload["fields"].items():
                    record_conflict(
                        conn,
                        "deleted_remote",
                        type_,
                        oid,
                        f"edit of {name} lost: deleted elsewhere",
                        field=name,
                        local_value=value,
                    )
            elif op.op == "archive":
                record_conflict(
                    conn,
                    "deleted_remote",
                    type_,
                    oid,
                    "archive lost: deleted elsewhere",
                    field="is_archived",
                    local_value=op.payload["archived"],
                )

    # ------------------------------------------------------------------ remap

    def remap(self, conn: Connection, type_: str, old: str, new: str) -> None:
        """Give a local row its server id, everywhere it is referenced, in this transaction."""
        if old == new:
            return
        self.remapped[old] = new
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        t = TABLES[type_]
        twin_exists = self.exists(conn, type_, new)
        if type_ == "contact":
            for child in CHILD_TYPES:
                ct = TABLES[child]
                conn.execute(update(ct).where(ct.c.parent_id == old).values(parent_id=new))
                if child == "relationship":
                    conn.execute(update(ct).where(ct.c.target_id == old).values(target_id=new))
            cf = TABLES["custom_field"]  # reserved fields naming a contact (first met through)
            conn.execute(
                update(cf)
                .where(cf.c.value == old, cf.c.label.in_([r.label for r in ID_VALUED]))
                .values(value=new)
            )
        if type_ == "relationship":
            conn.execute(update(t).where(t.c.mirror_id == old).values(mirror_id=new))
        if twin_exists:
            if type_ == "relationship":
                mirror = conn.execute(select(t.c.mirror_id).where(t.c.id == new)).scalar()
                if mirror is None:
                    old_mirror = conn.execute(select(t.c.mirror_id).where(t.c.id == old)).scalar()
                    conn.execute(update(t).where(t.c.id == new).values(mirror_id=old_mirror))
            conn.execute(delete(t).where(t.c.id == old))
        else:
            conn.execute(update(t).where(t.c.id == old).values(id=new))
        Outbox.remap(conn, old, new)
        conn.execute(update(TOMBSTONE_TABLE).where(TOMBSTONE_TABLE.c.id == old).values(id=new))
        audit.remap_ids(conn, old, new)
        conn.execute(delete(LOCAL_IDS).where(LOCAL_IDS.c.id == old))
        conn.execute(update(LOCAL_IDS).where(LOCAL_IDS.c.mirror_of == old).values(mirror_of=new))
