"""Rows <-> wire objects, and the hidden derived columns computed on each write."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..schema import Model
from .base import Obj
from .columns import (  # re-exported: the readers and writers import them from here
    WIRE_COLUMNS,
    model_for,
    row_to_obj,
    schema_error,
    wire_columns,
)
from .tables import DERIVED

__all__ = [
    "WIRE_COLUMNS",
    "derived_values",
    "model_for",
    "row_to_obj",
    "schema_error",
    "tombstone_obj",
    "wire_columns",
]


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


def tombstone_obj(model: Model, id_: str, deleted_at: str, parent_id: str | None) -> Obj:
    obj: Obj = {"id": id_, "deleted": True, "status": "deleted", "updated_at": deleted_at}
    if model.parent:
        obj["parent_id"] = parent_id
    return obj
