"""Snooze through the Backend interface: a snoozed person leaves stay-in-touch until the
snooze ends, on every backend (local store, the server's /xapi2/agenda, the remote
client's own agenda for servers without it, the sync cache)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from friendship_tui.domain.snooze import SNOOZE_LABEL
from friendship_tui.remote.backend import RemoteBackend
from friendship_tui.store.base import Backend
from friendship_tui.store.snoozes import read_snoozes, set_snooze, snooze_fields

from .helpers import contact

TODAY = date(2026, 3, 15)


async def _due_ids(backend: Backend, on: date) -> list[str]:
    return [r.contact_id for r in (await backend.agenda(on, 30)).stay_in_touch]


async def test_snooze_hides_until_the_date_then_comes_back(backend: Backend) -> None:
    ann = await contact(
        backend, "Ann", stay_in_touch_frequency="monthly", last_contacted_at="2026-01-01"
    )
    bob = await contact(backend, "Bob", stay_in_touch_frequency="weekly", birthday="--03-20")
    assert await _due_ids(backend, TODAY) == [ann["id"], bob["id"]]

    await set_snooze(backend, ann["id"], date(2026, 3, 29))
    before = await backend.agenda(TODAY, 30)
    assert [r.contact_id for r in before.stay_in_touch] == [bob["id"]]
    assert before.snoozed == 1
    assert before.to_json()["snoozed"] == 1
    # the birthday stays: a snooze quiets "get in touch", not the calendar
    await set_snooze(backend, bob["id"], date(2026, 4, 1))
    both = await backend.agenda(TODAY, 30)
    assert both.stay_in_touch == [] and both.snoozed == 2
    assert [r.contact_id for r in both.events] == [bob["id"]]
    # the day the snooze ends the person is back by themselves
    assert await _due_ids(backend, date(2026, 3, 29)) == [ann["id"]]
    assert await read_snoozes(backend, [ann["id"], bob["id"]]) == {
        ann["id"]: date(2026, 3, 29),
        bob["id"]: date(2026, 4, 1),
    }


async def test_snooze_is_one_documented_custom_field(backend: Backend) -> None:
    ann = await contact(backend, "Ann", stay_in_touch_frequency="weekly")
    await set_snooze(backend, ann["id"], date(2026, 3, 22))
    await set_snooze(backend, ann["id"], date(2026, 4, 22))  # re-snooze: updated, not added
    fields = await snooze_fields(backend, ann["id"])
    assert [(f["label"], f["kind"], f["value"]) for f in fields] == [
        (SNOOZE_LABEL, "date", "2026-04-22")
    ]
    await set_snooze(backend, ann["id"], None)  # wake
    assert await snooze_fields(backend, ann["id"]) == []
    assert await _due_ids(backend, TODAY) == [ann["id"]]


async def test_client_side_agenda_applies_snoozes(backend: Backend) -> None:
    """A remote backend whose server has no /xapi2/agenda builds the agenda itself."""
    ann = await contact(backend, "Ann", stay_in_touch_frequency="weekly")
    bob = await contact(backend, "Bob", stay_in_touch_frequency="weekly")
    await set_snooze(backend, ann["id"], date(2026, 3, 16))
    if isinstance(backend, RemoteBackend):
        caps = await backend.probe_capabilities()
        backend.capabilities = replace(caps, server_agenda=False)
    agenda = await backend.agenda(TODAY, 30)
    assert [r.contact_id for r in agenda.stay_in_touch] == [bob["id"]]
    assert agenda.snoozed == 1
