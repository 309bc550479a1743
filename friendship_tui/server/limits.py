"""Request limits: a body cap enforced while the body streams in, and deadlines for
headers and bodies, so a client cannot hold the server's memory or connections.

``BodyLimit`` is an ASGI middleware: a declared ``Content-Length`` over the cap is
refused before a byte of the body is read; a chunked body is counted as it arrives and
refused once it passes the cap (never buffered whole). The body must arrive within
``body_timeout`` of the request's headers (a half-sent body gets 408). Any answer given
while the body is unread closes the connection (``Connection: close``): the rest of
the body is never drained, and the socket is not held open.

``header_timeout`` lives in the HTTP protocol (``guarded_protocol``): uvicorn waits for
a request's headers for ever; ours closes the connection when they take longer.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from .responses import ApiError, JSONBody, error_body

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Every server limit, with its ``friendship serve`` flag."""

    max_body: int = MiB  # --max-body (bytes)
    body_timeout: float = 10.0  # --body-timeout (seconds for a whole body)
    header_timeout: float = 10.0  # --header-timeout (seconds for a request's headers)
    sockets_per_token: int = 8  # --max-sockets (live channel)
    subscriptions_per_token: int = 64  # --max-subscriptions (live channel)
    ws_max_frame: int = 64 * 1024  # client frames are tiny JSON; larger ones close the socket


def too_large(max_body: int) -> ApiError:
    return ApiError(
        413,
        "payload_too_large",
        f"the request body is larger than {max_body} bytes (friendship serve --max-body)",
        headers={"Connection": "close"},
    )


def too_slow(body_timeout: float) -> ApiError:
    return ApiError(
        408,
        "request_timeout",
        f"the request body did not arrive within {body_timeout:g} seconds",
        headers={"Connection": "close"},
    )


def _body_framing(scope: Scope) -> tuple[int | None, bool]:
    """(declared Content-Length, whether a body follows at all)."""
    declared: int | None = None
    chunked = False
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                declared = int(value)
            except ValueError:
                declared = None  # h11 refuses a malformed length before we see it
        elif name == b"transfer-encoding":
            chunked = True
    return declared, chunked or bool(declared)


class BodyLimit:
    """ASGI middleware: the body cap and the body deadline (see the module doc)."""

    def __init__(self, app: ASGIApp, max_body: int, body_timeout: float) -> None:
        self.app = app
        self.max_body = max_body
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared, has_body = _body_framing(scope)
        if declared is not None and declared > self.max_body:
            err = too_large(self.max_body)
            response = JSONBody(
                error_body(err.code, err.message), status_code=err.status, headers=err.headers
            )
            await response(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout
        received = 0
        done = not has_body  # a GET's answer keeps the connection alive

        async def limited_receive() -> Message:
            nonlocal received, done
            if done:
                return await receive()
            remaining = deadline - loop.time()
            try:
                if remaining <= 0:
                    raise TimeoutError
                message = await asyncio.wait_for(receive(), remaining)
            except TimeoutError:
                raise too_slow(self.body_timeout) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise too_large(self.max_body)
                done = not message.get("more_body", False)
            return message

        async def closing_send(message: Message) -> None:
            if message["type"] == "http.response.start" and not done:
                # Answered before the whole body came: do not keep reading it.
                headers = [(k, v) for k, v in message.get("headers", ()) if k != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, limited_receive, closing_send)


class HeaderDeadline:
    """A deadline for each request's headers, mixed into one of uvicorn's HTTP
    protocols (both make ``self.cycle`` when a request's headers are complete)."""

    header_timeout = 10.0
    loop: asyncio.AbstractEventLoop
    cycle: Any
    transport: Any

    def connection_made(self, transport: Any) -> None:
        self._header_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)  # type: ignore[misc]
        self._arm()

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _between_requests(self) -> bool:
        return self.cycle is None or bool(self.cycle.response_complete)

    def data_received(self, data: bytes) -> None:
        if self._between_requests():
            self._arm()  # the next request's headers start arriving
        super().data_received(data)  # type: ignore[misc]
        if not self._between_requests():
            self._disarm()  # its headers are complete: the body has its own deadline

    def handle_websocket_upgrade(self, *event: Any) -> None:
        self._disarm()  # the socket now belongs to the WebSocket protocol
        super().handle_websocket_upgrade(*event)  # type: ignore[misc]

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)  # type: ignore[misc]

    def _too_slow(self) -> None:
        self._header_timer = None
        if self._between_requests() and not self.transport.is_closing():
            self.transport.close()


class GuardedH11Protocol(HeaderDeadline, H11Protocol):
    """uvicorn's pure-Python h11 protocol with a deadline for each request's headers
    (when httptools is not installed)."""


def guarded_protocol(header_timeout: float, *, fast: bool = True) -> type[asyncio.Protocol]:
    """The protocol class to give uvicorn (``Config(http=...)``) for this deadline:
    httptools' parser when it is installed (the "server" extra; it spends a fraction of
    h11's time per request), else h11's."""
    base: type[asyncio.Protocol] = GuardedH11Protocol
    if fast:
        try:
            from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
        except ImportError:  # pragma: no cover - depends on the environment
            pass
        else:
            base = type("GuardedHttpToolsProtocol", (HeaderDeadline, HttpToolsProtocol), {})
    return type(base.__name__, (base,), {"header_timeout": header_timeout})
