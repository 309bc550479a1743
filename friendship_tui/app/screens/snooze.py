"""The snooze dialog: hide a person from stay-in-touch for 1 week, 2 weeks, 1 month or
until a date; answers the date they come back (None: cancelled)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...domain.snooze import PRESETS, check_until, snooze_end
from ...schema import parse_full_date
from ..dialog_styles import REVIEW_CSS


class SnoozeScreen(ModalScreen[date | None]):
    CSS_PATH = REVIEW_CSS  # read ahead once the first screen is up (dialog_styles)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "preset('1w')", "Snooze 1 week"),
        Binding("2", "preset('2w')", "Snooze 2 weeks"),
        Binding("3", "preset('1m')", "Snooze 1 month"),
        Binding("d", "pick_date", "Snooze until a date"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, name: str, today: date, current: date | None = None) -> None:
        super().__init__()
        self.person = name
        self.today = today
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="snooze"):
            question = f"Snooze {self.person}: hide from stay-in-touch until…"
            if self.current is not None and self.current > self.today:
                question += f"\n(snoozed until {self.current.isoformat()} now)"
            yield Static(question, id="snooze-question", markup=False)
            with Horizontal():
                for n, (span, label) in enumerate(PRESETS, start=1):
                    end = snooze_end(span, self.today)
                    yield Button(f"{n} {label} ({end.day} {end:%b})", id=f"snooze-{span}")
            yield Input(placeholder="d: a date, YYYY-MM-DD, then enter", id="snooze-date")
            yield Static("", id="snooze-error")

    def on_mount(self) -> None:
        self.query_one(f"#snooze-{PRESETS[0][0]}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_preset(str(event.button.id).removeprefix("snooze-"))

    def action_preset(self, span: str) -> None:
        self.dismiss(snooze_end(span, self.today))

    def action_pick_date(self) -> None:
        self.set_focus(self.query_one("#snooze-date", Input))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        until = parse_full_date(event.value.strip())
        message = ""
        if until is None:
            message = "date: must be a date YYYY-MM-DD"
        else:
            try:
                check_until(until, self.today)
            except ValueError as err:
                message = f"date: {err}"
        if message or until is None:
            self.query_one("#snooze-error", Static).update(message)
            return
        self.dismiss(until)
