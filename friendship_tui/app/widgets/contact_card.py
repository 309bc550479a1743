"""The detail pane's header card: who this is and when to be in touch next."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ..display import card_facts


class ContactCard(Static):
    plain: str = ""  # the card as plain text, for tests and logs

    def show(self, contact: dict[str, Any] | None, today: date, tz: tzinfo | None = None) -> None:
        if contact is None:
            self.plain = ""
            self.border_title = ""
            self.update("No contact selected. Press c to add one.")
            return
        star = "★ " if contact.get("favorite") else ""
        self.border_title = f"{star}{contact.get('name') or '(no name)'}"
        facts = card_facts(contact, today, tz)
        self.plain = "\n".join([self.border_title] + [f"{k}: {v}" for k, v in facts])
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, value in facts:
            if label == "Contact":  # email and phone each on a line: never split a number
                value = value.replace(" · ", "\n")
            grid.add_row(label, Text(value))
        if contact.get("is_archived"):
            grid.add_row("Archived", "yes")
        self.update(grid)
