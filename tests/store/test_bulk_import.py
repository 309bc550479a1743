"""Store.import_rows: validated, streamed, one transaction, hooks applied per chunk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from friendship_tui.schema import ListQuery
from friendship_tui.store.base import ChangeEvent
from friendship_tui.store.errors import Conflict, ValidationError
from friendship_tui.store.local import LocalBackend, Store


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL (tests/store/conftest.py)."""
    return any_store


def test_import_validates_and_is_all_or_nothing(store: Store) -> None:
    rows: list[tuple[str, dict[str, Any]]] = [("contact", {"name": f"P{i}"}) for i in range(30)]
    rows.append(("contact", {"name": "Bad", "gender": "robot"}))
    with pytest.raises(ValidationError) as err:
        store.import_rows("me", rows, chunk_size=7)
    assert err.value.fields == {
        "contact[30].gender": "must be one of: male, female, other, unspecified"
    }
    assert store.list("me", "contact").total == 0


def test_import_refuses_bad_refs(store: Store) -> None:
    rows = [("contact", {"id": "c1", "name": "A"}), ("note", {"parent_id": "c2", "body": "x"})]
    with pytest.raises(ValidationError) as err:
        store.import_rows("me", rows, keep_ids=True)
    assert "note[0].parent_id" in err.value.fields
    assert store.list("me", "contact").total == 0


def test_import_keeps_ids_and_runs_hooks(store: Store) -> None:
    rows: list[tuple[str, dict[str, Any]]] = [
        ("contact", {"id": "a", "name": "A", "created_at": "2020-01-01T00:00:00Z"}),
        ("contact", {"id": "b", "name": "B", "is_archived": True}),
        ("conversation", {"parent_id": "a", "occurred_at": "2026-01-01"}),
        ("conversation", {"parent_id": "a", "occurred_at": "2026-02-01"}),
        ("conversation", {"parent_id": "a", "occurred_at": "2025-02-01"}),
        ("relationship", {"parent_id": "a", "target_id": "b", "kind": "manager"}),
    ]
    result = store.import_rows("me", rows, keep_ids=True, chunk_size=2)
    assert result.counts == {"contact": 2, "conversation": 3, "relationship": 2}
    a = store.get("me", "contact", "a")
    assert a["created_at"] == "2020-01-01T00:00:00.000000Z"
    assert a["last_contacted_at"] == "2026-02-01"
    assert store.get("me", "contact", "b")["is_archived"] is True
    mirror = store.list("me", "relationship", ListQuery(filters={"parent_id": ["b"]})).items
    assert [(m["target_id"], m["kind"]) for m in mirror] == [("a", "report")]
    original = store.list("me", "relationship", ListQuery(filters={"parent_id": ["a"]})).items[0]
    store.delete("me", "relationship", mirror[0]["id"])  # the pair is linked
    with pytest.raises(Exception, match="not found"):
        store.get("me", "relationship", original["id"])


def test_import_without_hooks_relinks_pairs(store: Store) -> None:
    rows = [
        ("contact", {"id": "a", "name": "A"}),
        ("contact", {"id": "b", "name": "B"}),
        ("relationship", {"id": "r1", "parent_id": "a", "target_id": "b", "kind": "parent"}),
        ("relationship", {"id": "r2", "parent_id": "b", "target_id": "a", "kind": "child"}),
    ]
    store.import_rows("me", rows, keep_ids=True, run_hooks=False)
    assert store.list("me", "relationship").total == 2
    store.delete("me", "relationship", "r1")
    assert store.list("me", "relationship").total == 0


def test_pairs_are_relinked_across_chunks(store: Store) -> None:
    """Halves that arrive in different chunks, next to a relationship without a mate."""
    rows = [
        ("contact", {"id": "a", "name": "A"}),
        ("contact", {"id": "b", "name": "B"}),
        ("contact", {"id": "c", "name": "C"}),
        ("relationship", {"id": "r1", "parent_id": "a", "target_id": "b", "kind": "friend"}),
        ("relationship", {"id": "r3", "parent_id": "a", "target_id": "c", "kind": "friend"}),
        ("relationship", {"id": "r2", "parent_id": "b", "target_id": "a", "kind": "friend"}),
    ]
    store.import_rows("me", rows, keep_ids=True, run_hooks=False, chunk_size=4)
    assert store.list("me", "relationship").total == 3
    store.delete("me", "relationship", "r2")  # takes its other half, r1, with it
    assert [r["id"] for r in store.list("me", "relationship").items] == ["r3"]


def test_duplicate_ids_are_a_conflict(store: Store) -> None:
    store.import_rows("me", [("contact", {"id": "dup", "name": "A"})], keep_ids=True)
    with pytest.raises(Conflict):
        store.import_rows("me", [("contact", {"id": "dup", "name": "B"})], keep_ids=True)
    assert store.get("me", "contact", "dup")["name"] == "A"


def test_import_streams_from_a_generator(store: Store) -> None:
    pulled = 0

    def rows() -> Iterator[tuple[str, dict[str, Any]]]:
        nonlocal pulled
        for i in range(1000):
            pulled += 1
            yield "contact", {"name": f"Person {i}", "tags": ["bulk"]}

    result = store.import_rows("me", rows(), chunk_size=100)
    assert pulled == 1000 and result.total == 1000
    page = store.list("me", "contact", ListQuery(filters={"tags": ["bulk"]}, q="person"))
    assert page.total == 1000


async def test_backend_bulk_import_emits_events_when_asked(
    store: Store, local: LocalBackend
) -> None:
    seen: list[ChangeEvent] = []
    store.subscribe(seen.append)
    await local.bulk_import([("contact", {"name": "Quiet"})])
    assert seen == []
    await local.bulk_import([("contact", {"name": "Loud"})], emit_events=True)
    assert [(e.type, e.action, e.object["name"]) for e in seen] == [("contact", "create", "Loud")]


def test_agenda_after_bulk_import(store: Store) -> None:
    rows = [
        ("contact", {"id": "a", "name": "A", "stay_in_touch_frequency": "weekly",
                     "last_contacted_at": "2026-01-01", "birthday": "1990-01-10"}),
    ]  # fmt: skip
    store.import_rows("me", rows, keep_ids=True)
    agenda = store.agenda("me", date(2026, 1, 5))
    assert [r.kind for r in agenda.stay_in_touch] == ["due_soon"]
    assert [(r.kind, r.years) for r in agenda.events] == [("birthday", 36)]


def test_refs_are_checked_beyond_the_remembered_contacts(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parents the import no longer remembers are found in the book; a ref to no
    contact is still refused, naming the row and field."""
    from friendship_tui.store import bulk

    monkeypatch.setattr(bulk, "KNOWN_CONTACTS", 1)
    contacts = [("contact", {"id": f"c{i}", "name": f"C{i}"}) for i in range(4)]
    notes = [("note", {"parent_id": f"c{i}", "body": "hi"}) for i in range(4)]
    result = store.import_rows("me", [*contacts, *notes], keep_ids=True, chunk_size=1)
    assert result.counts == {"contact": 4, "note": 4}
    bad = [("contact", {"id": "d0", "name": "D"}), ("note", {"parent_id": "nobody", "body": "x"})]
    with pytest.raises(ValidationError) as err:
        store.import_rows("me", [*bad, ("note", {"parent_id": "c0", "body": "y"})], keep_ids=True)
    assert err.value.fields == {"note[0].parent_id": "must be the id of an existing contact"}
