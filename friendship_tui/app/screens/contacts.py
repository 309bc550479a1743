"""The contacts screen: the virtual list on the left, the detail pane on the right."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.lazy import Lazy
from textual.widgets import Header, Input

from ...domain.reserved_fields import holds_contact_id, partial_ids
from ...schema import CHILD_TYPES, ListQuery
from ...store.base import Backend, Obj
from ...store.errors import NotFound
from ..after_pause import AfterPause
from ..display import describe
from ..follow_ups import complete_reminder
from ..lean_compositor import LeanCompositor
from ..messages import DetailLoaded
from ..quick_actions import quick_form
from ..snoozing import ask_snooze
from ..widgets.child_list import ChildList
from ..widgets.contact_list import ContactList
from ..widgets.contact_pages import warm_now
from ..widgets.contact_spec import SORTS
from ..widgets.detail_pane import TAB_TYPES, TABS, DetailPane
from ..widgets.filter_input import FilterInput
from ..widgets.status_line import StatusLine
from ..widgets.steady_footer import SteadyFooter
from .base import AppScreen

TAB_KEYS = "1234567890"
DETAIL_DELAY = 0.08  # seconds the cursor must rest before the detail pane loads
# ... and while the person types a filter: the pane's ten tabs cost several layouts
# (~100 ms of CPU at 100k), which between two keystrokes would delay the next result.
# A pause in typing this long shows the first match.
TYPING_DETAIL_DELAY = 0.3


class ContactsScreen(AppScreen):
    RELOAD_READS = "#contact-list"  # the reload reads it (AppScreen._composed)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter"),
        Binding("f", "favorites", "Favourites", show=False),
        Binding("s", "sort", "Sort", show=False),
        Binding("c", "app.new_contact", "New", tooltip="New contact"),
        Binding("e", "edit", "Edit"),
        Binding("delete", "delete", "Delete", show=False),
        Binding("l", "new_child('conversation')", "Log talk"),
        Binding("a", "new_child('activity')", "Activity", show=False),
        Binding("r", "new_child('reminder')", "Reminder", show=False),
        Binding("n", "new_child('note')", "Note", show=False),
        Binding("plus", "new_in_tab", "Add", tooltip="Add to tab"),
        Binding("x", "reminder_done", "Reminder done", show=False),
        Binding("p", "toggle_pin", "Pin note", show=False),
        Binding("escape", "back_to_list", "Back to list", show=False),
        Binding("A", "toggle_archive", "Archive/unarchive", show=False),
        Binding("z", "snooze", "Snooze", show=False, tooltip="Snooze stay-in-touch"),
        Binding("asterisk", "toggle_favorite", "Favourite", show=False, tooltip="Toggle ★"),
        Binding("v", "show_archived", "Show archived", show=False),
        Binding("P", "promote", "Promote to full contact", show=False),
        Binding("h", "tab('history')", "History tab", show=False),
        *(
            Binding(key, f"tab('{tab}')", f"{title} tab", show=False)
            for key, (tab, title, _) in zip(TAB_KEYS, TABS, strict=True)
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._compositor = LeanCompositor()  # a keystroke's frame draws what changed
        self.current: Obj | None = None
        self._after_typing = AfterPause(self)  # the filter's query
        self._detail_wait = AfterPause(self)  # what the detail pane shows next
        self._opened: str | None = None  # contact shown by open_contact, not by the cursor
        self._warmed = False  # the filter's quick-read connection readied (on "/")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="contacts-body"):
            with Vertical(id="list-column"):
                yield FilterInput(placeholder="/ filter: name, tag…", id="filter")
                # plain text: the filter's words are shown as typed (``[b]`` is no markup),
                # drawn in one step each keystroke (status_line)
                yield StatusLine(id="list-status")
                yield ContactList(
                    self.backend,
                    self.settings.today(),
                    page_size=self.settings.page_size,
                    cache_pages=self.settings.cache_pages,
                    id="contact-list",
                )
            # Mounted after the first frame: the list shows before the ten tabs are built.
            yield Lazy(DetailPane(id="detail"))
        # Textual's footer line from one widget: focus moving to the filter box (and
        # back) changes the keys shown, and Textual's footer then rebuilt a widget per
        # key and laid out the screen in the first keystroke's frame (~20 ms at 100k)
        yield SteadyFooter()

    @property
    def contact_list(self) -> ContactList:
        return self.query_one(ContactList)

    @property
    def detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    def on_mount(self) -> None:
        if not self.query(ContactList):
            return  # the app is closing as the screen mounts: its children are already gone
        self.contact_list.focus()
        self.watch(self.contact_list, "counted", self._counted, init=False)
        # The filter's text as it changes, in the keystroke's own call: ``Input.Changed``
        # would reach the screen three message hops later (it bubbles through the two
        # containers), after the frame that echoes the key.
        self.watch(self.query_one("#filter", FilterInput), "value", self._filter_typed, init=False)
        self._show_status()

    def reload(self) -> None:
        keep = str(self.current["id"]) if self.current else None
        self.contact_list.reload(keep_id=keep)
        if keep:
            self._detail_now(keep)

    # ------------------------------------------------------------ list status and filter

    def _show_status(self, total: int | None = None) -> None:
        spec = self.contact_list.spec
        sort_name = dict(SORTS).get(spec.sort, spec.sort)
        count = self.contact_list.total if total is None else total
        # The count and what it counts first: a narrow column ends the line in "…"
        # (app.tcss), and the filter's words must not be what falls off.
        bits = [f"{count:,} matching “{spec.q}”" if spec.q else f"{count:,} contacts"]
        if spec.favorites:
            bits.append("★ only")
        if spec.archived:
            bits.append("incl. archived")
        bits.append(f"by {sort_name}")
        self.query_one("#list-status", StatusLine).update(" · ".join(bits), layout=False)

    def _counted(self, total: int) -> None:
        """A new query's first rows are in (``ContactList.counted``, watched on mount)."""
        self._show_status(total)
        if total == 0 and self.query(DetailPane):
            self.current = None
            # once typing pauses, as a new first match's details load: emptying the
            # pane's ten tabs in the keystroke's own frame took ~7 ms of the 16
            self._detail_later(isinstance(self.focused, Input), self._show_no_contact)

    def _show_no_contact(self) -> None:
        if self.current is None and self.query(DetailPane):
            self.detail.show(None, {}, {}, self.settings.today())

    def _filter_typed(self, text: str) -> None:
        self._after_typing(self.settings.filter_debounce, lambda: self.apply_filter(text))

    def apply_filter(self, text: str) -> None:
        self._opened = None
        spec = self.contact_list.spec
        if spec.q != text.strip():
            # the status line names the new filter with its count, as its rows land
            self.contact_list.set_spec(replace(spec, q=text.strip()))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.apply_filter(event.value)
            self.set_focus(self.contact_list)

    def action_filter(self) -> None:
        self.set_focus(self.query_one("#filter", Input))
        if not self._warmed:  # ``/``: the person is about to type
            self._warmed = True
            # a search of a word nobody has: the filter's own statements, a few steps each
            lst = self.contact_list
            query = replace(lst.spec, q="zzzqx").query(max(lst.size.height, 1), 0)
            self._warm_filter(self.backend, query, lst.today)

    @work(thread=True, exclusive=True, group="warm-filter", exit_on_error=False)
    def _warm_filter(self, backend: Backend, query: ListQuery, today: date) -> None:
        """Ready the filter's quick reads before the first key (``warm_now``)."""
        warm_now(backend, query, today)

    def action_favorites(self) -> None:
        self._opened = None
        spec = self.contact_list.spec
        self.contact_list.set_spec(replace(spec, favorites=not spec.favorites))
        self._show_status()

    def action_show_archived(self) -> None:
        """``v``: archived contacts in the list too (marked), or not."""
        self._opened = None
        spec = self.contact_list.spec
        self.contact_list.set_spec(replace(spec, archived=not spec.archived))
        self._show_status()

    def action_toggle_archive(self) -> None:
        """``A``: archive the contact (it leaves the list, the dashboard and search), or
        bring an archived one back."""
        contact = self._require_contact()
        if contact is None:
            return
        archive = not contact.get("is_archived")
        verb = "Archived" if archive else "Unarchived"
        self.friendship.write(
            "contact",
            str(contact["id"]),
            self.backend.set_archived("contact", str(contact["id"]), archive),
            f"{verb} {describe('contact', contact)}.",
        )

    def action_snooze(self) -> None:
        """``z``: hide this contact from stay-in-touch until a date."""
        contact = self._require_contact()
        if contact is not None:
            ask_snooze(self.friendship, str(contact["id"]), str(contact.get("name")))

    def action_toggle_favorite(self) -> None:
        """``*``: star or unstar the contact."""
        contact = self._require_contact()
        if contact is None:
            return
        star = not contact.get("favorite")
        self.friendship.write(
            "contact",
            str(contact["id"]),
            self.backend.update("contact", str(contact["id"]), {"favorite": star}),
            f"{'Starred' if star else 'Unstarred'} {describe('contact', contact)}.",
        )

    def action_promote(self) -> None:
        """``P``: a partial contact (known through someone) becomes a full one: back in
        the list, search, stay-in-touch and the upcoming dates."""
        from ...io.partial_contacts import promote_partial

        contact = self._require_contact()
        if contact is None:
            return
        self.friendship.write(
            "contact",
            str(contact["id"]),
            promote_partial(self.backend, str(contact["id"])),
            f"{describe('contact', contact)} is a full contact now.",
        )

    def action_sort(self) -> None:
        self._opened = None
        keys = [k for k, _ in SORTS]
        spec = self.contact_list.spec
        following = keys[(keys.index(spec.sort) + 1) % len(keys)] if spec.sort in keys else keys[0]
        self.contact_list.set_spec(replace(spec, sort=following))
        self._show_status()
        self.notify(f"Sorted by {dict(SORTS)[following]}.")

    def action_back_to_list(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.value:
            focused.value = ""
        self.set_focus(self.contact_list)

    def on_key(self, event: Key) -> None:
        # Down from the filter box goes straight into the list.
        if event.key == "down" and isinstance(self.focused, Input):
            event.stop()
            self.set_focus(self.contact_list)

    # ------------------------------------------------------------ detail

    def on_contact_list_highlighted(self, message: ContactList.Highlighted) -> None:
        message.stop()  # the app does not listen: no hop more per keystroke
        contact = message.contact
        if contact is None:
            return
        if self._opened is not None and not message.by_user:
            return  # a contact opened from elsewhere stays until the user moves
        self._opened = None
        if self.current is None or self.current["id"] != contact["id"]:
            self.current = contact
            # Debounced: holding down an arrow key or paging does not load every detail.
            typing = isinstance(self.focused, Input) and not message.by_user
            self._detail_later(typing, self._load_current)

    def _detail_later(self, typing: bool, action: Callable[[], object]) -> None:
        """What the detail pane shows next, once the cursor rests (or typing pauses);
        a newer one replaces it."""
        self._detail_wait(TYPING_DETAIL_DELAY if typing else DETAIL_DELAY, action)

    def _detail_now(self, contact_id: str) -> None:
        """Load ``contact_id`` now, in place of what was waiting for the cursor to rest:
        a wait from before (the list's first row highlighted as the app started) that
        ended later would load that contact over this one."""
        self._detail_wait(0, partial(self.load_detail, contact_id))

    def _load_current(self) -> None:
        """The pane catches up with the one selection (``current``) as it is when the
        wait ends, not with the contact it was when the wait began."""
        if self.current is not None:
            self.load_detail(str(self.current["id"]))

    def on_contact_list_selected(self, message: ContactList.Selected) -> None:
        self.detail.focus_tab_list()

    def open_contact(self, contact_id: str) -> None:
        """Show ``contact_id`` in the detail pane (from the dashboard, a link, the palette)."""
        self._opened = contact_id
        if self.current is None or self.current.get("id") != contact_id:
            self.current = {"id": contact_id}
        self.contact_list.show_id(contact_id)  # one selection: the list follows
        self._detail_now(contact_id)

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def load_detail(self, contact_id: str) -> None:
        try:
            contact = await self.backend.get("contact", contact_id)
        except NotFound:
            self.current = None
            return
        pages = await asyncio.gather(
            *(
                self.backend.list(t, ListQuery(filters={"parent_id": [contact_id]}, limit=200))
                for t in CHILD_TYPES
            )
        )
        children = {t: p.items for t, p in zip(CHILD_TYPES, pages, strict=True)}
        names: dict[str, str] = {}
        for rel in children.get("relationship", []):
            target = str(rel.get("target_id"))
            if target not in names:
                try:
                    names[target] = str((await self.backend.get("contact", target)).get("name"))
                except NotFound:
                    names[target] = "(deleted contact)"
        if names:  # the People tab says who is a partial contact (known through this one)
            query = ListQuery(filters={"parent_id": sorted(names)}, limit=200)
            marks = (await self.backend.list("custom_field", query)).items
            for pid in partial_ids(marks) & set(names):
                names[pid] += " (partial)"
        for cf in children.get("custom_field", []):  # e.g. who introduced you
            ref = str(cf.get("value") or "")
            if holds_contact_id(cf.get("label")) and ref and ref not in names:
                with contextlib.suppress(NotFound):
                    names[ref] = str((await self.backend.get("contact", ref)).get("name"))
        self.post_message(DetailLoaded(contact, children, names))

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        if self.current is not None and self.current["id"] != message.contact["id"]:
            return
        if not self._composed():
            return  # the app is closing and the screen's widgets are going, one by one
        if not self.query(DetailPane):  # not mounted yet (Lazy): try again after a frame
            self.call_after_refresh(self.post_message, message)
            return
        self.current = message.contact
        self.detail.show(
            message.contact,
            message.children,
            message.names,
            self.settings.today(),
            self.settings.tz,
        )
        self.contact_list.update_contact(message.contact)

    def action_tab(self, tab: str) -> None:
        self.detail.show_tab(tab)

    def on_child_list_chosen(self, message: ChildList.Chosen) -> None:
        if message.type_ == "relationship":
            target = str(message.obj.get("target_id"))
            self.open_contact(target)
            self.detail.show_tab("overview")
            self.set_focus(self.contact_list)
        else:
            self._edit(message.type_, message.obj)

    # ------------------------------------------------------------ targets

    def _focused_child(self) -> tuple[str, Obj] | None:
        focused = self.focused
        if isinstance(focused, ChildList) and focused.selected_object is not None:
            return focused.type_, focused.selected_object
        return None

    def _require_contact(self) -> Obj | None:
        if self.current is None or "name" not in self.current:
            self.notify("Select a contact first.", severity="warning")
            return None
        return self.current

    # ------------------------------------------------------------ actions

    def action_edit(self) -> None:
        target = self._focused_child()
        if target is not None:
            self._edit(*target)
            return
        contact = self._require_contact()
        if contact is not None:
            self._edit("contact", contact)

    def _edit(self, type_: str, obj: Obj) -> None:
        names = {}
        if self.current is not None and obj.get("parent_id") == self.current.get("id"):
            names["parent_id"] = str(self.current.get("name"))
        if type_ == "relationship":
            names["target_id"] = self.detail.query_one("#list-relationships", ChildList).names.get(
                str(obj.get("target_id")), str(obj.get("target_id"))
            )
        from .form import FormScreen  # imported when a form first opens

        self.app.push_screen(FormScreen(type_, obj, ref_names=names))

    def action_new_child(self, type_: str) -> None:
        """A new child of the current contact, preset by ``quick_form`` (l, a, r, n, +)."""
        contact = self._require_contact()
        if contact is not None:
            self.app.push_screen(
                quick_form(type_, str(contact["id"]), str(contact.get("name")), self.settings)
            )

    def action_new_in_tab(self) -> None:
        """``+``: a new object of the kind the active tab lists (a pet on Pets, ...)."""
        type_ = TAB_TYPES.get(self.detail.active_tab)
        if type_ is None:
            self.action_edit()
            return
        self.action_new_child(type_)

    def action_delete(self) -> None:
        target = self._focused_child()
        if target is not None:
            type_, obj = target
            self.friendship.confirm_delete(type_, obj)
            return
        contact = self._require_contact()
        if contact is not None:
            self.friendship.confirm_delete("contact", contact)

    def action_reminder_done(self) -> None:
        target = self._focused_child()
        reminder = target[1] if target and target[0] == "reminder" else None
        if reminder is None:
            open_ones = [
                r
                for r in self.detail.children_by_type.get("reminder", [])
                if not r.get("completed")
            ]
            reminder = open_ones[0] if open_ones else None
        if reminder is None:
            self.notify("No open reminder here.", severity="warning")
            return
        complete_reminder(
            self.friendship,
            str(reminder["id"]),
            str(reminder.get("message") or "Reminder"),
            str(reminder.get("parent_id") or ""),
        )

    def action_toggle_pin(self) -> None:
        target = self._focused_child()
        note = target[1] if target and target[0] == "note" else None
        if note is None and self.detail.active_tab == "notes":
            child_list = self.detail.list_for("notes")
            note = child_list.selected_object if child_list else None
        if note is None:
            self.notify("Select a note first (tab 2).", severity="warning")
            return
        pinned = not note.get("pinned")
        self.friendship.write(
            "note",
            str(note["id"]),
            self.backend.update("note", str(note["id"]), {"pinned": pinned}),
            ("Pinned " if pinned else "Unpinned ") + describe("note", note),
        )
