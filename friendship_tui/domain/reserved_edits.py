"""Editing the reserved facts (deceased, first met, first met through) as fields of
their own, in the contact form and the CLI, while they stay reserved custom fields.

The form and the CLI describe what the person asked for as a few ``FactChange``s; this
module checks them (the same rules and wording as any date field, naming the field)
and turns them into the custom-field writes that make the contact's rows say so:
a row created, its value updated, or the row(s) removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..schema import DateKind, Field, FieldType
from ..schema.validation import check_value
from .reserved_fields import DECEASED, FIRST_MET, FIRST_MET_THROUGH, ReservedField, reserved_for

# The facts as form and CLI fields. They are not contact columns: each is kept in the
# reserved custom field named beside it.
DECEASED_FIELD = Field("deceased", FieldType.BOOL, title="Deceased", help="on if they have died")
DECEASED_ON_FIELD = Field(
    "deceased_on", FieldType.STRING, 32, date=DateKind.PARTIAL, title="Date of death",
    help="Optional partial date: YYYY-MM-DD, --MM-DD or YYYY.",
)  # fmt: skip
FIRST_MET_FIELD = Field(
    "first_met", FieldType.STRING, 32, date=DateKind.PARTIAL, title="First met",
    help="When you first met (partial date).",
)  # fmt: skip
FIRST_MET_THROUGH_FIELD = Field(
    "first_met_through", FieldType.STRING, 64, ref="contact", title="First met through",
    help="The contact who introduced you.",
)  # fmt: skip
FACT_FIELDS: tuple[Field, ...] = (
    DECEASED_FIELD,
    DECEASED_ON_FIELD,
    FIRST_MET_FIELD,
    FIRST_MET_THROUGH_FIELD,
)
# Which reserved custom field holds each fact (the deceased switch and its date share one).
HOLDER: dict[str, ReservedField] = {
    "deceased": DECEASED,
    "deceased_on": DECEASED,
    "first_met": FIRST_MET,
    "first_met_through": FIRST_MET_THROUGH,
}


@dataclass(frozen=True, slots=True)
class FactChange:
    """Set ``holder``'s value (``remove`` False) or remove its row(s) (``remove`` True).
    ``name`` is the form/CLI field the change came from, for messages."""

    name: str
    holder: ReservedField
    value: str | None = None
    remove: bool = False


def check_changes(changes: Iterable[FactChange], contact_id: str | None) -> dict[str, str]:
    """What is wrong with ``changes``, per field name ({} when nothing)."""
    errors: dict[str, str] = {}
    by_name = {f.name: f for f in FACT_FIELDS}
    for ch in changes:
        if ch.remove or ch.value is None:
            continue
        f = by_name[ch.name]
        if f.ref is not None:
            if contact_id is not None and ch.value == contact_id:
                errors[ch.name] = "cannot be the contact themselves"
            continue
        _, reason = check_value(f, ch.value)
        if reason:
            errors[ch.name] = reason
    return errors


@dataclass(frozen=True, slots=True)
class CustomFieldWrite:
    """One custom-field write: create (``id`` None), update ``id`` or delete ``id``."""

    op: str  # "create" | "update" | "delete"
    name: str  # the fact it is for
    id: str | None = None
    data: Mapping[str, Any] | None = None


def plan_writes(
    contact_id: str, rows: Iterable[Mapping[str, Any]], changes: Iterable[FactChange]
) -> list[CustomFieldWrite]:
    """The writes that make ``rows`` (the contact's custom fields) say ``changes``.

    Only live rows count; a value already there is not written again, so planning the
    same changes after a part of them landed writes only the rest."""
    held: dict[str, list[Mapping[str, Any]]] = {}
    for cf in rows:
        r = reserved_for(cf.get("label"))
        if r is not None and not cf.get("is_archived"):
            held.setdefault(r.label, []).append(cf)
    out: list[CustomFieldWrite] = []
    for ch in changes:
        have = held.get(ch.holder.label, [])
        if ch.remove:
            out += [CustomFieldWrite("delete", ch.name, id=str(cf["id"])) for cf in have]
        elif have:
            first = have[0]
            if (first.get("value") or None) != (ch.value or None):
                out.append(
                    CustomFieldWrite("update", ch.name, str(first["id"]), {"value": ch.value})
                )
        else:
            data = {"parent_id": contact_id, "label": ch.holder.label, "kind": ch.holder.kind,
                    "value": ch.value}  # fmt: skip
            out.append(CustomFieldWrite("create", ch.name, data=data))
    return out
