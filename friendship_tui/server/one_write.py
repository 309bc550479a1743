"""A response's head and body sent in one write, not two.

uvicorn's httptools protocol writes a response's status line and headers as soon as
the app sends ``http.response.start``, and the body in a second write. Each write is a
``send()`` on the socket: with ``TCP_NODELAY`` two segments, two trips through the
kernel's TCP stack and two wake-ups of the client, for a 300-byte head and a few-KB
body. Profiling the list page under 32 clients, the two writes took longer than the
page's read. ``OneWrite``
gives each request/response cycle a transport that holds the head back until the body
follows (or the end of this turn of the loop, whichever comes first), then writes both
at once; later writes (a streamed body) pass straight through. Only the HTTP cycle
sees it: the connection itself (keep-alive, flow control, a WebSocket upgrade) keeps
the real transport.
"""

from __future__ import annotations

import asyncio
from typing import Any


class HeldWrites:
    """A transport that holds its first write (a response's head) until the second (the
    body) or ``flush`` (at the latest at the end of the loop's current turn), sends them
    as one, and passes every later write straight through (a streamed body keeps the
    transport's flow control); everything else is the real transport's."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._head: bytes | None = None
        self._passing = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._passing:
            self._transport.write(data)
        elif self._head is None:
            self._head = bytes(data)
            self._loop.call_soon(self.flush)  # a head with no body yet must not wait
        else:
            head, self._head, self._passing = self._head, None, True
            self._transport.write(head + bytes(data))

    def flush(self) -> None:
        self._passing = True
        head, self._head = self._head, None
        if head is not None and not self._transport.is_closing():
            self._transport.write(head)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class OneWrite:
    """Mixed into uvicorn's httptools protocol: each cycle writes through its own
    ``HeldWrites``, flushed when its response is complete."""

    loop: asyncio.AbstractEventLoop
    cycle: Any
    transport: Any

    def on_headers_complete(self) -> None:
        super().on_headers_complete()  # type: ignore[misc]
        cycle = self.cycle
        if cycle is None or isinstance(cycle.transport, HeldWrites):
            return
        held = HeldWrites(self.transport, self.loop)
        cycle.transport = held
        done = cycle.on_response

        def flushed_then_done() -> None:
            held.flush()  # before a pipelined request's answer can start
            done()

        cycle.on_response = flushed_then_done
