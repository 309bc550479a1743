"""Radicale, configured over our store and tokens, as an ASGI app mounted at ``/dav``.

Radicale (a mature CalDAV/CardDAV server) does the WebDAV protocol: PROPFIND, REPORT
(multiget, sync-collection, calendar-query), ETags, preconditions, well-known
redirects. We give it a storage plugin over the store (storage.py) and auth and rights
plugins over the gate's decision (gate.py). It is built on the first DAV request, so a
server that is never asked for DAV never imports it.

Radicale is synchronous WSGI; a2wsgi runs it in a small thread pool, where the store's
synchronous API is the right one to call.
"""

from __future__ import annotations

import functools
import logging
import threading
from typing import TYPE_CHECKING, Any

from starlette.types import Receive, Scope, Send

if TYPE_CHECKING:
    from ..state import ServerState

DAV_PREFIX = "/dav"
WSGI_THREADS = 4
MAX_CARD = 800 * 1024  # Radicale caps one resource at 80% of the body limit


def build_wsgi(state: ServerState) -> Any:
    from radicale import config
    from radicale.app import Application

    from .gate import MAX_BODY, Auth, Gate, Rights
    from .storage import Storage

    # Radicale logs each refused write as a warning with a traceback; the client gets
    # the reason in the DAV error, the server log keeps Radicale's errors only.
    logging.getLogger("radicale").setLevel(logging.ERROR)
    configuration = config.load()
    configuration.update(
        {
            "auth": {"type": Auth, "delay": "0"},
            "rights": {"type": Rights, "permit_delete_collection": "False"},
            "storage": {"type": functools.partial(Storage, store=state.store)},
            "web": {"type": "none"},
            "server": {
                "max_content_length": str(MAX_BODY),
                "max_resource_size": str(MAX_CARD),
                "delay_on_error": "0",  # a refused write is answered at once (gate.py)
            },
            "logging": {"level": "warning", "mask_passwords": "True"},
        },
        "friendship-tui",
        privileged=True,
    )
    return Gate(Application(configuration), state.accounts, state.buckets)


class DavMount:
    """The ASGI face of the DAV server, built on first use."""

    def __init__(self, state: ServerState) -> None:
        self._state = state
        self._app: Any = None
        self._lock = threading.Lock()

    def _get(self) -> Any:
        with self._lock:
            if self._app is None:
                from a2wsgi import WSGIMiddleware

                self._app = WSGIMiddleware(build_wsgi(self._state), workers=WSGI_THREADS)
            return self._app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._get()(scope, receive, send)
