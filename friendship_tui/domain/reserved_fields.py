"""Reserved custom fields: the few things a keeper of relationships needs that the
documented contact (29 fields) has no place for.

They live in documented ``custom_field`` rows with a reserved label, so they survive a
sync through a server that has only the documented API. Every reserved label is
declared here once, with its kind and meaning; the agenda, the card, the forms, the CLI
and the importers read them through these functions, never by spelling the label.

- ``Deceased``: a partial date (or empty when the date is not known). A deceased person
  leaves stay-in-touch and the upcoming panel; their card says so.
- ``Partial contact``: someone known only through another contact (Monica's partial
  contacts, e.g. a friend's child). Whom through is the contact's relationships (real
  refs, so they survive id remapping). Left out of stay-in-touch, upcoming dates and
  search by these rules; where the backend can archive they are also kept archived,
  which is what keeps them out of the (paged, server-filtered) default list.
- ``First met``: a partial date; ``First met through``: the id of the contact who
  introduced you.
- ``Monica id``: the id a contact had in Monica, so a re-import updates it.
- ``Monica ids``: the Monica ids of what an import made on a contact (notes, calls,
  reminders, relationships...; on one contact also the journal entries, which have no
  contact of their own), each with a fingerprint of the content written, so a re-import
  updates an object edited in Monica instead of adding it again
  (``io.monica.child_marks``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..schema.dates import parse_partial_date
from .agenda import Agenda
from .reserved_labels import (
    DECEASED,
    FIRST_MET,
    FIRST_MET_THROUGH,
    MONICA_CHILDREN,
    MONICA_ID,
    PARTIAL,
    ReservedField,
)

__all__ = [
    "DECEASED", "FIRST_MET", "FIRST_MET_THROUGH", "MONICA_CHILDREN", "MONICA_ID", "PARTIAL",
    "ReservedField",
]  # fmt: skip


# the labels themselves live in ``reserved_labels`` (a small module the agenda's first
# read imports alone); named here too, so every caller keeps importing them from here
RESERVED: tuple[ReservedField, ...] = (
    DECEASED, PARTIAL, FIRST_MET, FIRST_MET_THROUGH, MONICA_ID, MONICA_CHILDREN,
)  # fmt: skip
RESERVED_BY_LABEL: dict[str, ReservedField] = {r.label.casefold(): r for r in RESERVED}
# Reserved fields whose value is a contact id: a sync copy remaps it like a ref.
ID_VALUED: tuple[ReservedField, ...] = (FIRST_MET_THROUGH,)


def reserved_for(label: Any) -> ReservedField | None:
    """The reserved field a custom field's label names (case-insensitive), if any."""
    return RESERVED_BY_LABEL.get(str(label or "").strip().casefold())


def reserved_labels_text() -> str:
    """One line for schema output (the CLI's ``schema`` and the server's OpenAPI)."""
    return "Reserved labels the app understands: " + "; ".join(
        f"{r.label!r} ({r.kind}: {r.meaning})" for r in RESERVED
    )


def reserved_labels_json() -> list[dict[str, str]]:
    return [{"label": r.label, "kind": r.kind, "meaning": r.meaning} for r in RESERVED]


def holds_contact_id(label: Any) -> bool:
    """Whether a custom field with this label holds a contact id in its value."""
    return reserved_for(label) in ID_VALUED


@dataclass(frozen=True, slots=True)
class ContactFacts:
    """What the reserved fields of one contact say."""

    deceased: bool = False
    deceased_on: str | None = None  # partial date
    partial: bool = False
    first_met: str | None = None  # partial date
    first_met_through: str | None = None  # contact id
    monica_id: str | None = None

    @property
    def inactive(self) -> bool:
        """Left out of stay-in-touch and the upcoming panel."""
        return self.deceased or self.partial


def _truthy(value: Any) -> bool:
    return str(value or "").strip().lower() in ("true", "1", "yes")


def facts_of(custom_fields: Iterable[Mapping[str, Any]]) -> ContactFacts:
    """The facts of ONE contact from its custom fields (archived ones ignored)."""
    facts = ContactFacts()
    for cf in custom_fields:
        if cf.get("is_archived"):
            continue
        r = reserved_for(cf.get("label"))
        value = cf.get("value")
        text = str(value).strip() if value not in (None, "") else None
        if r is DECEASED:
            facts = replace(facts, deceased=True, deceased_on=text)
        elif r is PARTIAL and _truthy(value):
            facts = replace(facts, partial=True)
        elif r is FIRST_MET:
            facts = replace(facts, first_met=text)
        elif r is FIRST_MET_THROUGH:
            facts = replace(facts, first_met_through=text)
        elif r is MONICA_ID:
            facts = replace(facts, monica_id=text)
    return facts


def facts_by_contact(custom_fields: Iterable[Mapping[str, Any]]) -> dict[str, ContactFacts]:
    """Facts per contact id, for every contact with at least one reserved field."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for cf in custom_fields:
        if reserved_for(cf.get("label")) is not None:
            grouped.setdefault(str(cf.get("parent_id")), []).append(cf)
    return {cid: facts_of(rows) for cid, rows in grouped.items()}


def inactive_ids(custom_fields: Iterable[Mapping[str, Any]]) -> set[str]:
    """Contacts left out of stay-in-touch and upcoming dates (deceased or partial)."""
    return {cid for cid, f in facts_by_contact(custom_fields).items() if f.inactive}


def partial_ids(custom_fields: Iterable[Mapping[str, Any]]) -> set[str]:
    """Partial contacts: hidden from the default list and search."""
    return {cid for cid, f in facts_by_contact(custom_fields).items() if f.partial}


def agenda_contact_ids(agenda: Agenda) -> set[str]:
    """The contacts an agenda names: the only ones whose facts matter to it."""
    return {r.contact_id for r in agenda.stay_in_touch + agenda.events if r.contact_id}


def without_inactive(agenda: Agenda, inactive: set[str]) -> Agenda:
    """The agenda without stay-in-touch and yearly-date rows of deceased or partial
    contacts.

    Applied at the one point each backend hands out its agenda, so the store's indexed
    queries, the server's agenda endpoint and a client computing it from lists agree.
    """
    if not inactive:
        return agenda
    return replace(
        agenda,
        stay_in_touch=[r for r in agenda.stay_in_touch if r.contact_id not in inactive],
        events=[r for r in agenda.events if r.contact_id not in inactive],
    )  # reminders stay: one the user set about them (visit the grave) is still wanted


def age_based_birthday(age: int, today: date) -> str:
    """Monica's ``is_age_based``: an age of 40 in 2026 is a birthday "about 1986"."""
    return f"{today.year - age:04d}"


AGE_PREFIXES = ("about ", "age ", "aged ", "~")
AGE_FIELDS = frozenset({"birthday"})  # date fields that take an age instead of a date


def birthday_from_entry(text: str, today: date) -> str:
    """A birthday as typed in a form or the CLI: an age ("about 40", "age 40", "40")
    becomes the year-only date Monica calls age-based (``1986`` in 2026); anything else
    is returned as typed, for validation to judge."""
    raw = text.strip().lower()
    for prefix in AGE_PREFIXES:
        if raw.startswith(prefix):
            raw = raw[len(prefix) :].strip()
            break
    if raw.isdigit() and len(raw) <= 3 and int(raw) <= 150:
        return age_based_birthday(int(raw), today)
    return text


def would_have_turned(birthday: str | None, today: date) -> int | None:
    """For a deceased person's card: the age they would have reached this year."""
    pd = parse_partial_date(birthday) if birthday else None
    if pd is None or pd.year is None:
        return None
    return today.year - pd.year
