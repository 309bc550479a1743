"""SQLite's failures as typed errors: the one place the store turns them into words.

SQLAlchemy's own exception text carries the SQL and its bound parameters (contact
names, emails, notes); a CLI that printed it, or a traceback that showed it, would put
a person's data on a terminal or in a cron mail. ``engine.py`` hooks ``translate`` into
the engine's ``handle_error`` event, so every statement and every connect that fails on
a local book raises one of ``errors.StorageFault``'s family instead, with a message
that names the file and the next step and nothing else.

Errors that are the program's business (constraint violations the store catches and
turns into validation errors, programming errors) are left as they are.
"""

from __future__ import annotations

import sqlite3
import weakref
from typing import Any

from .errors import BookCorrupt, BookLocked, BookUnreadable, DiskFull, StorageFault

# SQLite primary result codes (https://sqlite.org/rescode.html)
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

# Engines that hit a storage fault: closing them must not write (no PRAGMA optimize),
# so a command that failed on a damaged book leaves its bytes as they were.
_FAULTED: weakref.WeakSet[Any] = weakref.WeakSet()


def doctor_hint(path: str) -> str:
    return f"run 'friendship --db {path} doctor' to see what is wrong"


def reason_of(error: BaseException) -> str:
    """SQLite's own short reason ('database disk image is malformed'): no SQL, no values."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:120]


def storage_fault(path: str, error: BaseException, busy_timeout_ms: int) -> StorageFault | None:
    """The typed error for a sqlite3 exception on ``path``, or None if it is not a fault
    of the file (the caller lets those through unchanged)."""
    code = getattr(error, "sqlite_errorcode", None)
    if not isinstance(error, sqlite3.Error) or code is None:
        return None
    primary = code & 0xFF
    reason = reason_of(error)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        seconds = f"{busy_timeout_ms / 1000:g}"
        return BookLocked(
            path,
            f"{path} is locked by another program (waited {seconds} s); nothing was "
            "changed. Close the other friendship app or command using it, then try again.",
        )
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return BookCorrupt(
            path,
            f"{path} is damaged or not a friendship book ({reason}); nothing was changed. "
            f"Keep a copy of the file, {doctor_hint(path)}, and restore it from a backup.",
        )
    if primary == SQLITE_FULL:
        return DiskFull(
            path,
            f"the disk holding {path} is full ({reason}); the change was not saved. "
            "Free some space, then try again.",
        )
    if primary == SQLITE_READONLY:
        return BookUnreadable(
            path,
            f"{path} cannot be written ({reason}). Check that the file and its directory "
            "are yours and writable (chmod 600 on the file, 700 on the directory).",
        )
    if primary in (SQLITE_CANTOPEN, SQLITE_PERM):
        return BookUnreadable(
            path,
            f"cannot open {path} ({reason}). Check that it is a file you may read and "
            "write (chmod 600) in a directory you own.",
        )
    if primary == SQLITE_IOERR:
        return BookUnreadable(
            path,
            f"the disk failed while reading or writing {path} ({reason}); the change was "
            f"not saved. Check the disk (and free space), then {doctor_hint(path)}.",
        )
    return None


def translate(path: str, busy_timeout_ms: int, context: Any) -> StorageFault | None:
    """``handle_error`` listener body: raise the typed error in place of SQLAlchemy's."""
    fault = storage_fault(path, context.original_exception, busy_timeout_ms)
    if fault is None:
        return None
    if context.engine is not None:
        _FAULTED.add(context.engine)
    raise fault


def file_fault(path: str, error: OSError) -> StorageFault:
    """An OS error while preparing the file (permissions, a directory in its place)."""
    reason = error.strerror or type(error).__name__
    return BookUnreadable(
        path,
        f"cannot open {path} ({reason}). Check that it is a file you may read and write "
        "(chmod 600) in a directory you own.",
    )


def engine_faulted(engine: Any) -> bool:
    """Whether a storage fault happened on ``engine`` (then closing must not write)."""
    return engine in _FAULTED
