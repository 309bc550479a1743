"""The live-channel client: ``/xapi2/ch`` over ``websockets``, as ChangeEvents.

Connections drop (laptops sleep, servers restart); the channel reconnects with
exponential backoff and subscribes again to every type it was following. Events missed
while disconnected are not replayed by the protocol: consumers that must not miss
anything (the sync engine) treat events as hints and pull after a reconnect; the
``reconnects`` counter tells them one happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from ..store.base import ChangeEvent
from ..store.errors import Unauthorized
from .reading import read_event

log = logging.getLogger(__name__)

CLOSE_BAD_TOKEN = 4401
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")

Sleep = Callable[[float], Awaitable[None]]


class LiveChannel:
    """Follow ``types`` on the channel at ``ws_url`` (``ws://host/xapi2/ch``)."""

    def __init__(
        self,
        ws_url: str,
        token: str,
        types: Sequence[str],
        *,
        backoff: float = 0.2,
        max_backoff: float = 10.0,
        sleep: Sleep | None = None,
    ) -> None:
        self.ws_url = ws_url
        self._token = token
        self.types = tuple(types)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._sleep: Sleep = sleep or asyncio.sleep
        self.reconnects = 0
        self.errors: list[dict[str, Any]] = []  # error frames (e.g. a type we may not list)
        self.subscribed: set[str] = set()
        self.connected = asyncio.Event()
        self.ready = asyncio.Event()  # every subscribe answered (subscribed or error)
        # The first connection attempt is over, one way or the other: writes wait for this,
        # never for a server that has no live channel or is down.
        self.settled = asyncio.Event()

    def __repr__(self) -> str:
        return f"LiveChannel({self.ws_url!r})"

    def _url(self) -> str:
        return f"{self.ws_url}?{urlencode({'token': self._token})}"

    async def _open(self) -> ClientConnection:
        host = urlsplit(self.ws_url).hostname or ""
        return await connect(
            self._url(),
            proxy=None if host in LOCAL_HOSTS else True,
            open_timeout=10,
            user_agent_header="friendship-tui",
        )

    async def _subscribe(self, ws: ClientConnection) -> None:
        for n, type_ in enumerate(self.types):
            frame = {"op": "subscribe", "id": f"{type_}-{n}", "dataType": type_}
            await ws.send(json.dumps(frame))

    async def events(self) -> AsyncIterator[ChangeEvent]:
        """Every event on the followed types, forever; raises Unauthorized on a bad token."""
        attempt = 0
        while True:
            try:
                ws = await self._open()
            except InvalidURI as exc:
                raise ValueError(f"not a WebSocket URL: {self.ws_url!r}") from exc
            except InvalidStatus as exc:
                if exc.response.status_code in (401, 403):
                    raise Unauthorized("the live channel refused the token") from exc
                ws = None
            except (OSError, InvalidHandshake, TimeoutError) as exc:
                log.debug("live channel connect failed: %r", exc)
                ws = None
            if ws is not None:
                try:
                    await self._subscribe(ws)
                    self.connected.set()
                    attempt = 0
                    answered = 0
                    async for raw in ws:
                        frame = _parse(raw)
                        if frame is None:
                            continue
                        op = frame.get("op")
                        if op in ("subscribed", "error"):
                            if op == "subscribed":
                                self.subscribed.add(str(frame.get("dataType") or frame.get("id")))
                            else:
                                self.errors.append(frame)
                            answered += 1
                            if answered >= len(self.types):
                                self.ready.set()
                                self.settled.set()
                        else:
                            event = read_event(frame)
                            if event is not None:
                                yield event
                except ConnectionClosed as exc:
                    code = exc.rcvd.code if exc.rcvd is not None else None
                    if code == CLOSE_BAD_TOKEN:
                        raise Unauthorized("the live channel refused the token") from exc
                except OSError as exc:
                    log.debug("live channel dropped: %r", exc)
                finally:
                    self.connected.clear()
                    self.ready.clear()
                    self.subscribed.clear()
                    await ws.close()
                if ws.close_code == CLOSE_BAD_TOKEN:
                    raise Unauthorized("the live channel refused the token")
                self.reconnects += 1
            self.settled.set()
            delay = min(self.max_backoff, self.backoff * (2**attempt))
            attempt += 1
            await self._sleep(delay * (0.5 + random.random() / 2))


def _parse(raw: str | bytes) -> dict[str, Any] | None:
    try:
        frame = json.loads(raw)
    except ValueError:
        return None
    return frame if isinstance(frame, dict) else None


class RemoteChangeStream:
    """``Backend.changes()`` for a remote backend: connects at creation, in the background.

    Like the local stream it is live from the moment it is made: the backend's writes
    wait (briefly) until every open stream has its subscriptions confirmed, so a caller
    that makes the stream, writes, then reads sees its own write.
    """

    def __init__(
        self, channel: LiveChannel, on_close: Callable[[RemoteChangeStream], None]
    ) -> None:
        self.channel = channel
        self._on_close = on_close
        self._queue: asyncio.Queue[ChangeEvent | BaseException | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = asyncio.get_running_loop().create_task(self._pump())

    async def _pump(self) -> None:
        try:
            async for event in self.channel.events():
                self._queue.put_nowait(event)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # handed to the reader, not lost in a task
            self.channel.settled.set()  # nobody should wait for a stream that failed
            self._queue.put_nowait(exc)

    async def wait_ready(self, timeout: float) -> None:
        if self._task is None or self._task.done():
            return
        try:
            await asyncio.wait_for(self.channel.settled.wait(), timeout)
        except TimeoutError:  # a server that never confirms: stop making writes wait
            self.channel.settled.set()

    def __aiter__(self) -> RemoteChangeStream:
        return self

    async def __anext__(self) -> ChangeEvent:
        if self._task is None and self._queue.empty():
            raise StopAsyncIteration
        item = await self._queue.get()
        if item is None:
            raise StopAsyncIteration
        if isinstance(item, BaseException):
            raise item
        return item

    async def aclose(self) -> None:
        task, self._task = self._task, None
        self._on_close(self)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._queue.put_nowait(None)
