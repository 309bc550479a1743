"""The project's real xapi2 server in a subprocess, so tests can stop, kill and restart it.

Users and tokens are written straight into the server's database with ``Accounts`` (the
same code ``friendship server token create`` uses), so each test gets a fresh user.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from waiting import wait_listening

from friendship_tui.server.accounts import Accounts
from friendship_tui.server.running import free_port
from friendship_tui.store.local import Store


def serve_command(db: object, port: int) -> list[str]:
    """The real ``friendship serve`` in a process of its own, without rate limits."""
    return [sys.executable, "-m", "friendship_tui.cli.main", "serve", "--db", str(db),
            "--port", str(port), "--rate", "0", "--no-access-log"]  # fmt: skip


@dataclass
class ServerProcess:
    db: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def prepare(self) -> None:
        store = Store.open(self.db)
        Accounts(store.engine).create_tables()
        store.close()

    def new_user(self, name: str | None = None) -> str:
        """A fresh user with an all-scopes token; returns the token secret."""
        store = Store.open(self.db)
        try:
            accounts = Accounts(store.engine)
            accounts.create_tables()
            user = name or f"u{uuid.uuid4().hex[:10]}"
            accounts.add_user(user)
            _, secret = accounts.create_token(user, "sync tests", ["*:*"])
        finally:
            store.close()
        return secret

    def start(self, timeout: float = 120.0) -> None:
        """Wait for the port to answer: a bound, not a speed check (CI machines are busy)."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            serve_command(self.db, self.port),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_listening(self.port, self.proc, timeout=timeout)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    @classmethod
    @contextmanager
    def running(cls, db: Path, timeout: float = 120.0) -> Iterator[ServerProcess]:
        """A started server on a new database at ``db``, stopped when the block ends (a
        test may stop or kill it first: both are idempotent)."""
        server = cls(db)
        server.prepare()
        server.start(timeout=timeout)
        try:
            yield server
        finally:
            server.stop()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None
