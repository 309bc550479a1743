"""``?``: every key of the app, grouped by where it works."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..dialog_styles import FORMS_CSS
from ..keymap import key_groups, key_label


def help_table(groups: list[tuple[str, list[Binding]]], *, palette: bool = False) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold cyan", no_wrap=True)
    table.add_column()
    for title, bindings in groups:
        table.add_row("", f"[bold underline]{title}[/]")
        for b in bindings:
            table.add_row(key_label(b.key), b.description or b.action)
        table.add_row("", "")
    if palette:
        table.add_row("ctrl+p", "Command palette: every action, contacts by name")
    return table


class HelpScreen(ModalScreen[None]):
    CSS_PATH = FORMS_CSS  # read ahead once the first screen is up (dialog_styles)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Keys  (esc to close)", id="help-title")
            groups = key_groups()
            with VerticalScroll(), Horizontal():
                yield Static(help_table(groups[:2]), id="help-keys")
                yield Static(help_table(groups[2:], palette=True), id="help-keys-more")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
