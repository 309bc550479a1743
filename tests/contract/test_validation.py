"""Every rule class of the schema, as the backend enforces it (API.md: 400 before the DB)."""

from __future__ import annotations

from typing import Any

import pytest

from friendship_tui.schema import MODELS
from friendship_tui.store.base import Backend
from friendship_tui.store.errors import ValidationError

from .helpers import child, contact
from .samples import invalid_cases, valid_object


async def _valid_body(backend: Backend, type_: str) -> dict[str, Any]:
    model = MODELS[type_]
    refs: dict[str, str] = {}
    if model.parent:
        refs["parent_id"] = (await contact(backend, "Parent"))["id"]
    if model.has_field("target_id"):
        refs["target_id"] = (await contact(backend, "Target"))["id"]
    return valid_object(model, refs)


@pytest.mark.parametrize(
    ("type_", "field", "rule", "value"),
    invalid_cases(),
    ids=[f"{t}.{f}-{r}" for t, f, r, _ in invalid_cases()],
)
async def test_create_refuses_bad_value_naming_the_field(
    backend: Backend, type_: str, field: str, rule: str, value: Any
) -> None:
    body = await _valid_body(backend, type_)
    body[field] = value
    with pytest.raises(ValidationError) as err:
        await backend.create(type_, body)
    assert field in err.value.fields, (rule, err.value.fields)
    assert list(err.value.fields) == [field]
    page = await backend.list(type_)
    if type_ != "contact":  # nothing was written
        assert page.items == []


@pytest.mark.parametrize("type_", list(MODELS))
async def test_required_fields_are_required(backend: Backend, type_: str) -> None:
    model = MODELS[type_]
    required = [f.name for f in model.fields if f.required]
    if not required:
        pytest.skip("no required fields")
    with pytest.raises(ValidationError) as err:
        await backend.create(type_, {})
    assert set(required) <= set(err.value.fields)
    body = await _valid_body(backend, type_)
    for name in required:
        if model.field(name).ref is None:
            with pytest.raises(ValidationError) as err:
                await backend.create(type_, {**body, name: "   "})
            assert name in err.value.fields


async def test_every_bad_field_is_reported_at_once(backend: Backend) -> None:
    with pytest.raises(ValidationError) as err:
        await backend.create(
            "contact", {"name": "", "gender": "robot", "website": "nope", "favorite": "y"}
        )
    assert set(err.value.fields) == {"name", "gender", "website", "favorite"}


async def test_update_refuses_bad_values(backend: Backend) -> None:
    c = await contact(backend)
    with pytest.raises(ValidationError) as err:
        await backend.update("contact", c["id"], {"gender": "robot", "name": "x" * 201})
    assert set(err.value.fields) == {"gender", "name"}
    with pytest.raises(ValidationError) as err:
        await backend.update("contact", c["id"], {"name": None})
    assert "name" in err.value.fields
    assert (await backend.get("contact", c["id"]))["name"] == c["name"]


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("1984-03-12", "1984-03-12"), ("--02-29", "--02-29"), ("--0412", "--04-12"), ("1984", "1984")],
)
async def test_partial_dates_accepted_and_normalised(
    backend: Backend, raw: str, stored: str
) -> None:
    c = await contact(backend, birthday=raw, anniversary=raw)
    assert c["birthday"] == stored
    assert c["anniversary"] == stored


async def test_due_date_is_full_date_only(backend: Backend) -> None:
    c = await contact(backend)
    r = await backend.create(
        "reminder", {"parent_id": c["id"], "due_date": "2026-02-28", "message": "call"}
    )
    assert r["due_date"] == "2026-02-28"
    for bad in ("--02-28", "2026", "2026-02-30"):
        with pytest.raises(ValidationError) as err:
            await backend.update("reminder", r["id"], {"due_date": bad})
        assert "due_date" in err.value.fields


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("number", "12.5", "twelve"),
        ("date", "--03-04", "someday"),
        ("url", "https://example.com", "example dot com"),
        ("bool", "true", "perhaps"),
    ],
)
async def test_custom_field_value_must_parse_as_kind(
    backend: Backend, kind: str, good: str, bad: str
) -> None:
    c = await contact(backend)
    base = {"parent_id": c["id"], "label": "L", "kind": kind}
    ok = await backend.create("custom_field", {**base, "value": good})
    assert ok["value"] == good
    with pytest.raises(ValidationError) as err:
        await backend.create("custom_field", {**base, "value": bad})
    assert "value" in err.value.fields
    with pytest.raises(ValidationError) as err:
        await backend.update("custom_field", ok["id"], {"value": bad})
    assert "value" in err.value.fields


async def test_custom_field_kind_change_checks_the_stored_value(backend: Backend) -> None:
    c = await contact(backend)
    cf = await backend.create(
        "custom_field", {"parent_id": c["id"], "label": "L", "kind": "text", "value": "hello"}
    )
    with pytest.raises(ValidationError) as err:
        await backend.update("custom_field", cf["id"], {"kind": "number"})
    assert "value" in err.value.fields


@pytest.mark.parametrize("type_", [t for t, m in MODELS.items() if m.parent])
async def test_bad_parent_ref_is_a_validation_error(backend: Backend, type_: str) -> None:
    body = await _valid_body(backend, type_)
    body["parent_id"] = "no-such-contact"
    with pytest.raises(ValidationError) as err:
        await backend.create(type_, body)
    assert "parent_id" in err.value.fields


async def test_relationship_target_must_exist_and_differ(backend: Backend) -> None:
    c = await contact(backend)
    with pytest.raises(ValidationError) as err:
        await backend.create(
            "relationship", {"parent_id": c["id"], "target_id": "nobody", "kind": "friend"}
        )
    assert "target_id" in err.value.fields
    with pytest.raises(ValidationError) as err:
        await backend.create(
            "relationship", {"parent_id": c["id"], "target_id": c["id"], "kind": "friend"}
        )
    assert "target_id" in err.value.fields


async def test_ref_to_a_deleted_contact_is_refused(backend: Backend) -> None:
    c = await contact(backend)
    await backend.delete("contact", c["id"])
    with pytest.raises(ValidationError) as err:
        await backend.create("note", {"parent_id": c["id"], "body": "late"})
    assert "parent_id" in err.value.fields


async def test_unknown_and_server_managed_keys_are_ignored(backend: Backend) -> None:
    c = await backend.create(
        "contact",
        {
            "name": "Ignored Keys",
            "id": "chosen-id",
            "owned_by": "somebody",
            "status": "banned",
            "is_archived": True,
            "created_at": "1999-01-01T00:00:00Z",
            "updated_at": "1999-01-01T00:00:00Z",
            "shoe_size": 44,
        },
    )
    assert c["id"] != "chosen-id"
    assert c["owned_by"] != "somebody"
    assert c["status"] == "active"
    assert c["is_archived"] is False
    assert c["created_at"] != "1999-01-01T00:00:00Z"
    assert "shoe_size" not in c
    patched = await backend.update(
        "contact", c["id"], {"id": "other", "status": "x", "is_archived": True, "bogus": 1}
    )
    assert patched["id"] == c["id"]
    assert patched["status"] == "active"
    assert patched["is_archived"] is False
    assert "bogus" not in patched


async def test_patch_touches_only_sent_fields(backend: Backend) -> None:
    c = await contact(backend, nickname="Nick", city="Lyon", tags=["x"])
    patched = await backend.update("contact", c["id"], {"city": "Oslo"})
    assert patched["city"] == "Oslo"
    assert patched["nickname"] == "Nick"
    assert patched["tags"] == ["x"]
    cleared = await backend.update("contact", c["id"], {"nickname": None})
    assert cleared["nickname"] is None
    assert cleared["city"] == "Oslo"


async def test_create_only_fields_are_ignored_on_patch(backend: Backend) -> None:
    a = await contact(backend, "A")
    b = await contact(backend, "B")
    note = await child(backend, "note", a["id"])
    patched = await backend.update("note", note["id"], {"parent_id": b["id"], "body": "moved?"})
    assert patched["parent_id"] == a["id"]
    assert patched["body"] == "moved?"
    rel = await backend.create(
        "relationship", {"parent_id": a["id"], "target_id": b["id"], "kind": "friend"}
    )
    c = await contact(backend, "C")
    patched = await backend.update("relationship", rel["id"], {"target_id": c["id"]})
    assert patched["target_id"] == b["id"]


async def test_text_with_a_nul_character_is_refused_everywhere(backend: Backend) -> None:
    """NUL is never text (and PostgreSQL cannot store it): every backend says so, by field."""
    from friendship_tui.schema import ListQuery

    with pytest.raises(ValidationError) as err:
        await backend.create("contact", {"name": "Nul\x00l", "tags": ["ok", "b\x00d"]})
    assert set(err.value.fields) == {"name", "tags"}
    assert "NUL" in err.value.fields["name"]
    c = await backend.create("contact", {"name": "Clean"})
    with pytest.raises(ValidationError) as err:
        await backend.update("contact", c["id"], {"notes": "a\x00"})
    assert "notes" in err.value.fields
    with pytest.raises(ValidationError) as err:
        await backend.list("contact", ListQuery(filters={"city": ["x\x00"]}))
    assert "city" in err.value.fields
    with pytest.raises(ValidationError) as err:
        await backend.list("contact", ListQuery(q="cl\x00"))
    assert "q" in err.value.fields
    assert (await backend.get("contact", c["id"]))["notes"] is None  # nothing was written
