"""One family of backend errors, each with a title a person can read.

The UI and CLI catch ``BackendError`` once and show ``title`` and ``str(error)``; the
server maps each class to its HTTP status; the remote client maps statuses back.
"""

from __future__ import annotations

from collections.abc import Mapping


class BackendError(Exception):
    title = "Something went wrong"
    code = "error"
    http_status = 500


class ValidationError(BackendError):
    """Bad input; ``fields`` maps each bad field (or query parameter) to the reason."""

    title = "Invalid input"
    code = "validation_error"
    http_status = 400

    def __init__(self, fields: Mapping[str, str], message: str | None = None) -> None:
        self.fields = dict(fields)
        summary = "; ".join(f"{k} {v}" for k, v in self.fields.items())
        super().__init__(message or summary or "invalid input")


class NotFound(BackendError):
    title = "Not found"
    code = "not_found"
    http_status = 404


class PermissionDenied(BackendError):
    title = "Not allowed"
    code = "forbidden"
    http_status = 403


class Unauthorized(PermissionDenied):
    """No, bad or revoked credentials (401), as opposed to a missing scope (403)."""

    title = "Not signed in"
    code = "unauthorized"
    http_status = 401


class Unavailable(BackendError):
    """The backend cannot be reached now (network down, server 5xx); try again later."""

    title = "Server unavailable"
    code = "unavailable"
    http_status = 503


class Conflict(BackendError):
    title = "Conflict"
    code = "conflict"
    http_status = 409


class RateLimited(Unavailable):
    title = "Too many requests"
    code = "rate_limited"
    http_status = 429

    def __init__(self, message: str = "rate limited", retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class NotSupported(BackendError):
    """The backend (often a third-party server) lacks an optional capability."""

    title = "Not supported"
    code = "not_supported"
    http_status = 501


class StorageFull(BackendError):
    """No room to store a write: this machine's disk (``DiskFull``, naming the file) or
    the server's (``remote.errors.ServerStorageFull``, its 507). Retrying at once cannot
    make room, so neither is retried; the app and the CLI handle both as this one error
    (the CLI: exit 3 with one line; a sync profile keeps its queued changes)."""

    title = "Storage full"
    code = "storage_full"
    http_status = 507


class StorageFault(BackendError):
    """The book's file cannot be used: damaged, locked, disk full, unreadable, missing.

    Raised by the store from one place (``store/engine.py``, where SQLite's errors
    surface) so callers never see SQLAlchemy's text, which carries SQL and row values.
    ``str()`` is one line naming the file and the next step; ``public_message`` is the
    same without the path, for answers that leave the machine (the server).
    """

    title = "Book cannot be used"
    code = "storage_fault"
    http_status = 500
    public_message = "the database cannot be used"

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(message)


class BookCorrupt(StorageFault):
    title = "Book damaged"
    code = "book_corrupt"
    public_message = "the database is damaged"


class BookLocked(StorageFault):
    """Another program held the write lock longer than the busy timeout: transient."""

    title = "Book busy"
    code = "book_locked"
    http_status = 503
    public_message = "the database is busy, try again shortly"


class DiskFull(StorageFault, StorageFull):
    title = "Disk full"
    code = "disk_full"
    http_status = 507
    public_message = "the server's disk is full"


class BookUnreadable(StorageFault):
    """Permissions, a read-only file, a directory where the file should be, I/O errors."""

    title = "Book unreadable"
    code = "book_unreadable"


class BookTooNew(StorageFault):
    """A newer release upgraded the book: this one does not know its revision, so it
    neither copies nor changes the file (an older copy on another machine, a downgrade)."""

    title = "Book from a newer release"
    code = "book_too_new"
    public_message = "the database was written by a newer release"


class BookMissing(StorageFault):
    """The book's directory does not exist: a mistyped ``--db`` must not make a new book."""

    title = "No such book"
    code = "book_missing"
