"""``friendship profile add --mode sync``, ``friendship sync``, ``sync status``,
``sync conflicts`` - headless, through the real CLI, against the real server."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from friendship_tui.cli.main import cli

from .proxy import FaultProxy
from .server_process import ServerProcess


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def add_profile(name: str, url: str, token: str) -> None:
    added = run("profile", "add", name, "--mode", "sync", "--url", url, input=token + "\n")
    assert added.exit_code == 0, added.output


async def _now(fn: Any) -> None:
    fn()


class ThreadedProxy:
    """The fault proxy on its own loop in a thread: the CLI runs ``asyncio.run`` itself."""

    def __init__(self, port: int) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.proxy = self._call(FaultProxy(port).start())

    def _call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    @property
    def url(self) -> str:
        return str(self.proxy.url)

    def go_offline(self) -> None:
        self._call(_now(self.proxy.go_offline))

    def go_online(self) -> None:
        self._call(_now(self.proxy.go_online))

    def close(self) -> None:
        self._call(self.proxy.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def test_sync_commands_on_a_sync_profile(server: ServerProcess) -> None:
    token = server.new_user()
    proxy = ThreadedProxy(server.port)
    try:
        add_profile("laptop", proxy.url, token)
        add_profile("desktop", server.url, token)

        made = run("--profile", "desktop", "contact", "create", "--name", "Dana", "--json")
        assert made.exit_code == 0, made.output
        dana = json.loads(made.stdout)["id"]
        assert not dana.startswith("local-")  # written through to the server

        first = run("--profile", "laptop", "sync")
        assert first.exit_code == 0, first.output
        assert "pulled 1" in first.stdout
        listed = run("--profile", "laptop", "contact", "list", "--ndjson")
        assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == [dana]

        proxy.go_offline()
        offline = run("--profile", "laptop", "contact", "update", dana, "--city", "Oslo")
        assert offline.exit_code == 0, offline.output
        status = run("--profile", "laptop", "sync", "status", "--json")
        assert json.loads(status.stdout)["state"] == "offline"
        assert json.loads(status.stdout)["pending"] == 1
        failed = run("--profile", "laptop", "sync")
        assert failed.exit_code != 0 and "FAILED" in failed.stdout

        run("--profile", "desktop", "contact", "update", dana, "--city", "Bergen")
        proxy.go_online()
        done = run("--profile", "laptop", "sync", "--json")
        assert done.exit_code == 0, done.output
        summary = json.loads(done.stdout)
        assert (summary["pushed"], summary["conflicts"], summary["pending"]) == (1, 1, 0)

        status = json.loads(run("--profile", "laptop", "sync", "status", "--json").stdout)
        assert (status["state"], status["pending"], status["conflicts"]) == ("online", 0, 1)
        assert status["last_sync"]
        text = run("--profile", "laptop", "sync", "status").stdout
        assert "online" in text and "conflicts: 1" in text

        log = json.loads(run("--profile", "laptop", "sync", "conflicts", "--json").stdout)
        assert [(e["kind"], e["field"], e["yours"], e["kept"]) for e in log] == [
            ("same_field", "city", "Oslo", "Bergen")
        ]
        assert "Oslo" in run("--profile", "laptop", "sync", "conflicts").stdout
        got = json.loads(run("--profile", "laptop", "contact", "get", dana, "--json").stdout)
        assert got["city"] == "Bergen"
    finally:
        proxy.close()


def test_sync_needs_a_sync_profile(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "book.db"), "sync", "status")
    assert result.exit_code != 0
    assert "sync profile" in result.output
