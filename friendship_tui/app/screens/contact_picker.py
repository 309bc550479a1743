"""Pick a contact by typing part of a name: the relationship form's target chooser."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...schema import ListQuery
from ...store.base import Backend, Obj
from ..dialog_styles import FORMS_CSS
from ..worker_errors import ReportsWorkerErrors


class ContactPickerScreen(ReportsWorkerErrors, ModalScreen[Obj | None]):
    CSS_PATH = FORMS_CSS  # read ahead once the first screen is up (dialog_styles)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    def __init__(self, backend: Backend, *, exclude: str | None = None) -> None:
        super().__init__()
        self.backend = backend
        self.exclude = exclude
        self.results: list[Obj] = []
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Choose a contact: type to search, enter to pick")
            yield Input(placeholder="name, nickname, email…", id="picker-query")
            yield OptionList(id="picker-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._search("")

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.1, lambda: self._search(event.value))

    def on_input_submitted(self) -> None:
        if self.results:
            self.dismiss(self.results[0])

    @work(exclusive=True, group="picker", exit_on_error=False)
    async def _search(self, text: str) -> None:
        page = await self.backend.list("contact", ListQuery(q=text.strip() or None, limit=30))
        self.results = [c for c in page.items if c["id"] != self.exclude]
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options(Option(str(c.get("name")), id=str(c["id"])) for c in self.results)
        if self.results:
            results.highlighted = 0

    def action_focus_results(self) -> None:
        self.set_focus(self.query_one(OptionList))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.results[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
