"""Comparing what a cache holds with what the server holds, through the public API."""

from __future__ import annotations

from typing import Any

from friendship_tui.schema import MODELS, ListQuery
from friendship_tui.store.base import Backend, iter_all

BOTH = {"is_archived": ["true", "false"]}
SKIP = ("owned_by",)


async def dump(backend: Backend, *, timestamps: bool = True) -> dict[str, dict[str, Any]]:
    """Every object of every type (archived too), keyed by type then id."""
    out: dict[str, dict[str, Any]] = {}
    skip = SKIP if timestamps else (*SKIP, "created_at", "updated_at")
    for type_ in MODELS:
        rows = {}
        async for obj in iter_all(backend, type_, ListQuery(filters=dict(BOTH))):
            rows[str(obj["id"])] = {
                k: v for k, v in obj.items() if k not in skip and k in _wire_keys(type_)
            }
        out[type_] = rows
    return out


def _wire_keys(type_: str) -> set[str]:
    model = MODELS[type_]
    return {"id", "created_at", "updated_at", "status", "is_archived"} | {
        f.name for f in model.fields
    }


def assert_same(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]]) -> None:
    for type_ in MODELS:
        left, right = a[type_], b[type_]
        assert set(left) == set(right), (type_, set(left) ^ set(right))
        for oid in left:
            assert left[oid] == right[oid], (type_, oid, left[oid], right[oid])


def assert_healthy(data: dict[str, dict[str, Any]]) -> None:
    """No local ids left, no orphans, no relationship without its mirror."""
    contacts = set(data["contact"])
    for type_, rows in data.items():
        for oid, obj in rows.items():
            assert not oid.startswith("local-"), (type_, oid)
            for ref in ("parent_id", "target_id"):
                if obj.get(ref) is not None:
                    assert obj[ref] in contacts, (type_, oid, ref, obj[ref])
    rels = data["relationship"].values()
    pairs = [(r["parent_id"], r["target_id"]) for r in rels]
    for p, t in pairs:
        assert (t, p) in pairs, ("relationship without a mirror", p, t)
