"""Rows <-> wire objects, and the hidden derived columns computed on each write."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..schema import MODELS, Model, SchemaError, get_model
from .base import Obj
from .errors import ValidationError
from .tables import DERIVED, has_server_status


def model_for(type_: str) -> Model:
    """The model named ``type_``; an unknown one is a ValidationError on ``type``."""
    if type_ not in MODELS:
        raise ValidationError({"type": f"unknown type {type_!r}; use one of: {', '.join(MODELS)}"})
    return get_model(type_)


def wire_columns(model: Model) -> list[str]:
    """The columns an object is made of, in wire order (server fields, then data)."""
    cols = ["id", "created_at", "updated_at", "owned_by"]
    if has_server_status(model):
        cols.append("status")
    cols.append("is_archived")
    cols += [f.name for f in model.fields if f.name not in cols]
    return cols


WIRE_COLUMNS: dict[str, list[str]] = {name: wire_columns(m) for name, m in MODELS.items()}


def row_to_obj(model: Model, row: Mapping[Any, Any]) -> Obj:
    obj = {c: row[c] for c in WIRE_COLUMNS[model.name]}
    obj["is_archived"] = bool(obj["is_archived"])
    return obj


def derived_values(
    model: Model, merged: Mapping[str, Any], changed: set[str] | None, sqlite: bool = True
) -> Obj:
    """Derived columns to (re)write; only those whose inputs changed when ``changed`` is set.
    ``sqlite``: the database is SQLite, which searches with FTS5 (no search document)."""
    out: Obj = {}
    for d in DERIVED.get(model.name, ()):
        if sqlite and not d.on_sqlite:
            continue
        if changed is None or changed.intersection(d.depends_on):
            out[d.column] = d.compute(merged)
    return out


def schema_error(err: SchemaError, prefix: str = "") -> ValidationError:
    return ValidationError({f"{prefix}{k}": v for k, v in err.fields.items()})


def tombstone_obj(model: Model, id_: str, deleted_at: str, parent_id: str | None) -> Obj:
    obj: Obj = {"id": id_, "deleted": True, "status": "deleted", "updated_at": deleted_at}
    if model.parent:
        obj["parent_id"] = parent_id
    return obj
