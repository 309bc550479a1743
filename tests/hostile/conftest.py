"""The real ``friendship serve`` in a process of its own, and a plain HTTP client for it.

Hostile input is sent as raw bytes where it matters (a lone surrogate cannot be written
by a JSON encoder), so these tests talk HTTP themselves rather than through the remote
backend, whose client would refuse to send such a body.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sync.server_process import ServerProcess


@dataclass
class Api:
    """One user's view of the server: every call is a fresh connection, so a failed
    answer cannot leave a broken keep-alive connection behind for the next call."""

    server: ServerProcess
    token: str

    def request(
        self, method: str, path: str, body: Any = None, raw: bytes | None = None, **params: str
    ) -> httpx.Response:
        content = raw if raw is not None else (None if body is None else json.dumps(body))
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        with httpx.Client(base_url=self.server.url + "/xapi2", timeout=30) as client:
            return client.request(method, path, content=content, headers=headers, params=params)

    def create(self, type_: str, body: dict[str, Any]) -> dict[str, Any]:
        made = self.request("POST", f"/data/{type_}", body)
        assert made.status_code == 201, made.text
        answer: dict[str, Any] = made.json()
        return answer

    def write_raw(self, type_: str, id_: str, column: str, value: Any) -> None:
        """Put a value straight into the server's database, as a version without ranges
        could have stored it (the server only reads it afterwards)."""
        with sqlite3.connect(self.server.db) as conn:
            conn.execute(f'UPDATE "{type_}" SET "{column}" = ? WHERE id = ?', (value, id_))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with ServerProcess.running(tmp_path_factory.mktemp("hostile") / "server.db") as srv:
        yield srv


@pytest.fixture
def api(server: ServerProcess) -> Api:
    """A fresh user on the module's server (owners are isolated)."""
    return Api(server, server.new_user())


def assert_field_error(resp: httpx.Response, field: str, *words: str) -> str:
    """A 400 whose body names ``field`` with a reason holding ``words``; the reason."""
    assert resp.status_code == 400, (resp.status_code, resp.text)
    fields = resp.json()["error"]["fields"]
    assert field in fields, fields
    for word in words:
        assert word in fields[field], fields[field]
    return str(fields[field])
