"""``friendship serve`` in a child process, and knowing when it listens.

For whatever must run the real server beside itself and be able to stop, kill or
restart it: the tests (faults: a server stopped mid-push, killed, started again) and the
benchmarks (a server with the production flags, measured from outside). In-process
servers are ``running.ThreadedServer``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..store.local import Store
from .accounts import Accounts
from .running import free_port

__all__ = ["ServerProcess", "free_port", "serve_command", "wait_listening"]

START_LIMIT = 120.0  # seconds: a bound for busy machines, not a speed check


def serve_command(db: object, port: int, *flags: str) -> list[str]:
    """The real ``friendship serve`` without rate limits or access log, plus ``flags``."""
    return [sys.executable, "-m", "friendship_tui.cli.main", "serve", "--db", str(db),
            "--port", str(port), "--rate", "0", "--no-access-log", *flags]  # fmt: skip


def wait_listening(
    port: int,
    proc: subprocess.Popen[Any],
    *,
    timeout: float = START_LIMIT,
    why_it_died: Callable[[], str] = lambda: "",
) -> None:
    """Until the process accepts connections on ``port`` of 127.0.0.1; if it exits
    first, raise at once saying so (and ``why_it_died()``)."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited while starting {why_it_died()}".strip())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for a server listening on port {port}")
        time.sleep(0.02)


@dataclass
class ServerProcess:
    """One server on its own database (a file, or a PostgreSQL URL); ``flags`` go to
    ``friendship serve``."""

    db: Path | str
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    flags: Sequence[str] = ()

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

    def start(self, timeout: float = START_LIMIT) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            serve_command(self.db, self.port, *self.flags),
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

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None

    @classmethod
    @contextmanager
    def running(
        cls, db: Path | str, timeout: float = START_LIMIT, flags: Sequence[str] = ()
    ) -> Iterator[ServerProcess]:
        """A started server on ``db``, stopped when the block ends (it may be stopped or
        killed before: both are idempotent)."""
        server = cls(db, flags=flags)
        server.prepare()
        server.start(timeout=timeout)
        try:
            yield server
        finally:
            server.stop()
