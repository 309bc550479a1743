"""A create's audit text, written directly for bulk imports, is the very JSON the
general path (``changed_values`` through the JSON encoder) writes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from friendship_tui.store.audit import MAX_TEXT, _row, changed_values
from friendship_tui.store.base import ChangeEvent

OBJECTS: list[tuple[str, dict[str, Any]]] = [
    ("contact", {"id": "c1", "name": "Ann"}),
    ("contact", {"id": "c2", "name": 'Zoë "Z" \\ O\'Neil\n\t\x01', "is_archived": True}),
    ("contact", {"id": "c3", "name": "x" * (MAX_TEXT + 40)}),
    ("contact", {"id": "c4", "name": ""}),
    ("contact", {"id": "c5", "is_archived": True}),
    ("note", {"id": "n1", "parent_id": "c1", "body": "日本語のメモ 🎉"}),
    ("relationship", {"id": "r1", "parent_id": "c1", "kind": "friend"}),
    ("activity", {"id": "a1", "parent_id": "c1", "title": None, "kind": "call"}),
    ("gift", {"id": "g1", "parent_id": "c1", "title": 12}),  # not text: the general path
    ("pet", {"id": "p1", "parent_id": "c1"}),
]


@pytest.mark.parametrize(("type_", "obj"), OBJECTS)
def test_create_text_is_the_general_json(type_: str, obj: dict[str, Any]) -> None:
    event = ChangeEvent(type_, "create", obj, "me", "user")
    changes = changed_values(event)
    expected = json.dumps(changes, ensure_ascii=False, default=str) if changes else None
    assert _row(event, "2026-01-01T00:00:00.000000Z", None)["changes"] == expected
