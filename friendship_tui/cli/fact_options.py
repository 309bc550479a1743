"""``contact create/update`` options for the reserved facts: ``--deceased [DATE]``,
``--first-met DATE`` and ``--first-met-through CONTACT_ID`` (and ``--clear deceased``,
``--clear first-met``, ``--clear first-met-through`` on update).

The facts are reserved custom fields (``domain.reserved_edits``), written right after
the contact by ``io.fact_writes``, as the app's form does. Everything is checked before
the contact is written; a fact that fails after it is named, with the contact's id.
"""

from __future__ import annotations

from typing import Any

import click

from ..domain.reserved_edits import HOLDER, FactChange, check_changes
from ..store.base import Backend, Obj
from ..store.errors import NotFound, ValidationError
from .output import EXIT_INVALID, print_field_errors

NO_DATE = "(date unknown)"  # --deceased given without a date
CLEARABLE = ("deceased", "first_met", "first_met_through")


def fact_params() -> list[click.Parameter]:
    return [
        click.Option(
            ["--deceased", "x_deceased"], is_flag=False, flag_value=NO_DATE, default=None,
            metavar="[DATE]",
            help="They have died, on DATE if given (YYYY-MM-DD, --MM-DD or YYYY). "
            "Kept in the reserved custom field 'Deceased'; update --clear deceased removes it.",
        ),
        click.Option(
            ["--first-met", "x_first_met"], default=None, metavar="DATE",
            help="When you first met (YYYY-MM-DD, --MM-DD or YYYY); custom field 'First met' "
            "(--clear first-met).",
        ),
        click.Option(
            ["--first-met-through", "x_first_met_through"], default=None, metavar="CONTACT_ID",
            help="The contact who introduced you; custom field 'First met through' "
            "(--clear first-met-through).",
        ),
    ]  # fmt: skip


def take_clears(clears: tuple[str, ...]) -> tuple[tuple[str, ...], set[str]]:
    """``--clear`` values split into the contact's own fields and the facts."""
    own: list[str] = []
    facts: set[str] = set()
    for name in clears:
        key = name.replace("-", "_")
        if key in CLEARABLE:
            facts.add(key)
        else:
            own.append(name)
    return tuple(own), facts


def fact_changes(kwargs: dict[str, Any], clears: set[str] | None = None) -> list[FactChange]:
    """What the flags ask for; a fact both set and cleared is an error."""
    out: list[FactChange] = []
    clears = clears or set()
    both = [n for n in clears if kwargs.get("x_" + n) is not None]
    if both:
        print_field_errors({n: "is both set and cleared" for n in both})
        raise SystemExit(EXIT_INVALID)
    dead = kwargs.get("x_deceased")
    if dead is not None:
        when = None if dead == NO_DATE else dead.strip() or None
        out.append(FactChange("deceased_on" if when else "deceased", HOLDER["deceased"], when))
    for name in ("first_met", "first_met_through"):
        value = kwargs.get("x_" + name)
        if value is not None:
            out.append(FactChange(name, HOLDER[name], value.strip() or None,
                                  remove=not value.strip()))  # fmt: skip
    out += [FactChange(n, HOLDER[n], remove=True) for n in sorted(clears)]
    return out


async def check_facts(backend: Backend, changes: list[FactChange], contact_id: str | None) -> None:
    """Refuse bad facts before anything is written (ValidationError naming the field)."""
    errors = check_changes(changes, contact_id)
    for ch in changes:
        if ch.name == "first_met_through" and ch.value and "first_met_through" not in errors:
            try:
                await backend.get("contact", ch.value)
            except NotFound:
                errors[ch.name] = f"no contact with id {ch.value!r}"
    if errors:
        raise ValidationError(errors)


async def save_fact_flags(backend: Backend, contact: Obj, changes: list[FactChange]) -> None:
    from ..io.fact_writes import save_facts

    failed = await save_facts(backend, str(contact["id"]), changes)
    if failed:
        raise ValidationError(
            failed, f"contact {contact['id']} was saved, but not: " + ", ".join(failed)
        )
