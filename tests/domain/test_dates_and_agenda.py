"""Domain edge cases: Feb 29, year-unknown and year-only dates, month ends, never
contacted, reminders due exactly today, anniversaries' years."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from friendship_tui.domain.agenda import build_agenda
from friendship_tui.domain.hooks import bumped_last_contacted, mirror_relationship
from friendship_tui.domain.partial_date import age_on, format_partial, next_occurrence, years_at
from friendship_tui.domain.relationships import inverse_kind
from friendship_tui.domain.stay_in_touch import due_key, next_due
from friendship_tui.schema import parse_partial_date


def pd(text: str):  # type: ignore[no-untyped-def]
    parsed = parse_partial_date(text)
    assert parsed is not None, text
    return parsed


@pytest.mark.parametrize(
    ("birthday", "after", "expected"),
    [
        ("1988-02-29", date(2027, 1, 1), date(2027, 2, 28)),  # common year: Feb 28
        ("1988-02-29", date(2028, 1, 1), date(2028, 2, 29)),  # leap year: Feb 29
        ("--02-29", date(2026, 3, 1), date(2027, 2, 28)),
        ("--12-31", date(2026, 12, 31), date(2026, 12, 31)),  # today counts
        ("--01-01", date(2026, 12, 31), date(2027, 1, 1)),  # wraps the year
        ("2030-05-01", date(2026, 1, 1), date(2030, 5, 1)),  # none before its own year
    ],
)
def test_next_occurrence(birthday: str, after: date, expected: date) -> None:
    assert next_occurrence(pd(birthday), after) == expected


def test_year_only_and_year_unknown() -> None:
    assert next_occurrence(pd("1984"), date(2026, 1, 1)) is None
    assert age_on(pd("1984"), date(2026, 6, 1)) == 42
    assert age_on(pd("--03-12"), date(2026, 6, 1)) is None
    assert years_at(pd("--03-12"), date(2026, 3, 12)) is None
    assert format_partial(pd("--03-12")) == "12 Mar (year unknown)"
    assert format_partial(pd("1984")) == "1984"


def test_age_around_the_birthday_and_feb_29() -> None:
    assert age_on(pd("1990-06-15"), date(2026, 6, 14)) == 35
    assert age_on(pd("1990-06-15"), date(2026, 6, 15)) == 36
    assert age_on(pd("1988-02-29"), date(2027, 2, 28)) == 39  # celebrated on Feb 28


@pytest.mark.parametrize(
    ("last", "freq", "due"),
    [
        ("2026-01-31", "monthly", date(2026, 2, 28)),  # month end, not Mar 3
        ("2028-01-31", "monthly", date(2028, 2, 29)),
        ("2026-11-30", "quarterly", date(2027, 2, 28)),
        ("2028-02-29", "yearly", date(2029, 2, 28)),
        ("2026-03-01T23:30:00Z", "weekly", date(2026, 3, 8)),
        ("2026-03-01", "biweekly", date(2026, 3, 15)),
    ],
)
def test_next_due_calendar_arithmetic(last: str, freq: str, due: date) -> None:
    assert next_due(last, freq) == due


def test_never_contacted_with_a_frequency_is_due_now() -> None:
    assert next_due(None, "monthly") is None
    assert due_key(None, "monthly") == ""
    assert due_key(None, "never") is None
    assert due_key("2026-01-01", None) is None
    today = date(2026, 3, 15)
    agenda = build_agenda(today, [{"id": "c", "name": "New", "stay_in_touch_frequency": "weekly"}])
    [row] = agenda.stay_in_touch
    assert (row.kind, row.days, row.date, row.detail) == ("overdue", 0, today, "never contacted")


def test_overdue_sorted_by_how_long_and_due_soon_after() -> None:
    today = date(2026, 3, 15)
    contacts = [
        {"id": i, "name": i.upper(), "stay_in_touch_frequency": f, "last_contacted_at": last}
        for i, f, last in [
            ("a", "weekly", "2026-03-01"),
            ("b", "monthly", "2026-01-01"),
            ("c", "weekly", "2026-03-12"),
            ("d", "yearly", "2026-03-01"),
        ]
    ]
    rows = build_agenda(today, contacts).stay_in_touch
    assert [(r.contact_id, r.kind, r.days) for r in rows] == [
        ("b", "overdue", -42),
        ("a", "overdue", -7),
        ("c", "due_soon", 4),
    ]


def test_reminders_exactly_today_and_overdue() -> None:
    today = date(2026, 3, 15)
    contacts = [{"id": "c", "name": "C"}]
    reminders: list[dict[str, Any]] = [
        {"id": "r1", "parent_id": "c", "due_date": "2026-03-15", "message": "today"},
        {"id": "r2", "parent_id": "c", "due_date": "2026-03-10", "message": "late"},
        {"id": "r3", "parent_id": "c", "due_date": "2026-04-14", "message": "edge"},
        {"id": "r4", "parent_id": "c", "due_date": "2026-04-15", "message": "too far"},
        {"id": "r5", "parent_id": "c", "due_date": "2026-03-15", "message": "x", "completed": True},
    ]
    rows = build_agenda(today, contacts, reminders=reminders, horizon_days=30).reminders
    assert [(r.object_id, r.days, r.when) for r in rows] == [
        ("r2", -5, "5 days overdue"),
        ("r1", 0, "today"),
        ("r3", 30, "in 30 days"),
    ]


def test_events_with_years_reached() -> None:
    today = date(2026, 3, 15)
    contacts: list[dict[str, Any]] = [
        {"id": "a", "name": "A", "birthday": "1990-03-15", "anniversary": "2016-03-20"},
        {"id": "b", "name": "B", "birthday": "--03-16", "anniversary": "2001"},
        {"id": "z", "name": "Z", "birthday": "1990-03-14", "is_archived": False},
    ]
    events: list[dict[str, Any]] = [
        {"id": i, "parent_id": "b", "title": t, "occurred_at": "2020-03-17", "recurring": r}
        for i, t, r in [("e1", "Wedding", True), ("e2", "Moved", False)]
    ]
    rows = build_agenda(today, contacts, life_events=events).events
    assert [(r.object_id, r.kind, r.days, r.years, r.detail) for r in rows] == [
        ("a", "birthday", 0, 36, ""),
        ("b", "birthday", 1, None, "year unknown"),
        ("e1", "life_event", 2, 6, ""),
        ("a", "anniversary", 5, 10, ""),
    ]  # z's birthday was yesterday: next year, beyond the 30-day horizon


def test_archived_contacts_leave_the_agenda() -> None:
    today = date(2026, 3, 15)
    contacts = [{"id": "a", "name": "A", "birthday": "--03-15", "is_archived": True,
                 "stay_in_touch_frequency": "weekly"}]  # fmt: skip
    assert build_agenda(today, contacts).empty


def test_bump_rule() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 3, 15, 12, tzinfo=UTC)
    assert bumped_last_contacted(None, "2026-03-01", now) == "2026-03-01"
    assert bumped_last_contacted("2026-03-10", "2026-03-01", now) is None  # never backwards
    assert bumped_last_contacted("2026-03-10", "2026-03-10", now) is None
    assert bumped_last_contacted("2026-03-10", None, now) == "2026-03-15T12:00:00.000000Z"


@pytest.mark.parametrize(
    ("kind", "inverse"),
    [("parent", "child"), ("manager", "report"), ("mentee", "mentor"), ("friend", "friend"),
     (None, None)],
)  # fmt: skip
def test_inverse_kinds(kind: str | None, inverse: str | None) -> None:
    assert inverse_kind(kind) == inverse
    mirror = mirror_relationship({"parent_id": "a", "target_id": "b", "kind": kind, "label": "L"})
    assert (mirror["parent_id"], mirror["target_id"], mirror["kind"]) == ("b", "a", inverse)
