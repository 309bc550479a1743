"""``friendship <type> ...``: the per-model commands, generated from the schema."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from friendship_tui.schema import MODELS
from friendship_tui.store.local import LocalBackend
from friendship_tui.store.sample_data import sample_rows

from .conftest import Run


def created_id(run: Run, *args: str) -> str:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["id"])


def test_every_model_has_the_same_commands(run: Run) -> None:
    for name in MODELS:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        for command in ("list", "get", "create", "update", "delete", "upsert", "schema"):
            assert command in result.stdout, (name, command)
    assert run("life-event", "schema", "--json").exit_code == 0  # hyphen alias


def test_create_flags_come_from_the_schema(run: Run) -> None:
    help_text = run("reminder", "create", "--help").stdout
    for flag in ("--parent-id", "--due-date", "--message", "--completed / --no-completed"):
        assert flag in help_text
    assert "Exit status" in run("contact", "list", "--help").stdout


def test_create_get_list_update_clear_delete(run: Run) -> None:
    cid = created_id(
        run,
        "contact",
        "create",
        "--name",
        "Ann Smith",
        "--email",
        "ann@example.org",
        "--tags",
        "friends, climbing",
        "--favorite",
        "--birthday",
        "--03-12",
    )
    got = json.loads(run("contact", "get", cid, "--json").stdout)
    assert got["tags"] == ["friends", "climbing"]
    assert got["favorite"] is True and got["birthday"] == "--03-12"

    nid = created_id(
        run,
        "conversation",
        "create",
        "--parent-id",
        cid,
        "--channel",
        "call",
        "--duration-minutes",
        "25",
        "--summary",
        "Caught up",
    )
    convo = json.loads(run("conversation", "get", nid, "--json").stdout)
    assert convo["duration_minutes"] == 25 and convo["parent_id"] == cid

    table = run("contact", "list")
    assert table.exit_code == 0
    assert "Ann Smith" in table.stdout and cid in table.stdout and "name" in table.stdout

    result = run("contact", "update", cid, "--city", "Oslo", "--no-favorite", "--clear", "email")
    assert result.exit_code == 0, result.output
    got = json.loads(run("contact", "get", cid, "--json").stdout)
    assert (got["city"], got["favorite"], got["email"], got["name"]) == (
        "Oslo",
        False,
        None,
        "Ann Smith",
    )

    result = run("contact", "delete", cid, "--yes")
    assert result.exit_code == 0 and "Deleted" in result.stdout
    assert run("contact", "get", cid).exit_code == 1
    assert run("conversation", "get", nid).exit_code == 1  # went with its contact


def test_validation_errors_name_every_field_and_exit_2(run: Run) -> None:
    result = run("contact", "create", "--gender", "robot", "--website", "ftp://x", "--favorite")
    assert result.exit_code == 2
    assert "name: is required" in result.stderr
    assert "gender: must be one of" in result.stderr
    assert "website: must be an absolute http or https URL" in result.stderr
    assert result.stdout == ""

    result = run("note", "create", "--parent-id", "01NOPE", "--body", "x")
    assert result.exit_code == 2 and "parent_id" in result.stderr

    result = run("contact", "list", "--filter", "shoe_size=42", "--sort", "colour")
    assert result.exit_code == 2
    assert "shoe_size" in result.stderr and "sort" in result.stderr


def test_update_rules(run: Run) -> None:
    cid = created_id(run, "contact", "create", "--name", "Bo")
    assert run("contact", "update", cid).exit_code == 2  # nothing to change
    result = run("contact", "update", cid, "--clear", "name")
    assert result.exit_code == 2 and "name: is required" in result.stderr
    result = run("contact", "update", cid, "--clear", "id")
    assert result.exit_code == 2 and "cannot be cleared" in result.stderr
    assert "--parent-id" not in run("note", "update", "--help").stdout  # create-only


def test_not_found_exits_1_and_unavailable_exits_3(run: Run, tmp_path: Path) -> None:
    result = run("contact", "get", "01NOSUCHID")
    assert result.exit_code == 1 and "Not found" in result.stderr
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = run("contact", "list", db_path=blocker / "book.db")
    assert result.exit_code == 3
    assert f"{blocker} is not a directory" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_delete_asks_and_says_what_goes_with_a_contact(run: Run) -> None:
    ann = created_id(run, "contact", "create", "--name", "Ann")
    bob = created_id(run, "contact", "create", "--name", "Bob")
    for body in ("one", "two"):
        created_id(run, "note", "create", "--parent-id", ann, "--body", body)
    created_id(
        run, "relationship", "create", "--parent-id", bob, "--target-id", ann, "--kind", "friend"
    )

    result = run("contact", "delete", ann, input="n\n")
    assert result.exit_code == 1  # aborted
    assert "2 notes" in result.stderr and "2 relationships" in result.stderr
    assert run("contact", "get", ann).exit_code == 0

    result = run("contact", "delete", ann, input="y\n")
    assert result.exit_code == 0
    assert json.loads(run("relationship", "list", "--json").stdout)["count"] == 0


def test_listing_filters_sorts_searches_and_pages(run: Run, seed: Any) -> None:
    async def fill(backend: LocalBackend) -> None:
        await backend.bulk_import(
            (row for row in sample_rows(230, date(2026, 11, 25), seed=3) if row[0] == "contact"),
            keep_ids=True,
        )
        await backend.create("contact", {"name": "Zed Unique", "city": "Tromsø", "favorite": True})

    seed(fill)
    default = json.loads(run("contact", "list", "--json").stdout)
    assert default["count"] == 20  # the model's default page size
    every = run("contact", "list", "--all", "--ndjson")
    lines = every.stdout.splitlines()
    assert len(lines) == 231  # more than one 200-row page, one object a line
    assert len({json.loads(line)["id"] for line in lines}) == 231
    limited = run("contact", "list", "--limit", "205", "--ndjson").stdout.splitlines()
    assert len(limited) == 205

    found = json.loads(run("contact", "list", "--q", "Zed", "--json").stdout)
    assert [c["name"] for c in found["data"]] == ["Zed Unique"]
    city = json.loads(run("contact", "list", "--filter", "city=Tromsø", "--json").stdout)
    assert [c["name"] for c in city["data"]] == ["Zed Unique"]
    names = [
        c["name"]
        for c in json.loads(
            run("contact", "list", "--sort", "-name", "--limit", "50", "--json").stdout
        )["data"]
    ]
    nocase = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
    assert names == sorted(names, key=lambda n: n.translate(nocase), reverse=True)  # SQLite NOCASE


def test_schema_shows_fields_limits_mutability_filters_and_sorts(run: Run) -> None:
    doc = json.loads(run("conversation", "schema", "--json").stdout)
    fields = {f["name"]: f for f in doc["fields"]}
    assert fields["summary"]["max_length"] == 400
    assert fields["parent_id"]["mutability"] == "create-only"
    assert fields["channel"]["choices"][0] == "call"
    assert doc["filters"] == [
        "parent_id",
        "channel",
        "sentiment",
        "status",
        "is_archived",
        "owned_by",
    ]
    assert doc["sort_keys"] == ["created_at", "occurred_at"]
    text = run("conversation", "schema").stdout
    assert "max 8000 chars" in text and "Sort keys" in text


def test_upsert_from_csv(run: Run, tmp_path: Path) -> None:
    ann = created_id(run, "contact", "create", "--name", "Ann", "--email", "ann@example.org")
    sheet = tmp_path / "people.csv"
    sheet.write_text("email,name,company\nann@example.org,Ann A.,Acme\nbo@example.org,Bo,\n")
    result = run("contact", "upsert", "--unique", "email", "--csv", str(sheet))
    assert result.exit_code == 0, result.output
    assert "1 created, 1 updated" in result.stdout
    assert json.loads(run("contact", "get", ann, "--json").stdout)["company"] == "Acme"


def test_logging_an_activity_moves_last_contacted(run: Run, tmp_path: Path) -> None:
    """``activity create`` and a CSV import of activities apply the app's rule: later
    moves it, older never moves it back (the documented hook covers conversations)."""
    cid = created_id(run, "contact", "create", "--name", "Ann Active")
    ben = created_id(run, "contact", "create", "--name", "Ben Imported")

    def last(contact_id: str) -> Any:
        return json.loads(run("contact", "get", contact_id, "--json").stdout)["last_contacted_at"]

    assert last(cid) is None
    made = run(
        "activity", "create", "--parent-id", cid, "--kind", "call", "--title", "Called",
        "--occurred-at", "2026-03-01T10:00:00Z",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert last(cid) == "2026-03-01T10:00:00Z"
    older = run(
        "activity", "create", "--parent-id", cid, "--kind", "email", "--title", "Old mail",
        "--occurred-at", "2025-01-01T10:00:00Z",
    )  # fmt: skip
    assert older.exit_code == 0, older.output
    assert last(cid) == "2026-03-01T10:00:00Z"

    csv_path = tmp_path / "activities.csv"
    csv_path.write_text(
        "parent_id,kind,title,occurred_at\r\n"
        f"{ben},meeting,Lunch,2026-02-01T12:00:00Z\r\n"
        f"{ben},meeting,Breakfast,2026-02-03T08:00:00Z\r\n"
    )
    imported = run("import", str(csv_path), "--type", "activity")
    assert imported.exit_code == 0, imported.output
    assert last(ben) == "2026-02-03T08:00:00Z"
