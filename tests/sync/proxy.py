"""A TCP proxy on 127.0.0.1 between the sync client and the server, to make faults.

- ``offline = True``: every open connection is cut and new ones are closed at once
  (a network that is down), HTTP and the WebSocket alike.
- ``drop_next_post_response()``: the next POST/PATCH/DELETE is forwarded to the server
  (which commits it) but its response is thrown away and the connection cut: the
  client never learns the outcome.
- ``disk_full = True``: every write is answered 507 Insufficient Storage by the proxy
  (what the server says when its disk is full); ``refused`` counts them.
- ``fail_lists.add("note")``: ``GET /xapi2/data/note...`` is answered 500.
- ``hold_writes_after(n)``: n more writes pass, the next one is held until ``release()``
  (``await held()`` tells when): a fault can then be made at an exact point of a push.
"""

from __future__ import annotations

import asyncio
import contextlib
import json

WRITE_METHODS = (b"POST ", b"PATCH ", b"DELETE ")


class FaultProxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self.offline = False
        self._drop_armed = False
        self.dropped = 0
        self._write_budget: int | None = None
        self._holding = asyncio.Event()
        self._released = asyncio.Event()
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.disk_full = False
        self.refused = 0
        self.fail_lists: set[str] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FaultProxy:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    def cut(self) -> None:
        for w in list(self._writers):
            with contextlib.suppress(Exception):
                w.transport.abort()
        self._writers.clear()

    def go_offline(self) -> None:
        self.offline = True
        self.cut()

    def go_online(self) -> None:
        self.offline = False

    def drop_next_post_response(self) -> None:
        self._drop_armed = True

    def hold_writes_after(self, n: int) -> None:
        self._write_budget = n
        self._holding.clear()
        self._released.clear()

    async def held(self) -> None:
        await self._holding.wait()

    def release(self) -> None:
        self._write_budget = None
        self._released.set()

    def _canned(self, data: bytes) -> bytes | None:
        """The proxy's own answer to this request, if it is one it must refuse."""
        status: tuple[int, str] | None = None
        if self.disk_full and data.startswith(WRITE_METHODS):
            self.refused += 1
            status = (507, "insufficient_storage")
        for type_ in self.fail_lists:
            if data.startswith(f"GET /xapi2/data/{type_}?".encode()) or data.startswith(
                f"GET /xapi2/data/{type_} ".encode()
            ):
                status = (500, "internal_error")
        if status is None:
            return None
        error = {"error": {"code": status[1], "message": "refused by the test"}}
        body = json.dumps(error).encode()
        head = (
            f"HTTP/1.1 {status[0]} X\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        return head.encode() + body

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.offline:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        doomed = {"flag": False}

        async def client_to_server() -> None:
            while data := await reader.read(65536):
                canned = self._canned(data)
                if canned is not None:
                    writer.write(canned)
                    await writer.drain()
                    return
                if self._write_budget is not None and data.startswith(WRITE_METHODS):
                    if self._write_budget == 0:
                        self._holding.set()
                        await self._released.wait()
                    else:
                        self._write_budget -= 1
                if self._drop_armed and data.startswith(WRITE_METHODS):
                    self._drop_armed = False
                    doomed["flag"] = True
                up_writer.write(data)
                await up_writer.drain()

        async def server_to_client() -> None:
            while data := await up_reader.read(65536):
                if doomed["flag"]:
                    self.dropped += 1
                    writer.transport.abort()
                    up_writer.transport.abort()
                    return
                writer.write(data)
                await writer.drain()

        tasks = [
            asyncio.ensure_future(client_to_server()),
            asyncio.ensure_future(server_to_client()),
        ]
        with contextlib.suppress(Exception):
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for t in tasks:
            t.cancel()
        for w in (writer, up_writer):
            self._writers.discard(w)
            with contextlib.suppress(Exception):
                w.transport.abort()
