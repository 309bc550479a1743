"""Tolerant reading as pure functions: every envelope API.md allows, and event names."""

from __future__ import annotations

import pytest

from friendship_tui.remote.reading import error_fields, read_event, read_object, read_page


@pytest.mark.parametrize(
    "body",
    [
        [{"id": "a"}, {"id": "b"}],
        {"data": [{"id": "a"}, {"id": "b"}]},
        {"items": [{"id": "a"}, {"id": "b"}]},
        {"results": [{"id": "a"}, {"id": "b"}]},
    ],
)
def test_every_list_envelope_gives_the_same_items(body: object) -> None:
    page = read_page(body, limit=20, offset=0)
    assert [o["id"] for o in page.items] == ["a", "b"]
    assert page.next_after is None


def test_meta_is_read_when_present_and_guessed_when_not() -> None:
    with_meta = read_page(
        {"data": [{"id": "a"}], "meta": {"limit": 1, "offset": 4, "total": 9, "next_after": "a"}},
        limit=20,
        offset=0,
    )
    assert (with_meta.limit, with_meta.offset, with_meta.total, with_meta.next_after) == (
        1,
        4,
        9,
        "a",
    )
    # no meta: the page's limit is what arrived, so a silent server cap never ends paging early
    bare = read_page([{"id": "a"}, {"id": "b"}], limit=50, offset=0)
    assert bare.limit == 2
    assert read_page([], limit=50, offset=0).items == []


def test_objects_are_flattened_and_unknown_fields_kept() -> None:
    nested = {"id": "x", "created_at": "t", "data": {"name": "Ann", "shoe": 42}}
    assert read_object(nested) == {"id": "x", "created_at": "t", "name": "Ann", "shoe": 42}
    enveloped = {"data": {"id": "x", "name": "Ann"}}
    assert read_object(enveloped) == {"id": "x", "name": "Ann"}
    both = {"data": {"id": "x", "data": {"name": "Ann"}}}
    assert read_object(both) == {"id": "x", "name": "Ann"}


@pytest.mark.parametrize("key", ["event", "action", "type"])
@pytest.mark.parametrize(
    "name, action", [("create", "create"), ("updated", "update"), ("delete", "delete")]
)
def test_event_name_under_any_key(key: str, name: str, action: str) -> None:
    frame = {"op": "event", "id": "s", "dataType": "note", key: name, "object": {"id": "n1"}}
    event = read_event(frame)
    assert event is not None
    assert (event.type, event.action, event.object["id"]) == ("note", action, "n1")


def test_frames_that_are_not_events_are_skipped() -> None:
    assert read_event({"op": "subscribed", "id": "s"}) is None
    assert read_event({"op": "event", "event": "explode", "dataType": "note", "object": {}}) is None


def test_error_bodies() -> None:
    body = {"error": {"code": "validation_error", "message": "bad", "fields": {"name": "x"}}}
    assert error_fields(body) == ("bad", {"name": "x"})
    assert error_fields({"detail": "Not Found"}) == ("Not Found", {})
    assert error_fields("oops") == ("", {})
