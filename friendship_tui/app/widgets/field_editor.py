"""One form row per schema field: the right input widget, a hint and an inline error.

Which widget a field gets is decided here from its ``FieldType`` and ``DateKind`` only,
so every model's form comes out of ``schema.MODELS`` with no per-model code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, Switch, TextArea

from ...domain.reserved_fields import AGE_FIELDS, birthday_from_entry
from ...schema import DateKind, Field, FieldType, coerce_text

LONG_TEXT = 2000  # strings allowed at least this long get a multi-line editor

DATE_HINTS = {
    DateKind.PARTIAL: "YYYY-MM-DD, --MM-DD (year unknown) or YYYY",
    DateKind.FULL: "YYYY-MM-DD",
    DateKind.TIMESTAMP: "YYYY-MM-DD or YYYY-MM-DDTHH:MM",
}


def text_of(f: Field, value: Any) -> str:
    """A stored value as the text a person edits."""
    if value is None:
        return ""
    if f.type is FieldType.TAGS:
        return ", ".join(value)
    if f.type is FieldType.NUMBER and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def hint_for(f: Field) -> str:
    if f.name in AGE_FIELDS:
        return DATE_HINTS[DateKind.PARTIAL] + ", or an age: about 40"
    if f.date is not None:
        return DATE_HINTS[f.date]
    if f.type is FieldType.TAGS:
        return "comma separated"
    if f.type is FieldType.URL:
        return "http(s)://…"
    if f.ref is not None:
        return "press Choose… to pick a contact"
    return f.help


class FieldEditor(Vertical):
    """Label, input, hint and error for one field; ``value`` gives the wire value."""

    class PickContact(Message):
        """The Choose… button of a contact reference was pressed."""

        def __init__(self, editor: FieldEditor) -> None:
            super().__init__()
            self.editor = editor

    def __init__(
        self, f: Field, value: Any, *, fixed_label: str | None = None, locked: bool = False
    ) -> None:
        super().__init__(id=f"field-{f.name}")
        self.field = f
        self.initial_text = text_of(f, value)
        self.initial_value = value
        self.ref_id: str | None = str(value) if f.ref and value else None
        self.ref_label = fixed_label or (str(value) if value else "")
        self.locked = locked  # create-only field on an edit form, or a ref fixed by context

    def compose(self) -> ComposeResult:
        f = self.field
        label = Content.from_markup("[b]$label[/b]", label=f.label + (" *" if f.required else ""))
        hint = hint_for(f)
        if hint and not self.locked:
            label += Content.styled(f"  {hint}", "$text-muted")
        yield Label(label, classes="field-label")
        yield from self._compose_input()
        yield Static("", classes="field-error", id=f"error-{f.name}")

    def _compose_input(self) -> ComposeResult:
        f = self.field
        if f.ref is not None:
            with Horizontal(classes="ref-row"):
                yield Static(
                    self.ref_label or "(none chosen)", classes="ref-name", id=f"ref-{f.name}"
                )
                if not self.locked:
                    yield Button("Choose…", id=f"choose-{f.name}")
            return
        if self.locked:
            yield Static(self.initial_text or "—")
            return
        if f.type is FieldType.ENUM:
            options = [(c.replace("_", " "), c) for c in f.choices]
            value = self.initial_value if self.initial_value in f.choices else Select.NULL
            yield Select(options, value=value, allow_blank=True, id=f"input-{f.name}")
        elif f.type is FieldType.BOOL:
            yield Switch(value=bool(self.initial_value), id=f"input-{f.name}")
        elif f.type is FieldType.STRING and (f.max_length or 0) >= LONG_TEXT:
            yield TextArea(self.initial_text, id=f"input-{f.name}", soft_wrap=True)
        else:
            max_length = f.max_length if f.type is FieldType.STRING and f.date is None else 0
            yield Input(
                self.initial_text,
                placeholder=hint_for(f) if f.date is not None else "",
                max_length=max_length or 0,
                id=f"input-{f.name}",
            )

    # ------------------------------------------------------------ values

    @property
    def input_widget(self) -> Widget | None:
        try:
            return self.query_one(f"#input-{self.field.name}")
        except Exception:
            return None

    def current_text(self) -> str:
        """What is in the widget now, as text (for change detection)."""
        f = self.field
        if f.ref is not None:
            return self.ref_id or ""
        widget = self.input_widget
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        if isinstance(widget, Switch):
            return "true" if widget.value else ("false" if self.initial_value is not None else "")
        return self.initial_text

    @property
    def changed(self) -> bool:
        if self.locked:
            return False
        if self.field.type is FieldType.BOOL:
            widget = self.input_widget
            return isinstance(widget, Switch) and widget.value != bool(self.initial_value)
        return self.current_text() != self.initial_text

    def value(self) -> Any:
        """The wire value: coerced from the text, None when emptied."""
        f = self.field
        if f.ref is not None:
            return self.ref_id
        widget = self.input_widget
        if isinstance(widget, Switch):
            return widget.value
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        text = self.current_text()
        if f.type in (FieldType.STRING, FieldType.URL) and text.strip() == "":
            return None
        if f.type is FieldType.STRING and f.date is None:
            return text
        if f.name in AGE_FIELDS:  # "about 40": an age-based birthday
            settings = getattr(self.app, "settings", None)
            today = settings.today() if settings is not None else date.today()
            text = birthday_from_entry(text, today)
        return coerce_text(f, text)

    def set_ref(self, contact_id: str, label: str) -> None:
        self.ref_id = contact_id
        self.ref_label = label
        self.query_one(f"#ref-{self.field.name}", Static).update(label)
        self.set_error(None)

    def set_error(self, reason: str | None) -> None:
        error = self.query_one(f"#error-{self.field.name}", Static)
        if reason:
            error.update(f"{self.field.label} {reason}")
            self.add_class("-invalid")
        else:
            error.update("")
            self.remove_class("-invalid")

    @property
    def error_text(self) -> str:
        return str(self.query_one(f"#error-{self.field.name}", Static).content)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == f"choose-{self.field.name}":
            event.stop()
            self.post_message(self.PickContact(self))
