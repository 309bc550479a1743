"""Servers for the client tests: the project's real one, and a deliberately odd one."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest


@dataclass
class Request:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


DROP = "drop"  # a handler returning this closes the socket without answering
Reply = tuple[int, dict[str, str], Any] | str
Handler = Callable[[Request], Reply]


@dataclass
class RawServer:
    """A tiny hand-written HTTP/1.1 server on 127.0.0.1: it answers exactly what the
    test's handler says, including nothing at all (a dropped connection)."""

    handler: Handler
    requests: list[Request] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            return
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
        parts = urlsplit(target)
        req = Request(
            method, parts.path, parse_qsl(parts.query, keep_blank_values=True), headers, body
        )
        self.requests.append(req)
        reply = self.handler(req)
        if reply == DROP:
            writer.transport.abort()
            return
        assert not isinstance(reply, str)
        status, extra, payload = reply
        data = b"" if payload is None else json.dumps(payload).encode()
        out = [f"HTTP/1.1 {status} X", f"Content-Length: {len(data)}", "Connection: close"]
        if payload is not None:
            out.append("Content-Type: application/json")
        out += [f"{k}: {v}" for k, v in extra.items()]
        writer.write(("\r\n".join(out) + "\r\n\r\n").encode() + data)
        await writer.drain()
        writer.close()


StartRaw = Callable[[Handler], Awaitable[RawServer]]


@pytest.fixture
async def raw_server() -> AsyncIterator[StartRaw]:
    """``raw = await raw_server(handler)``: a RawServer on a free port, closed after."""
    servers: list[asyncio.Server] = []

    async def start(handler: Handler) -> RawServer:
        raw = RawServer(handler)
        srv = await asyncio.start_server(raw._serve, "127.0.0.1", 0)
        raw.port = srv.sockets[0].getsockname()[1]
        servers.append(srv)
        return raw

    yield start
    for srv in servers:
        srv.close()
