"""What the routes share: the store, accounts, limits, the live hub; and authorization."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from starlette.requests import HTTPConnection

from ..schema import ListQuery
from ..store import quick_reads
from ..store.audit import ACTOR
from ..store.base import Backend, Obj, Page
from .accounts import Accounts, Principal
from .idempotency import IdempotencyStore
from .live import Hub
from .rate_limit import TokenBuckets, retry_after_header
from .read_cache import ReadCache
from .responses import ApiError

if TYPE_CHECKING:
    from ..store.local import Store

CHALLENGE = 'Bearer realm="xapi2"'
STORE_CONCURRENCY = 4


def bearer_token(conn: HTTPConnection) -> str | None:
    header = conn.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


@dataclass
class ServerState:
    store: Store
    accounts: Accounts
    idempotency: IdempotencyStore
    buckets: TokenBuckets
    hub: Hub
    clock: Callable[[], datetime] | None = None
    read_cache: ReadCache | None = None
    store_concurrency: int = STORE_CONCURRENCY
    # SQLite steps a hot read may take on the event loop (0: every read in a thread)
    quick_read_steps: int = quick_reads.BUDGET
    _backends: dict[str, Backend] = field(default_factory=dict)
    _slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = field(
        default_factory=weakref.WeakKeyDictionary
    )

    def store_slot(self) -> asyncio.Semaphore:
        """Bound concurrent store reads: dozens of threads on SQLite only fight over the
        GIL and the connection pool (overflow connections are opened and closed each
        time); a few at once keep every core busy."""
        loop = asyncio.get_running_loop()
        slots = self._slots.get(loop)
        if slots is None:  # one per loop: a semaphore belongs to the loop it waits on
            slots = self._slots[loop] = asyncio.Semaphore(self.store_concurrency)
        return slots

    def backend_for(self, principal: Principal) -> Backend:
        """One store view per user: every query and write is scoped to its owner."""
        backend = self._backends.get(principal.user)
        if backend is None:
            backend = self.store.backend(owner=principal.user)
            self._backends[principal.user] = backend
        return backend

    async def read_page(self, principal: Principal, type_: str, query: ListQuery) -> Page:
        """A page of the caller's ``type_``: read right here on the loop when it is
        quick (``store.quick_reads``), else in a thread, a few at a time."""
        steps = self.quick_read_steps
        page = (
            quick_reads.list_now(self.store, principal.user, type_, query, steps) if steps else None
        )
        if page is None:
            async with self.store_slot():
                page = await self.backend_for(principal).list(type_, query)
        return page

    async def read_one(self, principal: Principal, type_: str, id_: str) -> Obj:
        """One of the caller's objects, as ``read_page`` reads a page."""
        steps = self.quick_read_steps
        obj = quick_reads.get_now(self.store, principal.user, type_, id_, steps) if steps else None
        if obj is None:
            async with self.store_slot():
                obj = await self.backend_for(principal).get(type_, id_)
        return obj

    def authenticate(self, conn: HTTPConnection) -> Principal:
        token = bearer_token(conn)
        if token is None:
            raise ApiError(
                401,
                "unauthorized",
                "send Authorization: Bearer pat_…",
                headers={"WWW-Authenticate": CHALLENGE},
            )
        principal = self.accounts.authenticate(token)
        if principal is None:
            raise ApiError(
                401,
                "unauthorized",
                "the token is invalid or revoked",
                headers={"WWW-Authenticate": CHALLENGE + ', error="invalid_token"'},
            )
        ACTOR.set(principal.token_name or principal.token_id)  # audit: who wrote (per request)
        wait = self.buckets.take(principal.token_id)
        if wait is not None:
            raise ApiError(
                429,
                "rate_limited",
                "too many requests; slow down",
                headers={"Retry-After": retry_after_header(wait)},
            )
        return principal

    def authorize(self, conn: HTTPConnection, type_: str, action: str) -> Principal:
        return self.authorize_all(conn, ((type_, action),))

    def authorize_all(self, conn: HTTPConnection, needs: Iterable[tuple[str, str]]) -> Principal:
        principal = self.authenticate(conn)
        missing = [f"{t}:{a}" for t, a in needs if not principal.allows(t, a)]
        if missing:
            raise ApiError(
                403,
                "forbidden",
                "the token lacks the scope " + ", ".join(missing),
                headers={"WWW-Authenticate": CHALLENGE + ', error="insufficient_scope"'},
            )
        return principal

    def today(self) -> date:
        now = self.clock() if self.clock is not None else datetime.now(UTC)
        return now.date()

    def capabilities(self) -> dict[str, Any]:
        return {
            "search": True,
            "updated_since": True,
            "include_deleted": True,
            "live": True,
            "archive": True,
            "server_agenda": True,
            "idempotency": True,
            "audit": True,
        }
