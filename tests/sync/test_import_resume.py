"""An import through a remote or a sync profile, SIGKILLed part-way, then run again: every
object arrives exactly once and the report says what the re-run found.

The real ``friendship`` CLI in a subprocess against the real server on 127.0.0.1; the
test watches the server's own database and kills the CLI once enough objects arrived.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from waiting import wait_until

from .server_process import ServerProcess
from .third_party import ThirdPartyServer

CONTACTS = 300
NOTES = 40  # on the first contacts: refs must be remapped on the re-run too
KILL_AT = 60  # contacts on the server when the CLI is killed


def backup_text() -> str:
    contacts = [
        {
            "id": f"c{i:04d}",
            "name": f"Person {i:04d}",
            "city": "Oslo" if i % 2 else None,
            "tags": ["imported"],
            "favorite": i % 7 == 0,
        }
        for i in range(CONTACTS)
    ]
    notes = [{"id": f"n{i:04d}", "parent_id": f"c{i:04d}", "body": "hello"} for i in range(NOTES)]
    return json.dumps({"format": "friendship-tui-backup", "format_version": 1,
                       "data": {"contact": contacts, "note": notes}})  # fmt: skip


def csv_text() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "city", "tags"])
    for i in range(CONTACTS):
        writer.writerow([f"Person {i:04d}", "Oslo" if i % 2 else "", "imported"])
    return out.getvalue()


class Cli:
    """The real CLI, in its own config and data dirs."""

    def __init__(self, home: Path) -> None:
        self.env = {
            **os.environ,
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "FRIENDSHIP_NO_KEYRING": "1",
            "PYTHONUNBUFFERED": "1",
        }

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "friendship_tui.cli.main", *args]

    def run(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args), env=self.env, input=input, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command(*args), env=self.env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip


def on_server(server: ServerProcess, user: str, table: str) -> int:
    with sqlite3.connect(f"file:{server.db}?mode=ro", uri=True, timeout=30) as db:
        row = db.execute(f"SELECT count(*) FROM {table} WHERE owned_by = ?", (user,)).fetchone()
    return int(row[0])


def kill_when(proc: subprocess.Popen[str], arrived: int, count: Callable[[], int]) -> None:
    """SIGKILL ``proc`` once ``count()`` reaches ``arrived`` (polled, with a deadline)."""

    def far_enough() -> bool:
        assert proc.poll() is None, proc.communicate()
        return count() >= arrived

    wait_until(far_enough, f"the import to reach {arrived} rows", timeout=240)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)


@pytest.mark.parametrize(
    "mode, fmt",
    [("remote", "json"), ("remote", "csv"), ("sync", "json"), ("sync", "csv")],
)
def test_killed_import_rerun_creates_nothing_twice(
    server: ServerProcess, tmp_path: Path, mode: str, fmt: str
) -> None:
    user = f"imp{os.getpid()}{mode}{fmt}"
    token = server.new_user(user)
    cli = Cli(tmp_path)
    added = cli.run("profile", "add", "p", "--mode", mode, "--url", server.url, input=token + "\n")
    assert added.returncode == 0, added.stderr
    source = tmp_path / f"people.{fmt}"
    source.write_text(backup_text() if fmt == "json" else csv_text(), encoding="utf-8")
    total = CONTACTS + (NOTES if fmt == "json" else 0)

    proc = cli.start("--profile", "p", "import", str(source), "--json")
    kill_when(proc, KILL_AT, lambda: on_server(server, user, "contact"))
    partial = on_server(server, user, "contact")
    assert KILL_AT <= partial < CONTACTS  # killed part-way: the bug's starting point

    again = cli.run("--profile", "p", "import", str(source), "--json")
    assert again.returncode == 0, again.stderr
    assert on_server(server, user, "contact") == CONTACTS  # exactly once each
    report = json.loads(again.stdout)
    assert report["failed"] == 0
    assert report["created"] + report["updated"] + report["unchanged"] == total
    if mode == "remote":  # what the killed run wrote is recognised, the rest is made
        assert report["unchanged"] >= partial and report["created"] >= total - CONTACTS
    else:  # the profile's copy took the whole import at once; its outbox sends the rest
        assert (report["created"], report["unchanged"]) == (0, total)

    assert on_server(server, user, "contact") == CONTACTS  # exactly once each
    if fmt == "json":
        assert on_server(server, user, "note") == NOTES
    listed = cli.run("--profile", "p", "contact", "list", "--ndjson", "--limit", "5000")
    names = [json.loads(line)["name"] for line in listed.stdout.splitlines()]
    assert sorted(names) == [f"Person {i:04d}" for i in range(CONTACTS)]
    if mode == "sync":
        assert not [n for n in listed.stdout.splitlines() if '"local-' in n]

    third = json.loads(cli.run("--profile", "p", "import", str(source), "--json").stdout)
    assert (third["created"], third["unchanged"]) == (0, total)
    assert on_server(server, user, "contact") == CONTACTS


@pytest.mark.parametrize("mode", ["remote", "sync"])
def test_killed_import_against_a_server_without_extensions(tmp_path: Path, mode: str) -> None:
    """The server ignores Idempotency-Key and has no ``updated_since``: the re-run still
    finds what the killed run made, by content."""
    third = ThirdPartyServer().start()
    try:
        cli = Cli(tmp_path)
        added = cli.run("profile", "add", "p", "--mode", mode, "--url", third.url,
                        input="pat_any\n")  # fmt: skip
        assert added.returncode == 0, added.stderr
        source = tmp_path / "people.json"
        source.write_text(backup_text(), encoding="utf-8")
        total = CONTACTS + NOTES

        proc = cli.start("--profile", "p", "import", str(source), "--json")
        kill_when(proc, KILL_AT, lambda: third.count("contact"))
        assert KILL_AT <= third.count("contact") < CONTACTS

        again = cli.run("--profile", "p", "import", str(source), "--json")
        assert again.returncode == 0, again.stderr
        assert (third.count("contact"), third.count("note")) == (CONTACTS, NOTES)
        report = json.loads(again.stdout)
        assert report["failed"] == 0
        assert report["created"] + report["unchanged"] == total
        names = sorted(str(o["name"]) for o in third.objects["contact"].values())
        assert names == [f"Person {i:04d}" for i in range(CONTACTS)]
        parents = {str(o["parent_id"]) for o in third.objects["note"].values()}
        assert parents <= set(third.objects["contact"])  # refs point at the server's ids
    finally:
        third.stop()


def test_one_refused_object_fails_alone_through_a_remote_profile(tmp_path: Path) -> None:
    """Not atomic, so honest: the refused contact and its note are failed, with the
    reason; everything else is written; the numbers add up to the file's objects."""
    third = ThirdPartyServer().start()
    third.refuse.add("Person 0003")
    try:
        cli = Cli(tmp_path)
        added = cli.run("profile", "add", "p", "--mode", "remote", "--url", third.url,
                        input="pat_any\n")  # fmt: skip
        assert added.returncode == 0, added.stderr
        source = tmp_path / "people.json"
        source.write_text(backup_text(), encoding="utf-8")
        done = cli.run("--profile", "p", "import", str(source), "--json")
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert (report["created"], report["failed"]) == (CONTACTS + NOTES - 2, 2)
        reasons = {f["where"]: f["reason"] for f in report["failures"]}
        assert "is not accepted by this server" in reasons["contact c0003"]
        assert "c0003 could not be written" in reasons["note n0003"]
        assert (third.count("contact"), third.count("note")) == (CONTACTS - 1, NOTES - 1)
        text = cli.run("--profile", "p", "import", str(source)).stdout
        assert f"0 created, 0 updated, {CONTACTS + NOTES - 2} unchanged, 2 failed" in text
    finally:
        third.stop()
