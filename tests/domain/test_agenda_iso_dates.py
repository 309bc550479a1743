"""The agenda's rows of dates in the stored form (``YYYY-MM-DD``) are read without the
partial-date parser (domain.agenda._iso_date, _next_of_full): each must be the row the
full parser gives. A date with a space after it is not in the stored form, so it takes
the parser's path (which strips it): the two rows are compared for every day of a leap
and a common year, seen from days around Feb 29 and the year's ends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from friendship_tui.domain.agenda import _iso_date, reminder_row, yearly_row

TODAYS = [
    date(2023, 1, 1), date(2023, 2, 28), date(2023, 3, 1), date(2023, 12, 31),
    date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), date(2026, 11, 27),
    date(2027, 12, 31), date(1, 1, 1),
]  # fmt: skip


def _days(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(d) for d in range((date(year + 1, 1, 1) - first).days)]


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_yearly_rows_of_stored_dates_are_the_parsers(today: date) -> None:
    shown = 0
    for year in (1984, 2000, 2023, today.year, today.year + 1):
        for day in _days(year):
            raw = day.isoformat()
            for horizon in (0, 30, 365):
                args = ("birthday", "Birthday")
                rest = (today, horizon, "c1", "Ann", "contact", "c1")
                fast = yearly_row(*args, raw, *rest)  # type: ignore[arg-type]
                assert fast == yearly_row(*args, raw + " ", *rest)  # type: ignore[arg-type]
                shown += fast is not None
    assert shown > 300  # the rows compared are rows, not only Nones


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_yearly_rows_of_year_unknown_dates_are_the_parsers(today: date) -> None:
    shown = 0
    for month in range(14):
        for day in range(33):
            for raw in (f"--{month:02d}-{day:02d}", f"--{month:02d}-{day:02d}"[:-1] + "x"):
                rest = (today, 60, "c1", "Ann", "contact", "c1")
                fast = yearly_row("birthday", "Birthday", raw, *rest)
                assert fast == yearly_row("birthday", "Birthday", raw + " ", *rest)
                shown += fast is not None
    assert shown > 30


def test_only_the_stored_form_is_read_fast() -> None:
    assert _iso_date("2024-02-29") == date(2024, 2, 29)
    for raw in ("2023-02-29", "2024-W09-4", "20240229", "--02-29", " 2024-02-29", "2024"):
        assert _iso_date(raw) is None
    assert _iso_date("\uff12\uff10\uff12\uff14-02-29") is None  # fullwidth digits
    assert _iso_date(None) is None


@pytest.mark.parametrize("raw", ["2026-11-27", "2026-02-29", "2024-02-29", "0001-01-01", "x"])
def test_reminder_rows_of_stored_dates_are_the_parsers(raw: str) -> None:
    today, limit = date(2026, 11, 1), date(2026, 12, 31)
    fast = reminder_row("r1", "c1", "Ann", "call", raw, today, limit)
    assert fast == reminder_row("r1", "c1", "Ann", "call", f" {raw}", today, limit)
