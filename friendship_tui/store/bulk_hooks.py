"""The documented hooks for a bulk import's chunk: ``bump_last_contacted`` for its
conversations and re-pairing relationship halves, a chunk at a time (bulk.py).

A chunk's contacts are usually followed by their conversations in the same chunk (an
export writes a contact, then its children). Their bump is then applied to the contact
rows before they are written (``bump_ahead``): the stored row is the one an insert and
the later UPDATE would have left, and SQLite updates no index entry a second time. The
bump's audit rows are the same either way, in the same order (``bump_quietly``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select

from ..domain.hooks import bumped_last_contacted
from ..domain.stay_in_touch import due_key
from ..schema import parse_timestamp
from .base import ChangeEvent
from .objects import Obj
from .portable import is_sqlite
from .tables import MIRROR_COLUMN, TABLES
from .writes import Tx

# contact id: (last_contacted_at as imported, the bumped value or None): bumps made
# to contact rows before they were written
Ahead = dict[str, tuple[Any, str | None]]


def latest_contact(tx: Tx, conversations: list[Obj]) -> dict[str, str | None]:
    """Per contact, the latest ``occurred_at`` among the chunk's conversations, in the
    order the contacts first appear (the bumps' audit order). Each time is parsed
    once: an unset one counts as now, an unreadable one never wins."""
    latest: dict[str, str | None] = {}
    when: dict[str, datetime | None] = {}
    now = tx.now_dt
    for r in conversations:
        pid, occurred = r["parent_id"], r["occurred_at"]
        at = parse_timestamp(occurred) if occurred else now
        held = when.get(pid, at)
        if pid not in latest or (at is not None and (held is None or at > held)):
            latest[pid], when[pid] = occurred, at
    return latest


def bump_ahead(tx: Tx, contacts: list[Obj] | None, latest: dict[str, str | None]) -> Ahead:
    """The bump of the chunk's conversations (``latest``: ``latest_contact`` of them)
    applied to the chunk's own contact rows, not yet written: last_contacted_at,
    next_due and updated_at as the UPDATE sets them."""
    if not contacts or not latest:
        return {}
    by_id = {r["id"]: r for r in contacts}
    ahead: Ahead = {}
    for cid, occurred in latest.items():
        row = by_id.get(cid)
        if row is None:
            continue
        last = row["last_contacted_at"]
        new = bumped_last_contacted(last, occurred, tx.now_dt)
        ahead[cid] = (last, new)
        if new is not None:
            row["last_contacted_at"] = new
            row["next_due"] = due_key(new, row["stay_in_touch_frequency"])
            row["updated_at"] = tx.now
    return ahead


def bump_quietly(tx: Tx, latest: dict[str, str | None], ahead: Ahead) -> None:
    """The chunk's bumps without per-row events: one read and one executemany for the
    contacts written before, none for those bumped ahead; one batch of audit events."""
    contact = TABLES["contact"]
    current = {}
    for chunk in chunks(sorted(cid for cid in latest if cid not in ahead)):
        for row in tx.conn.execute(
            select(
                contact.c.id, contact.c.last_contacted_at, contact.c.stay_in_touch_frequency
            ).where(contact.c.owned_by == tx.owner, contact.c.id.in_(chunk))
        ):
            current[row[0]] = (row[1], row[2])
    params = []
    bumped: list[ChangeEvent] = []
    for cid, occurred in latest.items():
        if cid in ahead:
            last, new = ahead[cid]
        else:
            last, freq = current[cid]
            new = bumped_last_contacted(last, occurred, tx.now_dt)
            if new is not None:
                params.append(
                    {"b_id": cid, "b_last": new, "b_due": due_key(new, freq), "b_now": tx.now}
                )
        if new is not None:
            bumped.append(
                ChangeEvent(
                    "contact",
                    "update",
                    {"id": cid, "last_contacted_at": new, "updated_at": tx.now},
                    tx.owner,
                    "hook",
                    ("last_contacted_at",),
                    {"id": cid, "last_contacted_at": last},
                )
            )
    if params and is_sqlite(tx.conn):  # plain executemany: no per-row binding in Python
        tx.conn.exec_driver_sql(
            "UPDATE contact SET last_contacted_at = ?, next_due = ?, updated_at = ? WHERE id = ?",
            [(p["b_last"], p["b_due"], p["b_now"], p["b_id"]) for p in params],
        )
    elif params:
        tx.conn.execute(
            contact.update()
            .where(contact.c.id == bindparam("b_id"))
            .values(
                last_contacted_at=bindparam("b_last"),
                next_due=bindparam("b_due"),
                updated_at=bindparam("b_now"),
            ),
            params,
        )
    if bumped and tx.listeners:
        tx.record_quietly(bumped)


def relink(tx: Tx, rows: list[Obj]) -> None:
    """Without hooks (a lossless import carries both halves), pair halves up again:
    one read of the unpaired candidates per chunk, one executemany of the links."""
    table = TABLES["relationship"]
    conn = tx.conn
    unpaired: dict[tuple[str, str], list[str]] = {}
    for chunk in chunks(sorted({str(r["target_id"]) for r in rows})):
        for rid, parent, target in conn.execute(
            select(table.c.id, table.c.parent_id, table.c.target_id)
            .where(
                table.c.owned_by == tx.owner,
                table.c.parent_id.in_(chunk),
                table.c[MIRROR_COLUMN].is_(None),
            )
            .order_by(table.c.seq)
        ):
            unpaired.setdefault((parent, target), []).append(rid)
    paired: set[str] = set()
    links: list[dict[str, str]] = []
    for r in rows:
        if r["id"] in paired:
            continue  # the other half of a pair made earlier in this chunk
        mates = unpaired.get((r["target_id"], r["parent_id"]), [])
        mate = next((m for m in mates if m != r["id"] and m not in paired), None)
        if mate is None:
            continue
        paired.update((r["id"], mate))
        links += [{"b_id": r["id"], "b_mirror": mate}, {"b_id": mate, "b_mirror": r["id"]}]
    if links:
        conn.execute(
            table.update()
            .where(table.c.id == bindparam("b_id"))
            .values({MIRROR_COLUMN: bindparam("b_mirror")}),
            links,
        )


def chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
