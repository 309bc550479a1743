"""Archiving a contact: out of the default list, the agenda and search; still reachable
with ``is_archived=true``; unarchiving brings it all back. Backend interface only."""

from __future__ import annotations

from datetime import date

import pytest

from friendship_tui.domain.agenda import Agenda
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend
from friendship_tui.store.errors import NotFound

from .backends import ContractEnv
from .helpers import contact, ids

TODAY = date(2026, 6, 1)


def _agenda_contacts(agenda: Agenda) -> set[str]:
    rows = [*agenda.stay_in_touch, *agenda.events, *agenda.reminders]
    return {r.contact_id for r in rows}


async def _busy_contact(backend: Backend, name: str) -> str:
    """A contact that shows up in every part of the agenda."""
    made = await contact(
        backend,
        name,
        birthday="--06-05",
        stay_in_touch_frequency="weekly",
        company="Archivable Industries",
    )
    cid = str(made["id"])
    await backend.create(
        "life_event",
        {"parent_id": cid, "kind": "milestone", "title": "Sobriety", "occurred_at": "2020-06-10",
         "recurring": True},
    )  # fmt: skip
    await backend.create(
        "reminder", {"parent_id": cid, "due_date": "2026-06-03", "message": "Call about the move"}
    )
    return cid


async def test_archived_contact_leaves_list_agenda_and_search(backend: Backend) -> None:
    kept = await _busy_contact(backend, "Keeper Present")
    gone = await _busy_contact(backend, "Archie Vanished")
    before = await backend.agenda(TODAY, 30)
    assert {kept, gone} <= _agenda_contacts(before)

    archived = await backend.set_archived("contact", gone, True)
    assert archived["id"] == gone
    assert archived["is_archived"] is True

    assert await ids(backend, "contact") == [kept]
    assert gone not in _agenda_contacts(await backend.agenda(TODAY, 30))
    assert kept in _agenda_contacts(await backend.agenda(TODAY, 30))
    assert [c["id"] for c in await backend.search("archivable")] == [kept]
    assert [c["id"] for c in await backend.search("vanished")] == []

    # still reachable: by id, and with the filter
    assert (await backend.get("contact", gone))["is_archived"] is True
    only_archived = ListQuery(filters={"is_archived": ["true"]})
    assert await ids(backend, "contact", only_archived) == [gone]
    both = ListQuery(filters={"is_archived": ["true", "false"]})
    assert sorted(await ids(backend, "contact", both)) == sorted([kept, gone])


async def test_unarchive_brings_it_back(backend: Backend) -> None:
    cid = await _busy_contact(backend, "Boomerang Person")
    await backend.set_archived("contact", cid, True)
    restored = await backend.set_archived("contact", cid, False)
    assert restored["is_archived"] is False
    assert await ids(backend, "contact") == [cid]
    assert cid in _agenda_contacts(await backend.agenda(TODAY, 30))
    assert [c["id"] for c in await backend.search("boomerang")] == [cid]
    assert await ids(backend, "contact", ListQuery(filters={"is_archived": ["true"]})) == []


async def test_archiving_twice_is_harmless_and_keeps_data(backend: Backend) -> None:
    cid = str((await contact(backend, "Twice Archived", company="Acme"))["id"])
    first = await backend.set_archived("contact", cid, True)
    second = await backend.set_archived("contact", cid, True)
    assert first["is_archived"] is second["is_archived"] is True
    for key in ("name", "company", "created_at"):
        assert second[key] == first[key]
    # archived objects can still be edited
    edited = await backend.update("contact", cid, {"company": "Initech"})
    assert edited["company"] == "Initech"
    assert edited["is_archived"] is True


async def test_archiving_a_missing_contact_is_not_found(backend: Backend) -> None:
    with pytest.raises(NotFound):
        await backend.set_archived("contact", "01NOSUCHCONTACT0000000000A", True)


async def test_one_owner_cannot_archive_anothers_contact(env: ContractEnv) -> None:
    if env.other is None:
        pytest.skip("this backend has no second owner")
    cid = str((await contact(env.backend, "Not Yours"))["id"])
    with pytest.raises(NotFound):
        await env.other.set_archived("contact", cid, True)
    assert (await env.backend.get("contact", cid))["is_archived"] is False
