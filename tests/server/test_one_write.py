"""A response's head and body leave in one write (``server/one_write.py``): on a real
socket the head waits for the body, later writes pass straight through, and a head
with no body still leaves by the end of the loop's turn. (The real server answering
through it: test_request_limits.py, test_live_channel.py.)"""

from __future__ import annotations

import asyncio
import socket

from friendship_tui.server.one_write import HeldWrites


def test_head_waits_for_the_body_then_both_leave_at_once() -> None:
    async def run() -> tuple[bool, bytes, bool]:
        ours, peer = socket.socketpair()
        peer.setblocking(False)
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_connection(asyncio.Protocol, sock=ours)
        held = HeldWrites(transport, loop)
        held.write(b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\n")
        try:
            peer.recv(4096)
            nothing_yet = False  # the head went out alone
        except BlockingIOError:
            nothing_yet = True
        held.write(b"body")
        got = peer.recv(4096)
        held.write(b"more")  # after the first two: straight through
        more = peer.recv(4096)
        lone = HeldWrites(transport, loop)
        lone.write(b"head")  # no body follows: the end of the loop's turn sends it
        late = False
        for _ in range(100):
            await asyncio.sleep(0)
            try:
                late = peer.recv(4096) == b"head"
                break
            except BlockingIOError:
                continue
        held.close()
        peer.close()
        return nothing_yet, got + more, late

    nothing_yet, got, late = asyncio.run(run())
    assert nothing_yet
    assert got == b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nbodymore"
    assert late
