"""Filters (repeated key = IN), bool and tag filters, sort, paging, keyset."""

from __future__ import annotations

import pytest

from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend, iter_all
from friendship_tui.store.errors import ValidationError

from .helpers import child, contact, ids


async def _people(backend: Backend) -> dict[str, dict[str, object]]:
    people = {}
    for name, city, fav, tags, freq in [
        ("Ann", "Lyon", True, ["work", "climbing"], "weekly"),
        ("bob", "Oslo", False, ["family"], None),
        ("Cleo", "Lyon", None, ["work"], "monthly"),
        ("Dan", "Rome", True, None, None),
    ]:
        people[name] = await contact(
            backend, name, city=city, favorite=fav, tags=tags, stay_in_touch_frequency=freq
        )
    return people


def _names(page_items: list[dict[str, object]]) -> list[str]:
    return [str(o["name"]) for o in page_items]  # every contact has a name


async def test_filter_equality_and_in(backend: Backend) -> None:
    await _people(backend)
    page = await backend.list("contact", ListQuery(filters={"city": ["Lyon"]}))
    assert sorted(_names(page.items)) == ["Ann", "Cleo"]
    assert page.total == 2
    page = await backend.list("contact", ListQuery(filters={"city": ["Lyon", "Rome"]}))
    assert sorted(_names(page.items)) == ["Ann", "Cleo", "Dan"]
    page = await backend.list(
        "contact", ListQuery(filters={"city": ["Lyon"], "stay_in_touch_frequency": ["weekly"]})
    )
    assert _names(page.items) == ["Ann"]


@pytest.mark.parametrize(("word", "expected"), [("true", ["Ann", "Dan"]), ("1", ["Ann", "Dan"])])
async def test_bool_filter_true(backend: Backend, word: str, expected: list[str]) -> None:
    await _people(backend)
    page = await backend.list("contact", ListQuery(filters={"favorite": [word]}))
    assert sorted(_names(page.items)) == expected


@pytest.mark.parametrize("word", ["false", "0"])
async def test_bool_filter_false_includes_unset(backend: Backend, word: str) -> None:
    await _people(backend)
    page = await backend.list("contact", ListQuery(filters={"favorite": [word]}))
    assert sorted(_names(page.items), key=str.lower) == ["bob", "Cleo"]


async def test_tags_filter_is_any_of(backend: Backend) -> None:
    await _people(backend)
    page = await backend.list("contact", ListQuery(filters={"tags": ["climbing", "family"]}))
    assert sorted(_names(page.items), key=str.lower) == ["Ann", "bob"]
    page = await backend.list("contact", ListQuery(filters={"tags": ["work"]}))
    assert sorted(_names(page.items)) == ["Ann", "Cleo"]


async def test_tags_filter_follows_updates(backend: Backend) -> None:
    people = await _people(backend)
    await backend.update("contact", people["Dan"]["id"], {"tags": ["climbing"]})  # type: ignore[arg-type]
    await backend.update("contact", people["Ann"]["id"], {"tags": None})  # type: ignore[arg-type]
    page = await backend.list("contact", ListQuery(filters={"tags": ["climbing"]}))
    assert _names(page.items) == ["Dan"]


async def test_child_filters(backend: Backend) -> None:
    a = await contact(backend, "A")
    b = await contact(backend, "B")
    await child(backend, "conversation", a["id"], channel="call")
    await child(backend, "conversation", a["id"], channel="sms")
    await child(backend, "conversation", b["id"], channel="call")
    page = await backend.list("conversation", ListQuery(filters={"parent_id": [a["id"]]}))
    assert page.total == 2
    page = await backend.list(
        "conversation", ListQuery(filters={"parent_id": [a["id"]], "channel": ["call"]})
    )
    assert page.total == 1
    done = await child(backend, "reminder", a["id"], completed=True)
    open_ = await child(backend, "reminder", a["id"], completed=None)
    page = await backend.list("reminder", ListQuery(filters={"completed": ["false"]}))
    assert [o["id"] for o in page.items] == [open_["id"]]
    page = await backend.list("reminder", ListQuery(filters={"completed": ["true"]}))
    assert [o["id"] for o in page.items] == [done["id"]]


async def test_unknown_filter_or_sort_is_an_error(backend: Backend) -> None:
    with pytest.raises(ValidationError) as err:
        await backend.list("contact", ListQuery(filters={"shoe_size": ["44"]}))
    assert "shoe_size" in err.value.fields
    with pytest.raises(ValidationError) as err:
        await backend.list("contact", ListQuery(sort="shoe_size"))
    assert "sort" in err.value.fields
    with pytest.raises(ValidationError) as err:
        await backend.list("contact", ListQuery(filters={"favorite": ["maybe"]}))
    assert "favorite" in err.value.fields


async def test_sort_and_reverse(backend: Backend) -> None:
    await _people(backend)
    page = await backend.list("contact", ListQuery(sort="name"))
    assert _names(page.items) == ["Ann", "bob", "Cleo", "Dan"]  # case-insensitive
    page = await backend.list("contact", ListQuery(sort="-name"))
    assert _names(page.items) == ["Dan", "Cleo", "bob", "Ann"]
    page = await backend.list("contact")  # default sort: name
    assert _names(page.items) == ["Ann", "bob", "Cleo", "Dan"]
    page = await backend.list("contact", ListQuery(sort="created_at"))
    assert _names(page.items) == ["Ann", "bob", "Cleo", "Dan"]
    page = await backend.list("contact", ListQuery(sort="-created_at"))
    assert _names(page.items) == ["Dan", "Cleo", "bob", "Ann"]


async def test_sort_by_a_date_field(backend: Backend) -> None:
    c = await contact(backend)
    for day in ("2026-03-02", "2026-01-05", "2026-02-10"):
        await child(backend, "reminder", c["id"], due_date=day)
    page = await backend.list("reminder")  # default: due_date
    assert [o["due_date"] for o in page.items] == ["2026-01-05", "2026-02-10", "2026-03-02"]
    page = await backend.list("reminder", ListQuery(sort="-due_date"))
    assert [o["due_date"] for o in page.items] == ["2026-03-02", "2026-02-10", "2026-01-05"]


async def test_limit_default_cap_and_offset(backend: Backend) -> None:
    c = await contact(backend)
    for i in range(25):
        await backend.create("note", {"parent_id": c["id"], "body": f"note {i:02d}"})
    page = await backend.list("note")
    assert page.limit == 20 and len(page.items) == 20
    assert page.total == 25
    page = await backend.list("note", ListQuery(limit=500))
    assert page.limit == 200 and len(page.items) == 25
    first = await backend.list("note", ListQuery(sort="created_at", limit=10))
    second = await backend.list("note", ListQuery(sort="created_at", limit=10, offset=10))
    assert [o["body"] for o in first.items] == [f"note {i:02d}" for i in range(10)]
    assert [o["body"] for o in second.items] == [f"note {i:02d}" for i in range(10, 20)]
    with pytest.raises(ValidationError):
        await backend.list("note", ListQuery(limit=0))
    with pytest.raises(ValidationError):
        await backend.list("note", ListQuery(offset=-1))


async def test_keyset_paging_with_after(backend: Backend) -> None:
    made = [await contact(backend, f"K{i}") for i in range(7)]
    seen: list[str] = []
    after = None
    while True:
        page = await backend.list("contact", ListQuery(sort="created_at", limit=3, after=after))
        seen += [o["id"] for o in page.items]
        if page.next_after is None:
            break
        assert page.next_after == page.items[-1]["id"]
        after = page.next_after
    assert seen == [m["id"] for m in made]
    # a cursor on a row deleted meanwhile still works
    await backend.delete("contact", made[2]["id"])
    page = await backend.list("contact", ListQuery(sort="created_at", limit=3, after=made[2]["id"]))
    assert [o["id"] for o in page.items] == [m["id"] for m in made[3:6]]


async def test_keyset_paging_descending(backend: Backend) -> None:
    made = [await contact(backend, f"K{i}") for i in range(5)]
    query = ListQuery(sort="-created_at", limit=2, after=made[3]["id"])
    page = await backend.list("contact", query)
    assert [o["id"] for o in page.items] == [made[2]["id"], made[1]["id"]]


async def test_iter_all_follows_every_page(backend: Backend) -> None:
    c = await contact(backend)
    for i in range(45):
        await backend.create("note", {"parent_id": c["id"], "body": f"n{i}"})
    got = [o["body"] async for o in iter_all(backend, "note", page_size=20)]
    assert got == [f"n{i}" for i in range(45)]
    assert len(await ids(backend, "note")) == 45
