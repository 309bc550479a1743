"""A big import's set-wise index and trigger work (store/bulk_schema.py): the book's
schema text comes back byte for byte, the derived data (search, counts, tags, agenda)
is what row-by-row triggers write, and a failed import leaves the book as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fake_clock import FakeClock
from store_files import fresh_db

from friendship_tui.domain.agenda import PANELS
from friendship_tui.schema import MODELS, ListQuery
from friendship_tui.store import agenda_counts, bulk_schema
from friendship_tui.store.bulk_schema import REFILLS, Refill
from friendship_tui.store.errors import Conflict, ValidationError
from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import sample_rows

Rows = list[tuple[str, dict[str, Any]]]
DAY = date(2026, 11, 25)
WORDS = ["anna", "ber", "climbing", "coffee", "family", "work", "dog", "birthday", "a"]


def _rows(contacts: int, seed: int) -> Rows:
    return [(t, dict(d)) for t, d in sample_rows(contacts, DAY, seed=seed)]


@pytest.fixture
def book(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    store = Store.open(fresh_db(tmp_path / "a.db"), clock=clock)
    yield store
    store.close()


def _db(store: Store) -> sqlite3.Connection:
    assert store.book is not None
    return sqlite3.connect(store.book.path)


def _schema(store: Store, *, pages: bool = False) -> list[tuple[Any, ...]]:
    cols = "type, name, tbl_name, sql" + (", rootpage" if pages else "")
    with _db(store) as db:
        return db.execute(f"SELECT {cols} FROM sqlite_master ORDER BY type, name").fetchall()


def _derived(store: Store) -> dict[str, Any]:
    """Everything the INSERT triggers write, and what search reads from it."""
    out: dict[str, Any] = {}
    with _db(store) as db:
        out["row_count"] = db.execute("SELECT * FROM row_count ORDER BY 1, 2, 3").fetchall()
        out["agenda_count"] = db.execute(
            "SELECT * FROM agenda_count WHERE n <> 0 ORDER BY 1, 2, 3"
        ).fetchall()
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_index' "
            "ESCAPE '\\' ORDER BY name"
        ).fetchall():
            out[name] = db.execute(
                f"SELECT obj_seq, owned_by, tag FROM {name} ORDER BY rowid"
            ).fetchall()
        for model in MODELS:
            fts = f"{model}_fts"
            db.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")  # raises if off
            for word in WORDS:
                out[f"{fts}:{word}"] = db.execute(
                    f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid", (f'"{word}"*',)
                ).fetchall()
        out["rows"] = {m: db.execute(f"SELECT count(*) FROM {m}").fetchone()[0] for m in MODELS}
    return out


def _answers(store: Store) -> dict[str, Any]:
    """What the app shows from the derived data: search, counts, tag filters, agenda."""
    out: dict[str, Any] = {}
    for word in WORDS:
        out[f"search:{word}"] = [(o["id"], o.get("name")) for o in store.search("me", word, 50)]
    for model in MODELS:
        out[f"total:{model}"] = store.list("me", model).total
    for tag in ("family", "work", "climbing"):
        page = store.list("me", "contact", ListQuery(filters={"tags": [tag]}))
        out[f"tag:{tag}"] = (page.total, [o["id"] for o in page.items])
    agenda = store.agenda("me", DAY)
    out["agenda"] = (  # rows by what they show (the ids the store made differ)
        [(r.kind, r.days, r.contact_name, r.title) for r in agenda.stay_in_touch],
        [(r.kind, r.days, r.contact_name, r.title) for r in agenda.events],
        [(r.kind, r.days, r.contact_name, r.title) for r in agenda.reminders],
        agenda.totals,
    )
    return out


def _import(store: Store, rows: Rows, **kw: Any) -> tuple[str, ...]:
    return store.import_rows("me", iter(rows), keep_ids=True, chunk_size=400, **kw).set_wise


def test_a_big_import_leaves_the_schema_text_byte_identical(
    book: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_schema, "MIN_BULK_ROWS", 1)
    before = _schema(book)
    # every table, empty, and the audit log (held no more rows than the import wrote)
    assert set(_import(book, _rows(60, seed=0))) == {*MODELS, "audit_log"}
    assert _schema(book) == before
    assert set(_import(book, _rows(80, seed=1))) >= {"contact", "note"}  # more than held
    assert _schema(book) == before


@pytest.mark.parametrize("bump_trigger", [False, True])
def test_set_wise_derived_data_equals_the_triggers(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, bump_trigger: bool
) -> None:
    """Two books fed the same rows, one set-wise, one row by row (every table both
    times: first empty, then with rows held; the second import's conversations bump
    contacts of the first), with and without an UPDATE trigger the bump fires."""
    first, second = _rows(60, seed=0), _rows(70, seed=1)
    old_contacts = [d["id"] for t, d in first if t == "contact"]
    second += [
        ("conversation", {"parent_id": cid, "occurred_at": "2026-11-20", "content": "coffee"})
        for cid in old_contacts[:20]
    ]
    books = []
    for name, least in (("set.db", 1), ("rows.db", 10**9)):
        monkeypatch.setattr(bulk_schema, "MIN_BULK_ROWS", least)
        store = Store.open(fresh_db(tmp_path / name), clock=clock)
        if bump_trigger:
            _add_bump_trigger(store)
        done = [_import(store, first), _import(store, second)]
        assert all(done) if least == 1 else not any(done)
        books.append(store)
    try:
        assert _derived(books[0]) == _derived(books[1])
        if bump_trigger:
            assert _bumps(books[0]) == _bumps(books[1])
            assert len(_bumps(books[0])) >= 10  # the second import bumped the first one's
        assert _answers(books[0]) == _answers(books[1])
        assert _answers(books[0])["agenda"][0]  # the comparison compares something
    finally:
        for store in books:
            store.close()


def _add_bump_trigger(store: Store) -> None:
    """An UPDATE trigger that reads derived data (as an agenda count might): the
    import's bumps must find it whole (``settle``), as the row path does."""
    with _db(store) as db:
        db.executescript(
            "CREATE TABLE bumped (seq INTEGER, n INTEGER);"
            "CREATE TRIGGER bumped_au AFTER UPDATE OF last_contacted_at ON contact BEGIN "
            "INSERT INTO bumped(seq, n) SELECT new.seq, sum(n) FROM row_count "
            "WHERE type = 'contact'; END;"
        )


def _bumps(store: Store) -> list[tuple[Any, ...]]:
    with _db(store) as db:
        return db.execute("SELECT seq, n FROM bumped ORDER BY rowid").fetchall()


def test_a_small_import_into_a_bigger_table_keeps_the_row_path(book: Store) -> None:
    assert "contact" in _import(book, [("contact", {"name": f"P{i}"}) for i in range(600)])
    assert _import(book, [("contact", {"name": f"Q{i}"}) for i in range(100)]) == ()
    assert book.list("me", "contact").total == 700


def test_the_audit_log_goes_set_wise_only_when_the_import_outgrows_it(
    book: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its size is its highest seq (no row counts): 600 logged rows keep their indexes
    through a 300-row import, not through a 700-row one."""
    monkeypatch.setattr(bulk_schema, "MIN_BULK_ROWS", 1)
    assert "audit_log" in _import(book, [("contact", {"name": f"P{i}"}) for i in range(600)])
    assert "audit_log" not in _import(book, [("contact", {"name": f"N{i}"}) for i in range(300)])
    assert "audit_log" in _import(book, [("contact", {"name": f"M{i}"}) for i in range(1000)])
    with _db(book) as db:
        assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1900
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE owned_by = 'me' AND object_id = 'x'"
        ).fetchall()
    assert "ix_audit_object" in str(plan)


def test_an_index_taking_rising_entries_stays_in_place(book: Store) -> None:
    """The audit log's (owned_by, seq) index takes an import's entries in rising order,
    at its end: it stays while the rows go in (cheaper than sorting it again); the
    audit log's other indexes are dropped, and every one is there at the end."""
    _import(book, [("contact", {"name": f"P{i}"}) for i in range(600)])
    query = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'"
    with book.engine.begin() as conn:
        before = {str(n) for (n,) in conn.exec_driver_sql(query)}
        tables = bulk_schema.BulkTables(conn)
        tables.inserting("audit_log", 1000)  # outgrows the 600 logged rows
        assert tables.big("audit_log")
        assert {str(n) for (n,) in conn.exec_driver_sql(query)} == {"ix_audit_owner"}
        assert [name for name, _ in tables.indexes["audit_log"]] == [
            "ix_audit_object",
            "ix_audit_parent",
        ]
        tables.finish()
        assert {str(n) for (n,) in conn.exec_driver_sql(query)} == before
    assert before >= {"ix_audit_owner", "ix_audit_object", "ix_audit_parent"}


def _state(store: Store) -> tuple[Any, ...]:
    with _db(store) as db:
        stats = db.execute("SELECT * FROM sqlite_stat1 ORDER BY 1, 2").fetchall()
        audit = db.execute("SELECT count(*) FROM audit_log").fetchone()
    return _schema(store, pages=True), _derived(store), stats, audit


@pytest.mark.parametrize("fault", ["bad row", "duplicate id"])
def test_an_import_failing_midway_leaves_the_book_as_before(
    book: Store, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    """Chunks went in set-wise (indexes dropped, triggers off and on) before the
    failure: the rollback takes the book back, schema, rows, statistics and search."""
    monkeypatch.setattr(bulk_schema, "MIN_BULK_ROWS", 1)
    _import(book, _rows(40, seed=0))
    with _db(book) as db:
        db.execute("ANALYZE")
    before = _state(book)
    rows = _rows(120, seed=1)
    if fault == "bad row":
        rows.append(("contact", {"name": "Bad", "gender": "robot"}))
    else:  # the insert itself fails (the unique id), inside the triggers' window
        rows.append(("contact", {"id": rows[0][1]["id"], "name": "Again"}))
    assert len(rows) > 2 * 400  # chunks of 400 were stored before it
    with pytest.raises(ValidationError if fault == "bad row" else Conflict):
        _import(book, rows)
    assert _state(book) == before


def test_a_trigger_no_step_claims_keeps_firing(
    book: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration's new INSERT trigger (here: a side table of note lengths) with no
    refill step: the table's triggers stay and fire per row; its indexes still go the
    set-wise way, and the schema comes back."""
    monkeypatch.setattr(bulk_schema, "MIN_BULK_ROWS", 1)
    _add_side_trigger(book)
    before = _schema(book)
    assert "note" in _import(book, _rows(50, seed=0))
    assert _schema(book) == before
    assert _side_rows(book) == _expected_side(book)


def test_a_registered_refill_step_does_the_triggers_work(
    book: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_schema, "MIN_BULK_ROWS", 1)
    _add_side_trigger(book)
    marks: list[int] = []

    def refill(conn: Any, table: str, after_seq: int) -> None:
        marks.append(after_seq)
        conn.exec_driver_sql(
            f"INSERT INTO note_len(seq, n) SELECT seq, length(body) FROM {table} "
            "WHERE seq > ? ORDER BY seq",
            (after_seq,),
        )

    steps = [*REFILLS["note"], Refill(frozenset({"note_len_ai"}), refill)]
    monkeypatch.setitem(REFILLS, "note", steps)
    before = _schema(book)
    assert "note" in _import(book, _rows(50, seed=0))
    assert marks and marks[0] == 0  # the step ran, from the empty table's mark
    assert _schema(book) == before
    assert _side_rows(book) == _expected_side(book)


def _add_side_trigger(store: Store) -> None:
    with _db(store) as db:
        db.executescript(
            "CREATE TABLE note_len (seq INTEGER NOT NULL, n INTEGER);"
            "CREATE TRIGGER note_len_ai AFTER INSERT ON note BEGIN "
            "INSERT INTO note_len(seq, n) VALUES (new.seq, length(new.body)); END;"
        )


def _side_rows(store: Store) -> list[tuple[Any, ...]]:
    with _db(store) as db:
        return db.execute("SELECT seq, n FROM note_len ORDER BY rowid").fetchall()


def _expected_side(store: Store) -> list[tuple[Any, ...]]:
    with _db(store) as db:
        found = db.execute("SELECT seq, length(body) FROM note ORDER BY seq").fetchall()
    assert found
    return found


def _agenda_edges() -> Rows:
    """Rows at the buckets' edges: Feb 29, no year, a year alone, dated after the
    window's year, one-off events, completed reminders, tracked but never contacted."""
    out: Rows = []
    for i, (birthday, anniversary) in enumerate(
        [("2000-02-29", "--12-01"), ("--11-30", "1985"), ("2027-12-03", None), (None, "2026-12-01")]
    ):
        cid = f"edge{i}"
        person = {"id": cid, "name": f"Edge {i}", "birthday": birthday, "anniversary": anniversary}
        person["stay_in_touch_frequency"] = ("weekly", "monthly", None, "yearly")[i]
        if i % 2:
            person["last_contacted_at"] = f"2026-1{i // 2}-0{i}T23:30:00Z"
        out.append(("contact", {k: v for k, v in person.items() if v is not None}))
        for j, recurring in enumerate((True, False)):
            out.append(
                (
                    "life_event",
                    {"parent_id": cid, "title": f"E{j}", "recurring": recurring}
                    | {"occurred_at": ("2024-02-29", "--12-02", "2028-11-27", "1990")[i]},
                )
            )
            out.append(
                (
                    "reminder",
                    {"parent_id": cid, "message": "Call", "completed": bool(j)}
                    | {"due_date": f"2026-12-0{i + 1}"},
                )
            )
    return out


def test_a_big_import_counts_the_agenda_buckets_set_wise(
    book: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The agenda's INSERT triggers (migration 0009) are claimed by a refill step, so
    their tables take the set-wise path whole; the buckets it fills equal the buckets
    counted from the rows, and the agenda's totals its row-by-row answer."""
    for table in agenda_counts.BUCKETS:
        claimed = set().union(*(r.triggers for r in REFILLS[table]))
        assert f"{table}_agenda_ai" in claimed
    monkeypatch.setattr(bulk_schema, "MIN_BULK_ROWS", 1)
    for seed in (0, 1):  # into an empty book, then into one with rows (and buckets) held
        rows = _rows(60 + 20 * seed, seed=seed) + (_agenda_edges() if seed else [])
        assert set(_import(book, rows)) >= set(agenda_counts.BUCKETS)
        with _db(book) as db:
            kept = "SELECT owned_by, panel, bucket, n FROM agenda_count WHERE n <> 0"
            counted = sorted(db.execute(agenda_counts.COUNTED_SQL))
            assert sorted(db.execute(kept)) == counted and len(counted) > 50
        for day in (DAY, date(2027, 2, 20)):
            full = book.agenda("me", day, 30)
            limited = book.agenda("me", day, 30, limit=2)
            assert limited.totals == {p: len(getattr(full, p)) for p in PANELS}
            assert sum(limited.totals.values()) > 5
