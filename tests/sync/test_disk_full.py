"""The server's disk is full: it answers writes with 507 Insufficient Storage.

A client must not retry that (it cannot help and hammers a struggling server): a remote
profile gets a clear error at once; a sync profile keeps the change in its outbox, says
why in ``sync status``, and sends it when asked again after room was made. The 507 comes
from the fault proxy in front of the real server (the server's own disk-full mapping is
tested with the server)."""

from __future__ import annotations

import json

from .server_process import ServerProcess
from .test_cli_sync import ThreadedProxy, add_profile, run


def test_remote_profile_gets_a_clear_error_at_once(server: ServerProcess) -> None:
    token = server.new_user()
    proxy = ThreadedProxy(server.port)
    try:
        added = run("profile", "add", "srv", "--mode", "remote", "--url", proxy.url,
                    input=token + "\n")  # fmt: skip
        assert added.exit_code == 0, added.output
        proxy.proxy.disk_full = True
        made = run("--profile", "srv", "contact", "create", "--name", "Full")
        assert made.exit_code == 3  # storage full, as a full local disk is
        assert "storage full" in made.stderr.lower() and "507" in made.stderr
        assert proxy.proxy.refused == 1  # one attempt: 503 would have been tried 5 times
    finally:
        proxy.close()


def test_sync_profile_keeps_the_change_and_says_why(server: ServerProcess) -> None:
    token = server.new_user()
    proxy = ThreadedProxy(server.port)
    try:
        add_profile("laptop", proxy.url, token)
        added = run("profile", "add", "desktop", "--mode", "remote", "--url", server.url,
                    input=token + "\n")  # fmt: skip
        assert added.exit_code == 0, added.output
        proxy.proxy.disk_full = True
        made = run("--profile", "laptop", "contact", "create", "--name", "Kept", "--json")
        assert made.exit_code == 0, made.output  # saved here; the server will get it
        assert json.loads(made.stdout)["id"].startswith("local-")
        # the write-through was refused once; nothing retried it on a timer
        assert 1 <= proxy.proxy.refused <= 2

        status = json.loads(run("--profile", "laptop", "sync", "status", "--json").stdout)
        assert status["pending"] == 1
        assert "507" in status["waiting_because"] and "no room" in status["waiting_because"]
        assert "waiting:" in run("--profile", "laptop", "sync", "status").stdout

        before = proxy.proxy.refused
        failed = run("--profile", "laptop", "sync", "--json")
        assert failed.exit_code != 0
        summary = json.loads(failed.stdout)
        assert summary["pending"] == 1 and "507" in summary["error"]
        assert proxy.proxy.refused - before <= 2  # asked again once, not in a loop
        listed = run("--profile", "desktop", "contact", "list", "--ndjson")
        assert listed.stdout.strip() == ""

        proxy.proxy.disk_full = False  # room was made
        done = run("--profile", "laptop", "sync", "--json")
        assert done.exit_code == 0, done.output
        assert (json.loads(done.stdout)["pushed"], json.loads(done.stdout)["pending"]) == (1, 0)
        listed = run("--profile", "desktop", "contact", "list", "--ndjson")
        assert [json.loads(line)["name"] for line in listed.stdout.splitlines()] == ["Kept"]
    finally:
        proxy.close()
