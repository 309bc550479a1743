"""Yearly occurrences and ages of partial dates.

Parsing lives in schema.dates (validation needs it); this module adds the arithmetic.
"""

from __future__ import annotations

import calendar
from datetime import date

from ..schema.dates import PartialDate, parse_partial_date

__all__ = [
    "PartialDate",
    "age_on",
    "format_partial",
    "next_occurrence",
    "occurrence_in",
    "parse_partial_date",
    "years_at",
]


def occurrence_in(pd: PartialDate, year: int) -> date | None:
    """The date ``pd`` falls on in ``year``; Feb 29 falls on Feb 28 in common years."""
    if pd.month is None or pd.day is None:
        return None
    day = pd.day
    if pd.month == 2 and day == 29 and not calendar.isleap(year):
        day = 28
    return date(year, pd.month, day)


def next_occurrence(pd: PartialDate, on_or_after: date) -> date | None:
    """The first yearly occurrence on or after ``on_or_after`` (None for year-only dates).

    Occurrences before the date's own year do not exist (a wedding in 2030 has no
    anniversary in 2027).
    """
    if not pd.recurs:
        return None
    year = on_or_after.year
    if pd.year is not None and year < pd.year:
        year = pd.year
    when = occurrence_in(pd, year)
    assert when is not None
    if when < on_or_after:
        when = occurrence_in(pd, year + 1)
        assert when is not None
    return when


def years_at(pd: PartialDate, when: date) -> int | None:
    """How many years ``pd`` is old on ``when`` (age reached, years married).

    None when the year is unknown.
    """
    if pd.year is None:
        return None
    return when.year - pd.year


def age_on(pd: PartialDate, today: date) -> int | None:
    """Completed years on ``today``: exact for full dates, approximate for a bare year."""
    if pd.year is None:
        return None
    if pd.month is None or pd.day is None:
        return today.year - pd.year
    this_year = occurrence_in(pd, today.year)
    assert this_year is not None
    return today.year - pd.year - (1 if today < this_year else 0)


def format_partial(pd: PartialDate | None, *, with_weekday: bool = False) -> str:
    """Human form: "12 Mar 1984", "12 Mar (year unknown)", "1984"."""
    if pd is None:
        return ""
    if pd.month is None or pd.day is None:
        return str(pd.year)
    md = f"{pd.day} {calendar.month_abbr[pd.month]}"
    if pd.year is None:
        return f"{md} (year unknown)"
    text = f"{md} {pd.year}"
    if with_weekday:
        d = pd.as_date()
        assert d is not None
        text = f"{calendar.day_abbr[d.weekday()]} {text}"
    return text
