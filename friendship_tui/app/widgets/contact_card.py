"""The detail pane's header card: who this is and when to be in touch next."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, tzinfo
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...domain.reserved_fields import facts_of
from ...domain.snooze import is_snoozed, snoozed_until
from ...domain.stay_in_touch import is_tracked, next_due
from ..display import card_facts
from ..reserved_display import adjust_card_facts


class ContactCard(Static):
    # Its own look, not in the contacts screen's stylesheet: the check-in review shows
    # it too, and may open before that stylesheet is read (app/dialog_styles.py).
    DEFAULT_CSS = """
    ContactCard {
        height: auto;
        padding: 0 1;
        border: round $primary;
    }
    """
    plain: str = ""  # the card as plain text, for tests and logs

    def show(
        self,
        contact: dict[str, Any] | None,
        today: date,
        tz: tzinfo | None = None,
        children: Mapping[str, list[dict[str, Any]]] | None = None,
        names: Mapping[str, str] | None = None,
    ) -> None:
        if contact is None:
            self.plain = ""
            self.border_title = ""
            self.update("No contact selected. Press c to add one.")
            return
        star = "★ " if contact.get("favorite") else ""
        self.border_title = f"{star}{contact.get('name') or '(no name)'}"
        facts = card_facts(contact, today, tz)
        kids = children or {}
        reserved = facts_of(kids.get("custom_field", []))
        facts = adjust_card_facts(
            facts, contact, reserved, names or {}, kids.get("relationship", []), today
        )
        snoozed = snoozed_check_in(contact, snoozed_until(kids.get("custom_field", [])), today)
        if snoozed is not None:
            facts = [(k, snoozed if k == "Next check-in" else v) for k, v in facts]
        self.plain = "\n".join([self.border_title] + [f"{k}: {v}" for k, v in facts])
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, value in facts:
            if label == "Contact":  # email and phone each on a line: never split a number
                value = value.replace(" · ", "\n")
            grid.add_row(label, Text(value))
        if contact.get("is_archived") and not reserved.partial:  # partial: hidden, not gone
            grid.add_row("Archived", "yes")
        self.update(grid)


def snoozed_check_in(contact: Mapping[str, Any], until: date | None, today: date) -> str | None:
    """The "Next check-in" text of a snoozed person, or None when the snooze changes nothing.

    Why: the dashboard and the list leave a snoozed person out of stay-in-touch
    (domain/snooze.py), so the card must not call them overdue; it says when they come
    back instead. A snooze ending before the check-in falls due hides nothing: the
    plain due date stays.
    """
    freq = contact.get("stay_in_touch_frequency")
    if until is None or not is_tracked(freq) or not is_snoozed(until, today):
        return None
    due = next_due(contact.get("last_contacted_at"), freq)
    if due is not None and due >= until:
        return None
    days = (until - today).days
    back = "tomorrow" if days == 1 else f"in {days} days"
    return f"snoozed until {until.isoformat()} (back {back}, {freq})"
