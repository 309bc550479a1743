"""A server with only the documented API: the project's real server behind an ASGI gate
that answers 404 to every extension (capabilities, agenda, archive, audit) and drops
extension parameters (``q``, ``updated_since``), so a client must fall back to the
documented parts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode

from friendship_tui.schema import ListQuery

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ALL = ListQuery(filters={"is_archived": ["true", "false"]})
EXTENSION_PARAMS = {"q", "updated_since", "include_deleted"}


class DocumentedOnly:
    """ASGI gate in front of the real server: only the documented routes pass."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.state = app.state
        self.refused: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        documented = (
            path.startswith("/xapi2/data/") and not path.endswith(("/archive", "/unarchive"))
        ) or (scope["type"] == "websocket" and path == "/xapi2/ch")
        if not documented:
            self.refused.append(path)
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1000})
                return
            body = b'{"detail": "Not Found"}'
            await send({"type": "http.response.start", "status": 404,
                        "headers": [(b"content-type", b"application/json")]})  # fmt: skip
            await send({"type": "http.response.body", "body": body})
            return
        query = parse_qsl(scope.get("query_string", b"").decode(), keep_blank_values=True)
        kept = [(k, v) for k, v in query if k not in EXTENSION_PARAMS]
        await self.app({**scope, "query_string": urlencode(kept).encode()}, receive, send)


@contextmanager
def documented_only_server(where: Path) -> Iterator[tuple[str, str, DocumentedOnly]]:
    """The real server (a fresh book under ``where``) behind the gate, on 127.0.0.1:
    yields its address, a token of user alice and the gate (what it refused)."""
    from friendship_tui.server.app import create_app
    from friendship_tui.server.running import ThreadedServer

    real = create_app(where / "server.db", rate_limit=None)
    accounts = real.state.server.accounts
    accounts.add_user("alice")
    _, token = accounts.create_token("alice", "t", ["*:*"])
    gate = DocumentedOnly(real)
    server = ThreadedServer(cast(Any, gate)).start()
    try:
        yield server.url, token, gate
    finally:
        server.stop()
