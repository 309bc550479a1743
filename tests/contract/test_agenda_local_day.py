"""Stay-in-touch due dates count from the user's LOCAL day of the last talk, on every
backend (the local store, the real server's /xapi2/agenda, its doc-only fallback, sync).

The stored, indexed ``next_due`` key counts from the UTC day; these talks are picked
where the two differ, so an agenda trusting the key would fail them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from friendship_tui.remote.backend import RemoteBackend
from friendship_tui.store.base import Backend

from .helpers import contact

AUCKLAND = ZoneInfo("Pacific/Auckland")  # UTC+13 in summer
PAGO_PAGO = ZoneInfo("Pacific/Pago_Pago")  # UTC-11


async def _server_or_client(backend: Backend, server: bool) -> None:
    """``server=False``: make a remote backend compute the agenda itself, as it does
    against a doc-only server (other backends have no such switch)."""
    if not server and isinstance(backend, RemoteBackend):
        caps = await backend.probe_capabilities()
        backend.capabilities = replace(caps, server_agenda=False)


@pytest.mark.parametrize("server", [True, False], ids=["server", "client"])
async def test_weekly_counts_from_the_local_day_of_the_talk(backend: Backend, server: bool) -> None:
    """01:26 on 25 Nov in Auckland is stored as 2026-11-24T12:26Z: weekly is due on
    2 Dec locally (1 Dec counting from the UTC day)."""
    await _server_or_client(backend, server)
    bob = await contact(
        backend, "Bob", stay_in_touch_frequency="weekly", last_contacted_at="2026-11-24T12:26:00Z"
    )
    backend.tz = AUCKLAND
    agenda = await backend.agenda(date(2026, 12, 2), 30)
    assert [(r.contact_id, r.date, r.days, r.kind) for r in agenda.stay_in_touch] == [
        (bob["id"], date(2026, 12, 2), 0, "due_soon")
    ]
    backend.tz = timezone(timedelta(hours=13))  # a bare offset (sent as +13:00) agrees
    again = await backend.agenda(date(2026, 12, 2), 30)
    assert [(r.date, r.days) for r in again.stay_in_touch] == [(date(2026, 12, 2), 0)]


@pytest.mark.parametrize("server", [True, False], ids=["server", "client"])
async def test_month_ends_stretch_the_gap_past_the_stored_key(
    backend: Backend, server: bool
) -> None:
    """Feb 28 UTC is Mar 1 in Auckland (+1 month: Apr 1, not Mar 28); Mar 1 UTC is
    Feb 28 in Pago Pago (+1 month: Mar 28, though the stored key says Apr 1)."""
    await _server_or_client(backend, server)
    ann = await contact(
        backend, "Ann", stay_in_touch_frequency="monthly", last_contacted_at="2027-02-28T12:00:00Z"
    )
    backend.tz = AUCKLAND
    early = await backend.agenda(date(2027, 3, 24), 30)  # UTC-counted: due in 4 days
    assert [r.contact_id for r in early.stay_in_touch] == []  # locally in 8: not yet
    on = await backend.agenda(date(2027, 3, 25), 30)
    assert [(r.contact_id, r.date, r.days) for r in on.stay_in_touch] == [
        (ann["id"], date(2027, 4, 1), 7)
    ]
    await backend.delete("contact", ann["id"])

    cleo = await contact(
        backend, "Cleo", stay_in_touch_frequency="monthly", last_contacted_at="2027-03-01T05:00:00Z"
    )
    backend.tz = PAGO_PAGO
    soon = await backend.agenda(date(2027, 3, 21), 30)  # the stored key is Apr 1: in 11
    assert [(r.contact_id, r.date, r.days) for r in soon.stay_in_touch] == [
        (cleo["id"], date(2027, 3, 28), 7)
    ]
    late = await backend.agenda(date(2027, 3, 30), 30)
    assert [(r.date, r.days, r.kind) for r in late.stay_in_touch] == [
        (date(2027, 3, 28), -2, "overdue")
    ]
