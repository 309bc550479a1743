"""Create, update, delete and archive inside one write transaction, hooks included.

The documented hooks (``bump_last_contacted``, ``pair_relationship``) and the delete
cascades run here, in the same transaction as the write that triggers them, so a
crash can never leave half of a pair or a contact without its bump.

Relationship updates: a change to ``label``, ``since``, ``notes`` or ``kind`` is copied
to the mirror (``kind`` as its inverse), so both sides always tell the same story.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, select

from ..domain.hooks import bumped_last_contacted, mirror_relationship
from ..domain.relationships import inverse_kind
from ..schema import CHILD_TYPES, Model, SchemaError, validate_create, validate_patch
from ..schema.dates import format_timestamp
from .base import ChangeEvent
from .errors import NotFound, ValidationError
from .ids import IdMaker
from .objects import (
    Obj,
    derived_values,
    model_for,
    row_to_obj,
    schema_error,
    tombstone_obj,
)
from .portable import is_sqlite
from .tables import MIRROR_COLUMN, TABLES, TOMBSTONE_TABLE, has_server_status

TxListener = Callable[[Connection, ChangeEvent], None]
MIRRORED_FIELDS = ("label", "since", "notes", "kind")


@dataclass
class Tx:
    """One open write transaction: the connection, who writes, when, and what happened."""

    conn: Connection
    owner: str
    now_dt: datetime
    ids: IdMaker
    listeners: list[TxListener]
    events: list[ChangeEvent] = field(default_factory=list)
    now: str = ""  # now_dt in the wire format, computed once

    def __post_init__(self) -> None:
        self.now = format_timestamp(self.now_dt)

    def emit(
        self,
        type_: str,
        action: Any,
        obj: Obj,
        origin: Any = "user",
        changed: tuple[str, ...] = (),
        before: Obj | None = None,
    ) -> None:
        event = ChangeEvent(type_, action, obj, self.owner, origin, changed, before)
        self.events.append(event)
        for listener in self.listeners:
            listener(self.conn, event)

    def record_quietly(self, events: list[ChangeEvent]) -> None:
        """Writes that are not published (a quiet bulk import): only listeners that take
        batches (a ``many(conn, events)`` method, e.g. the audit log) are told."""
        for listener in self.listeners:
            many = getattr(listener, "many", None)
            if many is not None:
                many(self.conn, events)


def load_row(conn: Connection, table: Table, owner: str, id_: str) -> Any:
    return (
        conn.execute(select(table).where(table.c.id == id_, table.c.owned_by == owner))
        .mappings()
        .first()
    )


def check_refs(tx: Tx, model: Model, values: Mapping[str, Any]) -> None:
    """Every ref must name an existing contact of the same owner (API.md: 400 on the field)."""
    errors: dict[str, str] = {}
    for f in model.ref_fields:
        value = values.get(f.name)
        if value is None:
            continue
        target = TABLES[f.ref or "contact"]
        found = tx.conn.execute(
            select(target.c.id).where(target.c.id == value, target.c.owned_by == tx.owner)
        ).first()
        if found is None:
            errors[f.name] = f"must be the id of one of your existing {f.ref}s"
    if (
        model.name == "relationship"
        and "target_id" not in errors
        and values.get("target_id") is not None
        and values.get("target_id") == values.get("parent_id")
    ):
        errors["target_id"] = "must be a different contact than parent_id"
    if errors:
        raise ValidationError(errors)


def _insert(tx: Tx, model: Model, clean: Mapping[str, Any], extra: Obj | None = None) -> Obj:
    table = TABLES[model.name]
    now = tx.now
    row: Obj = {
        "id": tx.ids.new(tx.now_dt),
        "owned_by": tx.owner,
        "created_at": now,
        "updated_at": now,
        "is_archived": False,
    }
    if has_server_status(model):
        row["status"] = "active"
    for f in model.fields:
        row[f.name] = clean.get(f.name)
    row.update(derived_values(model, row, None, is_sqlite(tx.conn)))
    if extra:
        row.update(extra)
    tx.conn.execute(table.insert().values(row))
    return row_to_obj(model, row)


def create(tx: Tx, type_: str, data: Mapping[str, Any]) -> Obj:
    model = model_for(type_)
    try:
        clean = validate_create(model, data)
    except SchemaError as err:
        raise schema_error(err) from None
    check_refs(tx, model, clean)
    obj = _insert(tx, model, clean)
    tx.emit(model.name, "create", obj)
    if model.name == "conversation":
        bump_last_contacted(tx, str(obj["parent_id"]), obj.get("occurred_at"))
    elif model.name == "relationship":
        pair_relationship(tx, model, obj)
    return obj


def bump_last_contacted(tx: Tx, contact_id: str, occurred_at: str | None) -> None:
    table = TABLES["contact"]
    row = load_row(tx.conn, table, tx.owner, contact_id)
    if row is None:
        return
    new = bumped_last_contacted(row["last_contacted_at"], occurred_at, tx.now_dt)
    if new is None:
        return
    _apply_update(tx, model_for("contact"), row, {"last_contacted_at": new}, origin="hook")


def pair_relationship(tx: Tx, model: Model, obj: Obj) -> None:
    mirror = _insert(tx, model, mirror_relationship(obj), {MIRROR_COLUMN: obj["id"]})
    table = TABLES[model.name]
    tx.conn.execute(
        table.update().where(table.c.id == obj["id"]).values({MIRROR_COLUMN: mirror["id"]})
    )
    tx.emit(model.name, "create", mirror, origin="hook")


def _apply_update(
    tx: Tx, model: Model, row: Mapping[str, Any], changes: Obj, origin: Any = "user"
) -> Obj:
    """Write ``changes`` (already validated and different) plus derived columns."""
    table = TABLES[model.name]
    merged = {**row, **changes}
    values = {**changes, **derived_values(model, merged, set(changes), is_sqlite(tx.conn))}
    values["updated_at"] = tx.now
    merged.update(values)
    tx.conn.execute(table.update().where(table.c.seq == row["seq"]).values(values))
    obj = row_to_obj(model, merged)
    before = row_to_obj(model, row)
    tx.emit(model.name, "update", obj, origin=origin, changed=tuple(changes), before=before)
    return obj


def update(tx: Tx, type_: str, id_: str, patch: Mapping[str, Any]) -> Obj:
    model = model_for(type_)
    table = TABLES[model.name]
    row = load_row(tx.conn, table, tx.owner, id_)
    if row is None:
        raise NotFound(f"{model.name} {id_} not found")
    current = row_to_obj(model, row)
    try:
        clean = validate_patch(model, patch, current)
    except SchemaError as err:
        raise schema_error(err) from None
    changes = {k: v for k, v in clean.items() if current.get(k) != v}
    if not changes:
        return current
    obj = _apply_update(tx, model, row, changes)
    if model.name == "relationship" and row[MIRROR_COLUMN]:
        _update_mirror(tx, model, str(row[MIRROR_COLUMN]), changes)
    return obj


def _update_mirror(tx: Tx, model: Model, mirror_id: str, changes: Obj) -> None:
    table = TABLES[model.name]
    mrow = load_row(tx.conn, table, tx.owner, mirror_id)
    if mrow is None:
        return
    wanted = {k: (inverse_kind(v) if k == "kind" else v) for k, v in changes.items()}
    mchanges = {k: v for k, v in wanted.items() if k in MIRRORED_FIELDS and mrow[k] != v}
    if mchanges:
        _apply_update(tx, model, mrow, mchanges, origin="hook")


def set_archived(tx: Tx, type_: str, id_: str, archived: bool) -> Obj:
    model = model_for(type_)
    table = TABLES[model.name]
    row = load_row(tx.conn, table, tx.owner, id_)
    if row is None:
        raise NotFound(f"{model.name} {id_} not found")
    if bool(row["is_archived"]) == archived:
        return row_to_obj(model, row)
    return _apply_update(tx, model, row, {"is_archived": archived})


def delete(tx: Tx, type_: str, id_: str) -> None:
    model = model_for(type_)
    row = load_row(tx.conn, TABLES[model.name], tx.owner, id_)
    if row is None:
        raise NotFound(f"{model.name} {id_} not found")
    _delete_row(tx, model, row, "user")


def _delete_row(tx: Tx, model: Model, row: Mapping[Any, Any], origin: Any) -> None:
    table = TABLES[model.name]
    conn = tx.conn
    if model.name == "contact":
        for child_type in CHILD_TYPES:
            _delete_where(tx, child_type, "parent_id", str(row["id"]))
        _delete_where(tx, "relationship", "target_id", str(row["id"]))
    deleted = conn.execute(table.delete().where(table.c.seq == row["seq"])).rowcount
    if not deleted:
        return  # already removed earlier in this cascade
    parent_id = row["parent_id"] if model.parent else None
    conn.execute(
        TOMBSTONE_TABLE.insert().values(
            type=model.name,
            id=row["id"],
            owned_by=row["owned_by"],
            parent_id=parent_id,
            created_at=row["created_at"],
            deleted_at=tx.now,
        )
    )
    tombstone = tombstone_obj(model, str(row["id"]), tx.now, parent_id)
    tx.emit(model.name, "delete", tombstone, origin, before=row_to_obj(model, row))
    if model.name == "relationship" and row[MIRROR_COLUMN]:
        mrow = load_row(conn, table, tx.owner, str(row[MIRROR_COLUMN]))
        if mrow is not None:
            _delete_row(tx, model, mrow, "hook" if origin == "user" else origin)


def _delete_where(tx: Tx, type_: str, column: str, value: str) -> None:
    model = model_for(type_)
    table = TABLES[model.name]
    rows = (
        tx.conn.execute(select(table).where(table.c[column] == value, table.c.owned_by == tx.owner))
        .mappings()
        .all()
    )
    for row in rows:
        _delete_row(tx, model, row, "cascade")
