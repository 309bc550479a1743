"""The audit log: one row per committed create, update and delete, for every owner.

Why here and how:

- The writer is a store ``tx_listener``, so it runs inside the write transaction of
  every path that goes through ``Store.write`` (the app, the CLI, the server, hook side
  effects, cascades, bulk imports). A rolled-back write leaves no audit row because the
  row is part of the same transaction. The sync cache, which writes server rows
  straight into the tables, calls ``record`` itself inside its own transaction.
- One generic table for all 11 models: which fields a change touched comes from the
  schema (``model.fields``), never from per-model code.
- Who: the owner, plus an *actor* read from a context variable: the server sets it to
  the token's name for each request (``acting_as``), the sync engine to ``"sync"``.
  ``asyncio.to_thread`` copies the context, so the writer thread sees the caller's actor.
- What is kept: for an update every changed field with its old and new value; for a
  delete every value the object had (the only record left of it); for a create only
  the field that names it (the object itself holds the rest, and a 100k import must
  not double the file). Long text is cut to ``MAX_TEXT`` characters in the log only.
- Retention: keep everything unless ``AuditLog.retention`` is set (or
  ``$FRIENDSHIP_AUDIT_KEEP_DAYS``); then old rows are pruned inside a write transaction
  at most once a day. ``prune(conn, older_than)`` does it on demand.

There is no data API for this table: it can be read (``read_page``) and pruned, never
edited.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    or_,
    select,
)

from ..schema import MODELS, format_timestamp, parse_timestamp
from .base import Backend, ChangeEvent, Obj, Page
from .errors import NotSupported, ValidationError
from .fast_insert import insert_many
from .tables import ID_LENGTH

MAX_TEXT = 500
DEFAULT_PAGE = 50
MAX_PAGE = 200
KEEP_DAYS_ENV = "FRIENDSHIP_AUDIT_KEEP_DAYS"
PRUNE_EVERY = 24 * 3600.0  # seconds between automatic prunes
SYNC_ACTOR = "sync"

AUDIT_METADATA = MetaData()
AUDIT_TABLE = "audit_log"

audit_table = Table(
    AUDIT_TABLE,
    AUDIT_METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("owned_by", String(ID_LENGTH), nullable=False),
    Column("actor", String(200)),
    Column("type", String(32), nullable=False),
    Column("object_id", String(ID_LENGTH), nullable=False),
    Column("parent_id", String(ID_LENGTH)),
    Column("action", String(16), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("changes", Text),  # JSON {field: [old, new]}
    Index("ix_audit_object", "owned_by", "object_id", "seq"),
    Index("ix_audit_parent", "owned_by", "parent_id", "seq"),
    Index("ix_audit_owner", "owned_by", "seq"),
)  # no index on ``at`` alone: only the daily prune reads by time, and a scan is fine there

ACTOR: ContextVar[str | None] = ContextVar("friendship_audit_actor", default=None)


@contextmanager
def acting_as(actor: str | None) -> Iterator[None]:
    """Attribute the writes made inside the block (and threads started from it) to ``actor``."""
    token = ACTOR.set(actor)
    try:
        yield
    finally:
        ACTOR.reset(token)


# ---------------------------------------------------------------- what a change was


def _clip(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return value[:MAX_TEXT] + f"… (+{len(value) - MAX_TEXT} chars)"
    return value


def _tracked_fields(type_: str) -> list[str]:
    model = MODELS.get(type_)
    names = [f.name for f in model.fields] if model is not None else []
    return [*names, "is_archived"]


TRACKED: dict[str, list[str]] = {name: _tracked_fields(name) for name in MODELS}

# The fields that name an object in a sentence ("created note “Loves jazz”"), per model,
# in order of preference: the first one set is logged with a create.
LABEL_FIELDS = ("name", "title", "label", "message", "body", "channel", "kind")
LABELS: dict[str, tuple[str, ...]] = {
    name: tuple(f for f in LABEL_FIELDS if model.has_field(f)) for name, model in MODELS.items()
}


def changed_values(event: ChangeEvent) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the data fields this event touched (clipped)."""
    fields = TRACKED.get(event.type, [])
    before = event.before or {}
    after = event.object
    out: dict[str, list[Any]] = {}
    if event.action == "create":
        # The object itself holds what it was created with; the log keeps only what
        # names it (and a non-default archive flag), which keeps a big import's log small.
        for label in LABELS.get(event.type, ()):
            if after.get(label) not in (None, "", []):
                out[label] = [None, _clip(after[label])]
                break
        if after.get("is_archived"):
            out["is_archived"] = [None, True]
    elif event.action == "update":
        names = list(event.changed) or [
            n for n in fields if n in after and before.get(n) != after.get(n)
        ]
        for name in names:
            out[name] = [_clip(before.get(name)), _clip(after.get(name))]
    else:
        for name in fields:
            value = before.get(name)
            if value is not None and value is not False and value != []:
                out[name] = [_clip(value), None]
    return out


# json.dumps(..., ensure_ascii=False) builds a new encoder per call: one, made once
_to_json = json.JSONEncoder(ensure_ascii=False, default=str).encode
_json_text: Callable[[str], str] = encode_basestring  # a str as JSON, non-ASCII kept


def _create_text(event: ChangeEvent) -> str | None:
    """``changed_values`` of a create as JSON text, written directly (a bulk import
    writes one per row): the same text ``_to_json`` gives, or its answer otherwise."""
    after = event.object
    parts: list[str] = []
    for label in LABELS.get(event.type, ()):
        value = after.get(label)
        if value not in (None, "", []):
            if type(value) is not str:
                changes = changed_values(event)
                return _to_json(changes) if changes else None
            parts.append(f'"{label}": [null, {_json_text(_clip(value))}]')
            break
    if after.get("is_archived"):
        parts.append('"is_archived": [null, true]')
    return "{" + ", ".join(parts) + "}" if parts else None


def _row(event: ChangeEvent, at: str, actor: str | None) -> Obj:
    obj = event.object
    before = event.before or {}
    parent = obj.get("parent_id") or before.get("parent_id")
    if event.action == "create":
        text = _create_text(event)
    else:
        changes = changed_values(event)
        text = _to_json(changes) if changes else None
    return {
        "at": at,
        "owned_by": event.owner or "",
        "actor": actor,
        "type": event.type,
        "object_id": str(obj.get("id")),
        "parent_id": str(parent) if parent else None,
        "action": event.action,
        "origin": event.origin,
        "changes": text,
    }


def record(
    conn: Connection,
    events: Sequence[ChangeEvent],
    at: datetime | str,
    actor: str | None = None,
) -> None:
    """Write one audit row per event on ``conn`` (inside the caller's transaction)."""
    if not events:
        return
    stamp = at if isinstance(at, str) else format_timestamp(at)
    insert_many(conn, audit_table, [_row(e, stamp, actor) for e in events])


def remap_ids(conn: Connection, old: str, new: str) -> None:
    """An object got its server id (sync): its history follows it."""
    t = audit_table
    conn.execute(t.update().where(t.c.object_id == old).values(object_id=new))
    conn.execute(t.update().where(t.c.parent_id == old).values(parent_id=new))


def prune(conn: Connection, older_than: datetime, owner: str | None = None) -> int:
    """Delete audit rows written before ``older_than`` (one owner, or all); returns how many."""
    t = audit_table
    cond = t.c.at < format_timestamp(older_than)
    if owner is not None:
        cond = cond & (t.c.owned_by == owner)
    return int(conn.execute(delete(t).where(cond)).rowcount or 0)


def delete_owner(conn: Connection, owner: str) -> int:
    """Every audit row of ``owner`` (deleting a server user)."""
    t = audit_table
    return int(conn.execute(delete(t).where(t.c.owned_by == owner)).rowcount or 0)


def _keep_from_env() -> timedelta | None:
    raw = os.environ.get(KEEP_DAYS_ENV, "").strip()
    if not raw:
        return None
    try:
        days = float(raw)
    except ValueError:
        return None
    return timedelta(days=days) if days > 0 else None


class AuditLog:
    """The tx listener the Store registers: ``__call__`` per event, ``many`` per batch."""

    def __init__(self, clock: Callable[[], datetime], retention: timedelta | None = None):
        self.clock = clock
        self.retention = retention if retention is not None else _keep_from_env()
        self._last_prune = 0.0
        self._lock = threading.Lock()

    def __call__(self, conn: Connection, event: ChangeEvent) -> None:
        self.many(conn, [event])

    def many(self, conn: Connection, events: Sequence[ChangeEvent]) -> None:
        now = self.clock()
        record(conn, events, now, ACTOR.get())
        self._maybe_prune(conn, now)

    def created_rows(
        self, conn: Connection, model_name: str, after_seq: int, owner: str, origin: str
    ) -> bool:
        """A quiet bulk import's creates: the rows of ``model_name`` above ``after_seq``,
        logged by one statement (audit_sql.py); False when that cannot be done for this
        table or database, and the caller sends the events to ``many`` instead."""
        from . import audit_sql

        if conn.dialect.name != "sqlite" or audit_sql.sql_for(model_name) is None:
            return False
        now = self.clock()
        stamp = format_timestamp(now)
        audit_sql.record_created(conn, model_name, after_seq, owner, stamp, ACTOR.get(), origin)
        self._maybe_prune(conn, now)
        return True

    def _maybe_prune(self, conn: Connection, now: datetime) -> None:
        if self.retention is None:
            return
        with self._lock:
            due = time.monotonic() - self._last_prune >= PRUNE_EVERY or not self._last_prune
            if due:
                self._last_prune = time.monotonic()
        if due:
            prune(conn, now - self.retention)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Filters are ANDed; ``contact_id`` means "the contact or anything under it"."""

    object_id: str | None = None
    parent_id: str | None = None
    contact_id: str | None = None
    type: str | None = None
    since: str | None = None
    limit: int | None = None
    offset: int = 0

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> AuditQuery:
        """From query-string values; a bad one is a ValidationError naming it."""
        errors: dict[str, str] = {}
        known = {"object_id", "parent_id", "contact_id", "type", "since", "limit", "offset"}
        for key in params:
            if key not in known:
                errors[key] = "unknown parameter; use " + ", ".join(sorted(known))

        def number(key: str) -> int | None:
            raw = params.get(key)
            if raw in (None, ""):
                return None
            try:
                return int(str(raw))
            except ValueError:
                errors[key] = "must be an integer"
                return None

        limit, offset = number("limit"), number("offset")
        query = cls(
            object_id=params.get("object_id") or None,
            parent_id=params.get("parent_id") or None,
            contact_id=params.get("contact_id") or None,
            type=params.get("type") or None,
            since=params.get("since") or None,
            limit=limit,
            offset=offset or 0,
        )
        try:
            query.check()
        except ValidationError as exc:
            errors.update(exc.fields)
        if errors:
            raise ValidationError(errors)
        return query

    def check(self) -> None:
        errors: dict[str, str] = {}
        if self.type is not None and self.type not in MODELS:
            errors["type"] = "must be one of: " + ", ".join(MODELS)
        if self.since is not None and parse_timestamp(self.since) is None:
            errors["since"] = "must be an ISO 8601 date or datetime"
        if self.limit is not None and not 1 <= self.limit <= MAX_PAGE:
            errors["limit"] = f"must be between 1 and {MAX_PAGE}"
        if self.offset < 0:
            errors["offset"] = "must be 0 or more"
        if errors:
            raise ValidationError(errors)

    def to_params(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for key in ("object_id", "parent_id", "contact_id", "type", "since"):
            value = getattr(self, key)
            if value is not None:
                out.append((key, str(value)))
        if self.limit is not None:
            out.append(("limit", str(self.limit)))
        if self.offset:
            out.append(("offset", str(self.offset)))
        return out


def entry_from_row(row: Mapping[Any, Any]) -> Obj:
    """The wire form of one audit row: ``changes`` as ``{field: {"old", "new"}}``."""
    raw = json.loads(row["changes"]) if row["changes"] else {}
    return {
        "id": str(row["seq"]),
        "at": row["at"],
        "owned_by": row["owned_by"],
        "actor": row["actor"],
        "type": row["type"],
        "object_id": row["object_id"],
        "parent_id": row["parent_id"],
        "action": row["action"],
        "origin": row["origin"],
        "changes": {k: {"old": v[0], "new": v[1]} for k, v in raw.items()},
    }


def read_page(conn: Connection, owner: str, query: AuditQuery | None = None) -> Page:
    """One owner's audit rows, newest first."""
    q = query or AuditQuery()
    q.check()
    t = audit_table
    conds = [t.c.owned_by == owner]
    if q.object_id is not None:
        conds.append(t.c.object_id == q.object_id)
    if q.parent_id is not None:
        conds.append(t.c.parent_id == q.parent_id)
    if q.contact_id is not None:
        conds.append(or_(t.c.object_id == q.contact_id, t.c.parent_id == q.contact_id))
    if q.type is not None:
        conds.append(t.c.type == q.type)
    if q.since is not None:
        since = parse_timestamp(q.since)
        assert since is not None
        conds.append(t.c.at >= format_timestamp(since))
    limit = q.limit or DEFAULT_PAGE
    rows = (
        conn.execute(select(t).where(*conds).order_by(t.c.seq.desc()).limit(limit).offset(q.offset))
        .mappings()
        .all()
    )
    total = conn.execute(select(func.count()).select_from(t).where(*conds)).scalar_one()
    items = [entry_from_row(r) for r in rows]
    return Page(items=items, limit=limit, offset=q.offset, total=int(total))


# ---------------------------------------------------------------- saying it in words


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


def _label(entry: Mapping[str, Any]) -> str:
    changes = entry.get("changes") or {}
    for name in LABEL_FIELDS:
        change = changes.get(name)
        if change:
            value = change.get("new") if entry.get("action") == "create" else change.get("old")
            if value:
                return f" “{_show(value)}”"
    return ""


def describe(entry: Mapping[str, Any]) -> str:
    """One line a person can read: "changed company from Acme to Initech"."""
    type_ = str(entry.get("type", "object")).replace("_", " ")
    action = entry.get("action")
    changes: Mapping[str, Mapping[str, Any]] = entry.get("changes") or {}
    if action == "create":
        text = f"created {type_}{_label(entry)}"
    elif action == "delete":
        text = f"deleted {type_}{_label(entry)}"
    else:
        parts = []
        for name, change in changes.items():
            old, new = change.get("old"), change.get("new")
            if name == "is_archived":
                parts.append(f"{'archived' if new else 'unarchived'} the {type_}")
                continue
            label = name.replace("_", " ")
            if old in (None, "", []):
                parts.append(f"set {label} to {_show(new)}")
            elif new in (None, "", []):
                parts.append(f"cleared {label} (was {_show(old)})")
            else:
                parts.append(f"changed {label} from {_show(old)} to {_show(new)}")
        prefix = "" if type_ == "contact" else f"{type_}: "
        text = prefix + ("; ".join(parts) if parts else f"updated {type_}")
    origin = entry.get("origin")
    if origin == "hook":
        text += " (automatic)"
    elif origin == "cascade":
        text += " (with its contact)"
    return text


# ---------------------------------------------------------------- any backend


async def backend_audit(backend: Backend, query: AuditQuery | None = None) -> Page:
    """``backend.audit(query)``, or NotSupported for a backend without an audit log."""
    if not backend.capabilities.audit:
        raise NotSupported("this backend keeps no audit log")
    return await backend.audit(query)


async def contact_history(backend: Backend, contact_id: str, limit: int | None = None) -> list[Obj]:
    """The contact's and its children's audit entries, newest first (all pages)."""
    out: list[Obj] = []
    offset = 0
    while True:
        page = await backend_audit(
            backend, AuditQuery(contact_id=contact_id, limit=MAX_PAGE, offset=offset)
        )
        out += page.items
        if limit is not None and len(out) >= limit:
            return out[:limit]
        if len(page.items) < MAX_PAGE or not page.items:
            return out
        offset += len(page.items)
