"""The outbox's remote writes: single-shot, with the operation's own Idempotency-Key.

The outbox needs the *same* key on every attempt of an operation, across restarts, and
wants a failure reported at once (the operation stays queued and the pusher backs off
instead of the HTTP layer retrying). RemoteBackend's writes take both as keywords; this
adapter only fixes ``retries=0`` so the pusher's protocol stays backend-neutral.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..remote.backend import RemoteBackend
from ..store.base import Obj


class OutboxWriter:
    """create / update / delete / set_archived with a caller-chosen key (None: fresh)."""

    def __init__(self, remote: RemoteBackend) -> None:
        self.remote = remote

    async def create(
        self, type_: str, data: Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> Obj:
        return await self.remote.create(type_, data, idempotency_key=idempotency_key, retries=0)

    async def update(
        self,
        type_: str,
        id_: str,
        patch: Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> Obj:
        return await self.remote.update(
            type_, id_, patch, idempotency_key=idempotency_key, retries=0
        )

    async def delete(self, type_: str, id_: str, *, idempotency_key: str | None = None) -> None:
        await self.remote.delete(type_, id_, idempotency_key=idempotency_key, retries=0)

    async def set_archived(
        self, type_: str, id_: str, archived: bool, *, idempotency_key: str | None = None
    ) -> Obj:
        return await self.remote.set_archived(
            type_, id_, archived, idempotency_key=idempotency_key, retries=0
        )
