"""SyncBackend: the local store as a cache, an outbox to the server, pulls and live events.

Reads come from the cache only, so the UI never waits on the network. Each write goes
to the cache and the outbox in one SQLite transaction (the store's ``tx_listeners``),
with the local hooks applied, so the UI is right at once. When the server is reachable
the write is then pushed straight away ("write-through") and the caller gets the
server's version back, server id included; when it is not, the object keeps its local
id (``local-...``) and the background pusher sends it later, remapping the id
everywhere when the server answers.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from ..remote.backend import RemoteBackend
from ..schema import ListQuery
from ..store.base import (
    BackendDefaults,
    BusyHandler,
    Capabilities,
    ChangeEvent,
    LocalBook,
    Obj,
    Page,
    Status,
)
from ..store.errors import BackendError, StorageFull, Unauthorized, Unavailable
from ..store.events import EventHub
from ..store.local import Store
from ..store.partial_list import list_hiding_partial
from .cache import Applied, Cache
from .cache_reads import CacheReads
from .conflicts import (
    ConflictEntry,
    count_conflicts,
    count_kind,
    kinds_since,
    last_seq,
    list_conflicts,
)
from .outbox import Outbox
from .puller import Progress, Puller, PullResult
from .pusher import Pusher, PushResult
from .state import META, create_state_tables, now_stamp, write_tx
from .stream import SyncStream
from .summary import LocalIds, SyncSummary

log = logging.getLogger(__name__)


class SyncBackend(CacheReads, BackendDefaults):
    """Backend over a cache Store and a RemoteBackend (see the module docstring)."""

    mode: str = "sync"
    capabilities = Capabilities(outbox=True, status_events=True)

    def __init__(
        self,
        cache_store: Store,
        remote: RemoteBackend,
        *,
        owner: str = "me",
        live_channel: Any = None,
        use_idempotency_keys: bool = True,
        write_through: bool = True,
        live: bool = True,
        autostart: bool = True,
        owns_store: bool = False,
        retry_base: float = 0.5,
        retry_max: float = 30.0,
    ) -> None:
        self.store = cache_store
        self.remote = remote
        self.owner = owner
        self.engine = cache_store.engine
        create_state_tables(self.engine)
        cache_store.ids = LocalIds()
        self.local = cache_store.backend(owner)
        self.outbox = Outbox(self.engine)
        cache_store.tx_listeners.append(self.outbox.record)
        self.cache = Cache(self.engine, owner)
        self.pusher = Pusher(
            remote, self.cache, self.outbox, use_idempotency_keys=use_idempotency_keys
        )
        self.puller = Puller(remote, self.cache, self.engine)
        self.write_through = write_through
        self.live_enabled = live
        self.autostart = autostart
        self._owns_store = owns_store
        self._live_channel = live_channel
        self.retry_base = retry_base
        self.retry_max = retry_max
        self._hub = EventHub()
        self._unsub_store = cache_store.subscribe(self._from_store)
        self._lock: asyncio.Lock | None = None
        self._wake: asyncio.Event | None = None
        self._want_pull = False
        self._tasks: list[asyncio.Task[Any]] = []
        self._state = "connecting"  # then "online" / "offline"
        self._detail = ""
        self._syncing = False
        self._closed = False
        self.live_applied = 0  # live events that changed the cache (for tests and bench)
        self._status_listeners: list[Callable[[Status], None]] = []

    # ------------------------------------------------------------------ plumbing

    @property
    def lock(self) -> asyncio.Lock:
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    def _from_store(self, event: ChangeEvent) -> None:
        if event.owner == self.owner:
            self._hub.publish([event])

    def _publish(self, changes: list[tuple[str, str, Obj]]) -> None:
        events = [
            ChangeEvent(type_, action, obj, self.owner, "user")  # type: ignore[arg-type]
            for action, type_, obj in changes
            if action in ("create", "update", "delete")
        ]
        if events:
            self._hub.publish(events)

    def translate(self, event: ChangeEvent) -> ChangeEvent:
        """An event with local ids that have since been remapped, as server ids."""
        remapped = self.cache.remapped
        if not remapped:
            return event
        obj = dict(event.object)
        hit = False
        for key in ("id", "parent_id", "target_id"):
            value = obj.get(key)
            if isinstance(value, str) and value in remapped:
                obj[key] = remapped[value]
                hit = True
        return replace(event, object=obj) if hit else event

    @property
    def on_busy(self) -> BusyHandler | None:
        """The copy's own busy handler: a locked cache file is retried like a book."""
        return self.local.on_busy

    @on_busy.setter
    def on_busy(self, handler: BusyHandler | None) -> None:
        self.local.on_busy = handler

    async def server_capabilities(self) -> Capabilities:
        return await self.remote.probe_capabilities()

    def local_book(self) -> LocalBook:
        return LocalBook(self.store, self.owner, queued=True)

    def on_status(self, callback: Callable[[Status], None]) -> Callable[[], None]:
        """Call ``callback(status)`` whenever the connection state changes (the header)."""
        self._status_listeners.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._status_listeners.remove(callback)

        return unsubscribe

    def _set_state(self, state: str, detail: str = "") -> None:
        changed = (state, detail) != (self._state, self._detail)
        self._state, self._detail = state, detail
        if changed:
            self._announce()

    def _announce(self) -> None:
        """Tell the status listeners (the app header) what the state is now."""
        if self._status_listeners:
            status = self.status()
            for cb in list(self._status_listeners):
                cb(status)

    def _note_error(self, err: BaseException) -> None:
        if isinstance(err, StorageFull):  # reachable, but keeping our changes for now
            self._set_state("online", f"changes held: {err}")
        elif isinstance(err, Unauthorized):
            self._set_state("offline", f"not signed in: {err}")
        else:
            self._set_state("offline", str(err) or type(err).__name__)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Start the background pusher and the live listener (needs a running loop)."""
        if self._tasks or self._closed:
            return
        self._wake = asyncio.Event()
        self._wake.set()
        self._want_pull = True
        self._tasks.append(asyncio.create_task(self._background(), name="sync-pusher"))
        if self.live_enabled:
            self._tasks.append(asyncio.create_task(self._live(), name="sync-live"))

    def _ensure_started(self) -> None:
        if self.autostart and not self._tasks and not self._closed:
            self.start()

    def kick(self, pull: bool = False) -> None:
        """Ask the background task for a push (and a pull) soon."""
        if pull:
            self._want_pull = True
        if self._wake is not None:
            self._wake.set()

    async def close(self) -> None:
        self._closed = True
        tasks, self._tasks = list(self._tasks), []
        # Cancel, and wait a bounded time: Python 3.11's wait_for can swallow a cancel
        # that races a completing wait, so a task may need asking again; closing must
        # never hang (the loops also stop on their own once ``_closed`` is set).
        for _ in range(5):
            pending = [t for t in tasks if not t.done()]
            if not pending:
                break
            for task in pending:
                task.cancel()
            await asyncio.wait(pending, timeout=2)
        for task in tasks:
            if task.done() and not task.cancelled():
                task.exception()  # retrieved, so asyncio does not warn about it
        self._unsub_store()
        with contextlib.suppress(ValueError):
            self.store.tx_listeners.remove(self.outbox.record)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.remote.close(), 10)
        if self._owns_store:
            self.store.close()

    async def _background(self) -> None:
        delay = self.retry_base
        assert self._wake is not None
        while not self._closed:
            await self._wake.wait()
            self._wake.clear()
            pull, self._want_pull = self._want_pull, False
            try:
                summary = await self._sync(pull=pull)
            except Exception as err:  # never let the task die: log, back off, retry
                log.warning("sync round failed: %r", err)
                summary = SyncSummary(error=str(err))
            if summary.error is not None and not summary.held:
                self._want_pull = self._want_pull or pull
                await asyncio.sleep(delay)
                delay = min(self.retry_max, delay * 2)
                self._wake.set()
            else:
                delay = self.retry_base

    async def _live(self) -> None:
        channel = self._live_channel
        if channel is None:
            channel = self.remote.live_channel(max_backoff=5.0)
            self._live_channel = channel
        watcher = asyncio.create_task(self._watch_connects(channel))
        try:
            async for event in channel.events():
                await self._apply_live(event)
        except Unauthorized as err:
            self._note_error(err)
        finally:
            watcher.cancel()

    async def _watch_connects(self, channel: Any) -> None:
        """After every (re)connect a gap is possible: pull."""
        while not self._closed:
            await channel.connected.wait()
            self.kick(pull=True)  # the pull's success says "online"
            while channel.connected.is_set():
                await asyncio.sleep(0.2)
            if not self._closed:  # the header should not wait for the next failed push
                self._set_state("offline", "connection to the server lost")

    async def _apply_live(self, event: ChangeEvent) -> None:
        def apply() -> Applied:
            applied = Applied()
            with write_tx(self.engine) as conn:
                oid = str(event.object.get("id"))
                if event.action == "delete":
                    self.cache.apply_delete(conn, event.type, oid, applied)
                    return applied
                current = self.cache.get_row(conn, event.type, oid)
                stamp = event.object.get("updated_at")
                if current is not None and stamp and str(stamp) < str(current["updated_at"]):
                    # a late echo of an older state (e.g. the create, after the local
                    # bump hook already moved the row on): the pull is the safety net
                    return applied
                self.cache.apply_object(conn, event.type, event.object, applied)
            return applied

        async with self.lock:
            applied = await asyncio.to_thread(apply)
        if applied.orphans:
            self.kick(pull=True)
        if applied.changes:
            self.live_applied += 1
        self._publish(applied.changes)

    # ------------------------------------------------------------------ sync rounds

    async def _sync(self, *, pull: bool, progress: Progress | None = None) -> SyncSummary:
        summary = SyncSummary()
        async with self.lock:
            self._syncing = True
            logged = await asyncio.to_thread(last_seq, self.engine)
            try:
                pushed = await self.pusher.push()
                self._add_push(summary, pushed)
                if pushed.error is not None:
                    self._note_error(pushed.error)
                    summary.error = str(pushed.error)
                    summary.held = isinstance(pushed.error, StorageFull)
                    return summary
                if pull:
                    pulled = PullResult()
                    try:
                        await self.puller.pull(progress, pulled)
                    finally:  # what landed is news even when the pull stopped part-way
                        self._publish(pulled.changes)
                    self._add_pull(summary, pulled)
                    await asyncio.to_thread(self._set_meta, "last_sync", now_stamp())
                self._set_state("online")
            except (Unavailable, Unauthorized, OSError) as err:
                self._note_error(err)
                summary.error = str(err) or type(err).__name__
            finally:
                self._syncing = False
                kinds = await asyncio.to_thread(kinds_since, self.engine, logged)
                summary.rejected = kinds.pop("rejected", 0)
                summary.skipped = kinds.pop("skipped", 0)
                summary.conflicts = sum(kinds.values())
                summary.pending = await asyncio.to_thread(self.outbox.count)
                self._announce()  # "syncing" is over; counts may have changed
        return summary

    def _add_push(self, summary: SyncSummary, pushed: PushResult) -> None:
        summary.pushed += pushed.sent  # conflicts and rejections: counted from the log

    def _add_pull(self, summary: SyncSummary, pulled: PullResult) -> None:
        summary.pulled += pulled.rows
        summary.deleted += pulled.deleted

    async def sync_now(self, progress: Progress | None = None) -> SyncSummary:
        """Push everything queued, then pull what changed on the server."""
        return await self._sync(pull=True, progress=progress)

    def warm_up(self) -> None:
        self.local.warm_up()  # the cache's engine: a pull writes through it

    async def push_now(self) -> SyncSummary:
        return await self._sync(pull=False)

    # ------------------------------------------------------------------ status

    def _set_meta(self, key: str, value: str) -> None:
        with write_tx(self.engine) as conn:
            conn.execute(META.delete().where(META.c.key == key))
            conn.execute(META.insert().values(key=key, value=value))

    def _meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(META.c.value).where(META.c.key == key)).first()
        return row[0] if row else None

    def status(self) -> Status:
        # a retry round while offline is still "offline" for the person looking
        state = "syncing" if self._syncing and self._state != "offline" else self._state
        return Status(
            state=state,
            pending=self.outbox.count(),
            conflicts=count_conflicts(self.engine),
            last_sync=self._meta("last_sync"),
            detail=self._detail,
        )

    async def check_online(self) -> Status:
        """Ask the server once (a one-row list) and report the state with the counts."""
        try:
            await self.remote.list("contact", ListQuery(limit=1))
            self._set_state("online")
        except (Unavailable, Unauthorized, OSError) as err:
            self._note_error(err)
        return await asyncio.to_thread(self.status)

    def waiting_reason(self) -> str | None:
        """Why the oldest queued change has not reached the server (its last error)."""
        first = self.outbox.first()
        return first.last_error if first is not None and first.last_error else None

    def skipped_count(self) -> int:
        """Objects and types the pulls left out (the "skipped" entries of the log)."""
        return count_kind(self.engine, "skipped")

    def conflicts(self, limit: int | None = None) -> builtins.list[ConflictEntry]:
        return list_conflicts(self.engine, limit)

    # ------------------------------------------------------------------ writes

    async def _after_write(self, oid: str | None) -> str | None:
        """Write-through when online: push now and return the object's server id."""
        self._ensure_started()
        if not self.write_through or self._state == "offline":
            self.kick()
            return oid
        async with self.lock:
            self.pusher.rejections.clear()
            pushed = await self.pusher.push()
            rejections = list(self.pusher.rejections)
        if pushed.error is not None:
            self._note_error(pushed.error)
            if not isinstance(pushed.error, StorageFull):  # held: wait to be asked again
                self.kick()
        else:
            self._set_state("online")
        for op, err in rejections:
            if oid is not None and op.obj_id in (oid, self.cache.remapped.get(oid)):
                raise err
        if oid is None:
            return None
        return self.cache.remapped.get(oid, oid)

    async def create(self, type_: str, data: Mapping[str, Any]) -> Obj:
        obj = await self.local.create(type_, data)
        new_id = await self._after_write(str(obj["id"]))
        return await self.local.get(type_, new_id or str(obj["id"]))

    async def update(self, type_: str, id_: str, patch: Mapping[str, Any]) -> Obj:
        key = (type_, id_)
        self.outbox.bases[key] = await self.local.get(type_, id_)
        try:
            await self.local.update(type_, id_, patch)
        finally:
            self.outbox.bases.pop(key, None)
        new_id = await self._after_write(id_)
        return await self.local.get(type_, new_id or id_)

    async def set_archived(self, type_: str, id_: str, archived: bool) -> Obj:
        key = (type_, id_)
        self.outbox.bases[key] = await self.local.get(type_, id_)
        try:
            await self.local.set_archived(type_, id_, archived)
        finally:
            self.outbox.bases.pop(key, None)
        new_id = await self._after_write(id_)
        return await self.local.get(type_, new_id or id_)

    async def delete(self, type_: str, id_: str) -> None:
        await self.local.delete(type_, id_)
        await self._after_write(None)

    # ------------------------------------------------------------------ reads (cache only)

    async def list(self, type_: str, query: ListQuery | None = None) -> Page:
        self._ensure_started()
        return await list_hiding_partial(self.local.list, type_, query, get=self.local.get)

    async def get(self, type_: str, id_: str) -> Obj:
        self._ensure_started()
        return await self.local.get(type_, self.cache.remapped.get(id_, id_))

    def changes(self) -> SyncStream:
        stream = SyncStream(self)
        loop = asyncio.get_running_loop()

        def deliver(event: ChangeEvent) -> None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stream.queue.put_nowait, event)

        stream.unsubscribe = self._hub.subscribe(deliver)
        return stream


__all__ = ["BackendError", "LocalIds", "SyncBackend", "SyncSummary"]
