"""The agenda as top rows and exact totals (issue 14), on every backend.

A generated book with ties, snoozed (and no-longer-snoozed), deceased, partial and
archived people, Feb 29 and later-year dates, and talks at hours where the user's local
day differs from UTC's. For several days, zones and horizons:

- the full agenda equals the pure domain's, computed from every object (the reference);
- ``agenda(limit=N)`` holds exactly the first N rows of each panel and the full lengths
  as ``totals`` (and the same ``snoozed`` count);
- ``agenda_rows`` pages, concatenated, are the whole panel.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from friendship_tui.domain.agenda import PANELS, Agenda, AgendaRow
from friendship_tui.domain.reserved_fields import DECEASED, PARTIAL
from friendship_tui.domain.snooze import SNOOZE_KIND, SNOOZE_LABEL
from friendship_tui.remote.agenda import client_agenda
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend, Obj, iter_all

FREQS = ("weekly", "biweekly", "monthly", "quarterly", "yearly", "never", None)
NAMES = ("Ann", "ann", "Bob", "Cleo", "Dan", "Eve", "Émile", "Zoe")
BASE = date(2027, 2, 20)


def _stamp(rng: random.Random) -> str:
    day = BASE - timedelta(days=rng.randint(0, 120))
    hour = rng.choice((0, 1, 11, 12, 13, 22, 23))
    return f"{day.isoformat()}T{hour:02d}:{rng.choice((0, 26, 59)):02d}:00Z"


def _yearly(rng: random.Random) -> str | None:
    pick = rng.random()
    if pick < 0.3:
        return None
    md = rng.choice(("02-28", "02-29", "03-01", "03-02", "03-15", "12-31", "01-01", "03-05"))
    if pick < 0.45:
        return f"--{md}"
    year = rng.choice((1990, 2000, 2027, 2028))  # 2028: no occurrence before that year
    return f"{year}-{md}" if md != "02-29" or year in (2000, 2028) else f"--{md}"


async def _book(backend: Backend, seed: int) -> None:
    rng = random.Random(seed)
    for i in range(48):
        freq = rng.choice(FREQS)
        data: dict[str, object] = {"name": f"{rng.choice(NAMES)} {i % 5}"}
        if freq:
            data["stay_in_touch_frequency"] = freq
        if rng.random() < 0.8:
            data["last_contacted_at"] = (
                _stamp(rng)
                if rng.random() < 0.8
                else (BASE - timedelta(rng.randint(0, 90))).isoformat()
            )
        if (b := _yearly(rng)) is not None:
            data["birthday"] = b
        if (a := _yearly(rng)) is not None:
            data["anniversary"] = a
        c = await backend.create("contact", data)
        cid = c["id"]
        roll = rng.random()
        if roll < 0.12:
            until = BASE + timedelta(days=rng.choice((-3, 1, 5, 30)))
            await backend.create(
                "custom_field",
                {
                    "parent_id": cid,
                    "label": SNOOZE_LABEL,
                    "kind": SNOOZE_KIND,
                    "value": until.isoformat(),
                },
            )
        elif roll < 0.18:
            await backend.create(
                "custom_field",
                {"parent_id": cid, "label": DECEASED.label, "kind": "date", "value": "2020"},
            )
        elif roll < 0.24:
            value = rng.choice(("true", "false"))
            await backend.create(
                "custom_field",
                {"parent_id": cid, "label": PARTIAL.label, "kind": "bool", "value": value},
            )
        if rng.random() < 0.3:
            await backend.create(
                "life_event",
                {
                    "parent_id": cid,
                    "title": rng.choice(("Wedding", "Moved")),
                    "recurring": rng.random() < 0.8,
                    "occurred_at": rng.choice(
                        ("2015-03-03", "2016-02-29", "2020-03-01", "2029-03-02")
                    ),
                },
            )
        if rng.random() < 0.4:
            due = BASE + timedelta(days=rng.randint(-10, 40))
            await backend.create(
                "reminder",
                {
                    "parent_id": cid,
                    "due_date": due.isoformat(),
                    "message": rng.choice(("Call", "Card")),
                    "completed": rng.random() < 0.2,
                },
            )
        if rng.random() < 0.08:
            await backend.set_archived("contact", cid, True)


async def _reference(backend: Backend, today: date, horizon: int) -> Agenda:
    async def reserved(query: ListQuery) -> list[Obj]:
        return [o async for o in iter_all(backend, "custom_field", query)]

    return await client_agenda(backend, today, horizon, reserved)


def _keys(rows: list[AgendaRow]) -> list[tuple[object, ...]]:
    return [(r.kind, r.object_id, r.date, r.days, r.title, r.years) for r in rows]


CASES = [  # today, zone, horizon
    (date(2027, 2, 27), "Pacific/Auckland", 30),
    (date(2027, 2, 28), "Pacific/Pago_Pago", 3),
    (date(2027, 3, 1), "UTC", 365),
    (date(2027, 3, 2), "Pacific/Kiritimati", 30),
]


@pytest.mark.parametrize("seed", [1, 2])
async def test_limited_agenda_is_the_head_of_the_full_one(backend: Backend, seed: int) -> None:
    await _book(backend, seed)
    for today, zone, horizon in CASES:
        backend.tz = ZoneInfo(zone)
        full = await backend.agenda(today, horizon)
        ref = await _reference(backend, today, horizon)
        seen = {p: len(getattr(full, p)) for p in PANELS}
        assert all(seen.values()), seen  # every panel has rows to cut
        for panel in PANELS:
            assert _keys(getattr(full, panel)) == _keys(getattr(ref, panel)), (today, zone, panel)
            assert full.total(panel) == len(getattr(ref, panel))
        assert full.snoozed == ref.snoozed
        for n in (0, 1, 3, 7, 100):
            top = await backend.agenda(today, horizon, limit=n)
            for panel in PANELS:
                assert _keys(getattr(top, panel)) == _keys(getattr(full, panel)[:n]), (n, panel)
                assert top.total(panel) == len(getattr(full, panel)), (n, panel)
            assert top.snoozed == full.snoozed
        for panel in PANELS:
            pages: list[AgendaRow] = []
            for offset in range(0, full.total(panel) + 4, 4):
                pages += await backend.agenda_rows(panel, today, horizon, offset, 4)
            assert _keys(pages) == _keys(getattr(full, panel)), panel


async def test_counts_are_exact_with_nothing_shown(backend: Backend) -> None:
    """limit=0: no rows, yet every total and the snoozed count."""
    await _book(backend, 3)
    backend.tz = ZoneInfo("Pacific/Auckland")
    today = date(2027, 2, 27)
    full = await backend.agenda(today, 30)
    empty = await backend.agenda(today, 30, limit=0)
    assert (empty.stay_in_touch, empty.events, empty.reminders) == ([], [], [])
    assert empty.to_json()["totals"] == {p: len(getattr(full, p)) for p in PANELS}
    assert any(empty.total(p) for p in PANELS)
    assert empty.snoozed == full.snoozed


async def test_an_empty_book_and_a_zero_limit(backend: Backend) -> None:
    """Nothing due and nothing shown: every count is 0 (a zero limit never fails)."""
    agenda = await backend.agenda(date(2000, 1, 1), 0, limit=0)
    assert agenda.to_json()["totals"] == dict.fromkeys(PANELS, 0)
    for panel in PANELS:
        assert await backend.agenda_rows(panel, date(2000, 1, 1), 0, 0, 5) == []
