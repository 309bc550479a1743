"""The local SQLite store: ``Store`` (one database, any number of owners) and
``LocalBackend`` (the Backend interface for one owner).

Async methods run the store's work in a thread (``asyncio.to_thread``) so the Textual
event loop never waits on disk; writes are serialised by a lock and take
``BEGIN IMMEDIATE``, and subscribers are notified after commit, still under that lock,
so every subscriber sees events in commit order.

A SQLite book already at the newest revision is opened without SQLAlchemy
(``sqlite_book.py``) and its hot reads (a list page with its total, one object) run on
plain ``sqlite3`` connections (``fast_reads.py``). The SQLAlchemy engine, and with it
the tables, the writers and the audit log, is built the first time something needs it
(``Store.engine``): a write, or a read the fast path does not cover. That is what
keeps ``friendship contact list`` and the app's first screen from paying for it.
"""

from __future__ import annotations

import builtins
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, TypeVar

from ..config import default_db_path
from .agenda_store import AgendaReads
from .base import (
    BULK_CHUNK_ROWS,
    BackendDefaults,
    BusyHandler,
    Capabilities,
    Obj,
)
from .errors import BookLocked, Unavailable, ValidationError
from .events import ChangeStream, EventHub
from .ids import IdMaker
from .lineage import BOOK
from .sqlite_book import SqliteBook, open_current

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy import Connection, Engine, Table

    from ..domain.agenda import Agenda, AgendaRow, PanelName
    from ..schema import ListQuery
    from . import audit
    from .backend_records import ChangeEvent, LocalBook, Status
    from .bulk import ImportResult, OnExisting
    from .page import Page  # only named here: the first screen reads no list page
    from .writes import Tx, TxListener

T = TypeVar("T")
Clock = Callable[[], datetime]
# ``BusyHandler`` (store.base): SQLite's busy timeout is the wait between tries.
DEFAULT_OWNER = "me"


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store(AgendaReads):
    """One database. Thread-safe; share it between backends of different owners.

    Made either from an engine (``Store(engine)``: everything at once, as before) or,
    by ``open``, from a current SQLite book (``book``): then the engine, the tables and
    the audit log come into being on first use (``engine``)."""

    def __init__(
        self,
        engine: Engine | None = None,
        clock: Clock | None = None,
        *,
        book: SqliteBook | None = None,
    ) -> None:
        if engine is None and book is None:
            raise TypeError("Store needs an engine or a book")
        self.book = book  # the fast read path; None for PostgreSQL or a non-file URL
        self.clock: Clock = clock or utc_now
        self.tx_listeners: list[TxListener] = []
        self.ids = IdMaker()
        self._hub = EventHub()
        self._write_lock = threading.RLock()
        self._engine_lock = threading.Lock()
        self._engine: Engine | None = None
        if engine is not None:
            self._adopt(engine)

    def _adopt(self, engine: Engine) -> None:
        """Everything that needs SQLAlchemy, at once: the engine, the tables, the audit
        log (first among the transaction listeners: every write leaves its audit row in
        the same transaction, store/audit.py)."""
        from . import audit
        from .tables import TABLES, TAG_TABLES

        self._tables: dict[str, Table] = TABLES
        self._tag_tables: dict[str, Table] = TAG_TABLES
        self._audit_log = audit.AuditLog(lambda: self.clock())
        self.tx_listeners.insert(0, self._audit_log)
        self._engine = engine

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, built on first use for a store opened on a book."""
        if self._engine is None:
            with self._engine_lock:
                if self._engine is None:
                    from .engine import make_engine, to_url

                    assert self.book is not None
                    engine = make_engine(to_url(self.book.path), self.book.timeout_ms)
                    self._adopt(engine)
        assert self._engine is not None
        return self._engine

    @property
    def tables(self) -> dict[str, Table]:
        self.engine  # noqa: B018 -- built on first use; building sets them
        return self._tables

    @property
    def tag_tables(self) -> dict[str, Table]:
        self.engine  # noqa: B018
        return self._tag_tables

    @property
    def audit_log(self) -> audit.AuditLog:
        self.engine  # noqa: B018
        return self._audit_log

    @property
    def engine_built(self) -> bool:
        """Whether SQLAlchemy's engine exists yet (the fast path did not need it)."""
        return self._engine is not None

    def warm_up(self) -> None:
        """Build the engine now (the app calls this off the UI thread once its first
        screen is up, so the first write does not wait for SQLAlchemy's import)."""
        self.engine  # noqa: B018

    @classmethod
    def open(
        cls,
        target: str | os.PathLike[str],
        clock: Clock | None = None,
        revision: str = "head",
        *,
        busy_timeout: int | None = None,
    ) -> Store:
        """Open (creating and migrating as needed) a path or SQLAlchemy URL.

        A URL the store cannot use is a ValidationError on ``db``; a database server that
        cannot be reached, or a driver that is not installed, is Unavailable; both say
        what to do. A SQLite file that cannot be used raises ``errors.StorageFault``
        (damaged, locked past ``busy_timeout`` ms, disk full, unreadable; store/faults.py).
        A SQLite book already at the newest revision opens without SQLAlchemy.
        """
        if revision == "head":
            book = open_current(target, BOOK.head, BOOK.version_table, busy_timeout)
            if book is not None:
                return cls(clock=clock, book=book)
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import OperationalError

        from .engine import make_engine, to_url
        from .portable import UnsupportedDatabase

        url = to_url(target)
        try:
            engine = make_engine(url, busy_timeout)
        except UnsupportedDatabase as exc:
            raise ValidationError({"db": str(exc)}) from None
        except ModuleNotFoundError as exc:
            raise Unavailable(
                f"the database driver {exc.name!r} is not installed; for PostgreSQL: "
                "pip install 'friendship-tui[postgres]'"
            ) from None
        store = cls(engine, clock)
        try:
            store.migrate(revision)
        except OperationalError as exc:
            engine.dispose()
            if engine.dialect.name == "sqlite":
                raise
            where = make_url(url).render_as_string(hide_password=True)
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise Unavailable(f"cannot open the database {where}: {reason}") from None
        return store

    def migrate(self, revision: str = "head") -> None:
        """Create or upgrade the schema (Alembic), in one write transaction.

        A current book costs one query; an existing book that is about to change is
        first copied beside itself (``migrate.back_up``)."""
        from .engine import write_options
        from .migrate import back_up, is_current, upgrade

        if revision == "head" and is_current(self.engine, BOOK):
            return
        back_up(self.engine, BOOK, revision)
        with self.engine.connect() as conn:
            conn.execution_options(**write_options(self.engine))
            with conn.begin():
                upgrade(conn, revision)

    def backend(self, owner: str = DEFAULT_OWNER) -> LocalBackend:
        return LocalBackend(self, owner)

    def subscribe(self, callback: Callable[[ChangeEvent], None]) -> Callable[[], None]:
        """Call ``callback(event)`` after each commit, for every owner; returns unsubscribe."""
        return self._hub.subscribe(callback)

    def close(self) -> None:
        """Let SQLite refresh its planner statistics (cheap), then release connections.

        Not after a storage fault: a command that failed on a damaged book must leave
        the file's bytes as they were."""
        engine = self._engine
        faulted = self.book is not None and self.book.faulted
        if engine is not None:
            from .faults import engine_faulted

            faulted = faulted or engine_faulted(engine)
            try:
                if engine.dialect.name == "sqlite" and not faulted and self.book is None:
                    with engine.connect() as conn:
                        conn.exec_driver_sql("PRAGMA optimize")
            except Exception:  # closing must never fail because of a busy or read-only file
                pass
            engine.dispose()
        if self.book is not None:
            self.book.close(optimize=not faulted)

    # -- transactions --------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def raw_read(self) -> Iterator[sqlite3.Connection | None]:
        """One read transaction on a plain ``sqlite3`` connection to the book, or None
        when there is none (PostgreSQL; a store made from an engine): then read the
        SQLAlchemy way. The seam for reads written against ``sqlite3`` alone."""
        if self.book is None:
            yield None
            return
        with self.book.read() as db:
            yield db

    @contextmanager
    def write(self, owner: str) -> Iterator[Tx]:
        """One write transaction; events reach subscribers only if it commits."""
        from .engine import write_options
        from .writes import Tx

        with self._write_lock:
            with self.engine.connect() as conn:
                conn.execution_options(**write_options(self.engine))
                with conn.begin():
                    tx = Tx(conn, owner, self.clock(), self.ids, self.tx_listeners)
                    yield tx
            self._hub.publish(tx.events)

    # -- sync API (the async backend wraps these) ------------------------------------

    def create(self, owner: str, type_: str, data: Mapping[str, Any]) -> Obj:
        from . import writes

        with self.write(owner) as tx:
            return writes.create(tx, type_, data)

    def update(self, owner: str, type_: str, id_: str, patch: Mapping[str, Any]) -> Obj:
        from . import writes

        with self.write(owner) as tx:
            return writes.update(tx, type_, id_, patch)

    def delete(self, owner: str, type_: str, id_: str) -> None:
        from . import writes

        with self.write(owner) as tx:
            writes.delete(tx, type_, id_)

    def set_archived(self, owner: str, type_: str, id_: str, archived: bool) -> Obj:
        from . import writes

        with self.write(owner) as tx:
            return writes.set_archived(tx, type_, id_, archived)

    def get(self, owner: str, type_: str, id_: str) -> Obj:
        if self.book is not None:  # one statement: no transaction around it
            from . import fast_reads  # here: ``friendship today`` never reads a list

            return self.book.run(fast_reads.get, owner, type_, id_)
        from . import reads

        with self.read() as conn:
            return reads.get(conn, owner, type_, id_)

    def list(self, owner: str, type_: str, query: ListQuery | None = None) -> Page:
        from . import fast_reads

        today = self.clock().date()
        if self.book is not None:  # one statement, its own snapshot (fast_reads.list_page)
            page = self.book.run(fast_reads.list_page, owner, type_, query, today)
            if page is not None:
                return page
        from . import reads

        with self.read() as conn:
            return reads.list_objects(conn, owner, type_, query, today)

    def search(self, owner: str, text: str, limit: int = 20) -> builtins.list[Obj]:
        with self.raw_read() as db:
            if db is not None:  # the same statements without SQLAlchemy (search_plan)
                from . import search_plan

                return search_plan.search(db, owner, text, limit)
        from ..domain.reserved_fields import partial_ids
        from . import reads
        from .reserved import reserved_rows

        with self.read() as conn:
            found = reads.search(conn, owner, text, limit)
            hidden = partial_ids(reserved_rows(conn, owner, (str(o["id"]) for o in found)))
        return [o for o in found if str(o["id"]) not in hidden]

    def audit(self, owner: str, query: audit.AuditQuery | None = None) -> Page:
        from . import audit

        with self.read() as conn:
            return audit.read_page(conn, owner, query)

    def import_rows(
        self,
        owner: str,
        rows: Iterable[tuple[str, Mapping[str, Any]]],
        *,
        chunk_size: int = BULK_CHUNK_ROWS,
        run_hooks: bool = True,
        keep_ids: bool = False,
        emit_events: bool = False,
        on_existing: OnExisting | None = None,
    ) -> ImportResult:
        """Stream ``(type, data)`` pairs into one transaction: all of them or none.

        Parents must come before their children. Rows are validated like ``create``;
        the first bad row aborts the whole import with a ValidationError whose field
        names carry the row's position (``contact[17].name``). ``keep_ids`` keeps the
        rows' own id / created_at / updated_at / is_archived (lossless JSON import).
        Per-row events are only emitted when ``emit_events`` (a 100k import would
        flood the app otherwise). With ``on_existing``, a row whose id the book holds
        is left alone and handed to it with the stored object (a restore run again).
        """
        from .bulk import import_rows

        with self.write(owner) as tx:
            return import_rows(
                tx,
                rows,
                chunk_size=chunk_size,
                run_hooks=run_hooks,
                keep_ids=keep_ids,
                emit_events=emit_events,
                on_existing=on_existing,
            )


class LocalBackend(BackendDefaults):
    """The Backend interface over a Store, for one owner."""

    mode: str = "local"
    capabilities = Capabilities(bulk_import=True)

    def __init__(self, store: Store, owner: str = DEFAULT_OWNER, *, owns_store: bool = False):
        self.store = store
        self.owner = owner
        self._owns_store = owns_store
        self.tz: tzinfo | None = None  # the user's zone: due dates count from its day
        self.on_busy: BusyHandler | None = None  # the app retries a locked book (see above)
        # A one-shot command with no event loop to keep free (cli/output.py) runs each
        # call on the calling thread: no asyncio import, no thread hand-off.
        self.inline = False

    async def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        tries = 0
        while True:
            try:
                if self.inline:
                    return fn(self.owner, *args, **kwargs)
                import asyncio

                return await asyncio.to_thread(fn, self.owner, *args, **kwargs)
            except BookLocked as err:
                tries += 1
                if self.on_busy is None or not self.on_busy(err, tries):
                    raise

    async def list(self, type_: str, query: ListQuery | None = None) -> Page:
        return await self._run(self.store.list, type_, query)

    async def get(self, type_: str, id_: str) -> Obj:
        return await self._run(self.store.get, type_, id_)

    async def create(self, type_: str, data: Mapping[str, Any]) -> Obj:
        return await self._run(self.store.create, type_, data)

    async def update(self, type_: str, id_: str, patch: Mapping[str, Any]) -> Obj:
        return await self._run(self.store.update, type_, id_, patch)

    async def delete(self, type_: str, id_: str) -> None:
        await self._run(self.store.delete, type_, id_)

    async def search(self, text: str, limit: int = 20) -> builtins.list[Obj]:
        return await self._run(self.store.search, text, limit)

    async def agenda(
        self, today: date, horizon_days: int = 30, *, limit: int | None = None
    ) -> Agenda:
        return await self._run(self.store.agenda, today, horizon_days, tz=self.tz, limit=limit)

    async def agenda_rows(
        self, panel: PanelName, today: date, horizon_days: int, offset: int, limit: int
    ) -> builtins.list[AgendaRow]:
        return await self._run(
            self.store.agenda_rows, panel, today, horizon_days, offset, limit, tz=self.tz
        )

    async def set_archived(self, type_: str, id_: str, archived: bool) -> Obj:
        return await self._run(self.store.set_archived, type_, id_, archived)

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
        """``Store.import_rows`` for this owner (one transaction, streamed in chunks)."""
        return await self._run(
            self.store.import_rows,
            rows,
            chunk_size=chunk_size,
            run_hooks=run_hooks,
            keep_ids=keep_ids,
            emit_events=emit_events,
            on_existing=on_existing,
        )

    async def audit(self, query: audit.AuditQuery | None = None) -> Page:
        """This owner's audit log, newest first (store/audit.py)."""
        return await self._run(self.store.audit, query)

    def status(self) -> Status:
        from .book_status import Status

        return Status(state="local")

    async def server_capabilities(self) -> Capabilities:
        return self.capabilities  # no server: the book itself

    def local_book(self) -> LocalBook:
        from .backend_records import LocalBook

        return LocalBook(self.store, self.owner)

    def warm_up(self) -> None:
        """Build the store's SQLAlchemy engine now, on the calling thread (the app calls
        it from a worker thread once its first screen is up: app/settle.py)."""
        self.store.warm_up()

    def changes(self) -> ChangeStream:
        return ChangeStream(self.store._hub, self.owner)

    async def close(self) -> None:
        if self._owns_store:
            self.store.close()


def open_local(
    path: str | os.PathLike[str] | None = None, clock: Clock | None = None
) -> LocalBackend:
    """The app's default: the file from ``--db`` / ``$FRIENDSHIP_DB`` / the data dir."""
    store = Store.open(default_db_path(path), clock)
    return LocalBackend(store, DEFAULT_OWNER, owns_store=True)
