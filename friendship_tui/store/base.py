"""The Backend interface every store implements: local, remote and sync.

Objects travel as plain flat dicts, exactly as on the wire (API.md "Objects on the
wire"): the server-managed fields plus every data field, null when unset. That keeps
the UI, the CLI, the server and the sync engine free of per-model classes.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from .errors import BookLocked, NotSupported

if TYPE_CHECKING:  # types only: the read path loads no SQLAlchemy for them
    from ..domain.agenda import Agenda, AgendaRow, PanelName  # a list needs no agenda
    from ..schema import ListQuery
    from .audit import AuditQuery
    from .backend_records import ChangeEvent, LocalBook, Status, SyncSummary
    from .bulk import ImportResult, OnExisting
    from .page import Page

Obj = dict[str, Any]  # one object as on the wire; every module imports this one
Action = Literal["create", "update", "delete"]
# Asked after each BookLocked (the error, how many so far): True retries the call. The
# failed transaction was rolled back, so running it again is safe.
BusyHandler = Callable[[BookLocked, int], bool]
StatusListener = Callable[["Status"], None]


# Rows a bulk import validates and writes per chunk (store/bulk.py). Bigger chunks
# write each table's rows in fewer, larger batches (bench/import_bench.py: 8,000 took
# ~20% less CPU than 2,000); the rows of one chunk are what an import holds in memory
# (a restore's peak: ~5 MB at 2,000, ~20 MB at 8,000).
BULK_CHUNK_ROWS = 8000


@dataclass(frozen=True, slots=True)
class Capabilities:
    """Optional abilities; the UI, io and the sync engine read these instead of guessing.

    Each flag says what a backend without the ability does when it is asked anyway.
    """

    search: bool = True
    """Server-side ``q=`` search. Without it ``search``/``list(q=)`` filter client-side."""
    updated_since: bool = True
    """``updated_since`` / ``include_deleted`` lists. Without: ``NotSupported``."""
    live: bool = True
    """``changes()`` carries other clients' writes as they happen. Without it the
    stream carries nothing from elsewhere; the app only reloads on its own writes."""
    archive: bool = True
    """``set_archived``. Without: ``NotSupported`` (the object is left as it was)."""
    audit: bool = True
    """``audit()``. Without: ``NotSupported``."""
    server_agenda: bool = True
    """The agenda computed by the server. Without it ``agenda`` is built client-side
    from the lists (slower, same rows)."""
    bulk_import: bool = False
    """``bulk_import``: stream rows into the local book in one transaction. Without:
    ``NotSupported`` (use ``create`` per object)."""
    outbox: bool = False
    """Writes wait in a local outbox for a server (sync): ``push_now`` sends them.
    Without one ``push_now`` has nothing to send and returns an empty summary."""
    status_events: bool = False
    """``on_status`` callbacks are called when the connection state changes. Without:
    they are never called (read ``status()`` when needed)."""


@runtime_checkable
class Backend(Protocol):
    """What the app, the CLI and the server's routes need from a store.

    Every method may raise the errors of ``store.errors``. ``type_`` is a model name of
    ``schema.MODELS``; an unknown one is a ValidationError on ``type``.
    """

    @property
    def mode(self) -> str:
        """What the header calls the book: "local", "remote", "sync" (or a label such as
        the demo book's). Nothing decides by it: abilities are ``capabilities``."""
        ...

    @property
    def capabilities(self) -> Capabilities:
        """The optional abilities this backend has (see ``Capabilities``)."""
        ...

    on_busy: BusyHandler | None
    """Asked after each ``BookLocked`` of a book on this machine (local, a sync copy);
    backends without one never call it. None: raise at once."""

    tz: tzinfo | None
    """The user's zone (None: the system's): the agenda counts due dates from the local
    day of the last talk. The app and the CLI set it from their clock when they open."""

    async def list(self, type_: str, query: ListQuery | None = None) -> Page: ...

    async def get(self, type_: str, id_: str) -> Obj: ...

    async def create(self, type_: str, data: Mapping[str, Any]) -> Obj: ...

    async def update(self, type_: str, id_: str, patch: Mapping[str, Any]) -> Obj: ...

    async def delete(self, type_: str, id_: str) -> None: ...

    async def search(self, text: str, limit: int = 20) -> builtins.list[Obj]:
        """Contacts matching ``text`` (full-text, prefix, diacritics-insensitive)."""
        ...

    async def agenda(
        self, today: date, horizon_days: int = 30, *, limit: int | None = None
    ) -> Agenda:
        """The agenda; ``limit=N``: each panel's first N rows in panel order, with
        exact totals (``Agenda.totals``); ``None``: every row."""
        ...

    async def agenda_rows(
        self, panel: PanelName, today: date, horizon_days: int, offset: int, limit: int
    ) -> builtins.list[AgendaRow]:
        """Rows ``[offset, offset + limit)`` of one panel, in the order ``agenda`` gives."""
        ...

    async def set_archived(self, type_: str, id_: str, archived: bool) -> Obj: ...

    def changes(self) -> AsyncIterator[ChangeEvent]:
        """Every committed change, as it happens (also other clients', where possible)."""
        ...

    async def close(self) -> None: ...

    # -------------------------------------------------------------- every backend

    async def audit(self, query: AuditQuery | None = None) -> Page:
        """The owner's audit log, newest first.

        Raises ``NotSupported`` when ``capabilities.audit`` is False."""
        ...

    def status(self) -> Status:
        """The connection state for the header (no request of its own). Raises nothing
        a caller must expect; a header reading it still guards against failure."""
        ...

    def on_status(self, callback: StatusListener) -> Callable[[], None]:
        """Call ``callback(status)`` when the state changes; returns unsubscribe.

        Only called when ``capabilities.status_events``; otherwise never (no error)."""
        ...

    async def server_capabilities(self) -> Capabilities:
        """What the server behind the book can do (local: the backend's own abilities;
        sync: its server's, which may be fewer than the copy's own).

        Raises ``Unavailable`` / ``Unauthorized`` when the server cannot be asked."""
        ...

    def local_book(self) -> LocalBook | None:
        """The store on this machine holding the rows, or None (remote: a server only)."""
        ...

    async def bulk_import(
        self,
        rows: Iterable[tuple[str, Mapping[str, Any]]],
        *,
        chunk_size: int = BULK_CHUNK_ROWS,
        run_hooks: bool = True,
        keep_ids: bool = False,
        emit_events: bool = False,
        on_existing: OnExisting | None = None,
    ) -> ImportResult:
        """``Store.import_rows`` for this owner: all the rows in one transaction
        (``on_existing``: rows whose id the book holds are left alone and handed to it).

        Raises ``NotSupported`` when ``capabilities.bulk_import`` is False."""
        ...

    async def push_now(self) -> SyncSummary:
        """Send what waits in the outbox now and say how it went.

        Without ``capabilities.outbox`` there is nothing to send: an empty summary."""
        ...

    def warm_up(self) -> None:
        """Build now, on the calling thread, what the first write would otherwise wait for
        (a local book's SQLAlchemy engine); nothing where there is nothing to build. The
        app calls it from a worker thread once its first screen is up."""
        ...


def _no_unsubscribe() -> None:
    """What ``on_status`` returns where no status event is ever sent."""


class BackendDefaults:
    """The protocol's answers where a backend lacks the ability (no outbox, status
    events, book on this machine or bulk path); each backend overrides what it has.
    Mixed in, so each answer is written once."""

    on_busy: BusyHandler | None = None

    def on_status(self, callback: StatusListener) -> Callable[[], None]:
        return _no_unsubscribe

    def local_book(self) -> LocalBook | None:
        return None

    async def bulk_import(
        self,
        rows: Iterable[tuple[str, Mapping[str, Any]]],
        *,
        chunk_size: int = BULK_CHUNK_ROWS,
        run_hooks: bool = True,
        keep_ids: bool = False,
        emit_events: bool = False,
        on_existing: OnExisting | None = None,
    ) -> ImportResult:
        raise NotSupported("bulk import needs a book on this machine; create objects one by one")

    async def push_now(self) -> SyncSummary:
        from .backend_records import SyncSummary

        return SyncSummary()

    def warm_up(self) -> None:
        return None  # nothing to build ahead of the first write


# Defined in backend_records.py and still importable from here: each dataclass costs
# ~1 ms to create, and ``friendship today`` or ``contact list`` uses none of these.
LAZY_RECORDS = frozenset({"ChangeEvent", "LocalBook", "Status", "SyncSummary"})


def __getattr__(name: str) -> Any:
    if name == "Page":  # store/page.py: the first screen reads no list page
        from .page import Page

        return Page
    if name == "Status":  # the app's header reads it at start: alone
        from .book_status import Status

        return Status
    if name in LAZY_RECORDS:
        from . import backend_records

        return getattr(backend_records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


async def iter_all(
    backend: Backend, type_: str, query: ListQuery | None = None, page_size: int = 200
) -> AsyncIterator[Obj]:
    """Every object of a list, following pages (keyset when possible, else offset)."""
    from ..schema import ListQuery

    base = query or ListQuery()
    sort = base.sort
    use_keyset = sort in (None, "created_at") and base.q is None
    after: str | None = base.after
    offset = base.offset
    while True:
        q = ListQuery(
            filters=base.filters,
            sort="created_at" if use_keyset else sort,
            limit=page_size,
            offset=0 if use_keyset else offset,
            after=after if use_keyset else None,
            q=base.q,
            updated_since=base.updated_since,
            include_deleted=base.include_deleted,
        )
        page = await backend.list(type_, q)
        for obj in page.items:
            yield obj
        if len(page.items) < page.limit or not page.items:
            return
        if use_keyset:
            after = page.next_after or str(page.items[-1]["id"])
        else:
            offset += len(page.items)
