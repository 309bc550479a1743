"""The real ``friendship serve`` in its own process, administered with the real CLI
(``friendship server user|token ...``, each in a process of its own), as an operator
would: a revoke or a user delete comes from another process than the server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from waiting import wait_listening

from friendship_tui.server.accounts import Accounts
from friendship_tui.server.running import free_port
from friendship_tui.store.local import Store

CLI = [sys.executable, "-m", "friendship_tui.cli.main"]


def cli(db: str, *args: str) -> str:
    """Run ``friendship server --db DB ARGS...``; its stdout (fails on a non-zero exit)."""
    done = subprocess.run(
        [*CLI, "server", "--db", db, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def new_user(db: str, name: str, scopes: str = "*:*") -> tuple[str, str]:
    """Add ``name`` and a token for them; (secret, token id). In this process, with the
    code behind ``friendship server user add`` / ``token create`` (a CLI process costs
    seconds on a loaded machine; the revokes and deletes under test use the CLI)."""
    store = Store.open(db)
    try:
        accounts = Accounts(store.engine)
        accounts.create_tables()
        accounts.add_user(name)
        info, secret = accounts.create_token(name, "t", scopes.split(","))
        accounts.close()
    finally:
        store.close()
    return secret, info.id


@dataclass
class Served:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def rss_kib(self) -> int:
        """The server process's resident memory now."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def serve(db: str, log: Path, *flags: str, access_log: bool = False) -> Iterator[Served]:
    """``friendship serve --db DB FLAGS...`` on a free port until the block ends; stdout
    and stderr go to ``log``."""
    port = free_port()
    args = [*CLI, "serve", "--db", db, "--port", str(port), "--rate", "0"]
    args.append("--access-log" if access_log else "--no-access-log")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*args, *flags], stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
    try:
        wait_listening(port, proc, timeout=60, why_it_died=lambda: log.read_text(errors="replace"))
        yield Served(proc, port, log)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)
