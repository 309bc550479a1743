"""The outbox: the user's writes waiting for the server, written in the cache's transaction.

``Outbox.record`` is a store ``tx_listener``: it sees each committed-to-be change inside
the write transaction, so the cached row and the operation that will carry it to the
server commit (or vanish) together. Only "user" changes are queued: hooks and cascades
run on the server as well, so pushing them would create twins.

Payloads (JSON):
- create: the creatable fields that are set.
- update: ``{"fields": {name: value}, "base": {name: value before the edit}}`` - only
  the fields the user changed, so edits to other fields elsewhere survive; ``base`` lets
  the pusher see whether the server changed the same field meanwhile.
- archive: ``{"archived": bool, "base": bool | None}``.
- delete: ``{}``.
Consecutive edits of one object fold into its queued create or update (not into the
operation the pusher is sending right now).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update

from ..domain.reserved_fields import holds_contact_id
from ..schema import MODELS
from ..store.base import ChangeEvent, Obj
from ..store.tables import TABLES
from .state import LOCAL_IDS, OUTBOX, now_stamp, write_tx

REF_FIELDS = ("parent_id", "target_id")


@dataclass(slots=True)
class Op:
    seq: int
    op: str
    type: str
    obj_id: str
    payload: Obj
    idem_key: str
    attempts: int = 0
    last_error: str | None = None


def _op_from_row(row: Any) -> Op:
    return Op(
        seq=row["seq"],
        op=row["op"],
        type=row["type"],
        obj_id=row["obj_id"],
        payload=json.loads(row["payload"]),
        idem_key=row["idem_key"],
        attempts=row["attempts"] or 0,
        last_error=row["last_error"],
    )


class Outbox:
    """Queue of pending operations in the cache database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.inflight: int | None = None  # seq of the op being sent; never folded into
        # Objects as they were before a user update, set by SyncBackend around the call,
        # so ``record`` knows each changed field's base value.
        self.bases: dict[tuple[str, str], Obj] = {}

    # ------------------------------------------------------------------ recording

    def record(self, conn: Connection, event: ChangeEvent) -> None:
        """The tx listener: turn one change into queued operations (same transaction)."""
        if event.type not in MODELS:
            return
        obj = event.object
        oid = str(obj["id"])
        if event.action == "create":
            self._record_create(conn, event, oid)
        elif event.action == "update":
            if event.origin == "user":
                self._record_update(conn, event, oid)
        elif event.action == "delete":
            self._record_delete(conn, event, oid)

    def _record_create(self, conn: Connection, event: ChangeEvent, oid: str) -> None:
        model = MODELS[event.type]
        if event.origin == "user":
            payload = {
                f.name: event.object.get(f.name)
                for f in model.fields
                if f.creatable and event.object.get(f.name) is not None
            }
            conn.execute(LOCAL_IDS.insert().values(id=oid, type=event.type))
            self._insert(conn, "create", event.type, oid, payload)
        elif event.type == "relationship":
            rel = TABLES["relationship"]
            mirror_of = conn.execute(
                select(rel.c.mirror_id).where(rel.c.id == oid)
            ).scalar_one_or_none()
            conn.execute(LOCAL_IDS.insert().values(id=oid, type=event.type, mirror_of=mirror_of))

    def _record_update(self, conn: Connection, event: ChangeEvent, oid: str) -> None:
        model = MODELS[event.type]
        obj = event.object
        base = self.bases.get((event.type, oid), {})
        changed = set(event.changed)
        if not changed:
            changed = {k for k, v in base.items() if obj.get(k) != v}
        fields = {
            f: obj.get(f)
            for f in sorted(changed)
            if model.has_field(f) and model.field(f).patchable
        }
        if fields:
            last = self._last_op(conn, oid)
            if last is not None and self._foldable(last) and last.op in ("create", "update"):
                if last.op == "create":
                    last.payload.update(fields)
                else:
                    last.payload["fields"].update(fields)
                    for f in fields:
                        if f in base:
                            last.payload["base"].setdefault(f, base[f])
                conn.execute(
                    update(OUTBOX)
                    .where(OUTBOX.c.seq == last.seq)
                    .values(payload=json.dumps(last.payload, ensure_ascii=False))
                )
            else:
                payload = {"fields": fields, "base": {f: base[f] for f in fields if f in base}}
                self._insert(conn, "update", event.type, oid, payload)
        if "is_archived" in changed:
            self._insert(
                conn,
                "archive",
                event.type,
                oid,
                {"archived": bool(obj.get("is_archived")), "base": base.get("is_archived")},
            )

    def _record_delete(self, conn: Connection, event: ChangeEvent, oid: str) -> None:
        local = conn.execute(select(LOCAL_IDS.c.id).where(LOCAL_IDS.c.id == oid)).first()
        ops = self._ops_for(conn, oid)
        sent = any(not self._foldable(op) for op in ops)
        if local is not None and not sent:
            # never reached the server: forget it entirely
            conn.execute(delete(OUTBOX).where(OUTBOX.c.obj_id == oid))
            conn.execute(delete(LOCAL_IDS).where(LOCAL_IDS.c.id == oid))
            return
        stale = [op.seq for op in ops if op.op in ("update", "archive") and self._foldable(op)]
        if stale:
            conn.execute(delete(OUTBOX).where(OUTBOX.c.seq.in_(stale)))
        if event.origin == "user":
            self._insert(conn, "delete", event.type, oid, {})

    def _foldable(self, op: Op) -> bool:
        """Never sent: its payload may still change. Once sent (maybe applied by the
        server, its answer lost) an operation is frozen: a retry must repeat it exactly."""
        return op.attempts == 0 and op.seq != self.inflight

    def _insert(self, conn: Connection, op: str, type_: str, oid: str, payload: Obj) -> None:
        conn.execute(
            OUTBOX.insert().values(
                op=op,
                type=type_,
                obj_id=oid,
                payload=json.dumps(payload, ensure_ascii=False),
                idem_key=uuid.uuid4().hex,
                attempts=0,
                created_at=now_stamp(),
            )
        )

    def _last_op(self, conn: Connection, oid: str) -> Op | None:
        row = (
            conn.execute(select(OUTBOX).where(OUTBOX.c.obj_id == oid).order_by(OUTBOX.c.seq.desc()))
            .mappings()
            .first()
        )
        return _op_from_row(row) if row else None

    def _ops_for(self, conn: Connection, oid: str) -> list[Op]:
        rows = conn.execute(
            select(OUTBOX).where(OUTBOX.c.obj_id == oid).order_by(OUTBOX.c.seq)
        ).mappings()
        return [_op_from_row(r) for r in rows]

    # ------------------------------------------------------------------ reading

    def claim(self) -> Op | None:
        """The next operation, marked as sent in the same transaction.

        The mark (``attempts`` + 1) is what stops ``record`` folding later edits into an
        operation whose old payload is already on its way; the Op returned still carries
        the attempts made before this one.
        """
        with write_tx(self.engine) as conn:
            row = conn.execute(select(OUTBOX).order_by(OUTBOX.c.seq).limit(1)).mappings().first()
            if row is None:
                return None
            op = _op_from_row(row)
            conn.execute(
                update(OUTBOX).where(OUTBOX.c.seq == op.seq).values(attempts=OUTBOX.c.attempts + 1)
            )
        return op

    def first(self) -> Op | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(OUTBOX).order_by(OUTBOX.c.seq).limit(1)).mappings().first()
        return _op_from_row(row) if row else None

    def pending(self) -> list[Op]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(OUTBOX).order_by(OUTBOX.c.seq)).mappings().all()
        return [_op_from_row(r) for r in rows]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(OUTBOX)).scalar_one())

    # ------------------------------------------------------------------ bookkeeping

    @staticmethod
    def ops_for(conn: Connection, oid: str) -> list[Op]:
        rows = conn.execute(
            select(OUTBOX).where(OUTBOX.c.obj_id == oid).order_by(OUTBOX.c.seq)
        ).mappings()
        return [_op_from_row(r) for r in rows]

    @staticmethod
    def remove(conn: Connection, seq: int) -> None:
        conn.execute(delete(OUTBOX).where(OUTBOX.c.seq == seq))

    @staticmethod
    def remove_for(conn: Connection, oid: str) -> list[Op]:
        ops = Outbox.ops_for(conn, oid)
        conn.execute(delete(OUTBOX).where(OUTBOX.c.obj_id == oid))
        return ops

    def note_error(self, seq: int, error: str | None) -> None:
        with write_tx(self.engine) as conn:
            conn.execute(update(OUTBOX).where(OUTBOX.c.seq == seq).values(last_error=error))

    @staticmethod
    def remap(conn: Connection, old: str, new: str) -> None:
        """Point queued operations at the server id (their own id and refs in payloads)."""
        conn.execute(update(OUTBOX).where(OUTBOX.c.obj_id == old).values(obj_id=new))
        rows = conn.execute(
            select(OUTBOX.c.seq, OUTBOX.c.payload).where(OUTBOX.c.payload.contains(old))
        ).all()
        for seq, text in rows:
            payload = json.loads(text)
            changed = False
            for key in REF_FIELDS:
                if payload.get(key) == old:
                    payload[key] = new
                    changed = True
            if payload.get("value") == old and holds_contact_id(payload.get("label")):
                payload["value"] = new  # a reserved field naming a contact (first met through)
                changed = True
            if changed:
                conn.execute(
                    update(OUTBOX)
                    .where(OUTBOX.c.seq == seq)
                    .values(payload=json.dumps(payload, ensure_ascii=False))
                )
