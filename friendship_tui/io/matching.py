"""Content keys: recognising an object an earlier (killed) run of the same import made.

Only a local book can take a whole import in one transaction. Through a server, an
import that dies part-way leaves what it wrote, and the server cannot be told "this is
row 12 of that file" - a third-party server has no ids of ours and need not honour
``Idempotency-Key``. So before creating, each object is looked up by its content: every
creatable field (normalised: unset, empty and false are one value; numbers compare as
numbers; list order does not matter), refs resolved to the ids already made. An equal
object is taken as the one an earlier run made ("unchanged"), each existing object at
most once, so a file with two identical rows still makes two on the first run and none
on the second. Fields a hook moves on the server (a contact's ``last_contacted_at``,
bumped by a conversation) are left out of the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..schema import MODELS, ListQuery, Model
from ..store.base import Backend, iter_all

ALL = ListQuery(filters={"is_archived": ["true", "false"]})
# (type, field) that server-side hooks change after a create: not part of the content.
HOOK_MOVED = frozenset({("contact", "last_contacted_at")})
Key = tuple[Any, ...]


def _norm(value: Any) -> Any:
    if value is None or value is False or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return True
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        return tuple(sorted(str(v) for v in value))
    if isinstance(value, dict):
        return tuple(sorted((str(k), _norm(v)) for k, v in value.items()))
    return str(value)


def key_fields(model: Model) -> list[str]:
    return [f.name for f in model.fields if f.creatable and (model.name, f.name) not in HOOK_MOVED]


def content_key(model: Model, data: Mapping[str, Any]) -> Key:
    return tuple(_norm(data.get(name)) for name in key_fields(model))


class ContentIndex:
    """Existing objects by content key, per type, read once when first needed."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._by_type: dict[str, dict[Key, list[dict[str, Any]]]] = {}

    async def _load(self, type_: str) -> dict[Key, list[dict[str, Any]]]:
        found = self._by_type.get(type_)
        if found is None:
            model = MODELS[type_]
            found = {}
            async for obj in iter_all(self.backend, type_, ALL):
                found.setdefault(content_key(model, obj), []).append(obj)
            self._by_type[type_] = found
        return found

    async def take(self, type_: str, data: Mapping[str, Any]) -> dict[str, Any] | None:
        """An existing object with this content not taken yet (then it is taken)."""
        objs = (await self._load(type_)).get(content_key(MODELS[type_], data))
        return objs.pop(0) if objs else None
