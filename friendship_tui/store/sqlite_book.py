"""A current SQLite book opened and read with the standard library alone.

Opening a book that is already at the newest schema revision takes one query on a
plain ``sqlite3`` connection; the reads the app, ``contact list`` and the server do
most (a page of a list with its total, one object) run on such connections too
(``fast_reads.py``). SQLAlchemy, its tables and the migration machinery are imported
only when something needs them: the first write, or a read the fast path does not
cover (``Store.engine`` builds the engine then). Both paths set up every connection
alike (``PRAGMAS``, the busy timeout) and turn SQLite's failures into the same typed
errors (``faults.storage_fault``), so a caller cannot tell which one answered.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from ..config import ensure_private_dir
from .faults import SQLITE_CORRUPT, file_fault, storage_fault

PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    # 32 MiB of page cache per connection (default 2): the agenda and list pages of a
    # 10k-100k book stay in memory between refreshes instead of re-reading the file.
    "PRAGMA cache_size=-32768",
)
# How long a connection waits for another program's lock before the book is "locked"
# (errors.BookLocked). $FRIENDSHIP_BUSY_TIMEOUT_MS overrides it (a cron job that would
# rather wait longer; tests that want the fault quickly).
DEFAULT_BUSY_TIMEOUT_MS = 5000
BUSY_TIMEOUT_ENV = "FRIENDSHIP_BUSY_TIMEOUT_MS"


def busy_timeout_ms(explicit: int | None = None) -> int:
    """``explicit``, else ``$FRIENDSHIP_BUSY_TIMEOUT_MS``, else the default (5 s)."""
    if explicit is not None:
        return max(0, int(explicit))
    text = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    return max(0, int(text)) if text.isdigit() else DEFAULT_BUSY_TIMEOUT_MS


def prepare_path(path: Path) -> None:
    """Create the SQLite file 0600 inside a 0700 directory before SQLite touches it.

    Something other than a file at the path (a directory), or a path the OS refuses,
    is ``BookUnreadable`` naming it: the user's directory is never chmod-ed.
    """
    try:
        ensure_private_dir(path.parent)
        if path.exists() and not path.is_file():
            raise IsADirectoryError(21, "not a regular file", str(path))
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
            os.close(fd)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise file_fault(str(path), exc) from None


def private_side_files(path: Path) -> None:
    """WAL side files are created with the umask; keep them private too."""
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.chmod(side, 0o600)


def setup_connection(conn: sqlite3.Connection, timeout_ms: int) -> None:
    """What every connection to a book gets, on either path (engine.py uses it too)."""
    conn.isolation_level = None  # we emit BEGIN ourselves
    cur = conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
    try:
        for pragma in PRAGMAS:
            cur.execute(pragma)
    except UnicodeDecodeError:
        # the first statement reads the schema: on damaged bytes there SQLite's error
        # message quotes them, and sqlite3 fails decoding it instead of raising
        raise _corrupt("the schema is not readable text") from None
    cur.close()


def _corrupt(reason: str) -> sqlite3.DatabaseError:
    """A ``sqlite3`` error of SQLITE_CORRUPT, so ``faults.storage_fault`` names it."""
    error = sqlite3.DatabaseError(reason)
    error.sqlite_errorcode = SQLITE_CORRUPT
    error.sqlite_errorname = "SQLITE_CORRUPT"
    return error


PROGRESS_EVERY = 1000  # SQLite steps between looks at the clock in ``read_briefly``
# SQLITE_BUSY, SQLITE_LOCKED, SQLITE_INTERRUPT: "not now" rather than a fault
GIVE_UP_CODES = frozenset({5, 6, 9})
P = ParamSpec("P")
T = TypeVar("T")


class Deferred(Exception):
    """``read_briefly`` gave up: the read would wait for a lock or take too long."""


class Budget:
    """The SQLite steps left to a ``read_briefly`` connection's current read: its
    progress handler, installed once, counts them down (no handler swapped per read)."""

    __slots__ = ("left",)
    UNLIMITED = 1 << 62  # between reads (the ROLLBACK that ends one must not stop)

    def __init__(self) -> None:
        self.left = self.UNLIMITED

    def tick(self) -> bool:
        """Called every ``PROGRESS_EVERY`` steps; True interrupts the statement."""
        self.left -= PROGRESS_EVERY
        return self.left < 0


class SqliteBook:
    """Plain ``sqlite3`` connections to one book file, pooled: any thread may read.

    A connection serves one read transaction at a time (``read``); idle ones are kept
    for the next read, so a hot read reuses sqlite3's prepared-statement cache.
    """

    def __init__(self, path: Path, timeout_ms: int) -> None:
        self.path = path
        self.timeout_ms = timeout_ms
        self.faulted = False  # a storage fault happened: closing must not write
        self._idle: list[sqlite3.Connection] = []
        # read_briefly's own connections: busy timeout 0 and the progress handler set
        # once (two PRAGMAs per read saved), never mixed with ``_idle``'s
        self._brief: list[tuple[sqlite3.Connection, Budget]] = []
        self._lock = threading.Lock()
        self._closed = False

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.timeout_ms / 1000, check_same_thread=False)
        try:
            setup_connection(conn, self.timeout_ms)
        except BaseException:
            conn.close()
            raise
        return conn

    def _checkout(self) -> sqlite3.Connection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._connect()

    def _checkin(self, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            conn.rollback()
        with self._lock:
            if not self._closed:
                self._idle.append(conn)
                return
        conn.close()

    def fault(self, error: sqlite3.Error) -> Exception:
        """The typed error for ``error`` (and remember it), or ``error`` itself."""
        fault = storage_fault(str(self.path), error, self.timeout_ms)
        if fault is None:
            return error
        self.faulted = True
        return fault

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction (``BEGIN``): a page and its total from one snapshot."""
        try:
            conn = self._checkout()
        except sqlite3.Error as exc:
            raise self.fault(exc) from None
        try:
            conn.execute("BEGIN")
            yield conn
        except sqlite3.Error as exc:
            raise self.fault(exc) from None
        finally:
            self._checkin(conn)

    def run(
        self, read: Callable[Concatenate[sqlite3.Connection, P], T], *args: P.args, **kw: P.kwargs
    ) -> T:
        """``read(conn, ...)`` on a pooled connection in no transaction: for a read that
        is one statement (one snapshot by itself, so no ``BEGIN`` and ``ROLLBACK``
        around it) or that begins its own transaction when it needs more."""
        try:
            conn = self._checkout()
        except sqlite3.Error as exc:
            raise self.fault(exc) from None
        try:
            return read(conn, *args, **kw)
        except sqlite3.Error as exc:
            raise self.fault(exc) from None
        finally:
            self._checkin(conn)

    @contextmanager
    def read_briefly(self, steps: int, begin: bool = True) -> Iterator[sqlite3.Connection]:
        """A read transaction for a caller that must not block (an event loop): it
        raises ``Deferred`` instead of waiting for another connection's lock or running
        past ``steps`` of SQLite's virtual machine, and the caller then reads the
        ordinary way, in a thread.

        Steps, not seconds: on a busy machine a cheap read is sometimes descheduled
        for milliseconds, and that says nothing about the next one. SQLite's progress
        handler counts them in ``PROGRESS_EVERY``s and interrupts the statement past the
        budget; a read that was cut short has changed nothing, so giving up is safe.
        ``begin=False``: no transaction around the reads (each statement is its own
        snapshot), for a caller whose read is one statement (``fast_reads.list_page``).
        """
        try:
            conn, budget = self._brief_checkout()
        except sqlite3.Error as exc:
            raise self.fault(exc) from None
        try:
            budget.left = steps
            if begin:  # else the caller's reads are one statement each, or begin themselves
                conn.execute("BEGIN")
            yield conn
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF in GIVE_UP_CODES:
                raise Deferred(str(exc)) from None
            raise self.fault(exc) from None
        finally:
            budget.left = Budget.UNLIMITED
            self._brief_checkin(conn, budget)

    def _brief_checkout(self) -> tuple[sqlite3.Connection, Budget]:
        with self._lock:
            if self._brief:
                return self._brief.pop()
        conn = self._connect()
        budget = Budget()
        try:
            conn.execute("PRAGMA busy_timeout=0")
        except BaseException:
            conn.close()
            raise
        conn.set_progress_handler(budget.tick, PROGRESS_EVERY)
        return conn, budget

    def _brief_checkin(self, conn: sqlite3.Connection, budget: Budget) -> None:
        try:
            if conn.in_transaction:
                conn.rollback()
        except sqlite3.Error:  # pragma: no cover - a rollback of a read
            conn.close()
            return
        with self._lock:
            if not self._closed:
                self._brief.append((conn, budget))
                return
        conn.close()

    def close(self, optimize: bool = True) -> None:
        """Let SQLite refresh its planner statistics (unless a fault happened: a damaged
        book keeps its bytes as they were), then close every idle connection."""
        with self._lock:
            idle, self._idle, self._closed = self._idle, [], True
            brief, self._brief = self._brief, []
        if optimize and not self.faulted and idle:
            with contextlib.suppress(sqlite3.Error):  # never fail on a busy/read-only file
                idle[0].execute("PRAGMA optimize")
        for conn in idle + [c for c, _ in brief]:
            conn.close()


def plain_path(target: str | os.PathLike[str]) -> Path | None:
    """The file a target names when it is a plain path (not a URL, not in memory)."""
    text = os.fspath(target)
    if "://" in text or text in ("", ":memory:"):
        return None
    return Path(text).expanduser()


def open_current(
    target: str | os.PathLike[str], head: str, version_table: str, busy_timeout: int | None
) -> SqliteBook | None:
    """The book at ``target`` when it is an existing SQLite file already at ``head``;
    None when it must go the long way (a URL, a new file, one that needs upgrading).

    One query on one connection. A storage fault (damaged, locked, unreadable file)
    raises the typed error the engine would raise for the same file.
    """
    path = plain_path(target)
    if path is None or not path.is_file():
        return None
    prepare_path(path)
    book = SqliteBook(path, busy_timeout_ms(busy_timeout))
    current = False
    try:
        with book.read() as db:
            row = db.execute(f"SELECT version_num FROM {version_table}").fetchone()
            current = row is not None and row[0] == head
    except sqlite3.OperationalError:  # no version table: a new or pre-migrations book
        current = False
    finally:
        if not current:
            book.close(optimize=False)
    if current:
        private_side_files(path)
        return book
    return None
