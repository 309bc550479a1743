"""Full-text search: prefix matches, diacritics, escaping, every type's text fields."""

from __future__ import annotations

import pytest

from friendship_tui.schema import MODELS, ListQuery, Model
from friendship_tui.store.base import Backend

from .helpers import contact
from .samples import valid_object


async def _book(backend: Backend) -> None:
    await contact(backend, "José Álvarez", company="Zürich Reinsurance", tags=["climbing"])
    await contact(backend, "Joanna Smith", email="jo@example.com", notes="loves Çelik jokes")
    await contact(backend, "Björn Borg", job_title="Tennis coach", food_prefs="vegetarian")
    await contact(backend, "Zed", nickname="Zeddy")


async def _names(backend: Backend, text: str) -> list[str]:
    return sorted(str(o["name"]) for o in await backend.search(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jose", ["José Álvarez"]),
        ("JOSÉ", ["José Álvarez"]),
        ("jo", ["Joanna Smith", "José Álvarez"]),
        ("alvarez", ["José Álvarez"]),
        ("zurich", ["José Álvarez"]),
        ("climb", ["José Álvarez"]),
        ("bjorn", ["Björn Borg"]),
        ("tennis", ["Björn Borg"]),
        ("vegetar", ["Björn Borg"]),
        ("celik", ["Joanna Smith"]),
        ("zeddy", ["Zed"]),
        ("jo smi", ["Joanna Smith"]),
        ("nobody-here", []),
    ],
)
async def test_search_contacts(backend: Backend, text: str, expected: list[str]) -> None:
    await _book(backend)
    assert await _names(backend, text) == expected


EVERYONE = ["Björn Borg", "Joanna Smith", "José Álvarez", "Zed"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"', []),
        ("*", []),
        ("jo*", ["Joanna Smith", "José Álvarez"]),
        ("AND", []),
        ("name:jo", []),
        ("(jo", ["Joanna Smith", "José Álvarez"]),
        ("jo -smith", ["Joanna Smith"]),
        ("'", []),
        ("^", []),
    ],
)
async def test_search_text_is_escaped(backend: Backend, text: str, expected: list[str]) -> None:
    """Query syntax is plain text: never a syntax error, and only its words match."""
    await _book(backend)
    has_words = any(ch.isalnum() for ch in text)
    found = await _names(backend, text)
    if has_words:
        assert found == expected
    else:  # no word to look for filters nothing, on every backend (as q= on a list)
        assert found == EVERYONE
    page = await backend.list("contact", ListQuery(q=text))
    # a q without a word filters nothing in a list
    assert sorted(str(o["name"]) for o in page.items) == (expected if has_words else EVERYONE)


async def test_list_q_combines_with_filters(backend: Backend) -> None:
    await contact(backend, "Jo Lyon", city="Lyon")
    await contact(backend, "Jo Oslo", city="Oslo")
    page = await backend.list("contact", ListQuery(q="jo", filters={"city": ["Oslo"]}))
    assert [o["name"] for o in page.items] == ["Jo Oslo"]
    assert page.total == 1


async def test_search_follows_updates_and_deletes(backend: Backend) -> None:
    c = await contact(backend, "Original Name")
    assert await _names(backend, "original") == ["Original Name"]
    await backend.update("contact", c["id"], {"name": "Renamed Person"})
    assert await _names(backend, "original") == []
    assert await _names(backend, "renamed") == ["Renamed Person"]
    await backend.delete("contact", c["id"])
    assert await _names(backend, "renamed") == []


async def test_search_skips_archived(backend: Backend) -> None:
    c = await contact(backend, "Archie Ved")
    await backend.set_archived("contact", c["id"], True)
    assert await _names(backend, "archie") == []


def _on_parent(model: Model, parent: dict[str, object]) -> dict[str, list[str]]:
    return {"parent_id": [str(parent["id"])]} if model.parent else {}


OTHER_SEARCHABLE = [t for t, m in MODELS.items() if t != "contact" and m.text_fields]


@pytest.mark.parametrize("type_", OTHER_SEARCHABLE)
async def test_q_searches_each_types_text_fields(backend: Backend, type_: str) -> None:
    model = MODELS[type_]
    parent = await contact(backend, "Parent")
    refs = {"parent_id": parent["id"]}
    if model.has_field("target_id"):
        refs["target_id"] = (await contact(backend, "Target"))["id"]
    text_field = model.text_fields[0]
    body = valid_object(model, refs)
    body[text_field.name] = ["Šárka"] if text_field.type == "tags" else "Šárka was here"
    made = await backend.create(type_, body)
    other = valid_object(model, refs)
    await backend.create(type_, other)
    # (a relationship's mirror carries the same label: look on the parent's side only)
    page = await backend.list(type_, ListQuery(q="sark", filters=_on_parent(model, parent)))
    assert [o["id"] for o in page.items] == [made["id"]]
