"""The xapi2 server as an ASGI app: ``create_app(store_or_url)``.

Storage is ``store/`` (any SQLAlchemy URL); users, tokens and idempotency answers sit in
server-only tables in the same database. One app serves many users: each request is
scoped to its token's user through ``Store.backend(owner=user)``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from .. import __version__
from ..schema import SchemaError
from ..store.errors import BackendError, BookLocked, RateLimited, StorageFault, Unauthorized
from .accounts import Accounts
from .agenda_routes import add_agenda_routes
from .audit_routes import add_audit_routes
from .dav import add_dav
from .disk_full import disk_full_response, is_disk_full
from .fast_path import ServerApp
from .idempotency import IdempotencyStore
from .limits import BodyLimit, Limits
from .live import Hub, LiveLimits, serve_channel
from .openapi_models import component_schemas
from .rate_limit import DEFAULT_RATE_LIMIT, RateLimit, TokenBuckets, retry_after_header
from .read_cache import ReadCache
from .responses import ApiError, JSONBody, error_body, error_response, invalid
from .routes import add_all_routes
from .state import CHALLENGE, ServerState

if TYPE_CHECKING:
    from ..store.local import Store

log = logging.getLogger("friendship_tui.server")

DESCRIPTION = (
    "Friendship Tracker API (xapi2) as implemented by friendship-tui. Five endpoints per "
    "model under /xapi2/data/<type>; PAT auth (Authorization: Bearer pat_…) with scopes "
    "<type>:<action>; live channel at /xapi2/ch?token=. Operations marked [extension] "
    "are this server's additions."
)


def open_store(
    target: Store | str | os.PathLike[str], clock: Callable[[], datetime] | None
) -> Store:
    """The store to serve. A SQLite file that had to be created or upgraded first is
    opened once more: a current book is read on plain ``sqlite3`` connections, which
    the hot reads on the server's loop need (``store.quick_reads``)."""
    from ..store.local import Store
    from ..store.sqlite_book import plain_path

    if isinstance(target, Store):
        return target
    store = Store.open(target, clock)
    if store.book is None and plain_path(target) is not None:
        store.close()
        store = Store.open(target, clock)
    return store


def create_app(
    store: Store | str | os.PathLike[str],
    *,
    rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
    clock: Callable[[], datetime] | None = None,
    read_cache: bool = True,
    limits: Limits | None = None,
) -> FastAPI:
    """The server app over a Store (or a path / SQLAlchemy URL to open one).

    ``rate_limit=None`` turns limiting off (benchmarks, trusted single-user setups).
    ``read_cache=False`` when other processes write to the same database.
    ``limits``: body size and deadlines, live-channel caps (``Limits()`` by default).
    """
    limits = limits or Limits()
    the_store = open_store(store, clock)
    accounts = Accounts(the_store.engine, clock or the_store.clock)
    accounts.create_tables()
    state = ServerState(
        store=the_store,
        accounts=accounts,
        idempotency=IdempotencyStore(the_store.engine),
        buckets=TokenBuckets(rate_limit or RateLimit(rate=0)),
        hub=Hub(
            accounts,
            LiveLimits(
                sockets_per_token=limits.sockets_per_token,
                subscriptions_per_token=limits.subscriptions_per_token,
            ),
        ),
        clock=clock or the_store.clock,
        read_cache=ReadCache() if read_cache else None,
    )
    if state.read_cache is not None:
        cache = state.read_cache
        the_store.subscribe(lambda event: cache.invalidate(event.owner))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.hub.attach(the_store.subscribe)
        try:
            yield
        finally:
            state.hub.disconnect_all()
            state.hub.detach()
            state.accounts.close()

    app = ServerApp(
        title="Friendship Tracker API (xapi2)",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.server = state
    app.state.limits = limits  # uvicorn_config reads the header deadline from here
    app.add_middleware(BodyLimit, max_body=limits.max_body, body_timeout=limits.body_timeout)
    _add_error_handlers(app)
    doc = add_all_routes(app, state)
    for target in (app, doc):  # served, and documented in /openapi.json
        add_audit_routes(target, state)
        add_agenda_routes(target, state)

    @app.websocket("/xapi2/ch")
    async def channel(ws: WebSocket) -> None:
        await serve_channel(ws, state.hub, state.accounts)

    add_dav(app, state)  # CardDAV/CalDAV at /dav/ (Radicale, imported on first use)
    _install_openapi(app, doc)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc)

    async def on_backend_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BackendError)
        fields = getattr(exc, "fields", None)
        headers: dict[str, str] = {}
        if isinstance(exc, Unauthorized):
            headers["WWW-Authenticate"] = CHALLENGE
        if is_disk_full(exc):
            return disk_full_response(request, exc)
        if isinstance(exc, RateLimited) and exc.retry_after is not None:
            headers["Retry-After"] = retry_after_header(exc.retry_after)
        if isinstance(exc, BookLocked):
            headers["Retry-After"] = "1"
        if exc.http_status >= 500:
            log.error("backend error on %s %s: %r", request.method, request.url.path, exc)
        # a storage fault's own words name the server's file: clients get the public ones
        message = exc.public_message if isinstance(exc, StorageFault) else str(exc)
        return JSONBody(
            error_body(exc.code, message, fields), status_code=exc.http_status, headers=headers
        )

    async def on_schema_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SchemaError)
        return error_response(invalid(exc.fields))

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "error")
        return JSONBody(
            error_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
        )

    async def on_request_validation(request: Request, exc: Exception) -> Response:
        # Only path/query typing could get here; our handlers read bodies themselves.
        return error_response(invalid({"request": str(exc)[:400]}))

    async def on_database_down(request: Request, exc: Exception) -> Response:
        if is_disk_full(exc):  # not transient: retrying will not make room
            return disk_full_response(request, exc)
        # A lost connection (the database restarted) or a lock held too long: transient,
        # so 503 + Retry-After (clients retry) rather than a 500. The pool has already
        # dropped the dead connections; the next request opens fresh ones.
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
        return JSONBody(
            error_body("unavailable", "the database is unavailable, try again shortly"),
            status_code=503,
            headers={"Retry-After": "1"},
        )

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        if is_disk_full(exc):
            return disk_full_response(request, exc)
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONBody(error_body("internal_error", "internal server error"), status_code=500)

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(BackendError, on_backend_error)
    app.add_exception_handler(SchemaError, on_schema_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(OperationalError, on_database_down)
    app.add_exception_handler(Exception, on_unexpected)


def _install_openapi(app: FastAPI, doc_app: FastAPI) -> None:
    """The per-type document (from ``doc_app``'s routes) plus the request-body schemas
    and the bearer scheme, served at /openapi.json."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        doc = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=doc_app.routes,
        )
        components = doc.setdefault("components", {})
        components.setdefault("schemas", {}).update(component_schemas())
        components["securitySchemes"] = {
            "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "pat_…"}
        }
        for path, ops in doc.get("paths", {}).items():
            if path.startswith("/xapi2/") and path != "/xapi2/capabilities":
                for op in ops.values():
                    op["security"] = [{"bearerAuth": []}]
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
