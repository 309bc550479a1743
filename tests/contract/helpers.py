"""Small builders that go through the public Backend API only."""

from __future__ import annotations

from typing import Any

from friendship_tui.schema import MODELS, ListQuery
from friendship_tui.store.base import Backend, iter_all

from .samples import valid_object


async def contact(backend: Backend, name: str = "Ann Example", **fields: Any) -> dict[str, Any]:
    return await backend.create("contact", {"name": name, **fields})


async def child(backend: Backend, type_: str, parent_id: str, **fields: Any) -> dict[str, Any]:
    """A valid object of ``type_`` under ``parent_id`` (relationship: to a fresh contact)."""
    refs = {"parent_id": parent_id}
    if type_ == "relationship" and "target_id" not in fields:
        refs["target_id"] = (await contact(backend, "Target Person"))["id"]
    data = {**valid_object(MODELS[type_], refs), **fields}
    return await backend.create(type_, data)


async def ids(backend: Backend, type_: str, query: ListQuery | None = None) -> list[str]:
    return [str(o["id"]) async for o in iter_all(backend, type_, query)]
