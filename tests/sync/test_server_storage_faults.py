"""The real server on a book another process holds: 503 + Retry-After, not its file path.

The store's typed storage faults are ``BackendError``s; the server answers with their
status and their public words, so a client learns "busy, try again" and nothing about
where the server keeps its file. The busy timeout is shortened through its documented
environment variable, inherited by the server process.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from .server_process import ServerProcess


def test_a_locked_server_book_is_503_with_retry_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRIENDSHIP_BUSY_TIMEOUT_MS", "200")
    srv = ServerProcess(tmp_path / "server.db")
    srv.prepare()
    token = srv.new_user()
    srv.start()
    auth = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=srv.url, timeout=60) as client:
            other = sqlite3.connect(srv.db, isolation_level=None)
            try:
                other.execute("BEGIN EXCLUSIVE")
                busy = client.post("/xapi2/data/contact", json={"name": "Ann"}, headers=auth)
            finally:
                other.execute("ROLLBACK")
                other.close()
            assert busy.status_code == 503, busy.text
            assert busy.headers.get("Retry-After") == "1"
            assert busy.json()["error"]["code"] == "book_locked"
            assert str(tmp_path) not in busy.text and "server.db" not in busy.text
            done = client.post("/xapi2/data/contact", json={"name": "Ann"}, headers=auth)
            assert done.status_code in (200, 201), done.text
    finally:
        srv.stop()
