"""A response's head and body leave in one write (``server/one_write.py``): held on a
real socket until flushed, then sent together; a lone write still leaves by the end of
the loop's turn. (The real server answering through it: test_request_limits.py,
test_live_channel.py.)"""

from __future__ import annotations

import asyncio
import socket

from friendship_tui.server.one_write import HeldWrites


def test_held_writes_leave_together_on_flush() -> None:
    async def run() -> tuple[bool, bytes, bool]:
        ours, peer = socket.socketpair()
        peer.setblocking(False)
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_connection(asyncio.Protocol, sock=ours)
        held = HeldWrites(transport, loop)
        held.write(b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\n")
        held.write(b"body")
        try:
            peer.recv(4096)
            nothing_yet = False
        except BlockingIOError:
            nothing_yet = True
        held.flush()
        got = peer.recv(4096)
        held.write(b"late")  # no flush: the end of the loop's turn sends it
        for _ in range(100):
            await asyncio.sleep(0)
            try:
                late = peer.recv(4096) == b"late"
                break
            except BlockingIOError:
                late = False
        held.close()
        peer.close()
        return nothing_yet, got, late

    nothing_yet, got, late = asyncio.run(run())
    assert nothing_yet
    assert got == b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nbody"
    assert late
