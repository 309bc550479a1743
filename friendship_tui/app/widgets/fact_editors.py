"""The contact form's own fields for the reserved facts: deceased (with an optional
date), first met (a partial date) and first met through (chosen with the contact
picker). They are kept as reserved custom fields (``domain.reserved_edits``), so they
are edited here beside the contact's columns and saved with them in one action.
"""

from __future__ import annotations

from datetime import tzinfo

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static, Switch

from ...domain.reserved_edits import (
    DECEASED_FIELD,
    DECEASED_ON_FIELD,
    FIRST_MET_FIELD,
    FIRST_MET_THROUGH_FIELD,
    HOLDER,
    FactChange,
)
from ...domain.reserved_fields import ContactFacts
from .field_editor import FieldEditor


class FactEditors(Vertical):
    """Deceased / date of death / first met / first met through, with the values the
    contact has now (``facts``) and the introducer's name (``introducer``)."""

    def __init__(
        self, facts: ContactFacts | None = None, *, introducer: str = "", tz: tzinfo | None = None
    ) -> None:
        super().__init__(id="fact-editors")
        self.facts = facts or ContactFacts()
        self.introducer = introducer
        self.tz = tz

    def compose(self) -> ComposeResult:
        f = self.facts
        yield Static("Life facts", classes="form-section")
        yield FieldEditor(DECEASED_FIELD, f.deceased, tz=self.tz)
        yield FieldEditor(DECEASED_ON_FIELD, f.deceased_on, tz=self.tz)
        yield FieldEditor(FIRST_MET_FIELD, f.first_met, tz=self.tz)
        label = (self.introducer or "(unknown contact)") if f.first_met_through else None
        yield FieldEditor(FIRST_MET_THROUGH_FIELD, f.first_met_through, fixed_label=label)

    def editor(self, name: str) -> FieldEditor:
        return self.query_one(f"#field-{name}", FieldEditor)

    @property
    def changed(self) -> bool:
        return any(e.changed for e in self.query(FieldEditor))

    def changes(self) -> list[FactChange]:
        """What the person changed, as writes of the reserved fields (one per fact)."""
        out: list[FactChange] = []
        dead, on = self.editor("deceased"), self.editor("deceased_on")
        if dead.changed or on.changed:
            if dead.value():
                when = on.value()
                name = "deceased_on" if when else "deceased"
                out.append(FactChange(name, HOLDER["deceased"], when))
            else:
                out.append(FactChange("deceased", HOLDER["deceased"], remove=True))
        for name in ("first_met", "first_met_through"):
            e = self.editor(name)
            if e.changed:
                value = e.value()
                out.append(FactChange(name, HOLDER[name], value, remove=value is None))
        return out

    def on_input_changed(self, event: Input.Changed) -> None:
        """A date of death typed says they have died: the switch follows."""
        if event.input.id == "input-deceased_on" and event.value.strip():
            self.query_one("#input-deceased", Switch).value = True

    def on_switch_changed(self, event: Switch.Changed) -> None:
        """Switched off: no date of death either."""
        if event.switch.id == "input-deceased" and not event.value:
            self.query_one("#input-deceased_on", Input).value = ""
