"""The store's indexed agenda equals the pure agenda computed from every object."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from friendship_tui.domain.agenda import build_agenda
from friendship_tui.schema import ListQuery
from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import sample_rows


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL (tests/store/conftest.py)."""
    return any_store


BOOK_DAY = date(2026, 2, 20)


def _everything(store: Store, type_: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    after = None
    while True:
        page = store.list(
            "me",
            type_,
            ListQuery(
                sort="created_at",
                limit=200,
                after=after,
                filters={"is_archived": ["true", "false"]},
            ),
        )
        out += page.items
        if page.next_after is None:
            return out
        after = page.next_after


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store.open(tmp_path_factory.mktemp("agenda") / "book.db")
    store.import_rows("me", sample_rows(400, BOOK_DAY, seed=11), keep_ids=True)
    extra: list[tuple[str, dict[str, Any]]] = [
        ("contact", {"id": "leap", "name": "Leap", "birthday": "1988-02-29"}),
        ("contact", {"id": "nye", "name": "NYE", "anniversary": "--12-31", "birthday": "--01-02"}),
        ("contact", {"id": "gone", "name": "Gone", "birthday": "--02-21", "is_archived": True,
                     "stay_in_touch_frequency": "weekly"}),
        ("life_event", {"parent_id": "nye", "title": "Wed", "occurred_at": "2011-01-01",
                        "recurring": True}),
        ("reminder", {"parent_id": "gone", "due_date": "2026-02-21", "message": "hidden"}),
    ]  # fmt: skip
    store.import_rows("me", extra, keep_ids=True)
    return store


@pytest.mark.parametrize(
    ("today", "horizon"),
    [
        (BOOK_DAY, 30),
        (date(2026, 2, 28), 7),  # Feb 29 birthdays on Feb 28
        (date(2028, 2, 28), 3),  # and on Feb 29 in a leap year
        (date(2026, 12, 20), 30),  # the window wraps New Year
        (date(2026, 6, 1), 0),  # today only
        (date(2026, 6, 1), 400),  # a horizon beyond a year
        (date(2027, 9, 9), 60),  # a long time later: everyone overdue
    ],
)
def test_store_agenda_equals_the_pure_agenda(book: Store, today: date, horizon: int) -> None:
    expected = build_agenda(
        today,
        _everything(book, "contact"),
        _everything(book, "life_event"),
        _everything(book, "reminder"),
        horizon_days=horizon,
    )
    got = book.agenda("me", today, horizon)
    assert got.to_json() == expected.to_json()
    assert got.stay_in_touch or got.events or got.reminders
