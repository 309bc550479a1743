"""A full disk is 507 Insufficient Storage, not 503: retrying will not make room.

The store lets the database's error through (SQLite: "database or disk is full",
SQLITE_FULL; PostgreSQL: SQLSTATE 53100 disk_full; a file write: OSError ENOSPC),
possibly wrapped; ``is_disk_full`` looks along the whole cause chain. The answer has no
Retry-After, so clients stop and tell the user instead of retrying for ever.
"""

from __future__ import annotations

import errno
import logging

from starlette.requests import Request
from starlette.responses import Response

from .responses import JSONBody, error_body

log = logging.getLogger("friendship_tui.server")

SQLITE_FULL = 13
PG_DISK_FULL = "53100"
MESSAGE = (
    "the server's disk is full: the change was not saved; free space on the server, then try again"
)


def _causes(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or any(e is s for s in seen) or len(seen) > 20:
            continue
        seen.append(e)
        todo += [e.__cause__, e.__context__, getattr(e, "orig", None)]
    return seen


def is_disk_full(exc: BaseException) -> bool:
    for e in _causes(exc):
        if isinstance(e, OSError) and e.errno == errno.ENOSPC:
            return True
        if getattr(e, "sqlite_errorcode", None) == SQLITE_FULL:
            return True
        if getattr(e, "sqlstate", None) == PG_DISK_FULL:
            return True
        if "database or disk is full" in str(e) or "No space left on device" in str(e):
            return True
    return False


def disk_full_response(request: Request, exc: BaseException) -> Response:
    log.error("disk full on %s %s: %s", request.method, request.url.path, exc)
    return JSONBody(error_body("insufficient_storage", MESSAGE), status_code=507)
