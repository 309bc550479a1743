"""One form row per schema field: the right input widget, a hint and an inline error.

Which widget a field gets is decided here from its ``FieldType`` and ``DateKind`` only,
so every model's form comes out of ``schema.MODELS`` with no per-model code.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, Switch, TextArea

from ...domain.clock import to_local
from ...domain.reserved_fields import AGE_FIELDS, birthday_from_entry
from ...schema import DateKind, Field, FieldType, coerce_text
from ...schema.dates import DATE_SHAPES
from ...schema.validation import check_value
from ..field_hints import soft_warning

LONG_TEXT = 2000  # strings allowed at least this long get a multi-line editor

DATE_HINTS = {  # the schema's wording; a form's times are the user's local time
    **DATE_SHAPES,
    DateKind.TIMESTAMP: "YYYY-MM-DD or YYYY-MM-DDTHH:MM (your local time)",
}


def has_time(text: str) -> bool:
    return len(text.strip()) > 10  # "YYYY-MM-DD" alone is a day, nobody's midnight


def local_text(stored: str, tz: tzinfo | None) -> str:
    """A stored UTC timestamp as the user's wall-clock time, offset shown."""
    if not has_time(stored):
        return stored
    try:
        moment = datetime.fromisoformat(stored.strip().replace("Z", "+00:00"))
    except ValueError:
        return stored
    return to_local(moment, tz).isoformat(timespec="seconds")


def utc_text(typed: str, tz: tzinfo | None) -> str:
    """What a person typed (local time, offset optional) as the UTC text stored."""
    if not has_time(typed):
        return typed
    try:
        moment = datetime.fromisoformat(typed.strip().replace("Z", "+00:00"))
    except ValueError:
        return typed  # validation names the problem
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_of(f: Field, value: Any, tz: tzinfo | None = None) -> str:
    """A stored value as the text a person edits (timestamps on the local clock)."""
    if value is None:
        return ""
    if f.date is DateKind.TIMESTAMP and isinstance(value, str):
        return local_text(value, tz)
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
        self,
        f: Field,
        value: Any,
        *,
        fixed_label: str | None = None,
        locked: bool = False,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(id=f"field-{f.name}")
        self.field = f
        self.tz = tz  # the user's zone: timestamps are shown and typed in local time
        self.initial_text = text_of(f, value, tz)
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
                    if not f.required:  # an optional ref can be emptied again
                        yield Button("Clear", id=f"clear-{f.name}")
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
            # No max_length on the widget: it would cut a paste silently. Too long is
            # said under the field as it is typed, and the save refuses it, as the CLI.
            yield Input(
                self.initial_text,
                placeholder=hint_for(f) if f.date is not None else "",
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
        if f.date is DateKind.TIMESTAMP:
            return coerce_text(f, utc_text(text, self.tz))  # UTC on the wire, as stored
        if f.name in AGE_FIELDS:  # "about 40": an age-based birthday
            settings = getattr(self.app, "settings", None)
            today = settings.today() if settings is not None else date.today()
            text = birthday_from_entry(text, today)
        return coerce_text(f, text)

    def set_ref(self, contact_id: str | None, label: str) -> None:
        self.ref_id = contact_id
        self.ref_label = label
        self.query_one(f"#ref-{self.field.name}", Static).update(label or "(none chosen)")
        self.set_error(None)

    def set_error(self, reason: str | None) -> None:
        """Show ``reason`` under the field; None shows the soft warning, if any."""
        error = self.query_one(f"#error-{self.field.name}", Static)
        self.remove_class("-warning")
        if reason:
            error.update(f"{self.field.label} {reason}")
            self.add_class("-invalid")
            return
        self.remove_class("-invalid")
        warning = soft_warning(self.field, self.current_text()) if self.changed else None
        error.update(f"{self.field.label} {warning}" if warning else "")
        self.set_class(bool(warning), "-warning")

    @property
    def warning_text(self) -> str:
        """The soft warning shown (saving is allowed), "" when none."""
        if not self.has_class("-warning"):
            return ""
        return str(self.query_one(f"#error-{self.field.name}", Static).content)

    def recheck(self) -> None:
        """As the person types: an error already shown goes once fixed (or changes), a
        value too long is said at once, and the soft warnings follow the text."""
        f = self.field
        text = self.current_text()
        too_long = f.max_length is not None and f.type is FieldType.STRING
        if too_long and len(text) > (f.max_length or 0):
            self.set_error(f"must be at most {f.max_length} characters ({len(text)} typed)")
            return
        if self.has_class("-invalid"):
            if f.required and not text.strip():
                return  # still missing: the message stays as it is
            _, reason = check_value(f, self.value())
            self.set_error(reason)
            return
        self.set_error(None)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.recheck()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.recheck()

    @property
    def error_text(self) -> str:
        """The error shown (the save is refused), "" when none."""
        if not self.has_class("-invalid"):
            return ""
        return str(self.query_one(f"#error-{self.field.name}", Static).content)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == f"choose-{self.field.name}":
            event.stop()
            self.post_message(self.PickContact(self))
        elif event.button.id == f"clear-{self.field.name}":
            event.stop()
            self.set_ref(None, "")
