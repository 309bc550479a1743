"""The real server (``friendship serve`` in a subprocess) for the DAV tests, and users
and tokens made with the real ``friendship server user add`` / ``token create``."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from sync.server_process import ServerProcess

from friendship_tui.cli.main import cli as main_cli


@dataclass(frozen=True)
class Account:
    user: str
    token: str
    url: str

    def api(self) -> httpx.Client:
        """An xapi2 client for this user: how the tests write "on the server"."""
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.token}"}, timeout=30
        )

    def dav(self, token: str | None = None) -> httpx.Client:
        return httpx.Client(base_url=self.url, auth=(self.user, token or self.token), timeout=30)


def cli(*args: str) -> str:
    """The real ``friendship`` command, in this process (a subprocess per token cost
    seconds on a loaded machine; the server still runs in its own process)."""
    done = CliRunner().invoke(main_cli, list(args))
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.fixture(scope="module")
def dav_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with ServerProcess.running(tmp_path_factory.mktemp("davserver") / "server.db", 60) as server:
        yield server


MakeAccount = Callable[..., Account]


@pytest.fixture
def make_account(dav_server: ServerProcess) -> MakeAccount:
    """``make_account(scopes="*:*", user=None)``: a user (made when new) and a token."""

    def make(scopes: str = "*:*", user: str | None = None) -> Account:
        db = str(dav_server.db)
        if user is None:
            user = f"u{uuid.uuid4().hex[:8]}"
            cli("server", "--db", db, "user", "add", user)
        out = cli(
            "server", "--db", db, "token", "create",
            "--user", user, "--name", f"phone-{scopes}", "--scopes", scopes,
        )  # fmt: skip
        secret = out.strip()  # stdout holds the secret alone; the notes go to stderr
        assert re.fullmatch(r"pat_[A-Za-z0-9_\-]{20,}", secret), out
        return Account(user, secret, dav_server.url)

    return make


def write_config(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
