"""The snooze rule: which day a person comes back, what a span means, what an agenda hides."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from friendship_tui.domain.agenda import build_agenda
from friendship_tui.domain.snooze import (
    SNOOZE_LABEL,
    apply_snoozes,
    check_until,
    is_snoozed,
    snooze_by_contact,
    snooze_end,
    snoozed_until,
)

TODAY = date(2026, 1, 31)


def test_spans() -> None:
    assert snooze_end("1w", TODAY) == date(2026, 2, 7)
    assert snooze_end("2W", TODAY) == date(2026, 2, 14)
    assert snooze_end("1m", TODAY) == date(2026, 2, 28)  # calendar month, clamped
    assert snooze_end("3d", TODAY) == date(2026, 2, 3)
    assert snooze_end("1y", date(2028, 2, 29)) == date(2029, 2, 28)
    for bad in ("", "2", "w", "0w", "2 fortnights", "-1w"):
        with pytest.raises(ValueError):
            snooze_end(bad, TODAY)


def test_until_must_be_after_today() -> None:
    check_until(date(2026, 2, 1), TODAY)
    with pytest.raises(ValueError, match="after today"):
        check_until(TODAY, TODAY)


def test_snoozed_until_reads_only_the_reserved_field() -> None:
    fields: list[dict[str, Any]] = [
        {"label": "Shoe size", "kind": "number", "value": "39"},
        {"label": SNOOZE_LABEL, "kind": "date", "value": "2026-02-10"},
        {"label": SNOOZE_LABEL.lower(), "kind": "date", "value": "2026-02-20"},
        {"label": SNOOZE_LABEL, "kind": "date", "value": "2026-03-01", "is_archived": True},
        {"label": SNOOZE_LABEL, "kind": "date", "value": "not a date"},
    ]
    assert snoozed_until(fields) == date(2026, 2, 20)
    assert snoozed_until([]) is None
    assert is_snoozed(date(2026, 2, 20), date(2026, 2, 19))
    assert not is_snoozed(date(2026, 2, 20), date(2026, 2, 20))  # back on the day
    assert not is_snoozed(None, TODAY)


def test_apply_snoozes_hides_stay_in_touch_only() -> None:
    contacts = [
        {"id": "a", "name": "Ann", "stay_in_touch_frequency": "weekly", "birthday": "--02-02"},
        {"id": "b", "name": "Bob", "stay_in_touch_frequency": "weekly"},
    ]
    reminders = [{"id": "r", "parent_id": "a", "due_date": "2026-01-31", "message": "Call"}]
    agenda = build_agenda(TODAY, contacts, reminders=reminders)
    snoozes = snooze_by_contact(
        [{"parent_id": "a", "label": SNOOZE_LABEL, "kind": "date", "value": "2026-02-07"}]
    )
    quiet = apply_snoozes(agenda, snoozes)
    assert [r.contact_id for r in quiet.stay_in_touch] == ["b"]
    assert quiet.snoozed == 1
    assert [r.contact_id for r in quiet.events] == ["a"]
    assert [r.object_id for r in quiet.reminders] == ["r"]
    later = build_agenda(date(2026, 2, 7), contacts)
    assert [r.contact_id for r in apply_snoozes(later, snoozes).stay_in_touch] == ["a", "b"]
