"""A pull meets bad data on the server: one object the client cannot validate, one type
whose listing fails with 500. The rest must land, the skips must be logged and shown, and
the summary's numbers must be the log's. Real server, real CLI, a fault proxy between."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import Result

from .server_process import ServerProcess
from .test_cli_sync import ThreadedProxy, add_profile, run


def _make(profile: str, *args: str) -> str:
    made = run("--profile", profile, *args, "--json")
    assert made.exit_code == 0, made.output
    return str(json.loads(made.stdout)["id"])


def _ids(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return sorted(json.loads(line)["id"] for line in result.stdout.splitlines())


def test_one_bad_object_and_one_failing_type_do_not_stop_the_pull(server: ServerProcess) -> None:
    token = server.new_user()
    proxy = ThreadedProxy(server.port)
    try:
        add_profile("desktop", server.url, token)
        add_profile("laptop", proxy.url, token)
        ann = _make("desktop", "contact", "create", "--name", "Ann")
        bad = _make("desktop", "contact", "create", "--name", "Bad Data")
        cleo = _make("desktop", "contact", "create", "--name", "Cleo")
        pet = _make("desktop", "pet", "create", "--parent-id", ann, "--name", "Rex")
        note = _make("desktop", "note", "create", "--parent-id", cleo, "--body", "hi")
        # an object the client cannot validate (an older server, a hand edit): a gender
        # outside the schema's choices, written straight into the server's database
        with sqlite3.connect(Path(server.db)) as db:
            assert db.execute("UPDATE contact SET gender='robot' WHERE id=?", (bad,)).rowcount
        proxy.proxy.fail_lists.add("note")  # the server fails listing notes: 500

        first = run("--profile", "laptop", "sync", "--json")
        assert first.exit_code != 0, first.output  # something was left out: say so
        summary = json.loads(first.stdout)
        assert summary["error"] is None
        assert (summary["skipped"], summary["conflicts"], summary["pending"]) == (2, 0, 0)

        # the rest landed: the good contacts, the pet (another type)
        assert _ids(run("--profile", "laptop", "contact", "list", "--ndjson")) == sorted(
            [ann, cleo]
        )
        assert _ids(run("--profile", "laptop", "pet", "list", "--ndjson")) == [pet]
        assert _ids(run("--profile", "laptop", "note", "list", "--ndjson")) == []

        # logged, and the log says the same as the summary
        log = json.loads(run("--profile", "laptop", "sync", "conflicts", "--json").stdout)
        skipped = sorted((e["type"], e["id"]) for e in log if e["kind"] == "skipped")
        assert skipped == [("contact", bad), ("note", "*")]
        assert len(skipped) == summary["skipped"]
        assert len([e for e in log if e["kind"] != "skipped"]) == summary["conflicts"]
        reason = next(e["message"] for e in log if e["id"] == bad)
        assert "gender" in reason and "must be one of" in reason
        assert "500" in next(e["message"] for e in log if e["type"] == "note")
        status = json.loads(run("--profile", "laptop", "sync", "status", "--json").stdout)
        assert status["skipped"] == 2
        assert "skipped:   2" in run("--profile", "laptop", "sync", "status").stdout
        assert "robot" in run("--profile", "laptop", "sync", "conflicts").stdout

        # the server heals: notes arrive; the bad contact stays out, logged once only
        proxy.proxy.fail_lists.clear()
        second = run("--profile", "laptop", "sync", "--json")
        assert second.exit_code == 0, second.output
        assert json.loads(second.stdout)["skipped"] == 0
        assert _ids(run("--profile", "laptop", "note", "list", "--ndjson")) == [note]
        log = json.loads(run("--profile", "laptop", "sync", "conflicts", "--json").stdout)
        assert len(log) == 2
    finally:
        proxy.close()


def test_summary_counts_every_logged_conflict(server: ServerProcess) -> None:
    """Two fields edited offline on a contact deleted elsewhere: two entries, and the
    summary says 2 (it said 1 before: it counted the object, the log counted fields)."""
    token = server.new_user()
    proxy = ThreadedProxy(server.port)
    try:
        add_profile("desktop", server.url, token)
        add_profile("laptop", proxy.url, token)
        dana = _make("desktop", "contact", "create", "--name", "Dana")
        assert run("--profile", "laptop", "sync").exit_code == 0
        proxy.go_offline()
        edited = run("--profile", "laptop", "contact", "update", dana, "--city", "Oslo",
                     "--company", "Acme")  # fmt: skip
        assert edited.exit_code == 0, edited.output
        assert run("--profile", "desktop", "contact", "delete", dana, "--yes").exit_code == 0
        proxy.go_online()
        done = run("--profile", "laptop", "sync", "--json")
        summary = json.loads(done.stdout)
        log = json.loads(run("--profile", "laptop", "sync", "conflicts", "--json").stdout)
        assert sorted(e["field"] for e in log) == ["city", "company"]
        assert summary["conflicts"] == len(log) == 2
    finally:
        proxy.close()
