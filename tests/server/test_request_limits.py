"""Request limits of the real ``friendship serve`` process, over raw sockets so that a
client can misbehave as an attacker would: a huge declared body, a huge chunked body,
half-sent bodies, half-sent headers. And its access log with ``?token=``."""

from __future__ import annotations

import json
import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from waiting import wait_until
from websockets.sync.client import connect

from .serve_cli import Served, new_user, serve

TIMEOUT = 30.0
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str]]:
    """A server with short deadlines (1 s) and a 64 KiB body cap."""
    tmp = tmp_path_factory.mktemp("limits")
    db = str(tmp / "server.db")
    secret, _ = new_user(db, "mallory")
    flags = ("--max-body", str(64 * 1024), "--body-timeout", "1", "--header-timeout", "1")
    with serve(db, tmp / "serve.log", *flags) as served:
        yield served, secret


def _connect(served: Served) -> socket.socket:
    return socket.create_connection(("127.0.0.1", served.port), timeout=TIMEOUT)


def _head(secret: str, *lines: str) -> bytes:
    return (
        "POST /xapi2/data/contact HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {secret}\r\nContent-Type: application/json\r\n"
        + "".join(f"{line}\r\n" for line in lines)
        + "\r\n"
    ).encode()


def _read_to_end(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    out = b""
    while chunk := sock.recv(65536):
        out += chunk
    return out


def _status_and_body(raw: bytes) -> tuple[int, dict[str, object]]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body)


def test_a_declared_body_over_the_cap_is_refused_before_it_is_read(
    strict: tuple[Served, str],
) -> None:
    served, secret = strict
    before = served.rss_kib()
    with _connect(served) as sock:
        sock.sendall(_head(secret, f"Content-Length: {300 * MiB}"))
        raw = _read_to_end(sock)  # ends: the server closes rather than drain 300 MB
    status, body = _status_and_body(raw)
    assert status == 413
    assert body["error"]["code"] == "payload_too_large"  # type: ignore[index]
    assert "--max-body" in body["error"]["message"]  # type: ignore[index]
    assert served.rss_kib() - before < 32 * 1024


def test_a_chunked_body_is_counted_as_it_streams(strict: tuple[Served, str]) -> None:
    served, secret = strict
    before = served.rss_kib()
    chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"  # 64 KiB per chunk
    sent = 0
    raw = b""
    with _connect(served) as sock:
        sock.sendall(_head(secret, "Transfer-Encoding: chunked"))
        try:
            while sent < 300 * MiB:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break
                sock.sendall(chunk)
                sent += len(chunk)
            raw = _read_to_end(sock)
        except (BrokenPipeError, ConnectionResetError):
            pass  # closed on us mid-send: what was sent is what counts
    assert sent < 16 * MiB, f"the server took {sent} bytes of a body capped at 64 KiB"
    if raw:  # the answer, unless the reset beat it to us
        status, body = _status_and_body(raw)
        assert status == 413 and body["error"]["code"] == "payload_too_large"  # type: ignore[index]
    assert served.rss_kib() - before < 32 * 1024


def test_half_sent_bodies_are_dropped_after_the_deadline(strict: tuple[Served, str]) -> None:
    served, secret = strict
    socks = [_connect(served) for _ in range(50)]
    try:
        for sock in socks:
            sock.sendall(_head(secret, "Content-Length: 1000") + b'{"name": "')
        started = time.monotonic()
        answers = [_read_to_end(sock) for sock in socks]  # each ends: closed by the server
        took = time.monotonic() - started
    finally:
        for sock in socks:
            sock.close()
    for raw in answers:
        status, body = _status_and_body(raw)
        assert status == 408 and body["error"]["code"] == "request_timeout"  # type: ignore[index]
    assert took < 15, f"the half-sent bodies were held {took:.1f}s"


def test_half_sent_headers_are_dropped_after_the_deadline(strict: tuple[Served, str]) -> None:
    served, _ = strict
    socks = [_connect(served) for _ in range(50)]
    try:
        for sock in socks:
            sock.sendall(b"POST /xapi2/data/contact HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        started = time.monotonic()
        assert all(_read_to_end(sock) == b"" for sock in socks)  # closed, nothing said
        took = time.monotonic() - started
    finally:
        for sock in socks:
            sock.close()
    assert took < 15, f"the half-sent headers were held {took:.1f}s"


def test_bodies_under_the_cap_and_websockets_still_work(strict: tuple[Served, str]) -> None:
    served, secret = strict
    with httpx.Client(base_url=served.url, timeout=TIMEOUT) as http:
        h = {"Authorization": f"Bearer {secret}"}
        ok = http.post("/xapi2/data/contact", json={"name": "x" * 100}, headers=h)
        assert ok.status_code == 201, ok.text
        # Kept alive between requests: the header deadline is per request, not per socket.
        again = http.get("/xapi2/data/contact", headers=h)
        assert again.status_code == 200
        assert again.headers.get("connection") != "close"  # keep-alive is kept
    with connect(f"ws://127.0.0.1:{served.port}/xapi2/ch?token={secret}") as ws:
        ws.send(json.dumps({"op": "ping", "id": "p"}))
        assert json.loads(ws.recv(timeout=TIMEOUT)) == {"op": "pong", "id": "p"}


def test_the_default_body_cap_is_one_mebibyte(tmp_path: Path) -> None:
    db = str(tmp_path / "server.db")
    secret, _ = new_user(db, "nina")
    with serve(db, tmp_path / "serve.log") as served:
        h = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
        with httpx.Client(base_url=served.url, timeout=TIMEOUT, headers=h) as http:
            big = http.post("/xapi2/data/contact", content=b" " * (MiB + 1))
            assert big.status_code == 413
            assert big.json()["error"]["code"] == "payload_too_large"
            fits = http.post("/xapi2/data/contact", content=b'{"name": "a"}' + b" " * (MiB - 20))
            assert fits.status_code == 201, fits.text


def test_access_log_redacts_tokens_and_logs_every_request(tmp_path: Path) -> None:
    db = str(tmp_path / "server.db")
    secret, _ = new_user(db, "olga")
    with serve(db, tmp_path / "serve.log", access_log=True) as served:
        with httpx.Client(base_url=served.url, timeout=TIMEOUT) as http:
            assert http.get(f"/xapi2/data/note?token={secret}").status_code == 401
            h = {"Authorization": f"Bearer {secret}"}
            assert http.get("/xapi2/data/note", headers=h).status_code == 200
        with connect(f"ws://127.0.0.1:{served.port}/xapi2/ch?token={secret}") as ws:
            ws.send(json.dumps({"op": "ping", "id": "p"}))
            assert json.loads(ws.recv(timeout=TIMEOUT))["op"] == "pong"
        wait_until(
            lambda: served.log_text().count('HTTP/1.1" ') >= 2 and "/xapi2/ch" in served.log_text(),
            "the access lines",
            timeout=TIMEOUT,
        )
        text = served.log_text()
    assert "Logging error" not in text and "Traceback" not in text
    assert secret not in text
    assert '"GET /xapi2/data/note?token=*** HTTP/1.1" 401' in text
    assert '"GET /xapi2/data/note HTTP/1.1" 200' in text
    assert text.count('HTTP/1.1" ') == 2  # one line per request
    assert "/xapi2/ch?token=***" in text
