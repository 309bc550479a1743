"""The CLI's promises kept: ``--demo`` never touches the real book, documented defaults
apply (now for ``occurred_at``, the default sort) and the ``friendshipcli`` name exists."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from friendship_tui.cli.main import cli
from friendship_tui.cli.options import GlobalOptions
from friendship_tui.domain.clock import LocalClock

from .conftest import Run

ROOT = Path(__file__).resolve().parents[2]


def names(output: str) -> list[str]:
    return [obj["name"] for obj in json.loads(output)["data"]]


def test_demo_means_the_demo_book_for_every_command(run: Run, db: Path) -> None:
    real = json.loads(run("contact", "create", "--name", "Real Person", "--json").stdout)
    demo = run("--demo", "contact", "list", "--json")
    assert demo.exit_code == 0, demo.output
    shown = names(demo.stdout)
    assert "Real Person" not in shown and len(shown) >= 20  # the sample book, not mine
    assert "throw-away" in demo.stderr and "demo" in demo.stderr.lower()

    deleted = run("--demo", "contact", "delete", real["id"], "--yes")
    assert deleted.exit_code != 0 and "not found" in deleted.stderr.lower()
    assert names(run("contact", "list", "--json").stdout) == ["Real Person"]


def test_conversation_create_without_occurred_at_is_now(run: Run, db: Path) -> None:
    contact = json.loads(run("contact", "create", "--name", "Ann", "--json").stdout)
    instant = datetime(2026, 11, 24, 12, 26, 5, tzinfo=UTC)
    result = CliRunner().invoke(
        cli,
        ["--db", str(db), "conversation", "create", "--parent-id", contact["id"], "--json"],
        obj=GlobalOptions(clock=LocalClock(lambda: instant)),
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["occurred_at"].startswith("2026-11-24T12:26:05")
    given = run(
        "conversation", "create", "--parent-id", contact["id"],
        "--occurred-at", "2020-01-02T03:04:05Z", "--json",
    )  # fmt: skip
    assert json.loads(given.stdout)["occurred_at"] == "2020-01-02T03:04:05Z"


def test_list_without_sort_uses_the_documented_default(run: Run) -> None:
    for name in ("Zoe Adams", "ann Brook", "Mia Chen"):
        run("contact", "create", "--name", name)
    assert names(run("contact", "list", "--json").stdout) == ["ann Brook", "Mia Chen", "Zoe Adams"]


def test_friendshipcli_is_installed_under_the_documented_name() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["friendshipcli"] == scripts["friendship"]
