"""The ``/xapi2/ch`` live channel: store change events fanned out to WebSockets.

``Store.subscribe`` calls back after each commit, possibly from a worker thread, in
commit order. The callback only hands the event to the event loop
(``call_soon_threadsafe`` keeps the order); there each connection of the event's owner
gets a frame per matching subscription in its own queue, so one slow client never holds
up another and a user never sees another user's events.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from ..schema import MODELS
from ..store.base import ChangeEvent
from .accounts import Accounts, Principal

CLOSE_BAD_TOKEN = 4401
CLOSE_SERVER_GOING = 1012  # "service restart": clients should reconnect
QUEUE_LIMIT = 10_000  # a client this far behind is dropped rather than holding memory


@dataclass(eq=False)
class Connection:
    principal: Principal
    queue: asyncio.Queue[dict[str, Any] | None] = field(
        default_factory=lambda: asyncio.Queue(QUEUE_LIMIT)
    )
    subscriptions: dict[str, str] = field(default_factory=dict)  # id -> dataType

    def offer(self, frame: dict[str, Any] | None) -> None:
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            # Too far behind: end the connection; the client reconnects and resyncs.
            with contextlib.suppress(asyncio.QueueEmpty):
                while True:
                    self.queue.get_nowait()
            self.queue.put_nowait(None)


def event_frame(sub_id: str, event: ChangeEvent) -> dict[str, Any]:
    return {
        "op": "event",
        "id": sub_id,
        "dataType": event.type,
        "event": event.action,
        "object": event.object,
        "origin": event.origin,
    }


class Hub:
    """All open channel connections of one app, keyed by owner."""

    def __init__(self) -> None:
        self._by_owner: dict[str, set[Connection]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._unsubscribe: Callable[[], None] | None = None

    def attach(
        self, subscribe: Callable[[Callable[[ChangeEvent], None]], Callable[[], None]]
    ) -> None:
        """Start listening to the store; call from the loop that serves the sockets."""
        self._loop = asyncio.get_running_loop()
        self._unsubscribe = subscribe(self._from_store)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _from_store(self, event: ChangeEvent) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        # Always via the loop's queue, even from the loop's own thread: one path keeps
        # events in commit order.
        loop.call_soon_threadsafe(self.dispatch, event)

    def dispatch(self, event: ChangeEvent) -> None:
        if event.owner is None:
            return
        for conn in tuple(self._by_owner.get(event.owner, ())):
            for sub_id, data_type in conn.subscriptions.items():
                if data_type == event.type:
                    conn.offer(event_frame(sub_id, event))

    def add(self, conn: Connection) -> None:
        self._by_owner.setdefault(conn.principal.user, set()).add(conn)

    def remove(self, conn: Connection) -> None:
        conns = self._by_owner.get(conn.principal.user)
        if conns is not None:
            conns.discard(conn)
            if not conns:
                del self._by_owner[conn.principal.user]

    def disconnect_all(self) -> None:
        """Close every connection (shutdown); clients reconnect and subscribe again."""
        for conns in tuple(self._by_owner.values()):
            for conn in tuple(conns):
                conn.offer(None)

    @property
    def connection_count(self) -> int:
        return sum(len(c) for c in self._by_owner.values())


def _token_from(ws: WebSocket) -> str:
    token = ws.query_params.get("token")
    if token:
        return token
    auth = ws.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


async def serve_channel(ws: WebSocket, hub: Hub, accounts: Accounts) -> None:
    await ws.accept()
    principal = accounts.authenticate(_token_from(ws))
    if principal is None:
        await ws.close(code=CLOSE_BAD_TOKEN, reason="invalid or revoked token")
        return
    conn = Connection(principal)
    hub.add(conn)
    sender = asyncio.create_task(_send_frames(ws, conn))
    try:
        while True:
            try:
                raw = await ws.receive_text()
            except (WebSocketDisconnect, RuntimeError):
                break
            reply = _handle(conn, raw)
            if reply is not None:
                conn.offer(reply)
            if sender.done():
                break
    finally:
        hub.remove(conn)
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await sender
        if ws.client_state is WebSocketState.CONNECTED:
            with contextlib.suppress(Exception):
                await ws.close(code=CLOSE_SERVER_GOING)


def _error(sub_id: Any, message: str) -> dict[str, Any]:
    return {"op": "error", "id": sub_id, "message": message}


def _handle(conn: Connection, raw: str) -> dict[str, Any] | None:
    """One client frame in, at most one reply out (subscribed / unsubscribed / error)."""
    try:
        msg = json.loads(raw)
    except ValueError:
        return _error(None, "frame must be a JSON object")
    if not isinstance(msg, dict):
        return _error(None, "frame must be a JSON object")
    op, sub_id = msg.get("op"), msg.get("id")
    if sub_id is not None and not isinstance(sub_id, str | int):
        return _error(None, "id must be a string")
    key = str(sub_id) if sub_id is not None else None
    if op == "subscribe":
        data_type = msg.get("dataType")
        if key is None:
            return _error(None, "subscribe needs an id")
        if not isinstance(data_type, str) or data_type not in MODELS:
            return _error(sub_id, "dataType must be one of: " + ", ".join(MODELS))
        if not conn.principal.allows(data_type, "list"):
            return _error(sub_id, f"token lacks the scope {data_type}:list")
        conn.subscriptions[key] = data_type
        return {"op": "subscribed", "id": sub_id, "dataType": data_type}
    if op == "unsubscribe":
        if key is None or key not in conn.subscriptions:
            return _error(sub_id, "no subscription with this id")
        del conn.subscriptions[key]
        return {"op": "unsubscribed", "id": sub_id}
    if op == "ping":
        return {"op": "pong", "id": sub_id}
    return _error(sub_id, "op must be subscribe, unsubscribe or ping")


async def _send_frames(ws: WebSocket, conn: Connection) -> None:
    while True:
        frame = await conn.queue.get()
        if frame is None:
            with contextlib.suppress(Exception):
                await ws.close(code=CLOSE_SERVER_GOING)
            return
        await ws.send_text(json.dumps(frame, separators=(",", ":")))
