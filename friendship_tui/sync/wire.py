"""Single-shot remote writes carrying the outbox's own Idempotency-Key.

RemoteBackend's writes make a fresh key per call and retry for a while; the outbox
needs the *same* key on every attempt, across restarts, and wants a failure reported at
once (the operation stays queued and the pusher backs off). So the pusher sends its
writes through this small layer, over the RemoteBackend's HTTP client and error map.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from ..remote.backend import RemoteBackend, error_for
from ..remote.reading import read_object
from ..store.errors import Unavailable

Obj = dict[str, Any]


class OutboxWriter:
    """create / update / delete with a caller-chosen Idempotency-Key (or none)."""

    def __init__(self, remote: RemoteBackend) -> None:
        self.remote = remote
        self._client: httpx.AsyncClient = remote._client

    def _path(self, type_: str, id_: str | None = None) -> str:
        base = f"/xapi2/data/{type_}"
        return base if id_ is None else f"{base}/{quote(id_, safe='')}"

    async def _send(
        self, method: str, path: str, body: Mapping[str, Any] | None, key: str | None
    ) -> httpx.Response:
        headers: dict[str, str] = {}
        content = None
        if key:
            headers["Idempotency-Key"] = key
        if body is not None:
            content = json.dumps(dict(body)).encode("utf-8")
            headers["Content-Type"] = "application/json"
        try:
            response = await self._client.request(method, path, content=content, headers=headers)
        except httpx.TransportError as exc:
            raise Unavailable(f"cannot reach {self.remote.base_url}: {exc!r}") from exc
        if not response.is_success:
            raise error_for(response)
        return response

    async def create(
        self, type_: str, data: Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> Obj:
        response = await self._send("POST", self._path(type_), data, idempotency_key)
        return read_object(response.json())

    async def update(
        self,
        type_: str,
        id_: str,
        patch: Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> Obj:
        response = await self._send("PATCH", self._path(type_, id_), patch, idempotency_key)
        if response.status_code == 204 or not response.content:
            return await self.remote.get(type_, id_)
        return read_object(response.json())

    async def delete(self, type_: str, id_: str, *, idempotency_key: str | None = None) -> None:
        await self._send("DELETE", self._path(type_, id_), None, idempotency_key)
