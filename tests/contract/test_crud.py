"""CRUD for every model, through the Backend interface only."""

from __future__ import annotations

import pytest

from friendship_tui.schema import MODELS, SERVER_FIELDS, ListQuery
from friendship_tui.store.base import Backend
from friendship_tui.store.errors import NotFound, ValidationError

from .helpers import contact
from .samples import patchable_probe, required_object, valid_object


async def _refs(backend: Backend, type_: str) -> dict[str, str]:
    model = MODELS[type_]
    refs: dict[str, str] = {}
    if model.parent:
        refs["parent_id"] = (await contact(backend, "Parent Person"))["id"]
    if model.has_field("target_id"):
        refs["target_id"] = (await contact(backend, "Target Person"))["id"]
    return refs


@pytest.mark.parametrize("type_", list(MODELS))
async def test_create_get_update_delete(backend: Backend, type_: str) -> None:
    model = MODELS[type_]
    refs = await _refs(backend, type_)
    data = valid_object(model, refs)
    created = await backend.create(type_, data)

    for key in SERVER_FIELDS:
        assert key in created, key
    assert isinstance(created["id"], str) and 0 < len(created["id"]) <= 64
    assert created["is_archived"] is False
    for key, value in data.items():
        assert created[key] == value, key

    assert await backend.get(type_, created["id"]) == created

    field, value = patchable_probe(model)
    updated = await backend.update(type_, created["id"], {field: value})
    assert updated[field] == value
    assert updated["id"] == created["id"]
    assert updated["created_at"] == created["created_at"]
    assert updated["updated_at"] >= created["updated_at"]
    assert (await backend.get(type_, created["id"]))[field] == value

    listed = await backend.list(type_, ListQuery(limit=200))
    assert created["id"] in [o["id"] for o in listed.items]

    await backend.delete(type_, created["id"])
    with pytest.raises(NotFound):
        await backend.get(type_, created["id"])
    listed = await backend.list(type_, ListQuery(limit=200))
    assert created["id"] not in [o["id"] for o in listed.items]
    with pytest.raises(NotFound):
        await backend.delete(type_, created["id"])
    with pytest.raises(NotFound):
        await backend.update(type_, created["id"], {field: "again"})


@pytest.mark.parametrize("type_", list(MODELS))
async def test_unset_fields_are_null(backend: Backend, type_: str) -> None:
    model = MODELS[type_]
    refs = await _refs(backend, type_)
    minimal = required_object(model, refs)
    created = await backend.create(type_, minimal)
    for f in model.fields:
        if f.name not in minimal:
            assert created[f.name] is None, f.name


async def test_ids_are_unique_and_time_ordered(backend: Backend) -> None:
    made = [await contact(backend, f"P{i}") for i in range(5)]
    ids = [m["id"] for m in made]
    assert len(set(ids)) == 5
    assert ids == sorted(ids)


async def test_get_missing_is_not_found(backend: Backend) -> None:
    with pytest.raises(NotFound):
        await backend.get("contact", "does-not-exist")


async def test_unknown_type_is_a_validation_error(backend: Backend) -> None:
    with pytest.raises(ValidationError) as err:
        await backend.create("spaceship", {"name": "x"})
    assert "type" in err.value.fields
    with pytest.raises(ValidationError):
        await backend.list("spaceship")


async def test_numbers_bools_and_tags_round_trip(backend: Backend) -> None:
    c = await contact(backend, tags=["  b ", "a", "b"], favorite=False)
    assert c["tags"] == ["b", "a"]  # trimmed, de-duplicated, order kept
    assert c["favorite"] is False
    g = await backend.create("gift", {"parent_id": c["id"], "title": "Book", "price": 12.5})
    assert g["price"] == 12.5
    conv = await backend.create("conversation", {"parent_id": c["id"], "duration_minutes": 30})
    assert conv["duration_minutes"] == 30


async def test_other_owners_objects_are_invisible(env: object) -> None:
    from .backends import ContractEnv

    assert isinstance(env, ContractEnv)
    if env.other is None:
        pytest.skip("backend has no second owner")
    mine = await contact(env.backend, "Mine")
    with pytest.raises(NotFound):
        await env.other.get("contact", mine["id"])
    with pytest.raises(NotFound):
        await env.other.update("contact", mine["id"], {"name": "Stolen"})
    with pytest.raises(NotFound):
        await env.other.delete("contact", mine["id"])
    page = await env.other.list("contact")
    assert mine["id"] not in [o["id"] for o in page.items]
    with pytest.raises(ValidationError) as err:
        await env.other.create("note", {"parent_id": mine["id"], "body": "sneaky"})
    assert "parent_id" in err.value.fields
