"""Pull: bring the server's changes into the cache, type by type, contacts first.

With ``updated_since`` (our server, and any that offers it) each type keeps a cursor in
the cache: the newest ``updated_at`` seen, less an overlap, so a row changed while the
pull paged past it is read again next time (re-applying a row changes nothing; the live
channel, connected meanwhile, usually brings such changes at once anyway).
Pages are walked by keyset on ``created_at``, which changes never reorder. Without
``updated_since`` the whole type is re-listed and diffed against the cache.

Bad data never stops the pull (``skips.py``): an object that fails the schema is left
out and logged, a type whose listing fails is skipped and logged, the rest syncs.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from ..remote.backend import RemoteBackend
from ..remote.errors import ServerFailed
from ..remote.reading import read_page
from ..schema import MODELS, ListQuery, format_timestamp, parse_timestamp
from ..store.base import Obj, Page
from ..store.errors import BackendError, NotFound, StorageFull, Unauthorized, Unavailable
from ..store.tables import TABLES
from .cache import Applied, Cache
from .skips import WHOLE_TYPE, object_problem, record_skip, skip_id, split_readable
from .state import CURSORS, LOCAL_IDS, OUTBOX, write_tx

Progress = Callable[[str, int, int | None], None]  # (type, rows done, total or None)
PULL_ORDER: tuple[str, ...] = ("contact", *(t for t in MODELS if t != "contact"))
PAGE_SIZE = 200
BATCH = 2000  # rows per cache transaction when pulling
TYPES_AT_ONCE = 4  # types whose pages are fetched side by side (after the contacts)
BOTH = {"is_archived": ["true", "false"]}  # archived rows belong in the cache too
OVERLAP = timedelta(seconds=30)
DATE_MARGIN = timedelta(seconds=2)  # the Date header's second resolution, and then some


def overlap_cursor(newest: str, previous: str | None, started: datetime | None = None) -> str:
    """Where the next pull starts: before anything that may have changed while this one
    paged along. With the server's clock at the first page (HTTP ``Date``, 1 s
    resolution) that is that moment less a margin; else ``newest`` less the overlap.
    Never behind the previous cursor."""
    ts = parse_timestamp(newest)
    if ts is None:
        return previous or newest
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    ts = ts - OVERLAP
    if started is not None:
        if started.tzinfo is None:
            started = started.replace(tzinfo=UTC)
        ts = max(ts, min(ts + OVERLAP, started - DATE_MARGIN))
    value = format_timestamp(ts)
    return max(value, previous) if previous else value


@dataclass(slots=True)
class PullResult:
    rows: int = 0
    deleted: int = 0
    changes: list[tuple[str, str, Obj]] = field(default_factory=list)
    skipped: int = 0  # objects and types left out (each logged as "skipped")


class Puller:
    def __init__(self, remote: RemoteBackend, cache: Cache, engine: Engine) -> None:
        self.remote = remote
        self.cache = cache
        self.engine = engine
        self._incremental: bool | None = None  # does the server offer updated_since?
        self._write_lock = threading.Lock()  # one cache write at a time across types

    async def incremental(self) -> bool:
        """Whether the server offers ``updated_since``, asked once it can answer.

        ``RemoteBackend.probe_capabilities`` remembers only a real answer: offline it
        raises ``Unavailable`` (the pull is retried later) and concludes nothing.
        """
        if self._incremental is not None:
            return self._incremental
        caps = await self.remote.probe_capabilities()
        self._incremental = bool(caps.updated_since)
        return self._incremental

    async def _list(self, type_: str, query: ListQuery, walk: _Walk) -> Page:
        """One page, straight from the list endpoint (to read the server's ``Date``)."""
        response = await self.remote.request(
            "GET", f"/xapi2/data/{type_}", params=query.to_params()
        )
        walk.note_server_time(response.headers.get("date"))
        model = MODELS[type_]
        limit = min(query.limit or model.default_page_size, model.max_page_size)
        try:
            return read_page(response.json(), limit=limit, offset=query.offset)
        except ValueError as exc:  # not JSON, or not a list: this type's listing failed
            raise ServerFailed(f"the {type_} list is unreadable: {exc}", 200) from exc

    # ------------------------------------------------------------------ cursors

    def cursor(self, type_: str) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(CURSORS.c.cursor).where(CURSORS.c.type == type_)).first()
        return row[0] if row else None

    def _save_cursor(self, type_: str, value: str | None) -> None:
        with self._write_lock, write_tx(self.engine) as conn:
            conn.execute(CURSORS.delete().where(CURSORS.c.type == type_))
            conn.execute(CURSORS.insert().values(type=type_, cursor=value))

    def _quiet(self) -> bool:
        """Nothing local is pending, so rows can be written in bulk without rebasing."""
        with self.engine.connect() as conn:
            return (
                conn.execute(select(OUTBOX.c.seq).limit(1)).first() is None
                and conn.execute(select(LOCAL_IDS.c.id).limit(1)).first() is None
            )

    # ------------------------------------------------------------------ pulling

    async def pull(
        self, progress: Progress | None = None, result: PullResult | None = None
    ) -> PullResult:
        """Contacts first (every other type refers to them), then the other types side
        by side, a few at a time: their pages are fetched concurrently while the cache
        writes, one at a time, keep the CPU busy. ``result`` (the caller's) holds what
        landed even when the pull stops part-way."""
        result = PullResult() if result is None else result
        orphans: list[tuple[str, Obj]] = []
        await self._guarded(PULL_ORDER[0], result, orphans, progress)
        gate = asyncio.Semaphore(TYPES_AT_ONCE)

        async def one(type_: str) -> None:
            async with gate:
                await self._guarded(type_, result, orphans, progress)

        async with asyncio.TaskGroup() as group:
            for type_ in PULL_ORDER[1:]:
                group.create_task(one(type_))
        if orphans:
            await self._adopt(orphans, result)
        return result

    async def _guarded(
        self,
        type_: str,
        result: PullResult,
        orphans: list[tuple[str, Obj]],
        progress: Progress | None,
    ) -> None:
        """Pull one type; a failure of that type alone (a 5xx, an unreadable list, a
        refusal) is logged and skipped. Being offline or signed out stops the pull."""
        try:
            await self.pull_type(type_, result, orphans, progress)
        except (Unauthorized, StorageFull):
            raise
        except ServerFailed as err:
            await asyncio.to_thread(self._skip_type, type_, err, result)
        except Unavailable:
            raise  # the network: nothing of this pull can be trusted to continue
        except BackendError as err:
            await asyncio.to_thread(self._skip_type, type_, err, result)

    def _skip_type(self, type_: str, err: BackendError, result: PullResult) -> None:
        message = f"the server failed listing {type_}; skipped this time ({err.title}: {err})"
        with self._write_lock, write_tx(self.engine) as conn:
            if record_skip(conn, type_, WHOLE_TYPE, message):
                result.skipped += 1

    def _record_skips(self, type_: str, bad: list[tuple[Obj, str]], result: PullResult) -> None:
        with self._write_lock, write_tx(self.engine) as conn:
            for obj, reason in bad:
                message = f"left out of the pull: {reason}"
                if record_skip(conn, type_, skip_id(obj), message, obj):
                    result.skipped += 1

    async def pull_type(
        self,
        type_: str,
        result: PullResult,
        orphans: list[tuple[str, Obj]],
        progress: Progress | None = None,
    ) -> None:
        if not await self.incremental():
            await self._relist(type_, result, orphans, progress)
            return
        cursor = self.cursor(type_)
        if cursor is None:
            query = ListQuery(filters=dict(BOTH), sort="created_at", limit=PAGE_SIZE)
        else:
            query = ListQuery(
                sort="created_at", limit=PAGE_SIZE, updated_since=cursor, include_deleted=True
            )
        walk = _Walk()
        if cursor is None and await asyncio.to_thread(self._fresh, type_):
            # an empty table: gather the whole type, then fill it in one transaction
            newest = await self._walk(
                type_, query, result, orphans, progress, None, walk, initial=True, whole=True
            )
        else:
            # the first pull of a type lists what is there (no tombstones): rows this
            # cache already holds (written through, say) the server no longer has must go
            seen: set[str] | None = set() if cursor is None else None
            newest = await self._walk(
                type_, query, result, orphans, progress, seen, walk, cursor is None
            )
            if seen is not None:
                await asyncio.to_thread(self._drop_missing, type_, seen, result)
        if newest is not None:
            value = overlap_cursor(newest, cursor, walk.started)
            await asyncio.to_thread(self._save_cursor, type_, value)

    def _fresh(self, type_: str) -> bool:
        """The cache holds nothing of this type and nothing is pending."""
        with self.engine.connect() as conn:
            empty = self.cache.is_empty(conn, type_)
        return empty and self._quiet()

    async def _walk(
        self,
        type_: str,
        query: ListQuery,
        result: PullResult,
        orphans: list[tuple[str, Obj]],
        progress: Progress | None,
        seen: set[str] | None,
        walk: _Walk,
        initial: bool = False,
        whole: bool = False,
    ) -> str | None:
        """Apply every page; returns the newest ``updated_at`` seen. ``whole``: gather
        every page first and write them in one transaction (an empty table's fill)."""
        done = 0
        newest: str | None = None
        after: str | None = None
        next_page: asyncio.Task[Page] | None = None

        def fetch(after_id: str | None) -> asyncio.Task[Page]:
            q = ListQuery(
                filters=query.filters,
                sort=query.sort,
                limit=query.limit,
                after=after_id,
                updated_since=query.updated_since,
                include_deleted=query.include_deleted,
            )
            return asyncio.ensure_future(self._list(type_, q, walk))

        def book(items: list[Obj], applied: Applied) -> None:
            nonlocal done, newest
            if seen is not None:
                seen.update(str(o["id"]) for o in items)
            orphans.extend(applied_orphans(applied, type_, items))
            result.rows += len(items)
            result.deleted += sum(1 for c in applied.changes if c[0] == "delete")
            result.changes += [c for c in applied.changes if c[0] != "upsert"]
            done += len(items)
            for o in items:
                stamp = o.get("updated_at")
                if stamp and (newest is None or str(stamp) > newest):
                    newest = str(stamp)

        # Pages are fetched while the previous batch is written, and written in
        # batches of BATCH rows: one transaction (one fsync) per batch, not per page.
        writing: asyncio.Future[Applied] | None = None
        written: list[Obj] = []
        batch: list[Obj] = []
        total: int | None = None
        next_page = fetch(None)
        try:
            while next_page is not None:
                page = await next_page
                items = page.items
                total = page.total
                full = len(items) >= (page.limit or PAGE_SIZE) and bool(items)
                after = page.next_after or (str(items[-1].get("id")) if items else None)
                next_page = fetch(after) if full else None
                items, bad = split_readable(type_, items)
                if bad:
                    if seen is not None:  # a cached copy of a skipped object stays
                        seen.update(skip_id(o) for o, _ in bad)
                    await asyncio.to_thread(self._record_skips, type_, bad, result)
                batch += items
                if whole and next_page is not None:
                    if progress:
                        progress(type_, len(batch), total)
                    continue
                if len(batch) >= BATCH or next_page is None:
                    if writing is not None:
                        book(written, await writing)
                        if progress:
                            progress(type_, done, total)
                    written, batch = batch, []
                    writing = asyncio.ensure_future(
                        asyncio.to_thread(self._apply_page, type_, written, initial, whole)
                    )
            if writing is not None:
                book(written, await writing)
                if progress:
                    progress(type_, done, total)
        except BaseException:
            if next_page is not None:
                next_page.cancel()
            raise
        return newest

    def _apply_page(
        self, type_: str, items: list[Obj], initial: bool = False, whole: bool = False
    ) -> Applied:
        applied = Applied()
        live = [o for o in items if not o.get("deleted")]
        dead = [o for o in items if o.get("deleted")]
        with self._write_lock, write_tx(self.engine) as conn:
            if whole and live and self._quiet() and self.cache.is_empty(conn, type_):
                # still empty and quiet now that the write lock is held: the fast fill
                self.cache.fill_empty(conn, type_, live, applied)
            elif live and self._quiet():
                # the first fill of the cache is a copy, not history: no audit rows
                self.cache.bulk_upsert(conn, type_, live, applied, audit=not initial)
            else:
                for obj in live:
                    self.cache.apply_object(conn, type_, obj, applied)
            for obj in dead:
                self.cache.apply_delete(conn, type_, str(obj["id"]), applied)
        return applied

    async def _relist(
        self,
        type_: str,
        result: PullResult,
        orphans: list[tuple[str, Obj]],
        progress: Progress | None,
    ) -> None:
        """No ``updated_since``: list everything, then drop confirmed rows the server lacks."""
        seen: set[str] = set()
        query = ListQuery(filters=dict(BOTH), sort="created_at", limit=PAGE_SIZE)
        await self._walk(type_, query, result, orphans, progress, seen, _Walk())
        await asyncio.to_thread(self._drop_missing, type_, seen, result)

    def _drop_missing(self, type_: str, seen: set[str], result: PullResult) -> None:
        t = TABLES[type_]
        applied = Applied()
        with self._write_lock, write_tx(self.engine) as conn:
            ids = [str(r[0]) for r in conn.execute(select(t.c.id))]
            local = {str(r[0]) for r in conn.execute(select(LOCAL_IDS.c.id))}
            for oid in ids:
                if oid in seen or oid in local or not self.cache.exists(conn, type_, oid):
                    continue
                self.cache.apply_delete(conn, type_, oid, applied)
        result.deleted += sum(1 for c in applied.changes if c[0] == "delete")
        result.changes += applied.changes

    async def _adopt(self, orphans: list[tuple[str, Obj]], result: PullResult) -> None:
        """Children whose contact the cache lacks: fetch the contact, then apply both."""
        wanted: set[str] = set()
        for type_, obj in orphans:
            for f in MODELS[type_].ref_fields:
                if obj.get(f.name):
                    wanted.add(str(obj[f.name]))
        contacts: list[Obj] = []
        for cid in sorted(wanted):
            try:
                contact = await self.remote.get("contact", cid)
            except NotFound:
                continue  # deleted meanwhile: its tombstone comes with the next pull
            except ServerFailed:
                continue  # its children wait for a later pull
            if object_problem("contact", contact) is None:
                contacts.append(contact)

        def apply() -> Applied:
            applied = Applied()
            with self._write_lock, write_tx(self.engine) as conn:
                for c in contacts:
                    self.cache.apply_object(conn, "contact", c, applied)
                for type_, obj in orphans:
                    self.cache.apply_object(conn, type_, obj, applied)
            return applied

        applied = await asyncio.to_thread(apply)
        result.changes += applied.changes


@dataclass(slots=True)
class _Walk:
    """One walk through a type's pages (walks of several types run side by side)."""

    started: datetime | None = None  # the server's clock (HTTP ``Date``) at the first page

    def note_server_time(self, header: str | None) -> None:
        if header and self.started is None:
            with contextlib.suppress(TypeError, ValueError):
                self.started = email.utils.parsedate_to_datetime(header)


def applied_orphans(applied: Applied, type_: str, items: list[Obj]) -> list[tuple[str, Obj]]:
    if not applied.orphans:
        return []
    refs = [f.name for f in MODELS[type_].ref_fields]
    return [
        (type_, o)
        for o in items
        if not o.get("deleted") and any(str(o.get(r)) in applied.orphans for r in refs)
    ]
