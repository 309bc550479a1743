"""One form for every model: create or edit, fields generated from ``schema.MODELS``.

Validation runs twice, both shown inline under the field: the schema's rules before
anything is sent, then the backend's ``ValidationError.fields`` (refs, server rules).
Nothing typed is lost on an error; the form only closes on a successful save.

A save in flight is shown ("Saving…"), blocks a second save, and cannot be discarded
(a write already sent cannot be called back): Esc then says so, and the form closes
when the save lands. Closing goes through ``_close`` alone, which is safe at every
moment: twice, from a dialog's late answer, or after the form has already gone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Select, Static

from ...domain.reserved_edits import FACT_FIELDS, FactChange, check_changes
from ...domain.reserved_fields import facts_of
from ...io.contacted import after_logging
from ...io.fact_writes import save_facts
from ...schema import Field, ListQuery, SchemaError, get_model, validate_create, validate_patch
from ...store.base import Obj, iter_all
from ...store.errors import NotFound, ValidationError
from ..dialog_styles import FORMS_CSS
from ..display import relationship_reading
from ..widgets.fact_editors import FactEditors
from ..widgets.field_editor import FieldEditor
from ..worker_errors import ReportsWorkerErrors
from .confirm import ConfirmScreen
from .contact_picker import ContactPickerScreen

if TYPE_CHECKING:
    from ..app import FriendshipApp


class FormScreen(ReportsWorkerErrors, ModalScreen[Obj | None]):
    """Create (``obj`` None) or edit ``obj`` of ``type_``; dismisses with the saved object."""

    CSS_PATH = FORMS_CSS  # read ahead once the first screen is up (dialog_styles)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
        # Priority: the app moves the focus when it reads the Tab, in turn with the keys
        # around it. Unprioritised, the Tab waits in the field's queue while the letters
        # typed after it are already handed to that same field (typeahead under load).
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    class SaveFailed(Message):
        """``saved``: the contact was saved, but not all of its facts (``fields``)."""

        def __init__(self, fields: Mapping[str, str], saved: Obj | None = None) -> None:
            super().__init__()
            self.fields = dict(fields)
            self.saved = saved

    class SaveDone(Message):
        def __init__(self, obj: Obj) -> None:
            super().__init__()
            self.obj = obj

    def __init__(
        self,
        type_: str,
        obj: Obj | None = None,
        *,
        initial: Mapping[str, Any] | None = None,
        fields: Sequence[str] | None = None,
        ref_names: Mapping[str, str] | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__()
        self.type_ = type_
        self.model = get_model(type_)
        self.obj = obj
        self.initial = dict(initial or {})
        self.only = tuple(fields) if fields else None
        self.ref_names = dict(ref_names or {})
        verb = "Edit" if obj is not None else "New"
        self.title_text = title or f"{verb} {type_.replace('_', ' ')}"
        self.saving = False  # a save is in flight
        self.closed = False  # dismissed (or dismissing): nothing may close it again

    @property
    def creating(self) -> bool:
        return self.obj is None

    @property
    def has_facts(self) -> bool:
        """A whole contact form also edits the reserved facts (deceased, first met)."""
        return self.type_ == "contact" and self.only is None

    def shown_fields(self) -> list[Field]:
        out = []
        for f in self.model.fields:
            if self.only is not None and f.name not in self.only:
                continue
            if not f.creatable:
                continue
            out.append(f)
        return out

    def compose(self) -> ComposeResult:
        source = self.obj if self.obj is not None else self.initial
        tz = cast("FriendshipApp", self.app).settings.tz
        with Vertical(id="form-box"):
            yield Static(self.title_text, id="form-title")
            if self.type_ == "relationship":  # which way "manager" points, in words
                yield Static(self._reading(), id="form-reading")
            with VerticalScroll(id="form-fields"):
                for f in self.shown_fields():
                    value = source.get(f.name)
                    # Refs given by the context (the contact being viewed) are not editable,
                    # and nothing create-only can change after creation.
                    locked = (not self.creating and not f.patchable) or (
                        f.ref is not None and f.name in self.initial
                    )
                    label = self.ref_names.get(f.name) if f.ref else None
                    yield FieldEditor(f, value, fixed_label=label, locked=locked, tz=tz)
                if self.has_facts and self.creating:  # editing: once the facts are read
                    yield FactEditors(tz=tz)
            yield Static("", id="form-status")
            with Horizontal(id="form-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.has_facts and not self.creating:
            self._load_facts()
        for editor in self.query(FieldEditor):
            widget = editor.input_widget
            if widget is not None and not editor.locked:
                # now, not after a refresh: keys typed ahead are already on their way
                self.set_focus(widget, scroll_visible=False)
                break

    @work(group="form-facts", exit_on_error=False)
    async def _load_facts(self) -> None:
        """The contact's facts as they are now, shown in their own fields."""
        app = cast("FriendshipApp", self.app)
        contact_id = str((self.obj or {}).get("id"))
        query = ListQuery(filters={"parent_id": [contact_id]})
        facts = facts_of([cf async for cf in iter_all(app.backend, "custom_field", query)])
        introducer = ""
        if facts.first_met_through:
            try:
                who = await app.backend.get("contact", facts.first_met_through)
                introducer = str(who.get("name") or "")
            except NotFound:
                introducer = ""
        if not self.closed:
            tz = app.settings.tz
            await self.query_one("#form-fields").mount(
                FactEditors(facts, introducer=introducer, tz=tz)
            )

    # ------------------------------------------------------------ reading the form

    @property
    def editors(self) -> list[FieldEditor]:
        """The editors of the model's own fields (the facts are not in its body)."""
        return [e for e in self.query(FieldEditor) if e.field not in FACT_FIELDS]

    @property
    def facts(self) -> FactEditors | None:
        found = self.query(FactEditors)
        return found.first() if found else None

    def fact_changes(self) -> list[FactChange]:
        return self.facts.changes() if self.facts is not None else []

    def editor(self, name: str) -> FieldEditor:
        return self.query_one(f"#field-{name}", FieldEditor)

    @property
    def dirty(self) -> bool:
        return any(e.changed for e in self.query(FieldEditor))

    def _body(self) -> dict[str, Any]:
        if self.creating:
            body = {k: v for k, v in self.initial.items() if v is not None}
            for e in self.editors:
                value = e.value()
                if value is None:
                    body.pop(e.field.name, None)
                else:
                    body[e.field.name] = value
            return body
        return {e.field.name: e.value() for e in self.editors if e.changed}

    def show_errors(self, fields: Mapping[str, str], status: str = "") -> None:
        editors = list(self.query(FieldEditor))
        shown = {e.field.name for e in editors}
        for e in editors:
            e.set_error(fields.get(e.field.name))
        other = [f"{k}: {v}" for k, v in fields.items() if k not in shown]
        self.query_one("#form-status", Static).update("\n".join([status, *other]).strip())
        for e in editors:
            if e.field.name in fields:
                widget = e.input_widget
                (widget or e).focus()
                e.scroll_visible(animate=False)
                break

    # ------------------------------------------------------------ actions

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.query_one("#save", Button).disabled = saving
        self.query_one("#save", Button).label = "Saving…" if saving else "Save (ctrl+s)"
        if saving:
            self.query_one("#form-status", Static).update("Saving…")

    def _close(self, result: Obj | None) -> None:
        """Dismiss once, whatever is on top (a dialog this form opened goes too)."""
        if self.closed or self not in self.app.screen_stack:
            return
        self.closed = True
        while self.app.screen is not self:
            self.app.pop_screen()
        self.dismiss(result)

    def action_save(self) -> None:
        if self.saving or self.closed:
            self.notify("Already saving…", severity="warning")
            return
        body = self._body()
        changes = self.fact_changes()
        errors = check_changes(changes, str(self.obj["id"]) if self.obj is not None else None)
        try:
            if self.creating:
                validate_create(self.model, body)
            else:
                if not body and not changes:
                    self.notify("Nothing changed.")
                    self._close(None)
                    return
                validate_patch(self.model, body, current=self.obj)
        except SchemaError as err:
            errors = {**err.fields, **errors}
        if errors:
            self.show_errors(errors)
            return
        self.show_errors({})
        self._set_saving(True)
        self._submit(body, changes)

    @work(group="form-save", exit_on_error=False)
    async def _submit(self, body: dict[str, Any], changes: list[FactChange]) -> None:
        app = cast("FriendshipApp", self.app)
        try:
            if self.obj is None:
                saved = await app.backend.create(self.type_, body)
                await after_logging(app.backend, self.type_, saved, app.settings.now())
            elif body:
                saved = await app.backend.update(self.type_, str(self.obj["id"]), body)
            else:  # only the facts changed
                saved = self.obj
        except ValidationError as err:
            self.post_message(self.SaveFailed(err.fields))
            return
        except BaseException:
            self.post_message(self.SaveFailed({}))  # the app reports the error itself
            raise
        try:
            failed = await save_facts(app.backend, str(saved["id"]), changes)
        except BaseException:
            self.post_message(self.SaveFailed({}, saved=saved))
            raise
        if failed:
            self.post_message(self.SaveFailed(failed, saved=saved))
            return
        self.post_message(self.SaveDone(saved))

    def on_form_screen_save_failed(self, message: SaveFailed) -> None:
        if self.closed:
            return
        self._set_saving(False)
        status = ""
        if message.saved is not None:  # from now on this form edits the saved contact
            self.obj = message.saved
            app = cast("FriendshipApp", self.app)
            app.data_changed(self.type_, str(message.saved.get("id")))
            status = "The contact was saved, but not the fields marked: save again to retry."
        self.show_errors(message.fields, status)

    def on_form_screen_save_done(self, message: SaveDone) -> None:
        app = cast("FriendshipApp", self.app)
        app.data_changed(self.type_, str(message.obj.get("id")))
        verb = "Added" if self.creating else "Saved"
        app.notify(f"{verb} {self.type_.replace('_', ' ')}.")
        self._close(message.obj)

    def action_cancel(self) -> None:
        if self.closed:
            return
        if self.saving:
            self.notify(
                "Saving… a save already sent cannot be called back; the form closes when it lands.",
                severity="warning",
            )
            return
        if not self.dirty:
            self._close(None)
            return

        def answered(discard: bool | None) -> None:
            if discard and not self.saving:
                self._close(None)

        self.app.push_screen(
            ConfirmScreen("Discard your changes?", yes="Discard", no="Keep editing"), answered
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def _reading(self) -> str:
        source = self.obj if self.obj is not None else self.initial
        kind = source.get("kind")
        target = self.ref_names.get("target_id")
        if self.is_mounted and self.query(FieldEditor):
            kind = self.editor("kind").value()
            target = self.editor("target_id").ref_label or None
        return relationship_reading(self.ref_names.get("parent_id", ""), kind, target)

    def _update_reading(self) -> None:
        if self.type_ == "relationship" and self.query("#form-reading"):
            self.query_one("#form-reading", Static).update(self._reading())

    def on_select_changed(self, event: Select.Changed) -> None:
        self._update_reading()

    def on_field_editor_pick_contact(self, message: FieldEditor.PickContact) -> None:
        editor = message.editor
        app = cast("FriendshipApp", self.app)
        exclude = self.initial.get("parent_id") or (self.obj or {}).get("id")

        def picked(contact: Obj | None) -> None:
            if contact is not None:
                editor.set_ref(str(contact["id"]), str(contact.get("name")))
                self._update_reading()

        self.app.push_screen(
            ContactPickerScreen(app.backend, exclude=str(exclude) if exclude else None), picked
        )
