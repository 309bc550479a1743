"""The CLI's writes are audited like any other, and ``friendship history`` tells them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from friendship_tui.cli.main import cli
from friendship_tui.store.local import Store

from .helpers import audit_rows, brief


def _run(db: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=input)


def _rows(db: Path) -> list[dict[str, object]]:
    store = Store.open(db)
    try:
        return audit_rows(store.engine)
    finally:
        store.close()


def test_cli_writes_and_history(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    made = _run(db, "contact", "create", "--name", "Ann", "--company", "Acme", "--json")
    assert made.exit_code == 0, made.output
    cid = json.loads(made.stdout)["id"]
    assert _run(db, "contact", "update", cid, "--company", "Initech").exit_code == 0
    conv = _run(db, "conversation", "create", "--parent-id", cid, "--channel", "call",
                "--occurred-at", "2026-03-01", "--json")  # fmt: skip
    assert conv.exit_code == 0, conv.output
    conv_id = json.loads(conv.stdout)["id"]
    assert _run(db, "conversation", "delete", conv_id, "--yes").exit_code == 0

    rows = _rows(db)
    assert brief(rows) == [
        ("contact", "create", "user", cid),
        ("contact", "update", "user", cid),
        ("conversation", "create", "user", conv_id),
        ("contact", "update", "hook", cid),
        ("conversation", "delete", "user", conv_id),
    ]
    assert rows[1]["changes"] == {"company": ["Acme", "Initech"]}
    assert rows[3]["changes"] == {"last_contacted_at": [None, "2026-03-01"]}

    shown = _run(db, "history", cid)
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert lines[0] == "History of Ann"
    assert lines[1].endswith("deleted conversation “call”")
    assert lines[2].endswith("set last contacted at to 2026-03-01 (automatic)")
    assert lines[4].endswith("changed company from Acme to Initech")
    assert lines[5].endswith("created contact “Ann”")
    assert len(lines) == 6

    as_json = json.loads(_run(db, "history", cid, "--json").stdout)
    assert [e["action"] for e in as_json] == ["delete", "update", "create", "update", "create"]
    assert as_json[3]["changes"] == {"company": {"old": "Acme", "new": "Initech"}}
    assert as_json[3]["summary"] == "changed company from Acme to Initech"


def test_history_outlives_the_contact(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    cid = json.loads(_run(db, "contact", "create", "--name", "Gone", "--json").stdout)["id"]
    assert _run(db, "contact", "delete", cid, "--yes").exit_code == 0
    shown = _run(db, "history", cid)
    assert shown.exit_code == 0
    assert shown.output.splitlines()[0] == f"History of {cid} (deleted)"
    assert "deleted contact “Gone”" in shown.output
    missing = _run(db, "history", "no-such-id")
    assert missing.exit_code == 1
    assert "not found" in missing.output


def test_cli_json_import_is_audited_and_failed_import_is_not(tmp_path: Path) -> None:
    src = tmp_path / "src.db"
    cid = json.loads(_run(src, "contact", "create", "--name", "Ann", "--json").stdout)["id"]
    _run(src, "note", "create", "--parent-id", cid, "--body", "hello")
    backup = tmp_path / "backup.json"
    assert _run(src, "export", "-o", str(backup)).exit_code == 0

    dst = tmp_path / "dst.db"
    done = _run(dst, "import", str(backup))
    assert done.exit_code == 0, done.output
    rows = _rows(dst)
    assert sorted((r["type"], r["action"]) for r in rows) == [
        ("contact", "create"),
        ("note", "create"),
    ]
    assert {r["object_id"] for r in rows if r["type"] == "contact"} == {cid}

    doc = json.loads(backup.read_text())
    doc["data"]["note"].append({**doc["data"]["note"][0], "id": "n-bad", "body": None})
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    empty = tmp_path / "empty.db"
    refused = _run(empty, "import", str(bad))
    assert refused.exit_code == 2, refused.output
    assert _rows(empty) == []
