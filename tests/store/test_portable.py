"""The store does not assume SQLite: the same rules hold on PostgreSQL.

Search semantics, the trigger-kept side tables, migrations and the one-writer rule are
checked here on both databases (the whole contract suite also runs on PostgreSQL, as
``postgres`` and ``remote-postgres``: tests/contract/backends.py).
"""

from __future__ import annotations

import socket
import threading
from collections import Counter
from typing import Any

import pytest
from postgres_cluster import cluster, empty_database, fresh_database
from sqlalchemy import create_engine, inspect, text

from friendship_tui.schema import MODELS, FieldType, ListQuery
from friendship_tui.store.errors import Unavailable, ValidationError
from friendship_tui.store.local import Store
from friendship_tui.store.tables import TABLES, TAG_TABLES, tag_table_name
from friendship_tui.store.text_search import fold, search_doc, words

# --------------------------------------------------------------- search semantics


def _names(store: Store, q: str) -> set[str]:
    page = store.list("me", "contact", ListQuery(q=q, limit=100))
    found = {str(c["name"]) for c in page.items}
    assert {str(c["name"]) for c in store.search("me", q, limit=100)} == found
    assert page.total == len(found)
    return found


def test_words_match_as_word_prefixes(any_store: Store) -> None:
    for name in ("Anne-Marie Dubois", "Omar Khan", "Mårten Ek", "Snake_Case Person",
                 "Zoë O'Brien", "Ünal 42nd"):  # fmt: skip
        any_store.create("me", "contact", {"name": name})
    any_store.create("other", "contact", {"name": "Marie Stranger"})

    assert _names(any_store, "mar") == {"Anne-Marie Dubois", "Mårten Ek"}  # not Omar
    assert _names(any_store, "anne marie") == {"Anne-Marie Dubois"}
    assert _names(any_store, "MARIE anne") == {"Anne-Marie Dubois"}  # any order, any case
    assert _names(any_store, "case") == {"Snake_Case Person"}  # "_" separates words
    assert _names(any_store, "zoe brien") == {"Zoë O'Brien"}
    assert _names(any_store, "o'brien") == {"Zoë O'Brien"}  # punctuation in the query
    assert _names(any_store, "unal 42") == {"Ünal 42nd"}
    assert _names(any_store, "mar*") == {"Anne-Marie Dubois", "Mårten Ek"}
    assert _names(any_store, "xyz") == set()
    assert _names(any_store, "ar") == set()  # inside a word is not a prefix


def test_search_covers_the_listed_fields_and_follows_changes(any_store: Store) -> None:
    c = any_store.create(
        "me", "contact",
        {"name": "Plain Name", "company": "Zürich Reinsurance", "tags": ["Climbing"],
         "notes": "met at the café"},
    )  # fmt: skip
    assert _names(any_store, "zurich") == {"Plain Name"}
    assert _names(any_store, "climb") == {"Plain Name"}
    assert _names(any_store, "cafe") == {"Plain Name"}
    any_store.update("me", "contact", str(c["id"]), {"company": "Basel Bank", "tags": []})
    assert _names(any_store, "zurich") == set()
    assert _names(any_store, "climb") == set()
    assert _names(any_store, "basel") == {"Plain Name"}
    note = any_store.create("me", "note", {"parent_id": c["id"], "body": "Ideas for Éloïse"})
    notes = any_store.list("me", "note", ListQuery(q="eloise"))
    assert [n["id"] for n in notes.items] == [note["id"]]


def test_name_hits_rank_before_notes_hits(any_store: Store) -> None:
    any_store.create("me", "contact", {"name": "Aaron Notes", "notes": "ask Berta about it"})
    any_store.create("me", "contact", {"name": "Berta Climber"})
    any_store.create("me", "contact", {"name": "Carl", "email": "berta.fan@example.com"})
    hits = [c["name"] for c in any_store.search("me", "berta")]
    assert hits[0] == "Berta Climber"
    assert hits[-1] == "Aaron Notes"
    assert set(hits) == {"Aaron Notes", "Berta Climber", "Carl"}


def test_case_insensitive_name_order(any_store: Store) -> None:
    for name in ("bob", "Alice", "carol", "Dave"):
        any_store.create("me", "contact", {"name": name})
    page = any_store.list("me", "contact", ListQuery(sort="name"))
    assert [c["name"] for c in page.items] == ["Alice", "bob", "carol", "Dave"]
    page = any_store.list("me", "contact", ListQuery(sort="-name"))
    assert [c["name"] for c in page.items] == ["Dave", "carol", "bob", "Alice"]


def test_folding_rules() -> None:
    assert fold("José ÑÚÑEZ") == "jose nunez"
    assert words("Anne-Marie_x 42nd") == ["anne", "marie", "x", "42nd"]
    assert words(["Work", "Éte"]) == ["work", "ete"]
    doc = search_doc(MODELS["contact"], {"name": "Zoë", "tags": ["Choir"], "city": "Oslo"})
    assert doc == " zoe choir"  # city is not a searched field
    assert search_doc(MODELS["contact"], {"name": "!!"}) is None


# --------------------------------------------------- side tables on every write path


def _truth(store: Store) -> tuple[Counter[tuple[str, str, int]], dict[str, Counter[Any]]]:
    """Row counts and tag rows computed from the rows themselves."""
    counts: Counter[tuple[str, str, int]] = Counter()
    tags: dict[str, Counter[Any]] = {}
    with store.read() as conn:
        for name, table in TABLES.items():
            for owner, archived in conn.execute(
                text(f"SELECT owned_by, is_archived FROM {table.name}")
            ):
                counts[(str(owner), name, int(bool(archived)))] += 1
            for f in MODELS[name].fields:
                if f.type is FieldType.TAGS:
                    expected: Counter[Any] = Counter()
                    for seq, owner, values in conn.execute(
                        TABLES[name]
                        .select()
                        .with_only_columns(table.c.seq, table.c.owned_by, table.c[f.name])
                    ):
                        for tag in values or []:
                            expected[(seq, owner, tag)] += 1
                    tags[f"{name}.{f.name}"] = expected
    return counts, tags


def _kept(store: Store) -> tuple[Counter[tuple[str, str, int]], dict[str, Counter[Any]]]:
    """What the triggers keep: the row_count table and the tag side tables."""
    counts: Counter[tuple[str, str, int]] = Counter()
    tags: dict[str, Counter[Any]] = {}
    with store.read() as conn:
        for owner, type_, archived, n in conn.execute(
            text("SELECT owned_by, type, is_archived, n FROM row_count WHERE n <> 0")
        ):
            counts[(str(owner), str(type_), int(archived))] = int(n)
        for key, table in TAG_TABLES.items():
            tags[key] = Counter(
                (seq, owner, tag)
                for seq, owner, tag in conn.execute(
                    text(f"SELECT obj_seq, owned_by, tag FROM {table.name}")
                )
            )
    return counts, tags


def test_side_tables_follow_every_write(any_store: Store) -> None:
    s = any_store
    a = s.create("me", "contact", {"name": "A", "tags": ["x", "y", "x"]})
    b = s.create("me", "contact", {"name": "B", "tags": ["y"]})
    s.create("you", "contact", {"name": "C", "tags": ["x"]})
    s.create("me", "journal_entry", {"title": "day", "tags": ["calm"]})
    s.create("me", "relationship", {"parent_id": a["id"], "target_id": b["id"], "kind": "friend"})
    s.create("me", "note", {"parent_id": b["id"], "body": "n"})
    assert _kept(s) == _truth(s)
    s.update("me", "contact", str(a["id"]), {"tags": ["z"]})
    s.set_archived("me", "contact", str(b["id"]), True)
    assert _kept(s) == _truth(s)
    s.delete("me", "contact", str(b["id"]))  # cascades: note, both relationship rows
    s.import_rows("me", [("contact", {"name": f"I{i}", "tags": ["bulk"]}) for i in range(30)])
    assert _kept(s) == _truth(s)
    tagged = s.list("me", "contact", ListQuery(filters={"tags": ["bulk", "z"]}, limit=100))
    assert tagged.total == 31
    assert s.list("me", "contact").total == 31


# ------------------------------------------------------------------ migrations


def _pg_schema(url: str) -> dict[str, Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            insp = inspect(conn)
            tables = {
                t: (
                    [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(t)],
                    sorted(
                        (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                        for i in insp.get_indexes(t)
                    ),
                )
                for t in sorted(insp.get_table_names())
            }
            triggers = sorted(
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT trigger_name, event_manipulation, event_object_table, "
                        "action_statement FROM information_schema.triggers"
                    )
                )
            )
            functions = sorted(
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT proname, prosrc FROM pg_proc p JOIN pg_namespace n "
                        "ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
                    )
                )
            )
    finally:
        engine.dispose()
    return {"tables": tables, "triggers": triggers, "functions": functions}


def test_postgres_fresh_and_upgraded_schemas_are_identical() -> None:
    fresh = empty_database()
    Store.open(fresh).close()
    old_url = empty_database()
    old = Store.open(old_url, revision="0001")
    early = {"id": "01EARLY0000000000000000000"}
    with old.engine.begin() as conn:  # the row as the release at 0001 wrote it
        conn.execute(
            text(
                "INSERT INTO contact (id, owned_by, created_at, updated_at, status, "
                "is_archived, name, tags) VALUES (:id, 'me', '2026-01-01T00:00:00Z', "
                "'2026-01-01T00:00:00Z', 'active', false, 'José Early', '[\"early\"]')"
            ),
            early,
        )
    old.close()

    upgraded = Store.open(old_url)
    try:
        assert _pg_schema(old_url) == _pg_schema(fresh)
        assert [c["id"] for c in upgraded.search("me", "jose")] == [early["id"]]
        page = upgraded.list("me", "contact", ListQuery(filters={"tags": ["early"]}))
        assert [c["id"] for c in page.items] == [early["id"]]
        assert upgraded.list("me", "contact").total == 1  # the row count was back-filled
        assert tag_table_name(MODELS["contact"], "tags") in _pg_schema(fresh)["tables"]
    finally:
        upgraded.close()


# --------------------------------------------------------------- one writer


def test_two_stores_on_one_postgres_database_write_in_turn() -> None:
    """Two processes' stores (two engines) on one database: a write waits for the other
    to commit (the advisory lock), so hooks never read stale rows."""
    url = fresh_database()
    first, second = Store.open(url), Store.open(url)
    try:
        contact = first.create("me", "contact", {"name": "Shared"})
        holding, release = threading.Event(), threading.Event()

        def hold() -> None:
            with first.write("me") as tx:
                from friendship_tui.store import writes

                writes.create(tx, "note", {"parent_id": contact["id"], "body": "first"})
                holding.set()
                release.wait(30)

        holder = threading.Thread(target=hold)
        holder.start()
        assert holding.wait(30)
        done: list[Any] = []
        waiter = threading.Thread(
            target=lambda: done.append(
                second.create(
                    "me", "conversation",
                    {"parent_id": contact["id"], "occurred_at": "2026-11-01T10:00:00Z"},
                )
            )
        )  # fmt: skip
        waiter.start()
        watcher = create_engine(url)
        try:
            waiting = 0
            for _ in range(600):  # until the second writer is seen queued on the lock
                with watcher.connect() as conn:
                    waiting = conn.execute(
                        text(
                            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                            "AND NOT granted"
                        )
                    ).scalar_one()
                if waiting:
                    break
                threading.Event().wait(0.05)
        finally:
            watcher.dispose()
        assert waiting == 1
        assert not done  # it has not written while the first transaction is open
        release.set()
        holder.join(30)
        waiter.join(30)
        assert len(done) == 1
        bumped = second.get("me", "contact", str(contact["id"]))
        assert bumped["last_contacted_at"] == "2026-11-01T10:00:00Z"
        assert second.list("me", "note").total == 1
    finally:
        first.close()
        second.close()


def test_concurrent_bumps_keep_the_latest() -> None:
    url = fresh_database()
    stores = [Store.open(url), Store.open(url)]
    try:
        contact = stores[0].create("me", "contact", {"name": "Busy"})
        days = list(range(1, 29))

        def log(store: Store, mine: list[int]) -> None:
            for d in mine:
                store.create(
                    "me", "conversation",
                    {"parent_id": contact["id"], "occurred_at": f"2026-02-{d:02d}T09:00:00Z"},
                )  # fmt: skip

        threads = [
            threading.Thread(target=log, args=(stores[0], days[::-2])),
            threading.Thread(target=log, args=(stores[1], days[-2::-2])),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        final = stores[1].get("me", "contact", str(contact["id"]))
        assert final["last_contacted_at"] == "2026-02-28T09:00:00Z"
        assert stores[0].list("me", "conversation").total == len(days)
    finally:
        for s in stores:
            s.close()


# ------------------------------------------------------------ clear refusals


def test_an_unsupported_database_is_refused_by_name() -> None:
    with pytest.raises(ValidationError) as err:
        Store.open("mysql://someone@127.0.0.1/book")
    assert "SQLite or PostgreSQL" in err.value.fields["db"]
    assert "'mysql'" in err.value.fields["db"]


def test_an_unreachable_postgres_is_unavailable() -> None:
    cluster()  # the driver is importable and a server exists, just not on this port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(Unavailable) as err:
        Store.open(f"postgresql+psycopg://postgres:secret@127.0.0.1:{port}/book")
    message = str(err.value)
    assert f"127.0.0.1:{port}/book" in message
    assert "secret" not in message  # the password is never echoed


def test_a_plain_postgresql_url_uses_psycopg_3() -> None:
    base = cluster().url("postgres").split("://", 1)[1]
    for scheme in ("postgresql", "postgres"):
        store = Store.open(
            f"{scheme}://{base.rsplit('/', 1)[0]}/{fresh_database().rsplit('/', 1)[1]}"
        )
        try:
            assert store.engine.dialect.driver == "psycopg"
            assert store.create("me", "contact", {"name": "Plain URL"})["name"] == "Plain URL"
        finally:
            store.close()


def test_empty_values_sort_as_on_sqlite(any_store: Store) -> None:
    """Unset values come first in ascending order and last in descending, on both."""
    # (birthday sorts by next occurrence, unknown last: tests/store/test_sort_keys.py)
    for name, seen in (("b", "2026-02-01"), ("none", None), ("a", "2025-01-01")):
        any_store.create("me", "contact", {"name": name, "last_contacted_at": seen})
    up = any_store.list("me", "contact", ListQuery(sort="last_contacted_at"))
    assert [r["name"] for r in up.items] == ["none", "a", "b"]
    down = any_store.list("me", "contact", ListQuery(sort="-last_contacted_at"))
    assert [r["name"] for r in down.items] == ["b", "a", "none"]
