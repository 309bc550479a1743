"""How the reserved facts (deceased, partial contact, first met) show on the card.

Kept beside ``display.py`` rather than in it: these rows need the contact's custom
fields and relationships, which the plain card facts do not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ..domain.reserved_fields import ContactFacts, would_have_turned
from .display import partial_date_text


def adjust_card_facts(
    facts: list[tuple[str, str]],
    contact: Mapping[str, Any],
    reserved: ContactFacts,
    names: Mapping[str, str],
    relationships: Sequence[Mapping[str, Any]],
    today: date,
) -> list[tuple[str, str]]:
    """The card rows with the reserved facts applied: a deceased person's birthday says
    "would have turned N" and their check-in row goes; a partial contact says through
    whom; first met says when and through whom."""
    out: list[tuple[str, str]] = []
    for label, value in facts:
        if reserved.inactive and label == "Next check-in":
            continue
        if reserved.deceased and label == "Birthday":
            raw = contact.get("birthday")
            value = partial_date_text(raw, today)
            turned = would_have_turned(raw, today)
            if turned is not None:
                value += f" (would have turned {turned})"
        out.append((label, value))
    if reserved.deceased:
        when = partial_date_text(reserved.deceased_on, today) if reserved.deceased_on else ""
        out.insert(0, ("Deceased", when or "yes (date unknown)"))
    if reserved.partial:
        through = sorted({names.get(str(r.get("target_id")), "") for r in relationships} - {""})
        out.insert(0, ("Partial contact", "known through " + (", ".join(through) or "someone")))
    if reserved.first_met or reserved.first_met_through:
        text = partial_date_text(reserved.first_met, today) if reserved.first_met else ""
        if reserved.first_met_through:
            who = names.get(reserved.first_met_through, "a contact")
            text = f"{text} through {who}".strip()
        out.append(("First met", text))
    return out
