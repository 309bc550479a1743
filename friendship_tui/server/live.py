"""The ``/xapi2/ch`` live channel: store change events fanned out to WebSockets.

``Store.subscribe`` calls back after each commit, possibly from a worker thread, in
commit order. The callback only hands the event to the event loop
(``call_soon_threadsafe`` keeps the order); there each connection of the event's owner
gets a frame per matching subscription in its own queue, so one slow client never holds
up another and a user never sees another user's events.

A socket lives only as long as its credentials: the hub watches the same commit signal
as the token cache (``Accounts.generation``: SQLite's ``data_version``, PostgreSQL's
NOTIFY) and closes, with 4401, every socket whose token was revoked or whose user was
deleted since. A user name can be deleted and added again: events go only to sockets
of the account that last authenticated under the name, so the old account's socket
never sees the new one's data. Each token may hold a bounded number of sockets and
subscriptions (``LiveLimits``), so one token cannot exhaust the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from ..schema import MODELS
from ..store.base import ChangeEvent
from .accounts import Accounts, Principal
from .live_guard import live_tokens

log = logging.getLogger("friendship_tui.server")

CLOSE_BAD_TOKEN = 4401
CLOSE_TOO_MANY = 4429  # over a per-token cap: the client may retry later
CLOSE_SERVER_GOING = 1012  # "service restart": clients should reconnect
QUEUE_LIMIT = 10_000  # a client this far behind is dropped rather than holding memory


@dataclass(frozen=True, slots=True)
class LiveLimits:
    """Per-token caps (``friendship serve --max-sockets/--max-subscriptions``) and how
    often credentials are re-checked (a revoke closes sockets within about this)."""

    sockets_per_token: int = 8
    subscriptions_per_token: int = 64
    check_every: float = 0.25


@dataclass(frozen=True, slots=True)
class Closing:
    """The last item of a connection's queue: close the socket with this code."""

    code: int
    reason: str


Frame = dict[str, Any] | Closing


@dataclass(eq=False)
class Connection:
    principal: Principal
    queue: asyncio.Queue[Frame] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    subscriptions: dict[str, str] = field(default_factory=dict)  # id -> dataType
    closing: bool = False

    def offer(self, frame: dict[str, Any]) -> None:
        if self.closing:
            return
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            # Too far behind: end the connection; the client reconnects and resyncs.
            self.close(CLOSE_SERVER_GOING, "too far behind")

    def close(self, code: int, reason: str) -> None:
        """Drop what is queued (a revoked token gets nothing more) and close."""
        if self.closing:
            return
        self.closing = True
        with contextlib.suppress(asyncio.QueueEmpty):
            while True:
                self.queue.get_nowait()
        self.queue.put_nowait(Closing(code, reason))


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
    """All open channel connections of one app, by owner name and by token."""

    def __init__(self, accounts: Accounts | None = None, limits: LiveLimits | None = None) -> None:
        self.accounts = accounts
        self.limits = limits or LiveLimits()
        self._by_owner: dict[str, set[Connection]] = {}
        self._by_token: dict[str, set[Connection]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._guard: asyncio.Task[None] | None = None

    def attach(
        self, subscribe: Callable[[Callable[[ChangeEvent], None]], Callable[[], None]]
    ) -> None:
        """Start listening to the store; call from the loop that serves the sockets."""
        self._loop = asyncio.get_running_loop()
        self._unsubscribe = subscribe(self._from_store)
        if self.accounts is not None:
            self._guard = self._loop.create_task(self._guard_credentials(self.accounts))

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._guard is not None:
            self._guard.cancel()
            self._guard = None

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
        conns = self._by_owner.get(event.owner)
        if not conns:
            return
        # The write was authenticated before it committed, so this is the account that
        # made it; a deleted account's socket under a reused name is skipped.
        current = self.accounts.current_user_id(event.owner) if self.accounts else None
        for conn in tuple(conns):
            if current is not None and conn.principal.user_id not in ("", current):
                continue
            for sub_id, data_type in conn.subscriptions.items():
                if data_type == event.type:
                    conn.offer(event_frame(sub_id, event))

    def open(self, principal: Principal) -> Connection | None:
        """A new connection for ``principal``; None when its token is at the cap."""
        same_token = self._by_token.setdefault(principal.token_id, set())
        if len(same_token) >= self.limits.sockets_per_token:
            if not same_token:
                del self._by_token[principal.token_id]
            return None
        conn = Connection(principal)
        same_token.add(conn)
        self._by_owner.setdefault(principal.user, set()).add(conn)
        return conn

    def remove(self, conn: Connection) -> None:
        for index, key in (
            (self._by_owner, conn.principal.user),
            (self._by_token, conn.principal.token_id),
        ):
            conns = index.get(key)
            if conns is not None:
                conns.discard(conn)
                if not conns:
                    del index[key]

    def subscription_count(self, token_id: str) -> int:
        return sum(len(c.subscriptions) for c in self._by_token.get(token_id, ()))

    def close_token(self, token_id: str, code: int, reason: str) -> int:
        """Close every socket of a token; returns how many."""
        conns = tuple(self._by_token.get(token_id, ()))
        for conn in conns:
            self.remove(conn)
            conn.close(code, reason)
        return len(conns)

    def disconnect_all(self) -> None:
        """Close every connection (shutdown); clients reconnect and subscribe again."""
        for conns in tuple(self._by_owner.values()):
            for conn in tuple(conns):
                conn.close(CLOSE_SERVER_GOING, "server shutting down")

    async def _guard_credentials(self, accounts: Accounts) -> None:
        """Close the sockets of revoked tokens and deleted users, within ``check_every``
        of the commit (or of its NOTIFY on PostgreSQL)."""
        checked: int | None = None
        while True:
            await asyncio.sleep(self.limits.check_every)  # a poll period, not a wait
            if not self._by_token:
                continue
            try:
                # Looked before the query, so a later commit is seen next time; in a
                # thread, as re-opening a lost PostgreSQL watch may wait for a connection.
                generation = await asyncio.to_thread(accounts.generation)
                if generation is not None and generation == checked:
                    continue
                asked = list(self._by_token)
                live = await asyncio.to_thread(live_tokens, accounts.engine, asked)
            except Exception as exc:  # the database is down: keep sockets, ask again
                log.warning("live channel: cannot check tokens: %s", exc)
                continue
            checked = generation
            self.close_stale(asked, live)

    def close_stale(self, asked: list[str], live: dict[str, str]) -> None:
        for token_id in asked:
            user_id = live.get(token_id)
            for conn in tuple(self._by_token.get(token_id, ())):
                if user_id is None or conn.principal.user_id not in ("", user_id):
                    self.remove(conn)
                    conn.close(CLOSE_BAD_TOKEN, "the token was revoked or its user deleted")


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
    conn = hub.open(principal)
    if conn is None:
        cap = hub.limits.sockets_per_token
        message = (
            f"too many live connections for this token: at most {cap} "
            "(friendship serve --max-sockets)"
        )
        with contextlib.suppress(Exception):
            await ws.send_text(json.dumps(_error(None, message, "max_sockets")))
            await ws.close(code=CLOSE_TOO_MANY, reason="too many connections for this token")
        return
    sender = asyncio.create_task(_send_frames(ws, conn))
    try:
        while True:
            try:
                raw = await ws.receive_text()
            except (WebSocketDisconnect, RuntimeError):
                break
            reply = _handle(hub, conn, raw)
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


def _error(sub_id: Any, message: str, limit: str | None = None) -> dict[str, Any]:
    frame = {"op": "error", "id": sub_id, "message": message}
    if limit is not None:
        frame["limit"] = limit  # [ours] which cap refused the request
    return frame


def _handle(hub: Hub, conn: Connection, raw: str) -> dict[str, Any] | None:
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
        cap = hub.limits.subscriptions_per_token
        if key not in conn.subscriptions and hub.subscription_count(conn.principal.token_id) >= cap:
            return _error(
                sub_id,
                f"too many subscriptions for this token: at most {cap} "
                "(friendship serve --max-subscriptions)",
                "max_subscriptions",
            )
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
        if isinstance(frame, Closing):
            with contextlib.suppress(Exception):
                await ws.close(code=frame.code, reason=frame.reason)
            return
        await ws.send_text(json.dumps(frame, separators=(",", ":")))
