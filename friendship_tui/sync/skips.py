"""What the pull leaves out, and why: objects it cannot read or validate, types the
server failed to list.

One bad object on a server must not stop a pull of every type, and must not vanish
either. Each is checked against the schema before it reaches the cache; what fails is
left out and logged in the conflict log with kind ``skipped`` (shown by ``sync status``
and ``sync conflicts``). A type whose listing fails (a 5xx, a body that is not a list,
a refusal for that one type) is skipped the same way, its cursor untouched so the next
pull asks again; the other types sync. The same skip is logged once, not every round.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from ..schema import MODELS, Field, SchemaError, check_value, validate_create
from .conflicts import record_conflict
from .state import CONFLICTS

SKIPPED = "skipped"
WHOLE_TYPE = "*"  # the obj_id of a skip that covers a whole type's listing
MAX_ID = 64
WHOLE_CHECK = frozenset({"custom_field"})  # cross-field rules: the full validate_create


@functools.cache
def _creatable(type_: str) -> tuple[dict[str, Field], tuple[str, ...]]:
    """The type's creatable fields by name, and the names of the required ones."""
    fields = {f.name: f for f in MODELS[type_].fields if f.creatable}
    return fields, tuple(n for n, f in fields.items() if f.required)


def object_problem(type_: str, obj: Mapping[str, Any]) -> str | None:
    """Why the cache cannot take this pulled object (None: it can)."""
    oid = obj.get("id")
    if not isinstance(oid, str) or not oid or len(oid) > MAX_ID:
        return f"id must be a string of 1 to {MAX_ID} characters (got {oid!r:.80})"
    if obj.get("deleted"):
        return None  # a tombstone needs nothing but its id
    if type_ in WHOLE_CHECK:
        model = MODELS[type_]
        fields = {f.name: obj[f.name] for f in model.fields if f.creatable and f.name in obj}
        try:
            validate_create(model, fields)
        except SchemaError as exc:
            return "; ".join(f"{k} {v}" for k, v in exc.fields.items())
    else:  # the same rules, field by field: a pull checks every object it gets
        fields, required = _creatable(type_)
        errors = [f"{n} is required" for n in required if obj.get(n) in (None, "")]
        for name, value in obj.items():
            f = fields.get(name)
            if f is not None and value is not None:
                reason = check_value(f, value)[1]
                if reason:
                    errors.append(f"{name} {reason}")
        if errors:
            return "; ".join(errors)
    for key in ("created_at", "updated_at"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return f"{key} must be a timestamp string"
    return None


def split_readable(
    type_: str, items: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], str]]]:
    """The objects the cache can take, and the others with the reason."""
    good: list[dict[str, Any]] = []
    bad: list[tuple[dict[str, Any], str]] = []
    for obj in items:
        problem = object_problem(type_, obj)
        if problem is None:
            good.append(obj)
        else:
            bad.append((obj, problem))
    return good, bad


def skip_id(obj: Mapping[str, Any]) -> str:
    oid = obj.get("id")
    return str(oid)[:MAX_ID] if oid not in (None, "") else "?"


def record_skip(conn: Connection, type_: str, obj_id: str, message: str, value: Any = None) -> bool:
    """Log a skip unless the same one is logged already; True when it was logged now."""
    seen = conn.execute(
        select(CONFLICTS.c.seq).where(
            CONFLICTS.c.kind == SKIPPED,
            CONFLICTS.c.type == type_,
            CONFLICTS.c.obj_id == obj_id,
            CONFLICTS.c.message == message,
        )
    ).first()
    if seen is not None:
        return False
    text = json.dumps(value, ensure_ascii=False, default=str)
    record_conflict(
        conn,
        SKIPPED,
        type_,
        obj_id,
        message,
        server_value=value if len(text) <= 4000 else text[:4000],
    )
    return True
