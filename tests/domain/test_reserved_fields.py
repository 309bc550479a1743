"""The reserved custom fields and Monica's special dates, as pure rules."""

from __future__ import annotations

from datetime import date

from friendship_tui.domain.agenda import build_agenda
from friendship_tui.domain.reserved_fields import (
    birthday_from_entry,
    facts_by_contact,
    inactive_ids,
    partial_ids,
    without_inactive,
    would_have_turned,
)
from friendship_tui.io.monica.values import frequency, relationship_kind, special_date

TODAY = date(2026, 3, 15)


def test_special_dates_as_monica_means_them() -> None:
    exact = {"is_age_based": False, "is_year_unknown": False, "date": "1994-03-21T00:00:00Z"}
    no_year = {"is_age_based": False, "is_year_unknown": True, "date": "2017-10-29T00:00:00Z"}
    by_age = {"is_age_based": True, "is_year_unknown": False, "date": "1986-01-01T00:00:00Z"}
    unknown = {"is_age_based": None, "is_year_unknown": None, "date": None}
    assert special_date(exact) == "1994-03-21"
    assert special_date(no_year) == "--10-29"
    assert special_date(by_age) == "1986"
    assert special_date(unknown) is None and special_date(None) is None


def test_an_age_typed_as_a_birthday_becomes_a_year() -> None:
    assert birthday_from_entry("about 40", TODAY) == "1986"
    assert birthday_from_entry("Age 7", TODAY) == "2019"
    assert birthday_from_entry("40", TODAY) == "1986"
    assert birthday_from_entry("1986-02-03", TODAY) == "1986-02-03"  # a date stays a date
    assert birthday_from_entry("about forty", TODAY) == "about forty"  # validation judges


def test_facts_and_the_agenda_without_the_deceased_and_partial() -> None:
    contacts = [
        {"id": "a", "name": "Ann", "stay_in_touch_frequency": "weekly", "birthday": "--03-20"},
        {"id": "e", "name": "Eve", "stay_in_touch_frequency": "weekly", "birthday": "--03-20"},
        {"id": "f", "name": "Finn", "birthday": "--03-18"},
    ]
    fields = [
        {"parent_id": "e", "label": "deceased ", "value": "2020-05-04"},  # any case, trimmed
        {"parent_id": "f", "label": "Partial contact", "value": "true"},
        {"parent_id": "a", "label": "Shoe size", "value": "39"},
        {"parent_id": "a", "label": "First met through", "value": "f"},
    ]
    facts = facts_by_contact(fields)
    assert facts["e"].deceased_on == "2020-05-04" and facts["a"].first_met_through == "f"
    assert inactive_ids(fields) == {"e", "f"} and partial_ids(fields) == {"f"}
    reminders = [{"id": "r", "parent_id": "e", "due_date": "2026-03-16", "message": "Visit"}]
    agenda = without_inactive(
        build_agenda(TODAY, contacts, reminders=reminders), inactive_ids(fields)
    )
    assert [r.contact_name for r in agenda.stay_in_touch] == ["Ann"]
    assert [r.contact_name for r in agenda.events] == ["Ann"]
    assert [r.title for r in agenda.reminders] == ["Visit"]  # a reminder about them stays
    assert would_have_turned("1950-12-05", TODAY) == 76


def test_monica_frequencies_and_relationship_types() -> None:
    assert frequency(7) == ("weekly", True) and frequency(30) == ("monthly", True)
    assert frequency(90) == ("quarterly", True) and frequency(365) == ("yearly", True)
    assert frequency(5) == ("weekly", False) and frequency(None) == (None, True)
    assert relationship_kind("son") == "child" and relationship_kind("boss") == "manager"
    assert relationship_kind("uncle") == "relative" and relationship_kind("ex") == "other"
