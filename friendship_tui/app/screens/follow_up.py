"""After a reminder is done: "again in 1 week / 1 month / 1 year / no"."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..dialog_styles import REVIEW_CSS

# (span for domain.snooze.snooze_end, button label) - the same spans a snooze uses
FOLLOW_UPS: tuple[tuple[str, str], ...] = (("1w", "1 week"), ("1m", "1 month"), ("1y", "1 year"))


class FollowUpScreen(ModalScreen[str | None]):
    """Answers the span of the follow-up reminder ("1w", "1m", "1y"), or None for no."""

    CSS_PATH = REVIEW_CSS  # read ahead once the first screen is up (dialog_styles)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "answer('1w')", "Again in 1 week"),
        Binding("m", "answer('1m')", "Again in 1 month"),
        Binding("y", "answer('1y')", "Again in 1 year"),
        Binding("n,escape", "answer('')", "No follow-up"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="follow-up"):
            yield Static(
                f"Done: {self.message}\nRemind me again?", id="follow-up-question", markup=False
            )
            with Horizontal():
                for span, label in FOLLOW_UPS:
                    yield Button(f"in {label} ({span[-1]})", id=f"again-{span}")
                yield Button("No (n)", id="again-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#again-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        span = str(event.button.id).removeprefix("again-")
        self.dismiss(None if span == "no" else span)

    def action_answer(self, span: str) -> None:
        self.dismiss(span or None)
