"""The local SQLite store: ``Store`` (one database, any number of owners) and
``LocalBackend`` (the Backend interface for one owner).

Async methods run the SQLAlchemy work in a thread (``asyncio.to_thread``) so the
Textual event loop never waits on disk; writes are serialised by a lock and take
``BEGIN IMMEDIATE``, and subscribers are notified after commit, still under that lock,
so every subscriber sees events in commit order.
"""

from __future__ import annotations

import asyncio
import builtins
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime, tzinfo
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from ..config import default_db_path
from ..domain.agenda import (
    PANELS,
    Agenda,
    AgendaRow,
    PanelName,
    limit_problems,
    window_problems,
)
from ..domain.reserved_fields import (
    partial_ids,
)
from ..schema import ListQuery
from . import audit, reads, writes
from .agenda_sql import AgendaReader, sqlite_runner
from .base import Capabilities, ChangeEvent, Page
from .bulk import ImportResult, import_rows
from .engine import make_engine, to_url, write_options
from .errors import BookLocked, Unavailable, ValidationError
from .events import ChangeStream, EventHub
from .faults import engine_faulted
from .ids import IdMaker
from .migrate import BOOK, back_up, is_current, upgrade
from .objects import Obj
from .portable import UnsupportedDatabase
from .reserved import reserved_rows
from .tables import TABLES, TAG_TABLES
from .writes import Tx, TxListener

T = TypeVar("T")
Clock = Callable[[], datetime]
# Asked after each BookLocked (the error, how many so far): True retries the call. The
# failed transaction was rolled back, so running it again is safe; SQLite's busy
# timeout is the wait between tries.
BusyHandler = Callable[[BookLocked, int], bool]
DEFAULT_OWNER = "me"


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """One database. Thread-safe; share it between backends of different owners."""

    def __init__(self, engine: Engine, clock: Clock | None = None) -> None:
        self.engine = engine
        self.clock: Clock = clock or utc_now
        self.tables: dict[str, Table] = TABLES
        self.tag_tables: dict[str, Table] = TAG_TABLES
        self.tx_listeners: list[TxListener] = []
        # every write leaves its audit row in the same transaction (store/audit.py)
        self.audit_log = audit.AuditLog(lambda: self.clock())
        self.tx_listeners.append(self.audit_log)
        self.ids = IdMaker()
        self._hub = EventHub()
        self._write_lock = threading.RLock()

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
        """
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
        try:
            if self.engine.dialect.name == "sqlite" and not engine_faulted(self.engine):
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA optimize")
        except Exception:  # closing must never fail because of a busy or read-only file
            pass
        self.engine.dispose()

    # -- transactions --------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self, owner: str) -> Iterator[Tx]:
        """One write transaction; events reach subscribers only if it commits."""
        with self._write_lock:
            with self.engine.connect() as conn:
                conn.execution_options(**write_options(self.engine))
                with conn.begin():
                    tx = Tx(conn, owner, self.clock(), self.ids, self.tx_listeners)
                    yield tx
            self._hub.publish(tx.events)

    # -- sync API (the async backend wraps these) ------------------------------------

    def create(self, owner: str, type_: str, data: Mapping[str, Any]) -> Obj:
        with self.write(owner) as tx:
            return writes.create(tx, type_, data)

    def update(self, owner: str, type_: str, id_: str, patch: Mapping[str, Any]) -> Obj:
        with self.write(owner) as tx:
            return writes.update(tx, type_, id_, patch)

    def delete(self, owner: str, type_: str, id_: str) -> None:
        with self.write(owner) as tx:
            writes.delete(tx, type_, id_)

    def set_archived(self, owner: str, type_: str, id_: str, archived: bool) -> Obj:
        with self.write(owner) as tx:
            return writes.set_archived(tx, type_, id_, archived)

    def get(self, owner: str, type_: str, id_: str) -> Obj:
        with self.read() as conn:
            return reads.get(conn, owner, type_, id_)

    def list(self, owner: str, type_: str, query: ListQuery | None = None) -> Page:
        with self.read() as conn:
            return reads.list_objects(conn, owner, type_, query, self.clock().date())

    def search(self, owner: str, text: str, limit: int = 20) -> builtins.list[Obj]:
        with self.read() as conn:
            found = reads.search(conn, owner, text, limit)
            hidden = partial_ids(reserved_rows(conn, owner, (str(o["id"]) for o in found)))
        return [o for o in found if str(o["id"]) not in hidden]

    def agenda(
        self,
        owner: str,
        today: date,
        horizon_days: int = 30,
        *,
        tz: tzinfo | None = None,
        limit: int | None = None,
    ) -> Agenda:
        """The agenda on ``today``, due dates counted in the user's zone ``tz`` (None:
        the system's); ``limit``: each panel's first rows only, with exact totals."""
        if problems := window_problems(today, horizon_days) | limit_problems(limit):
            raise ValidationError(problems)
        with self.read() as conn:
            return self._agenda_reader(conn, owner, today, horizon_days, tz).agenda(limit)

    @staticmethod
    def _agenda_reader(
        conn: Connection, owner: str, today: date, horizon_days: int, tz: tzinfo | None
    ) -> AgendaReader:
        """The agenda's plain-SQL reader: on SQLite straight on the driver connection
        (store/agenda_sql.py), elsewhere the same SQL text through SQLAlchemy."""
        if conn.dialect.name == "sqlite":
            run = sqlite_runner(conn.connection.driver_connection)
            return AgendaReader(run, owner, today, horizon_days, tz)

        def on_sqlalchemy(sql: str, params: Mapping[str, Any]) -> builtins.list[tuple[Any, ...]]:
            return [tuple(r) for r in conn.execute(text(sql), dict(params)).all()]

        return AgendaReader(on_sqlalchemy, owner, today, horizon_days, tz, sqlite=False)

    def agenda_rows(
        self,
        owner: str,
        panel: PanelName,
        today: date,
        horizon_days: int,
        offset: int,
        limit: int,
        *,
        tz: tzinfo | None = None,
    ) -> builtins.list[AgendaRow]:
        """Rows ``[offset, offset+limit)`` of one panel, in the panel's order."""
        if panel not in PANELS:
            raise ValidationError({"panel": "must be one of: " + ", ".join(PANELS)})
        if problems := limit_problems(limit, offset):
            raise ValidationError(problems)
        if problems := window_problems(today, horizon_days):
            raise ValidationError(problems)
        with self.read() as conn:
            reader = self._agenda_reader(conn, owner, today, horizon_days, tz)
            return reader.panel(panel, offset + limit)[offset : offset + limit]

    def audit(self, owner: str, query: audit.AuditQuery | None = None) -> Page:
        with self.read() as conn:
            return audit.read_page(conn, owner, query)

    def import_rows(
        self,
        owner: str,
        rows: Iterable[tuple[str, Mapping[str, Any]]],
        *,
        chunk_size: int = 2000,
        run_hooks: bool = True,
        keep_ids: bool = False,
        emit_events: bool = False,
    ) -> ImportResult:
        """Stream ``(type, data)`` pairs into one transaction: all of them or none.

        Parents must come before their children. Rows are validated like ``create``;
        the first bad row aborts the whole import with a ValidationError whose field
        names carry the row's position (``contact[17].name``). ``keep_ids`` keeps the
        rows' own id / created_at / updated_at / is_archived (lossless JSON import).
        Per-row events are only emitted when ``emit_events`` (a 100k import would
        flood the app otherwise).
        """
        with self.write(owner) as tx:
            return import_rows(
                tx,
                rows,
                chunk_size=chunk_size,
                run_hooks=run_hooks,
                keep_ids=keep_ids,
                emit_events=emit_events,
            )


class LocalBackend:
    """The Backend interface over a Store, for one owner."""

    mode = "local"
    capabilities = Capabilities()

    def __init__(self, store: Store, owner: str = DEFAULT_OWNER, *, owns_store: bool = False):
        self.store = store
        self.owner = owner
        self._owns_store = owns_store
        self.tz: tzinfo | None = None  # the user's zone: due dates count from its day
        self.on_busy: BusyHandler | None = None  # the app retries a locked book (see above)

    async def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        tries = 0
        while True:
            try:
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
        self, rows: Iterable[tuple[str, Mapping[str, Any]]], **options: Any
    ) -> ImportResult:
        """``Store.import_rows`` for this owner (one transaction, streamed in chunks)."""
        return await self._run(self.store.import_rows, rows, **options)

    async def audit(self, query: audit.AuditQuery | None = None) -> Page:
        """This owner's audit log, newest first (store/audit.py)."""
        return await self._run(self.store.audit, query)

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
