"""Change notification: callbacks after commit, and the async stream ``changes()`` reads."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio

    from .backend_records import ChangeEvent

Subscriber = Callable[["ChangeEvent"], None]


class EventHub:
    """Fans committed events out to subscribers, in commit order, from the writer's thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Subscriber] = []

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._subscribers.remove(callback)

        return unsubscribe

    def publish(self, events: list[ChangeEvent]) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for event in events:
            for callback in subscribers:
                callback(event)


class ChangeStream:
    """An async iterator over one owner's events, subscribed from the moment it is made.

    Subscribing at creation (not at the first ``__anext__``) means a caller that makes
    the stream, then writes, then reads, sees its own write.
    """

    def __init__(self, hub: EventHub, owner: str) -> None:
        import asyncio  # here, not at the top: a one-shot command never streams changes

        self._queue: asyncio.Queue[ChangeEvent] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        self._owner = owner
        self._unsubscribe: Callable[[], None] | None = hub.subscribe(self._deliver)

    def _deliver(self, event: ChangeEvent) -> None:
        if event.owner != self._owner:
            return
        with contextlib.suppress(RuntimeError):  # loop already closed
            self._loop.call_soon_threadsafe(self._queue.put_nowait, event)

    def __aiter__(self) -> ChangeStream:
        return self

    async def __anext__(self) -> ChangeEvent:
        if self._unsubscribe is None and self._queue.empty():
            raise StopAsyncIteration
        return await self._queue.get()

    async def aclose(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
