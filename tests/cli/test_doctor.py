"""``friendship doctor`` on real books: exit 0 when healthy, 1 with the named problem.

Each problem is made in the file the way it could arise (a crash or another tool
writing the file behind the store's back), with the standard sqlite3 module; the
doctor runs as the real CLI in a subprocess and must not change the book.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from friendship_tui.store.local import Store

from .faulty_books import digest, friendship, overwrite_middle


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A healthy private book: two contacts, a note each, a relationship and its mirror."""
    folder = tmp_path / "books"
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o700)
    path = folder / "book.db"
    store = Store.open(path)
    backend = store.backend()

    async def seed() -> None:
        ann = await backend.create("contact", {"name": "Ann"})
        bob = await backend.create("contact", {"name": "Bob"})
        for c in (ann, bob):
            await backend.create("note", {"parent_id": c["id"], "body": "met at the fair"})
        await backend.create(
            "relationship", {"parent_id": ann["id"], "target_id": bob["id"], "kind": "friend"}
        )

    asyncio.run(seed())
    store.close()
    return path


def doctor(book: Path) -> dict[str, dict[str, object]]:
    """Run the doctor twice (text and JSON); return the JSON findings by check name."""
    before = digest(book)
    text = friendship(book, "doctor")
    as_json = friendship(book, "doctor", "--json")
    assert digest(book) == before  # the doctor changes nothing
    assert text.returncode == as_json.returncode, (text.stdout, as_json.stdout)
    report = json.loads(as_json.stdout)
    assert report["healthy"] is (text.returncode == 0)
    assert text.stdout.strip().splitlines()[-1] == (
        "Healthy."
        if report["healthy"]
        else f"{sum(not f['ok'] for f in report['findings'])} problem(s) found."
    )
    return {f["check"]: f for f in report["findings"]}


def only_failure(findings: dict[str, dict[str, object]]) -> dict[str, object]:
    bad = [f for f in findings.values() if not f["ok"]]
    assert len(bad) == 1, bad
    assert bad[0]["fix"]
    return bad[0]


def raw(book: Path) -> closing[sqlite3.Connection]:
    """The standard sqlite3 module on the file: another tool, behind the store's back."""
    return closing(sqlite3.connect(book, isolation_level=None))


def test_healthy_book(book: Path) -> None:
    proc = friendship(book, "doctor")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip().endswith("Healthy.")
    findings = doctor(book)
    assert set(findings) == {
        "permissions",
        "integrity",
        "schema revision",
        "orphaned rows",
        "relationship mirrors",
        "search index",
    }
    assert all(f["ok"] for f in findings.values())


def test_corrupted_book(book: Path) -> None:
    overwrite_middle(book, size=8192)
    failure = [f for f in doctor(book).values() if not f["ok"]]
    assert failure and failure[0]["check"] == "integrity"
    assert ".recover" in str(failure[0]["fix"])


def test_orphaned_children(book: Path) -> None:
    with raw(book) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("DELETE FROM contact WHERE name = 'Ann'")
    failures = [f for f in doctor(book).values() if not f["ok"]]
    checks = {f["check"]: f for f in failures}
    assert "note row(s) whose parent_id is gone" in str(checks["orphaned rows"]["detail"])
    assert "friendship note delete ID" in str(checks["orphaned rows"]["fix"])


def test_relationship_mirror_missing(book: Path) -> None:
    with raw(book) as conn:
        conn.execute("DELETE FROM relationship WHERE rowid = (SELECT max(rowid) FROM relationship)")
    failure = only_failure(doctor(book))
    assert failure["check"] == "relationship mirrors"
    assert "without the mirrored link" in str(failure["detail"])


def test_readable_by_others(book: Path) -> None:
    os.chmod(book, 0o644)
    os.chmod(book.parent, 0o755)
    failure = only_failure(doctor(book))
    assert failure["check"] == "permissions"
    assert f"chmod 600 {book}" in str(failure["fix"])
    assert f"chmod 700 {book.parent}" in str(failure["fix"])


def test_older_schema_revision(book: Path) -> None:
    with raw(book) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0005_prefix_index'")
    failure = only_failure(doctor(book))
    assert failure["check"] == "schema revision"
    assert "older" in str(failure["detail"])


def test_search_index_out_of_step(book: Path) -> None:
    with raw(book) as conn:
        conn.execute("INSERT INTO note_fts(note_fts) VALUES('delete-all')")
    failure = only_failure(doctor(book))
    assert failure["check"] == "search index"
    assert "note_fts" in str(failure["detail"])
    assert "VALUES('rebuild')" in str(failure["fix"])
    # the printed fix works: run it, and the doctor is satisfied
    with raw(book) as conn:
        conn.execute("INSERT INTO note_fts(note_fts) VALUES('rebuild')")
    assert friendship(book, "doctor").returncode == 0
