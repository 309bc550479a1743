"""A throw-away server with users and tokens: for tests of anything that talks to a
server (the remote backend, sync, the contract suite) and for trying things out.

    async with sandbox_server(tmp_path, users=("alice", "bob")) as sandbox:
        backend = sandbox.backend("alice")      # RemoteBackend with a *:* token

The server runs on 127.0.0.1 on a free port in a background thread; backends made
through ``sandbox.backend`` are closed on exit.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

from friendship_tui.server.app import create_app
from friendship_tui.server.rate_limit import RateLimit
from friendship_tui.server.running import ThreadedServer
from friendship_tui.server.state import ServerState

if TYPE_CHECKING:
    from friendship_tui.remote import RemoteBackend


@dataclass
class Sandbox:
    app: FastAPI
    server: ThreadedServer
    tokens: dict[str, str]  # user -> a *:* token
    _backends: list[RemoteBackend] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def state(self) -> ServerState:
        state: ServerState = self.app.state.server
        return state

    def token(self, user: str, scopes: Iterable[str] = ("*:*",), name: str = "test") -> str:
        """A new token for ``user`` (added if missing) with ``scopes``."""
        accounts = self.state.accounts
        if user not in {u.name for u in accounts.users()}:
            accounts.add_user(user)
        _, secret = accounts.create_token(user, name, scopes)
        return secret

    def backend(self, user: str, *, track: bool = True, **kwargs: Any) -> RemoteBackend:
        """A RemoteBackend acting as ``user``; ``track=False``: the caller closes it."""
        from friendship_tui.remote import RemoteBackend

        token = self.tokens.get(user) or self.token(user)
        self.tokens.setdefault(user, token)
        made = RemoteBackend(self.url, token, **kwargs)
        if track:
            self._backends.append(made)
        return made

    def stop(self) -> None:
        """Stop the server and close the store (backends are the caller's to close)."""
        self.server.stop()
        self.state.store.close()


def start_sandbox(
    db: str | os.PathLike[str],
    *,
    users: Iterable[str] = ("alice", "bob"),
    rate_limit: RateLimit | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Sandbox:
    """Start a server on ``db`` (a directory gets ``server.db`` inside it); call ``stop``.

    Independent of any event loop: one sandbox can serve many tests, each with its own
    users (owners are isolated, so fresh users are as good as a fresh database).
    """
    target = os.fspath(db)
    if os.path.isdir(target):
        target = os.path.join(target, "server.db")
    app = create_app(target, rate_limit=rate_limit, clock=clock)
    server = ThreadedServer(app).start()
    sandbox = Sandbox(app=app, server=server, tokens={})
    for user in users:
        sandbox.tokens[user] = sandbox.token(user)
    return sandbox


@asynccontextmanager
async def sandbox_server(
    db: str | os.PathLike[str],
    *,
    users: Iterable[str] = ("alice", "bob"),
    rate_limit: RateLimit | None = None,
    clock: Callable[[], datetime] | None = None,
) -> AsyncIterator[Sandbox]:
    """``start_sandbox`` as an async context manager that also closes its backends."""
    sandbox = start_sandbox(db, users=users, rate_limit=rate_limit, clock=clock)
    try:
        yield sandbox
    finally:
        for b in sandbox._backends:
            await b.close()
        sandbox.stop()
