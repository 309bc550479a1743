"""The async iterator of a sync profile's changes (``SyncBackend.changes``): events of
the copy, with local ids the server has since replaced given as server ids."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..store.base import ChangeEvent

if TYPE_CHECKING:
    from .backend import SyncBackend


@dataclass(slots=True)
class SyncStream:
    """An async iterator of this backend's changes (see ``SyncBackend.changes``)."""

    backend: SyncBackend
    queue: asyncio.Queue[ChangeEvent] = field(default_factory=asyncio.Queue)
    unsubscribe: Callable[[], None] | None = None

    def __aiter__(self) -> SyncStream:
        return self

    async def __anext__(self) -> ChangeEvent:
        if self.unsubscribe is None and self.queue.empty():
            raise StopAsyncIteration
        return self.backend.translate(await self.queue.get())

    async def aclose(self) -> None:
        if self.unsubscribe is not None:
            self.unsubscribe()
            self.unsubscribe = None
