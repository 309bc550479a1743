"""Push: send the outbox to the server in order, one operation at a time.

Each operation carries its own idempotency key, so a retry after a lost response gets
the first answer back instead of making a twin. It goes through the RemoteBackend with
its retries off (``retries=0``): a failure is reported at once and the operation stays
queued, rather than the HTTP layer retrying. Network trouble (``Unavailable``) keeps
the operation and stops the round; the caller backs off. A refusal (400, 403, 404 on
an edit) takes the operation out of the queue into the conflict log and puts the
server's version back in the cache, so one bad operation never blocks the rest.
A full disk on the server (507, ``StorageFull``) is neither: the operation stays queued
with the reason in ``last_error`` (``sync status`` shows it) and the round stops; it is
not retried on a timer, only when something asks again (a new write, ``sync``).

Before an edit is sent the server's current object is read: a field the server changed
since the user's edit was based on it keeps the server's value (logged as a conflict),
the other fields are sent. An object deleted on the server drops the edit (logged).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from ..domain.relationships import inverse_kind
from ..remote.backend import DOC_ONLY, RemoteBackend
from ..schema import MODELS, ListQuery, parse_timestamp
from ..store.base import Obj
from ..store.errors import (
    BackendError,
    NotFound,
    StorageFull,
    Unauthorized,
    Unavailable,
    ValidationError,
)
from .cache import Applied, Cache
from .conflicts import record_conflict
from .outbox import Op, Outbox
from .state import write_tx

CONTENT_MATCH_WINDOW = timedelta(minutes=10)


@dataclass(slots=True)
class PushResult:
    sent: int = 0
    rejected: int = 0
    conflicts: int = 0
    error: BackendError | None = None  # why the round stopped early (offline, auth)
    changes: list[tuple[str, str, Obj]] = field(default_factory=list)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return float(a) == float(b)
    return bool(a == b)


class Pusher:
    def __init__(
        self,
        remote: RemoteBackend,
        cache: Cache,
        outbox: Outbox,
        *,
        use_idempotency_keys: bool = True,
    ) -> None:
        self.remote = remote
        self.cache = cache
        self.outbox = outbox
        self.engine = outbox.engine
        self.use_idempotency_keys = use_idempotency_keys
        self.rejections: list[tuple[Op, BackendError]] = []  # refused ops, for write-through

    async def push(self, limit: int | None = None) -> PushResult:
        """Send queued operations until the queue is empty or the network fails."""
        result = PushResult()
        while limit is None or result.sent + result.rejected < limit:
            op = await asyncio.to_thread(self.outbox.claim)
            if op is None:
                break
            self.outbox.inflight = op.seq
            try:
                await self._push_one(op, result)
                result.sent += 1
            except (Unavailable, Unauthorized, StorageFull, OSError) as err:
                await asyncio.to_thread(self.outbox.note_error, op.seq, str(err))
                result.error = (
                    err if isinstance(err, BackendError) else Unavailable(str(err) or "offline")
                )
                break
            except BackendError as err:
                await self._reject(op, err, result)
                result.rejected += 1
            finally:
                self.outbox.inflight = None
        return result

    def _key(self, op: Op) -> str | None:
        return op.idem_key if self.use_idempotency_keys else None

    async def _push_one(self, op: Op, result: PushResult) -> None:
        if op.op == "create":
            await self._push_create(op, result)
        elif op.op == "update":
            await self._push_update(op, result)
        elif op.op == "archive":
            await self._push_archive(op, result)
        elif op.op == "delete":
            await self._push_delete(op, result)

    # ------------------------------------------------------------------ create

    async def _push_create(self, op: Op, result: PushResult) -> None:
        server_obj: Obj | None = None
        if op.attempts > 0 and await self._keys_may_be_ignored():
            server_obj = await self._match_by_content(op)
        if server_obj is None:
            server_obj = await self.remote.create(
                op.type, op.payload, idempotency_key=self._key(op), retries=0
            )

        def commit() -> Applied:
            applied = Applied()
            with write_tx(self.engine) as conn:
                still = any(o.seq == op.seq for o in Outbox.ops_for(conn, op.obj_id))
                Outbox.remove(conn, op.seq)
                new_id = str(server_obj["id"])
                self.cache.remap(conn, op.type, op.obj_id, new_id)
                if still:
                    self.cache.apply_object(conn, op.type, server_obj, applied)
            return applied

        applied = await asyncio.to_thread(commit)
        result.changes += applied.changes
        if op.type == "relationship":
            await self._adopt_mirror(server_obj)
        elif op.type == "conversation" and server_obj.get("parent_id"):
            await self._refresh("contact", str(server_obj["parent_id"]), result)

    async def _keys_may_be_ignored(self) -> bool:
        """A retried create may have landed without its key being honoured: keys are
        off, or the server has only the documented parts (no ``/xapi2/capabilities``,
        so nothing says it keeps Idempotency-Keys). Then look for it before re-sending."""
        if not self.use_idempotency_keys:
            return True
        return bool(await self.remote.probe_capabilities() == DOC_ONLY)

    async def _refresh(self, type_: str, oid: str, result: PushResult) -> None:
        """Take the server's copy now (a hook changed it there), not when its event comes."""
        try:
            obj = await self.remote.get(type_, oid)
        except NotFound:
            return

        def commit() -> Applied:
            applied = Applied()
            with write_tx(self.engine) as conn:
                self.cache.apply_object(conn, type_, obj, applied)
            return applied

        result.changes += (await asyncio.to_thread(commit)).changes

    async def _adopt_mirror(self, rel: Obj) -> None:
        """Take the server's mirror now, in place of the one the local hook made."""
        page = await self.remote.list(
            "relationship",
            ListQuery(
                filters={
                    "parent_id": [str(rel["target_id"])],
                    "target_id": [str(rel["parent_id"])],
                    "is_archived": ["true", "false"],
                },
                limit=50,
            ),
        )
        want = inverse_kind(rel.get("kind"))
        twins = [o for o in page.items if o.get("kind") == want]

        def commit() -> None:
            applied = Applied()
            with write_tx(self.engine) as conn:
                for obj in twins:
                    self.cache.apply_object(conn, "relationship", obj, applied)

        await asyncio.to_thread(commit)

    async def _match_by_content(self, op: Op) -> Obj | None:
        """A server without idempotency: find the twin a lost response left behind."""
        model = MODELS[op.type]
        filters: dict[str, list[str]] = {"is_archived": ["true", "false"]}
        if model.parent and op.payload.get("parent_id"):
            filters["parent_id"] = [str(op.payload["parent_id"])]
        page = await self.remote.list(
            op.type, ListQuery(filters=filters, sort="-created_at", limit=50)
        )
        queued = await asyncio.to_thread(self._queued_at, op)
        for obj in page.items:
            created = parse_timestamp(str(obj.get("created_at") or ""))
            too_old = created is not None and queued is not None
            if too_old and created < queued - CONTENT_MATCH_WINDOW:
                continue
            if all(_same(obj.get(k), v) for k, v in op.payload.items()):
                known = await asyncio.to_thread(self._known_elsewhere, op, str(obj["id"]))
                if not known:
                    return obj
        return None

    def _queued_at(self, op: Op) -> Any:
        from sqlalchemy import select

        from .state import OUTBOX

        with self.engine.connect() as conn:
            text = conn.execute(
                select(OUTBOX.c.created_at).where(OUTBOX.c.seq == op.seq)
            ).scalar_one_or_none()
        return parse_timestamp(text) if text else None

    def _known_elsewhere(self, op: Op, server_id: str) -> bool:
        """The twin is already another cached object's server id (not ours to take)."""
        from sqlalchemy import select

        from .state import OUTBOX

        with self.engine.connect() as conn:
            return (
                conn.execute(
                    select(OUTBOX.c.seq).where(
                        OUTBOX.c.obj_id == server_id, OUTBOX.c.op == "create"
                    )
                ).first()
                is not None
            )

    # ------------------------------------------------------------------ update

    async def _push_update(self, op: Op, result: PushResult) -> None:
        fields: Obj = dict(op.payload["fields"])
        base: Obj = dict(op.payload.get("base") or {})
        try:
            current = await self.remote.get(op.type, op.obj_id)
        except NotFound:
            await self._deleted_remotely(op, result)
            return
        lost = {
            k: v
            for k, v in fields.items()
            if k in base and not _same(current.get(k), base[k]) and not _same(current.get(k), v)
        }
        send = {k: v for k, v in fields.items() if k not in lost}
        server_obj = current
        if send:
            try:
                server_obj = await self.remote.update(
                    op.type, op.obj_id, send, idempotency_key=self._key(op), retries=0
                )
            except NotFound:
                await self._deleted_remotely(op, result)
                return

        def commit() -> Applied:
            applied = Applied()
            with write_tx(self.engine) as conn:
                Outbox.remove(conn, op.seq)
                for name, value in lost.items():
                    record_conflict(
                        conn,
                        "same_field",
                        op.type,
                        op.obj_id,
                        f"{name} was changed on the server too; the server's value was kept",
                        field=name,
                        local_value=value,
                        server_value=current.get(name),
                    )
                self.cache.apply_object(conn, op.type, server_obj, applied)
            return applied

        applied = await asyncio.to_thread(commit)
        result.conflicts += len(lost)
        result.changes += applied.changes

    async def _deleted_remotely(self, op: Op, result: PushResult) -> None:
        """Delete wins over edit: drop the object here, logging every queued write to it."""

        def commit() -> Applied:
            applied = Applied()
            with write_tx(self.engine) as conn:
                self.cache.apply_delete(conn, op.type, op.obj_id, applied)
            return applied

        applied = await asyncio.to_thread(commit)
        result.conflicts += 1
        result.changes += applied.changes

    # ------------------------------------------------------------------ archive / delete

    async def _push_archive(self, op: Op, result: PushResult) -> None:
        try:
            server_obj = await self.remote.set_archived(
                op.type,
                op.obj_id,
                bool(op.payload["archived"]),
                idempotency_key=self._key(op),
                retries=0,
            )
        except NotFound:
            await self._deleted_remotely(op, result)
            return

        def commit() -> Applied:
            applied = Applied()
            with write_tx(self.engine) as conn:
                Outbox.remove(conn, op.seq)
                self.cache.apply_object(conn, op.type, server_obj, applied)
            return applied

        result.changes += (await asyncio.to_thread(commit)).changes

    async def _push_delete(self, op: Op, result: PushResult) -> None:
        with contextlib.suppress(NotFound):  # already gone there: done either way
            await self.remote.delete(op.type, op.obj_id, idempotency_key=self._key(op), retries=0)

        def commit() -> Applied:
            applied = Applied()
            with write_tx(self.engine) as conn:
                Outbox.remove(conn, op.seq)
                self.cache.apply_delete(conn, op.type, op.obj_id, applied)
            return applied

        result.changes += (await asyncio.to_thread(commit)).changes

    # ------------------------------------------------------------------ refusals

    async def _reject(self, op: Op, err: BackendError, result: PushResult) -> None:
        """Out of the queue into the conflict log; the cache takes the server's version."""
        self.rejections.append((op, err))
        server_obj: Obj | None = None
        gone = op.op == "create"
        if not gone:
            try:
                server_obj = await self.remote.get(op.type, op.obj_id)
            except NotFound:
                gone = True
            except BackendError:
                server_obj = None
        fields = err.fields if isinstance(err, ValidationError) else None
        detail = json.dumps(fields or str(err), ensure_ascii=False)

        def commit() -> Applied:
            applied = Applied()
            with write_tx(self.engine) as conn:
                Outbox.remove(conn, op.seq)
                record_conflict(
                    conn,
                    "rejected",
                    op.type,
                    op.obj_id,
                    f"the server refused this {op.op} ({err.title}: {detail})",
                    local_value=op.payload,
                )
                if gone:
                    self.cache.apply_delete(conn, op.type, op.obj_id, applied)
                elif server_obj is not None:
                    self.cache.apply_object(conn, op.type, server_obj, applied)
            return applied

        result.changes += (await asyncio.to_thread(commit)).changes
