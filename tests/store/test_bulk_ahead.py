"""A chunk's contacts take its conversations' bump before they are written, and its
relationships their mirror's id (store/bulk_hooks.py): the book and its audit log
are exactly what writing first and updating after leaves: the reference imports the
contacts first, the rest after, so every bump is an UPDATE of a stored contact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fake_clock import FakeClock
from sqlalchemy import Engine, event, text

from friendship_tui.store.local import Store


def _rows() -> list[tuple[str, dict[str, Any]]]:
    rows: list[tuple[str, dict[str, Any]]] = []
    for i in range(12):
        cid = f"c{i}"
        contact: dict[str, Any] = {"id": cid, "name": f"P{i}", "updated_at": "2020-01-01T00:00:00Z"}
        contact["last_contacted_at"] = "2025-06-01" if i % 3 else None
        contact["stay_in_touch_frequency"] = "monthly" if i % 2 else None
        rows.append(("contact", contact))
        for day in ("2025-01-05", "2026-02-0" + str(1 + i % 9), "2024-12-31"):
            rows.append(("conversation", {"id": f"v{i}{day}", "parent_id": cid,
                                          "occurred_at": day}))  # fmt: skip
        if i:
            rows.append(("relationship", {"id": f"r{i}", "parent_id": cid, "target_id": "c0",
                                          "kind": "friend", "label": f"L{i}"}))  # fmt: skip
    rows.append(("conversation", {"id": "late", "parent_id": "c1", "occurred_at": "2026-03-12"}))
    return rows


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in ("contact", "conversation", "audit_log"):
            out[table] = [
                tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY seq"))
            ]
        last = text("SELECT last_contacted_at FROM contact ORDER BY seq")
        out["last"] = [tuple(r) for r in conn.execute(last)]
        # mirror ids are made fresh: compare who each row is paired with instead
        out["pairs"] = list(conn.execute(text(
            "SELECT a.parent_id, a.target_id, a.kind, a.label, b.parent_id, b.kind "
            "FROM relationship a JOIN relationship b ON b.id = a.mirror_id "
            "WHERE b.mirror_id = a.id ORDER BY a.seq")))  # fmt: skip
        out["audit_rel"] = [tuple(r) for r in conn.execute(text(
            "SELECT type, action, origin, parent_id, changes FROM audit_log "
            "WHERE type = 'relationship' ORDER BY seq"))]  # fmt: skip
    out["audit_log"] = [r for r in out["audit_log"] if r[4] != "relationship"]
    return out


def test_bump_and_pairing_ahead_equal_the_update_path(tmp_path: Path) -> None:
    dumps = []
    for how in ("after", "ahead"):
        store = Store.open(tmp_path / f"{how}.db", clock=FakeClock())
        rows = _rows()
        if how == "after":
            store.import_rows("me", [r for r in rows if r[0] == "contact"], keep_ids=True)
            rows = [r for r in rows if r[0] != "contact"]
        store.import_rows("me", rows, keep_ids=True, chunk_size=10_000)
        dumps.append(_dump(store.engine))
        store.close()
    after, ahead = dumps
    assert len(ahead["pairs"]) == 22  # every relationship and its mirror, linked both ways
    bumps = [r for r in ahead["audit_log"] if r[8] == "hook"]
    assert len(bumps) == 12 and {r[7] for r in bumps} == {"update"}
    assert {r[0] for r in ahead["last"]} >= {"2026-02-01", "2026-03-12"}
    assert after == ahead


def test_chunks_end_before_a_contact(tmp_path: Path) -> None:
    """A chunk full at a contact's children ends only before the next contact: each
    contact meets its conversations in one chunk, so the only UPDATE is the bump of
    the late conversation whose contact was written chunks before; the book and log
    hold the one-chunk import's rows. (Chunks cut at ten rows sharp would split most
    contacts from their conversations: an UPDATE for each.)"""
    dumps, updates = [], []
    for chunk in (10_000, 10):
        store = Store.open(tmp_path / f"chunk{chunk}.db", clock=FakeClock())
        sent = _statements(store.engine)
        store.import_rows("me", _rows(), keep_ids=True, chunk_size=chunk)
        updates.append([s for s in sent if s.startswith("UPDATE contact")])
        dumps.append(_dump(store.engine))
        store.close()
    assert updates[0] == []  # one chunk: every bump ahead, "late" too
    assert len(updates[1]) == 1  # "late" (c1's, written chunks before): its UPDATE only
    one, cut = dumps  # the same rows, in the order chunks wrote them (seq aside)
    assert one["contact"] == cut["contact"] and one["last"] == cut["last"]
    assert sorted(r[1:] for r in one["conversation"]) == sorted(r[1:] for r in cut["conversation"])
    creates = [sorted(r[1:] for r in d["audit_log"] if r[7] == "create") for d in dumps]
    assert creates[0] == creates[1] and len(creates[0]) == 12 + 37
    assert sorted(one["pairs"]) == sorted(cut["pairs"])


def _statements(engine: Engine) -> list[str]:
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
    return sent
