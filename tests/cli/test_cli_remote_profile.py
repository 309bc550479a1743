"""The same commands on a remote profile: the project's real server on 127.0.0.1."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from server_sandbox import Sandbox, start_sandbox

from friendship_tui.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "vcards"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Sandbox]:
    (tmp_path / "server").mkdir()
    sandbox = start_sandbox(tmp_path / "server", users=("alice",))
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def remote(server: Sandbox) -> Iterator[CliRunner]:
    runner = CliRunner()
    added = runner.invoke(
        cli,
        ["profile", "add", "srv", "--mode", "remote", "--url", server.url],
        input=server.tokens["alice"] + "\n",
    )
    assert added.exit_code == 0, added.output
    yield runner


def on_server(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, ["--profile", "srv", *args])


def test_list_create_get_on_a_remote_profile(remote: CliRunner) -> None:
    made = on_server(
        remote, "contact", "create", "--name", "Rita Remote", "--tags", "a,b", "--json"
    )
    assert made.exit_code == 0, made.output
    cid = json.loads(made.stdout)["id"]
    got = json.loads(on_server(remote, "contact", "get", cid, "--json").stdout)
    assert (got["name"], got["tags"]) == ("Rita Remote", ["a", "b"])
    listed = on_server(remote, "contact", "list", "--ndjson")
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == [cid]
    table = on_server(remote, "contact", "list")
    assert "Rita Remote" in table.stdout

    bad = on_server(remote, "contact", "create", "--gender", "robot")
    assert bad.exit_code == 2 and "gender" in bad.stderr and "name" in bad.stderr
    assert on_server(remote, "contact", "get", "01NOSUCH").exit_code == 1


def test_logging_an_activity_moves_last_contacted_on_the_server(
    remote: CliRunner, tmp_path: Path
) -> None:
    """The server's hook covers conversations only, so the CLI applies the activity
    rule itself, for ``activity create`` and for an import written object by object."""

    def made(*args: str) -> str:
        result = on_server(remote, *args, "--json")
        assert result.exit_code == 0, result.output
        return str(json.loads(result.stdout)["id"])

    def last(cid: str) -> object:
        got = on_server(remote, "contact", "get", cid, "--json")
        return json.loads(got.stdout)["last_contacted_at"]

    ann = made("contact", "create", "--name", "Ann Active")
    made("activity", "create", "--parent-id", ann, "--kind", "call", "--title", "Called",
         "--occurred-at", "2026-03-01T10:00:00Z")  # fmt: skip
    assert last(ann) == "2026-03-01T10:00:00Z"
    made("conversation", "create", "--parent-id", ann, "--channel", "call",
         "--occurred-at", "2026-03-02T09:00:00Z")  # fmt: skip
    assert last(ann) == "2026-03-02T09:00:00Z"  # the server's own hook

    ben = made("contact", "create", "--name", "Ben Imported")
    csv_path = tmp_path / "activities.csv"
    csv_path.write_text(
        f"parent_id,kind,title,occurred_at\r\n{ben},meeting,Lunch,2026-02-01T12:00:00Z\r\n"
    )
    imported = on_server(remote, "import", str(csv_path), "--type", "activity")
    assert imported.exit_code == 0, imported.output
    assert last(ben) == "2026-02-01T12:00:00Z"


def test_imports_and_backups_work_on_a_remote_profile(remote: CliRunner, tmp_path: Path) -> None:
    result = on_server(remote, "import", str(FIXTURES / "thunderbird.vcf"))
    assert result.exit_code == 0, result.output
    again = on_server(remote, "import", str(FIXTURES / "thunderbird.vcf"), "--json")
    assert json.loads(again.stdout)["created"] == 0  # matched by UID over HTTP too

    chris = json.loads(on_server(remote, "contact", "list", "--json").stdout)["data"][0]
    rel_target = json.loads(
        on_server(remote, "contact", "create", "--name", "Dee", "--json").stdout
    )["id"]
    on_server(
        remote,
        "relationship",
        "create",
        "--parent-id",
        chris["id"],
        "--target-id",
        rel_target,
        "--kind",
        "mentor",
    )
    backup = tmp_path / "remote.json"
    assert on_server(remote, "export", "-o", str(backup)).exit_code == 0
    doc = json.loads(backup.read_text())
    assert len(doc["data"]["relationship"]) == 2

    # restore into a local book: ids kept; the local export matches the remote one
    local_db = tmp_path / "local.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(local_db), "import", str(backup)]).exit_code == 0
    again_file = tmp_path / "again.json"
    assert (
        runner.invoke(cli, ["--db", str(local_db), "export", "-o", str(again_file)]).exit_code == 0
    )

    def strip(text: str) -> str:
        return re.sub(r'"exported_at": "[^"]*"', "", text)

    assert strip(again_file.read_text()) == strip(backup.read_text())


def test_a_backup_restores_onto_a_server_with_new_ids(
    remote: CliRunner, server: Sandbox, tmp_path: Path
) -> None:
    ann = json.loads(on_server(remote, "contact", "create", "--name", "Ann", "--json").stdout)["id"]
    bob = json.loads(on_server(remote, "contact", "create", "--name", "Bob", "--json").stdout)["id"]
    on_server(
        remote, "relationship", "create", "--parent-id", ann, "--target-id", bob, "--kind", "parent"
    )
    on_server(
        remote,
        "conversation",
        "create",
        "--parent-id",
        bob,
        "--channel",
        "call",
        "--occurred-at",
        "2026-01-02T10:00:00Z",
    )
    backup = tmp_path / "alice.json"
    assert on_server(remote, "export", "-o", str(backup)).exit_code == 0

    added = remote.invoke(
        cli,
        ["profile", "add", "bob-srv", "--mode", "remote", "--url", server.url],
        input=server.token("bobby") + "\n",
    )
    assert added.exit_code == 0, added.output
    result = remote.invoke(cli, ["--profile", "bob-srv", "import", str(backup), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["created_by_type"] == {
        "contact": 2,
        "conversation": 1,
        "relationship": 2,
    }
    copy = tmp_path / "bobby.json"
    assert remote.invoke(cli, ["--profile", "bob-srv", "export", "-o", str(copy)]).exit_code == 0
    original, restored = json.loads(backup.read_text()), json.loads(copy.read_text())
    for name, items in original["data"].items():
        assert len(restored["data"][name]) == len(items), name  # no doubled mirror
    names = {c["id"]: c["name"] for c in restored["data"]["contact"]}
    assert sorted((names[r["parent_id"]], r["kind"]) for r in restored["data"]["relationship"]) == [
        ("Ann", "parent"),
        ("Bob", "child"),
    ]
    bob_copy = next(c for c in restored["data"]["contact"] if c["name"] == "Bob")
    assert bob_copy["last_contacted_at"] == "2026-01-02T10:00:00Z"
    assert bob_copy["id"] != bob
