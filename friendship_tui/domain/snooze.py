"""Snooze: hide a person from the stay-in-touch list until a date, then let them back.

Why a custom field: the documented models have no place for a snooze, and a snooze must
survive a round trip through a server that has only the documented API (DESIGN.md). So it
lives in one *reserved* custom field on the contact: label ``SNOOZE_LABEL``, kind
``date``, value the ISO date the person comes back. Any xapi2 server stores and syncs it
like every other custom field; this module is the one rule that reads it.

Pure: plain objects in, dates out; the clock is the caller's ``today``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from ..schema import parse_full_date
from .agenda import Agenda

SNOOZE_LABEL = "Snoozed until"
SNOOZE_KIND = "date"

# The choices the snooze dialog offers, as ``--for`` spans.
PRESETS: tuple[tuple[str, str], ...] = (
    ("1w", "1 week"),
    ("2w", "2 weeks"),
    ("1m", "1 month"),
)

# Compiled on a snooze's first use (re's own cache), not as the agenda's read imports this.
_SPAN = r"(?i)^\s*(\d{1,3})\s*([dwmy])\s*$"


def is_snooze_field(field: Mapping[str, Any]) -> bool:
    """Whether a custom field is the reserved snooze (archived ones do not count)."""
    return str(
        field.get("label") or ""
    ).strip().casefold() == SNOOZE_LABEL.casefold() and not field.get("is_archived")


def snoozed_until(fields: Iterable[Mapping[str, Any]]) -> date | None:
    """The latest "back on" date among a contact's custom fields (None: not snoozed)."""
    best: date | None = None
    for f in fields:
        if not is_snooze_field(f):
            continue
        until = parse_full_date(str(f.get("value") or ""))
        if until is not None and (best is None or until > best):
            best = until
    return best


def is_snoozed(until: date | None, on: date) -> bool:
    """Snoozed on ``on`` when the snooze ends later: on ``until`` itself the person is back."""
    return until is not None and on < until


def snooze_end(span: str, today: date) -> date:
    """The date a snooze of ``span`` ("3d", "1w", "2w", "1m", "1y") ends.

    Raises ValueError naming the rule when ``span`` is not one of those forms or is zero.
    """
    m = re.match(_SPAN, span)
    if m is None:
        raise ValueError("must be a number and a unit d, w, m or y (e.g. 2w, 1m)")
    n, unit = int(m.group(1)), m.group(2).lower()
    if n <= 0:
        raise ValueError("must be at least 1")
    if unit == "d":
        return today + timedelta(days=n)
    if unit == "w":
        return today + timedelta(weeks=n)
    from dateutil.relativedelta import relativedelta  # here: the agenda never needs it

    step = relativedelta(months=n) if unit == "m" else relativedelta(years=n)
    end: date = today + step
    return end


def check_until(until: date, today: date) -> None:
    """A snooze must end after today (one ending today or earlier hides nobody)."""
    if until <= today:
        raise ValueError(f"must be after today ({today.isoformat()})")


def snooze_by_contact(fields: Iterable[Mapping[str, Any]]) -> dict[str, date]:
    """{contact id: back-on date} from custom fields of any number of contacts."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for f in fields:
        if is_snooze_field(f):
            grouped.setdefault(str(f.get("parent_id")), []).append(f)
    out: dict[str, date] = {}
    for contact_id, group in grouped.items():
        until = snoozed_until(group)
        if until is not None:
            out[contact_id] = until
    return out


def apply_snoozes(agenda: Agenda, snoozes: Mapping[str, date]) -> Agenda:
    """The agenda without the stay-in-touch rows of people snoozed on its day.

    Birthdays and reminders stay: a snooze quiets "get in touch", not the calendar.
    ``snoozed`` counts the rows left out, so a report can say so.
    """
    kept = []
    hidden = 0
    for row in agenda.stay_in_touch:
        if is_snoozed(snoozes.get(row.contact_id), agenda.today):
            hidden += 1
        else:
            kept.append(row)
    return replace(agenda, stay_in_touch=kept, snoozed=agenda.snoozed + hidden)
