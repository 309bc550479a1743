"""RemoteBackend: the Backend interface over an xapi2 server (httpx, async).

Works against any server that has only the documented parts of API.md: extensions
(``q=``, ``/xapi2/agenda``, archive endpoints, ``updated_since``) are probed once,
lazily, and replaced by client-side work or ``NotSupported`` where the server lacks
them. Writes carry an ``Idempotency-Key`` that stays the same across retries, so a
retry after a lost response never makes a twin on a server that honours it.
"""

from __future__ import annotations

import asyncio
import builtins
import random
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from urllib.parse import quote

import httpx

from ..domain.agenda import (
    PANELS,
    Agenda,
    AgendaRow,
    PanelName,
    limit_problems,
    limited,
    window_problems,
)
from ..domain.reserved_fields import (
    partial_ids,
)
from ..schema import MODELS, ListQuery
from ..store.audit import AuditQuery
from ..store.base import BackendDefaults, Capabilities, Obj, Page, Status, iter_all
from ..store.errors import (
    BackendError,
    NotFound,
    NotSupported,
    Unauthorized,
    Unavailable,
    ValidationError,
)
from ..store.partial_list import hides_partial, list_hiding_partial
from .agenda import agenda_from_json, agenda_params, agenda_row_list, client_agenda
from .errors import RETRY_STATUSES, error_for, parse_retry_after
from .live import LiveChannel, RemoteChangeStream
from .reading import read_object, read_page
from .request_body import encode_body

MAX_RETRY_AFTER = 60.0
USER_AGENT = "friendship-tui"
STREAM_READY_TIMEOUT = 5.0  # how long a write waits for a just-opened change stream

# What a server that only has the documented parts can do.
DOC_ONLY = Capabilities(
    search=False,
    updated_since=False,
    live=True,
    archive=False,
    audit=False,
    server_agenda=False,
)

Sleep = Callable[[float], Awaitable[None]]


class RemoteBackend(BackendDefaults):
    """Backend over HTTP. ``transport`` lets tests and embedders route requests."""

    mode: str = "remote"

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retries: int = 4,
        backoff: float = 0.25,
        max_backoff: float = 8.0,
        timeout: float = 30.0,
        sleep: Sleep | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._sleep: Sleep = sleep or asyncio.sleep
        self._clock = clock or (lambda: datetime.now(UTC))
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {token}", "User-Agent": USER_AGENT},
            transport=transport,
            timeout=timeout,
        )
        self.capabilities: Capabilities = Capabilities()
        self._probed = False
        self._streams: set[RemoteChangeStream] = set()
        self._probe_lock = asyncio.Lock()
        self._reachable: bool | None = None  # what the last request found; None: not asked yet
        self._last_error = ""
        self.tz: tzinfo | None = None  # the user's zone, sent with agenda reads

    def __repr__(self) -> str:  # never show the token
        return f"RemoteBackend({self.base_url!r})"

    # ------------------------------------------------------------------ transport

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: list[tuple[str, str]] | None = None,
        json_body: Mapping[str, Any] | None = None,
        idempotent_key: bool = False,
        idempotency_key: str | None = None,
        retries: int | None = None,
    ) -> httpx.Response:
        """Send with retries; returns a 2xx response or raises the typed error.

        Retried (up to ``retries``, default ``max_retries``): connection errors, 429
        (after Retry-After), 502/503/504. Never 4xx, 500 or 507 (disk full: raised at
        once as ``StorageFull``). ``idempotency_key`` sends that
        key; ``idempotent_key=True`` alone sends a fresh one. Either way every retry of
        this call carries the same key.
        """
        headers: dict[str, str] = {}
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        elif idempotent_key:
            headers["Idempotency-Key"] = uuid.uuid4().hex
        max_retries = self.max_retries if retries is None else retries
        content = None
        if json_body is not None:
            content = encode_body(json_body)
            headers["Content-Type"] = "application/json"
        if method != "GET" and self._streams:
            await self._streams_ready()
        attempt = 0
        while True:
            delay = min(self.max_backoff, self.backoff * (2**attempt))
            delay *= 0.5 + random.random() / 2  # jitter: retries of many clients spread out
            try:
                response = await self._client.request(
                    method,
                    path,
                    params=httpx.QueryParams(tuple(params)) if params else None,
                    content=content,
                    headers=headers,
                )
            except httpx.TransportError as exc:
                if attempt >= max_retries:
                    self._reachable, self._last_error = False, type(exc).__name__
                    raise Unavailable(f"cannot reach {self.base_url}: {exc!r}") from exc
            else:
                self._reachable, self._last_error = True, ""
                if response.is_success:
                    return response
                if response.status_code not in RETRY_STATUSES or attempt >= max_retries:
                    raise error_for(response)
                if response.status_code == 429:
                    wait = parse_retry_after(response.headers.get("retry-after"))
                    if wait is not None:
                        delay = min(MAX_RETRY_AFTER, wait)
            attempt += 1
            await self._sleep(delay)

    def status(self) -> Status:
        """Online or offline as the last request found it (no request of its own)."""
        if self._reachable is None:
            return Status(state="connecting")
        if self._reachable:
            return Status(state="online")
        return Status(state="offline", detail=self._last_error)

    async def _json(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise Unavailable(f"the server sent something that is not JSON: {exc}") from exc

    # ------------------------------------------------------------------ capabilities

    async def probe_capabilities(self) -> Capabilities:
        """Ask the server what it has ([ours] ``/xapi2/capabilities``); without that
        endpoint assume only the documented parts.

        Only an answer from the server is remembered. When the server cannot be reached
        (or is failing, or refuses the token) nothing is concluded: the error propagates,
        ``capabilities`` stays as it was, and the next call asks again.
        """
        async with self._probe_lock:
            if self._probed:
                return self.capabilities
            try:
                response = await self.request("GET", "/xapi2/capabilities")
            except (Unavailable, Unauthorized):
                raise  # no answer about features: ask again next time
            except BackendError:
                flags = None  # 404/405/403...: a server without the endpoint
            else:
                try:
                    flags = response.json()
                except ValueError:
                    flags = None
            if isinstance(flags, dict):
                self.capabilities = Capabilities(
                    search=bool(flags.get("search", False)),
                    updated_since=bool(flags.get("updated_since", False)),
                    live=bool(flags.get("live", True)),
                    archive=bool(flags.get("archive", False)),
                    audit=bool(flags.get("audit", False)),
                    server_agenda=bool(flags.get("server_agenda", False)),
                )
            else:
                self.capabilities = DOC_ONLY
            self._probed = True
            return self.capabilities

    async def server_capabilities(self) -> Capabilities:
        return await self.probe_capabilities()

    # ------------------------------------------------------------------ Backend

    @staticmethod
    def _check_type(type_: str) -> None:
        if type_ not in MODELS:
            raise ValidationError({"type": "must be one of: " + ", ".join(MODELS)})

    def _path(self, type_: str, id_: str | None = None) -> str:
        base = f"/xapi2/data/{type_}"
        return base if id_ is None else f"{base}/{quote(id_, safe='')}"

    async def list(self, type_: str, query: ListQuery | None = None) -> Page:
        self._check_type(type_)
        q = query or ListQuery()
        if hides_partial(type_, q) and not (await self.probe_capabilities()).archive:
            # partial contacts were not archived: they leave the default list here
            return await list_hiding_partial(self._list_plain, type_, q)
        return await self._list_plain(type_, q)

    async def _list_plain(self, type_: str, q: ListQuery) -> Page:
        if q.q or q.updated_since or q.include_deleted:
            caps = await self.probe_capabilities()
            if q.q and not caps.search:
                return await self._list_client_search(type_, q)
            if (q.updated_since or q.include_deleted) and not caps.updated_since:
                raise NotSupported("updated_since is not supported by this server")
        response = await self.request("GET", self._path(type_), params=q.to_params())
        model = MODELS[type_]
        limit = min(q.limit or model.default_page_size, model.max_page_size)
        return read_page(await self._json(response), limit=limit, offset=q.offset)

    async def get(self, type_: str, id_: str) -> Obj:
        self._check_type(type_)
        response = await self.request("GET", self._path(type_, id_))
        return read_object(await self._json(response))

    # Writes take ``idempotency_key`` (default: a fresh key per call) so a caller that
    # re-sends one operation across calls or restarts - the sync outbox - keeps one key
    # for it, and ``retries`` (default ``max_retries``) so it can fail fast and requeue.

    async def create(
        self,
        type_: str,
        data: Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
        retries: int | None = None,
    ) -> Obj:
        self._check_type(type_)
        response = await self.request(
            "POST",
            self._path(type_),
            json_body=data,
            idempotent_key=True,
            idempotency_key=idempotency_key,
            retries=retries,
        )
        return read_object(await self._json(response))

    async def update(
        self,
        type_: str,
        id_: str,
        patch: Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
        retries: int | None = None,
    ) -> Obj:
        self._check_type(type_)
        response = await self.request(
            "PATCH",
            self._path(type_, id_),
            json_body=patch,
            idempotent_key=True,
            idempotency_key=idempotency_key,
            retries=retries,
        )
        if response.status_code == 204 or not response.content:
            return await self.get(type_, id_)
        return read_object(await self._json(response))

    async def delete(
        self,
        type_: str,
        id_: str,
        *,
        idempotency_key: str | None = None,
        retries: int | None = None,
    ) -> None:
        self._check_type(type_)
        await self.request(
            "DELETE",
            self._path(type_, id_),
            idempotent_key=True,
            idempotency_key=idempotency_key,
            retries=retries,
        )

    async def search(self, text: str, limit: int = 20) -> builtins.list[Obj]:
        page = await self.list("contact", ListQuery(q=text, limit=limit))
        found = page.items[:limit]
        if not found:
            return found
        ids = [str(c["id"]) for c in found]
        hidden = partial_ids(await self._reserved_rows(ListQuery(filters={"parent_id": ids})))
        return [c for c in found if str(c["id"]) not in hidden]

    async def _reserved_rows(self, query: ListQuery) -> builtins.list[Obj]:
        """Custom fields that may hold reserved facts (deceased, partial); none from a
        server that does not serve custom fields at all."""
        try:
            return [c async for c in iter_all(self, "custom_field", query)]
        except NotFound:
            return []

    async def _list_client_search(self, type_: str, q: ListQuery) -> Page:
        """``q=`` for a server without search: filter the full list here."""
        needle = (q.q or "").casefold().split()
        model = MODELS[type_]
        texts = [f.name for f in model.text_fields]
        found: builtins.list[Obj] = []
        base = replace(q, q=None, limit=None, offset=0, after=None)
        async for obj in iter_all(self, type_, base):
            hay = " ".join(
                " ".join(v) if isinstance(v, list) else str(v)
                for k in texts
                if (v := obj.get(k)) is not None
            ).casefold()
            if all(word in hay for word in needle):
                found.append(obj)
        limit = min(q.limit or model.default_page_size, model.max_page_size)
        items = found[q.offset : q.offset + limit]
        return Page(items=items, limit=limit, offset=q.offset, total=len(found))

    async def agenda(
        self, today: date, horizon_days: int = 30, *, limit: int | None = None
    ) -> Agenda:
        if problems := window_problems(today, horizon_days) | limit_problems(limit):
            raise ValidationError(problems)
        caps = await self.probe_capabilities()
        if caps.server_agenda:
            params = agenda_params(today, horizon_days, self.tz, self._clock())
            if limit is not None:
                params.append(("limit", str(limit)))
            try:
                response = await self.request("GET", "/xapi2/agenda", params=params)
                return agenda_from_json(await self._json(response))
            except NotFound:
                self.capabilities = replace(self.capabilities, server_agenda=False)
        return limited(await self._client_agenda(today, horizon_days), limit)

    async def agenda_rows(
        self, panel: PanelName, today: date, horizon_days: int, offset: int, limit: int
    ) -> builtins.list[AgendaRow]:
        if panel not in PANELS:
            raise ValidationError({"panel": "must be one of: " + ", ".join(PANELS)})
        if problems := window_problems(today, horizon_days) | limit_problems(limit, offset):
            raise ValidationError(problems)
        caps = await self.probe_capabilities()
        if caps.server_agenda:
            params = agenda_params(today, horizon_days, self.tz, self._clock())
            params += [("offset", str(offset)), ("limit", str(limit))]
            try:
                response = await self.request("GET", f"/xapi2/agenda/{panel}", params=params)
                body = await self._json(response)
            except NotFound:
                self.capabilities = replace(self.capabilities, server_agenda=False)
            else:
                if not isinstance(body, dict):
                    raise Unavailable("the agenda panel response is not an object")
                return agenda_row_list(body.get("data"))
        rows: builtins.list[AgendaRow] = getattr(
            await self._client_agenda(today, horizon_days), panel
        )
        return rows[offset : offset + limit]

    async def _client_agenda(self, today: date, horizon_days: int) -> Agenda:
        """The whole agenda from the documented lists: a server without the extension."""
        return await client_agenda(self, today, horizon_days, self._reserved_rows)

    async def audit(self, query: AuditQuery | None = None) -> Page:
        """The caller's audit log ([ours] ``GET /xapi2/audit``), newest first."""
        q = query or AuditQuery()
        q.check()
        caps = await self.probe_capabilities()
        if not caps.audit:
            raise NotSupported("the audit log is not supported by this server")
        try:
            response = await self.request("GET", "/xapi2/audit", params=q.to_params())
        except NotFound:
            raise NotSupported("the audit log is not supported by this server") from None
        return read_page(await self._json(response), limit=q.limit or 50, offset=q.offset)

    async def set_archived(
        self,
        type_: str,
        id_: str,
        archived: bool,
        *,
        idempotency_key: str | None = None,
        retries: int | None = None,
    ) -> Obj:
        self._check_type(type_)
        verb = "archive" if archived else "unarchive"
        try:
            response = await self.request(
                "POST",
                f"{self._path(type_, id_)}/{verb}",
                idempotent_key=True,
                idempotency_key=idempotency_key,
                retries=retries,
            )
        except NotFound:
            # A missing object and a missing endpoint both answer 404: ask which.
            await self.get(type_, id_)
            raise NotSupported("archiving is not supported by this server") from None
        except NotSupported as exc:
            raise NotSupported("archiving is not supported by this server") from exc
        return read_object(await self._json(response))

    def live_url(self) -> str:
        scheme = "wss" if self.base_url.startswith("https") else "ws"
        return scheme + ":" + self.base_url.split(":", 1)[1] + "/xapi2/ch"

    def live_channel(
        self, types: Sequence[str] | None = None, *, max_backoff: float = 10.0
    ) -> LiveChannel:
        """A new (not yet connected) live channel as this backend's user, so callers
        that want the raw events (the sync engine) never handle the token."""
        return LiveChannel(
            self.live_url(),
            self._token,
            tuple(MODELS) if types is None else tuple(types),
            max_backoff=max_backoff,
        )

    def changes(self) -> RemoteChangeStream:
        """Every change to this user's data, over the live channel (reconnecting)."""
        channel = self.live_channel()
        stream = RemoteChangeStream(channel, self._streams.discard)
        self._streams.add(stream)
        return stream

    async def _streams_ready(self) -> None:
        for stream in tuple(self._streams):
            await stream.wait_ready(STREAM_READY_TIMEOUT)

    async def close(self) -> None:
        for stream in tuple(self._streams):
            await stream.aclose()
        await self._client.aclose()
