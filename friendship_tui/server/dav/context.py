"""What one DAV request carries from the gate down to Radicale's plugins.

Radicale runs each request start to finish in one WSGI thread (a2wsgi's pool), and its
plugin interfaces pass only a user name. The token's principal (its scopes), the vCard
version the client asked for, and a refusal the storage wants the client to read are
therefore kept in a thread-local that the gate fills before calling Radicale and clears
after.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from ...store.errors import Unavailable
from ..accounts import Principal

VCARD_DEFAULT = "3.0"  # what iOS, DAVx5, Thunderbird and khard all read


@dataclass
class Refusal:
    """A write the store refused: the HTTP status and the reason, for a DAV error body."""

    status: int
    reason: str


@dataclass
class DavRequest:
    principal: Principal
    vcard_version: str = VCARD_DEFAULT
    refusal: Refusal | None = None
    # A plain GET of a whole calendar is a subscription (Google, Outlook, webcal), and
    # those show no tasks: reminders then travel as all-day events.
    tasks_as_events: bool = False


_local = threading.local()


def current() -> DavRequest | None:
    return getattr(_local, "request", None)


def begin(request: DavRequest) -> None:
    _local.request = request


def end() -> None:
    _local.request = None


def refuse(status: int, reason: str) -> ValueError:
    """Record the refusal and return the ValueError Radicale turns into a failed write."""
    req = current()
    if req is not None:
        req.refusal = Refusal(status, reason)
    return ValueError(reason)


UNAVAILABLE = "the database is unavailable, try again shortly"


@contextmanager
def guarded() -> Iterator[None]:
    """A lost database connection or a lock held too long is 503 + Retry-After for the
    DAV client, as for xapi2, not Radicale's bare 500."""
    try:
        yield
    except (OperationalError, Unavailable):
        raise refuse(503, UNAVAILABLE) from None
