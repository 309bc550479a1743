"""Hostile values through the real CLI: the installed entry point in a process of its own
where a traceback used to be the answer, Click's runner for the rest, and a sync profile
against the real server for a book holding a value stored before numbers had ranges."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sync.server_process import ServerProcess

from friendship_tui.cli.main import cli

from .conftest import Api


def friendship(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``friendship --db DB ARGS`` as a user runs it: its own process, real stdout/stderr."""
    return subprocess.run(
        [sys.executable, "-m", "friendship_tui.cli.main", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def new_contact(db: Path, *flags: str) -> str:
    made = run(db, "contact", "create", "--name", "Ada", *flags, "--json")
    assert made.exit_code == 0, made.output
    return str(json.loads(made.stdout)["id"])


def test_a_date_at_the_calendar_end_is_a_field_error_not_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    done = friendship(
        db, "contact", "create", "--name", "Ada",
        "--last-contacted-at", "9999-12-31T23:59:59+00:00",
        "--stay-in-touch-frequency", "yearly",
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "last_contacted_at: must have a year between 1 and 9998" in done.stderr
    assert len(done.stderr.splitlines()) <= 3


@pytest.mark.parametrize(
    ("args", "field", "rule"),
    [
        (("gift", "create", "--title", "g", "--price", "1e308"), "price", "between 0 and 1e12"),
        (("gift", "create", "--title", "g", "--price", "1.9e19"), "price", "between 0 and 1e12"),
        (("gift", "create", "--title", "g", "--price", "NaN"), "price", "must be a number"),
        (("gift", "create", "--title", "g", "--price", "１２"), "price", "must be a number"),
        (
            ("conversation", "create", "--duration-minutes", "1.9e19"),
            "duration_minutes",
            "between 0 and 525600",
        ),
        (
            ("custom_field", "create", "--label", "l", "--position", "-9.3e18"),
            "position",
            "between -1e12 and 1e12",
        ),
        (
            ("custom_field", "create", "--label", "l", "--kind", "number", "--value", "1e400"),
            "value",
            "finite",
        ),
        (("conversation", "create", "--occurred-at", "9999-12-31"), "occurred_at", "9998"),
        (("gift", "create", "--title", "g", "--date", "20230101"), "date", "YYYY-MM-DD"),
    ],
)
def test_a_bad_value_names_the_field_and_the_rule(
    tmp_path: Path, args: tuple[str, ...], field: str, rule: str
) -> None:
    db = tmp_path / "book.db"
    parent = new_contact(db)
    result = run(db, *args, "--parent-id", parent)
    assert result.exit_code == 2, result.output
    assert f"{field}: " in result.stderr and rule in result.stderr, result.stderr


@pytest.mark.parametrize("birthday", ["20230101", "2023-02-28T10:00", "２０２３-01-01"])
def test_a_birthday_outside_the_documented_shapes_is_refused(tmp_path: Path, birthday: str) -> None:
    result = run(tmp_path / "b.db", "contact", "create", "--name", "A", "--birthday", birthday)
    assert result.exit_code == 2, result.output
    assert "birthday: must be a date: YYYY-MM-DD, --MM-DD (year unknown) or YYYY" in result.stderr


def test_frequency_patch_and_agenda_at_the_ends_of_the_calendar(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    ada = new_contact(db, "--last-contacted-at", "9998-12-31")
    patched = run(db, "contact", "update", ada, "--stay-in-touch-frequency", "yearly", "--json")
    assert patched.exit_code == 0, patched.output
    late = run(db, "today", "--date", "9999-12-31")
    assert late.exit_code == 2 and "today: must be between 0001-01-01 and 9997-12-31" in (
        late.stderr
    )
    last = run(db, "today", "--date", "9997-12-31", "--days", "366", "--json")
    assert last.exit_code == 0, last.output
    assert json.loads(last.stdout)["today"] == "9997-12-31"


def test_a_doubled_sort_prefix_is_refused(tmp_path: Path) -> None:
    result = run(tmp_path / "b.db", "contact", "list", "--sort=--name")
    assert result.exit_code == 2 and "sort: must be one of" in result.stderr


def test_schema_shows_every_range(tmp_path: Path) -> None:
    shown = run(tmp_path / "b.db", "gift", "schema", "--json")
    fields = {f["name"]: f for f in json.loads(shown.stdout)["fields"]}
    assert (fields["price"]["minimum"], fields["price"]["maximum"]) == (0, 1e12)
    assert "between 0 and 1e12" in fields["price"]["rule"]
    assert fields["date"]["years"] == [1, 9998]
    table = run(tmp_path / "b.db", "custom_field", "schema").stdout
    assert "between -1e12 and 1e12" in table


def test_sync_reads_a_number_stored_before_ranges_existed(
    api: Api, server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old server kept a 1e308 price; every list of gifts was then a 500, and
    ``friendship sync`` aborted for every type. Now the server serves it, and the client,
    which applies the ranges on every path, skips that one object with its reason: the
    rest syncs, and ``sync conflicts`` says what was left out and why."""
    parent = api.create("contact", {"name": "Ada"})["id"]
    gift = api.create("gift", {"parent_id": parent, "title": "g", "price": 1})
    api.write_raw("gift", gift["id"], "price", 1e308)
    runner = CliRunner()
    added = runner.invoke(
        cli, ["profile", "add", "laptop", "--mode", "sync", "--url", server.url],
        input=api.token + "\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    synced = runner.invoke(cli, ["--profile", "laptop", "sync", "--json"], catch_exceptions=False)
    assert synced.exit_code == 1, synced.output  # not everything arrived: said, not hidden
    summary = json.loads(synced.stdout)
    assert (summary["skipped"], summary["error"]) == (1, None)
    people = runner.invoke(cli, ["--profile", "laptop", "contact", "list", "--json"])
    assert [c["name"] for c in json.loads(people.stdout)["data"]] == ["Ada"]
    listed = runner.invoke(cli, ["--profile", "laptop", "gift", "list", "--json"])
    assert listed.exit_code == 0 and json.loads(listed.stdout)["data"] == []
    why = runner.invoke(cli, ["--profile", "laptop", "sync", "conflicts"])
    assert gift["id"] in why.output and "price" in why.output, why.output
