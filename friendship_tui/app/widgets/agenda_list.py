"""One dashboard panel: agenda rows (stay in touch, upcoming events or reminders)."""

from __future__ import annotations

import calendar

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...domain.agenda import AgendaRow


def row_text(row: AgendaRow) -> Text:
    """How a row reads: who, what, when; overdue in the error colour."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if row.kind in ("overdue", "due_soon"):
        text.append(
            "● " if row.kind == "overdue" else "○ ",
            style="bold red" if row.kind == "overdue" else "yellow",
        )
        text.append(row.contact_name, style="bold")
        text.append(f"  {row.when}", style="red" if row.days < 0 else "")
        if row.detail:
            text.append(f"  · {row.detail}", style="dim")
        return text
    if row.kind == "reminder":
        # When first: it is what decides the order, and a long message may be cut.
        text.append(f"{row.when:<16}", style="bold red" if row.days < 0 else "dim")
        text.append("◷ ")
        text.append(row.contact_name, style="bold")
        text.append(f"  {row.title}")
        return text
    d = row.date
    day = f"{calendar.day_abbr[d.weekday()]} {d.day:2d} {calendar.month_abbr[d.month]}"
    text.append(f"{day}  ", style="dim")
    text.append(f"{row.when:<11}", style="bold" if row.days == 0 else "dim")
    icon = {"birthday": "✱", "anniversary": "♥"}.get(row.kind, "✦")
    text.append(f"{icon} ")
    text.append(row.contact_name, style="bold")
    text.append(f"  {row.title}")
    if row.years is not None:
        reached = f"turns {row.years}" if row.kind == "birthday" else f"{row.years} years"
        text.append(f" ({reached})")
    elif row.detail:
        text.append(f" ({row.detail})", style="italic")
    return text


class AgendaList(OptionList):
    def __init__(self, *, empty: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[AgendaRow] = []
        self.empty = empty

    def set_rows(self, rows: list[AgendaRow]) -> None:
        keep = self.highlighted or 0
        self.rows = list(rows)
        self.clear_options()
        if not self.rows:
            self.add_option(Option(self.empty, disabled=True))
            return
        self.add_options(Option(row_text(r)) for r in self.rows)
        self.highlighted = min(keep, len(self.rows) - 1)

    @property
    def selected_row(self) -> AgendaRow | None:
        if not self.rows or self.highlighted is None or self.highlighted >= len(self.rows):
            return None
        return self.rows[self.highlighted]

    def remove_rows(self, predicate: object) -> None:
        """Drop rows at once (a check-in logged, a reminder done) before the reload lands."""
        assert callable(predicate)
        self.set_rows([r for r in self.rows if not predicate(r)])

    @property
    def plain_rows(self) -> list[str]:
        return [row_text(r).plain for r in self.rows]
