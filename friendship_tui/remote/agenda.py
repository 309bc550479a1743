"""The agenda over HTTP: the server's ``/xapi2/agenda`` answers read back, and the whole
agenda computed here from the documented lists when the server lacks the extension.

The user's zone travels as ``tz`` (its IANA name, else its UTC offset now): due dates
count from the local day of the last talk, which a server cannot know by itself.
"""

from __future__ import annotations

import builtins
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from ..domain.agenda import PANELS, Agenda, AgendaRow, build_agenda
from ..domain.clock import zone_name
from ..domain.reserved_fields import agenda_contact_ids, inactive_ids, without_inactive
from ..domain.snooze import apply_snoozes
from ..schema import ListQuery
from ..store.base import Backend, Obj, iter_all
from ..store.errors import Unavailable
from ..store.snoozes import read_snoozes

ReservedReader = Callable[[ListQuery], Awaitable[builtins.list[Obj]]]


def agenda_params(
    today: date, horizon_days: int, tz: Any, now: datetime
) -> builtins.list[tuple[str, str]]:
    """The window and the user's zone as query parameters."""
    return [
        ("today", today.isoformat()),
        ("days", str(horizon_days)),
        ("tz", zone_name(tz, now)),
    ]


async def client_agenda(
    backend: Backend, today: date, horizon_days: int, reserved_rows: ReservedReader
) -> Agenda:
    """The whole agenda from the documented lists, due dates in ``backend.tz``;
    deceased, partial and snoozed people left out as the store does."""
    live = ListQuery(filters={"is_archived": ["false"]})  # partial ones too: left out below
    contacts = [c async for c in iter_all(backend, "contact", live)]
    events = [e async for e in iter_all(backend, "life_event")]
    reminders = [
        r async for r in iter_all(backend, "reminder", ListQuery(filters={"completed": ["false"]}))
    ]
    agenda = build_agenda(today, contacts, events, reminders, horizon_days, tz=backend.tz)
    ids = sorted(agenda_contact_ids(agenda))
    reserved: builtins.list[Obj] = []
    for start in range(0, len(ids), 50):  # a short query string per request
        chunk = ListQuery(filters={"parent_id": ids[start : start + 50]})
        reserved += await reserved_rows(chunk)
    agenda = without_inactive(agenda, inactive_ids(reserved))
    due = [r.contact_id for r in agenda.stay_in_touch]
    return apply_snoozes(agenda, await read_snoozes(backend, due))


def agenda_row_list(items: Any) -> builtins.list[AgendaRow]:
    """Agenda rows from their ``AgendaRow.to_json()`` form."""
    out = []
    for r in items or []:
        out.append(
            AgendaRow(
                kind=r["kind"],
                contact_id=str(r["contact_id"]),
                contact_name=str(r.get("contact_name", "")),
                title=str(r.get("title", "")),
                date=date.fromisoformat(r["date"]),
                days=int(r["days"]),
                object_type=str(r.get("object_type", "contact")),
                object_id=str(r.get("object_id", r["contact_id"])),
                years=r.get("years"),
                detail=str(r.get("detail") or ""),
            )
        )
    return out


def agenda_from_json(body: Any) -> Agenda:
    """An Agenda from ``Agenda.to_json()`` as the server sends it (a server without
    ``totals`` sent every row: the totals are the lengths)."""
    if not isinstance(body, dict):
        raise Unavailable("the agenda response is not an object")
    totals = body.get("totals")
    return Agenda(
        today=date.fromisoformat(body["today"]),
        horizon_days=int(body.get("horizon_days", 30)),
        stay_in_touch=agenda_row_list(body.get("stay_in_touch")),
        events=agenda_row_list(body.get("events")),
        reminders=agenda_row_list(body.get("reminders")),
        snoozed=int(body.get("snoozed") or 0),
        totals={p: int(totals[p]) for p in PANELS if p in totals}
        if isinstance(totals, dict)
        else {},
    )
