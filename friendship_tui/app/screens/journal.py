"""The journal: entries by date with mood and tags; filter by tag and by mood."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.markdown import Markdown
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Input, Select, Static

from ...schema import ListQuery, get_model
from ...store.base import Obj
from ..after_pause import AfterPause
from ..display import MOOD_ICONS, short_time
from ..messages import JournalLoaded
from ..widgets.child_list import ChildList
from .base import AppScreen
from .form import FormScreen


def has_tag_prefix(entry: Obj, prefix: str) -> bool:
    return any(str(t).casefold().startswith(prefix) for t in entry.get("tags") or [])


class JournalScreen(AppScreen):
    RELOAD_READS = "#mood-filter"  # the reload reads it (AppScreen._composed)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "new_entry", "New", tooltip="New entry"),
        Binding("ctrl+n", "new_entry", "New entry", show=False),
        Binding("e", "edit_entry", "Edit"),
        Binding("delete", "delete_entry", "Delete"),
        Binding("slash", "filter_tag", "Tag", tooltip="Tag filter"),
        Binding("m", "filter_mood", "Mood", tooltip="Mood filter"),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._after_typing = AfterPause(self)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="journal-filters"):
            yield Input(placeholder="/ filter by tag", id="tag-filter")
            moods = [
                (f"{MOOD_ICONS[m]} {m}", m)
                for m in get_model("journal_entry").field("mood").choices
            ]
            yield Select(moods, prompt="any mood", allow_blank=True, id="mood-filter")
        with Horizontal(id="journal-body"):
            yield ChildList("journal_entry", empty="No entries yet. Press c.", id="entries")
            with VerticalScroll(id="entry-view"):
                yield Static(id="entry-text")
        yield Footer(compact=True)

    @property
    def entries(self) -> ChildList:
        return self.query_one("#entries", ChildList)

    def on_mount(self) -> None:
        self.entries.focus()

    def reload(self) -> None:
        tag = self.query_one("#tag-filter", Input).value.strip()
        mood_value = self.query_one("#mood-filter", Select).value
        mood = None if mood_value is Select.NULL else str(mood_value)
        self.load_entries(tag, mood)

    @work(exclusive=True, group="journal", exit_on_error=False)
    async def load_entries(self, tag: str, mood: str | None) -> None:
        """``/wal`` finds #walks: the search narrows by word prefix (indexed), then only
        entries with a tag starting so are kept (not a word of the title or body)."""
        filters: dict[str, list[str]] = {}
        prefix = tag.lstrip("#").strip().casefold()
        if mood:
            filters["mood"] = [mood]
        query = ListQuery(filters=filters, sort="-entry_date", limit=200, q=prefix or None)
        items = (await self.backend.list("journal_entry", query)).items
        if prefix:
            items = [
                e
                for e in items
                if any(str(t).casefold().startswith(prefix) for t in e["tags"] or [])
            ]
        self.entries.empty = self._empty_text(prefix, mood)
        self.post_message(JournalLoaded(items))

    @staticmethod
    def _empty_text(prefix: str, mood: str | None) -> str:
        if not prefix and not mood:
            return "No entries yet. Press c."
        what = " and ".join(x for x in (f"tag #{prefix}…" if prefix else "", mood or "") if x)
        return f"No entries match {what}. Clear the filter to see all."

    def on_journal_loaded(self, message: JournalLoaded) -> None:
        self.entries.set_items(message.entries, tz=self.settings.tz)
        self._show_entry(self.entries.selected_object)

    def on_option_list_option_highlighted(self, event: ChildList.OptionHighlighted) -> None:
        self._show_entry(self.entries.selected_object)

    def _show_entry(self, entry: Obj | None) -> None:
        view = self.query_one("#entry-text", Static)
        if entry is None:
            view.update("")
            return
        head = Text()
        head.append(str(entry.get("title") or ""), style="bold underline")
        head.append(f"\n{short_time(entry.get('entry_date'), self.settings.tz)}", style="dim")
        if entry.get("mood"):
            head.append(f"   {MOOD_ICONS.get(entry['mood'], '')} {entry['mood']}")
        if entry.get("tags"):
            head.append("   " + " ".join(f"#{t}" for t in entry["tags"]), style="cyan")
        view.update(Group(head, Text(""), Markdown(str(entry.get("body") or ""))))

    # ------------------------------------------------------------ filters

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "tag-filter":
            self._after_typing(self.settings.filter_debounce, self.reload)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.reload()
        self.set_focus(self.entries)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "mood-filter":
            self.reload()

    def action_filter_tag(self) -> None:
        self.set_focus(self.query_one("#tag-filter", Input))

    def action_filter_mood(self) -> None:
        self.set_focus(self.query_one("#mood-filter", Select))

    def action_back(self) -> None:
        if self.focused is not self.entries:
            self.set_focus(self.entries)
        else:
            self.friendship.action_show_contacts()

    # ------------------------------------------------------------ entries

    def action_new_entry(self) -> None:
        self.app.push_screen(
            FormScreen("journal_entry", initial={"entry_date": self.settings.today().isoformat()})
        )

    def action_edit_entry(self) -> None:
        entry = self.entries.selected_object
        if entry is None:
            self.notify("No entry selected.", severity="warning")
            return
        self.app.push_screen(FormScreen("journal_entry", entry))

    def on_child_list_chosen(self, message: ChildList.Chosen) -> None:
        self.app.push_screen(FormScreen("journal_entry", message.obj))

    def action_delete_entry(self) -> None:
        entry = self.entries.selected_object
        if entry is None:
            self.notify("No entry selected.", severity="warning")
            return
        self.friendship.confirm_delete("journal_entry", entry)
