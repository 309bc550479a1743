"""How the client reads a server's refusal: one typed error per HTTP status.

Two statuses get errors of their own because callers must treat them differently from
"try again later" (``Unavailable``):

- 507 Insufficient Storage (``ServerStorageFull``, a ``store.errors.StorageFull`` like
  a full local disk): the server's disk is full. Retrying at
  once cannot help and would hammer a struggling server, so it is never retried; the
  sync outbox keeps the change and says why until someone makes room.
- any other 5xx (``ServerFailed``, an ``Unavailable``): the server failed this request.
  The sync puller skips the one type whose listing failed and pulls the others.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime

import httpx

from ..store.errors import (
    BackendError,
    Conflict,
    NotFound,
    NotSupported,
    PermissionDenied,
    RateLimited,
    StorageFull,
    Unauthorized,
    Unavailable,
    ValidationError,
)
from .reading import error_fields

# Retried by RemoteBackend.request: passing trouble only. Never 507 (see above).
RETRY_STATUSES = frozenset({429, 502, 503, 504})


class ServerStorageFull(StorageFull):
    """The server answered 507: it has no room to store the write. Not retried."""

    title = "Server storage full"
    code = "insufficient_storage"
    http_status = 507


class ServerFailed(Unavailable):
    """The server answered 5xx (not 507) to this request, after any retries."""

    title = "Server error"
    code = "server_error"

    def __init__(self, message: str, status: int = 500) -> None:
        self.status = status
        super().__init__(message)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def error_for(response: httpx.Response) -> BackendError:
    """The typed error for a non-2xx response."""
    try:
        body = response.json()
    except ValueError:
        body = None
    message, fields = error_fields(body)
    status = response.status_code
    text = message or f"HTTP {status}"
    if status in (400, 422):
        return ValidationError(fields or {"request": text}, message or None)
    if status == 401:
        return Unauthorized(text)
    if status == 403:
        return PermissionDenied(text)
    if status == 404:
        return NotFound(text)
    if status == 409:
        return Conflict(text)
    if status in (405, 501):
        return NotSupported(text)
    if status == 429:
        return RateLimited(text, parse_retry_after(response.headers.get("retry-after")))
    if status == 507:
        return ServerStorageFull(f"the server has no room to store this (507): {text}")
    if status >= 500:
        return ServerFailed(f"server error {status}: {text}", status)
    return BackendError(text)
