"""The right-hand side of the contacts screen: the card and one tab per kind of child."""

from __future__ import annotations

from datetime import date, tzinfo

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Static, TabbedContent, TabPane

from ...store.base import Obj
from ..display import overview_facts
from .child_list import ChildList
from .contact_card import ContactCard
from .gift_lanes import GiftLanes
from .history_view import HistoryView

# Tab id, title, child type shown there (None: the contact itself). Order = number keys 1..0.
TABS: tuple[tuple[str, str, str | None], ...] = (
    ("overview", "Overview", None),
    ("notes", "Notes", "note"),
    ("activities", "Activity", "activity"),
    ("conversations", "Talks", "conversation"),
    ("reminders", "Reminders", "reminder"),
    ("gifts", "Gifts", "gift"),
    ("life_events", "Events", "life_event"),
    ("relationships", "People", "relationship"),
    ("pets", "Pets", "pet"),
    ("custom_fields", "Fields", "custom_field"),
)
TAB_TYPES: dict[str, str] = {tab: type_ for tab, _, type_ in TABS if type_}
# Shorter titles for a narrow pane (120 columns leave ~75 for the eleven tabs): without
# counts and with one space between, every tab stays in sight (Fields, History too).
SHORT_TITLES = {"overview": "About", "activities": "Acts", "reminders": "Remind"}
TAB_PADDING = 2  # cells of padding around each label in the full style


def sort_children(type_: str, items: list[Obj]) -> list[Obj]:
    """Display order: pinned notes first, open reminders before done ones."""
    if type_ == "note":
        return sorted(items, key=lambda n: not n.get("pinned"))
    if type_ == "reminder":
        return sorted(items, key=lambda r: (bool(r.get("completed")), r.get("due_date") or ""))
    if type_ == "custom_field":
        return sorted(items, key=lambda f: (f.get("position") is None, f.get("position") or 0))
    return items


class DetailPane(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.contact: Obj | None = None
        self.children_by_type: dict[str, list[Obj]] = {}
        self.overview_plain = ""  # the Overview tab as plain text, for tests and logs

    def compose(self) -> ComposeResult:
        yield ContactCard(id="card")
        with TabbedContent(id="tabs"):
            for tab, title, type_ in TABS:
                with TabPane(title, id=tab):
                    if type_ is None:
                        with VerticalScroll():
                            yield Static(id="overview-text")
                    elif type_ == "gift":
                        yield GiftLanes(id="gift-lanes")
                    else:
                        yield ChildList(type_, id=f"list-{tab}")
            with TabPane("History", id="history"):  # the audit log (key h)
                yield HistoryView(id="history-view")

    def show(
        self,
        contact: Obj | None,
        children: dict[str, list[Obj]],
        names: dict[str, str],
        today: date,
        tz: tzinfo | None = None,
    ) -> None:
        """``today`` and ``tz`` are the user's: ages, due dates and times read locally.

        The tabs' contents mount a little after the pane: a list page that arrives first
        (an empty book on a loaded machine) is shown once they are there, not lost and
        not a crash."""
        try:
            self._show(contact, children, names, today, tz)
        except NoMatches:
            if self.is_attached:
                self.call_after_refresh(self.show, contact, children, names, today, tz)

    def _show(
        self,
        contact: Obj | None,
        children: dict[str, list[Obj]],
        names: dict[str, str],
        today: date,
        tz: tzinfo | None,
    ) -> None:
        self.contact = contact
        self.children_by_type = {t: sort_children(t, items) for t, items in children.items()}
        self.query_one(ContactCard).show(contact, today, tz, children, names)
        self._show_overview(contact)
        self.query_one(HistoryView).show_for(str(contact["id"]) if contact else None)
        for tab, type_ in TAB_TYPES.items():
            items = self.children_by_type.get(type_, [])
            if type_ == "gift":
                self.query_one(GiftLanes).set_gifts(items)
            else:
                self.query_one(f"#list-{tab}", ChildList).set_items(items, names, tz)
        self._label_tabs()

    def _full_labels(self) -> dict[str, str]:
        out = {}
        for tab_id, title, child_type in TABS:
            count = len(self.children_by_type.get(child_type, [])) if child_type else 0
            out[tab_id] = f"{title} {count}" if count else title
        out["history"] = "History"
        return out

    def _label_tabs(self) -> None:
        """Full labels with counts when they fit the pane's width, else the short ones."""
        full = self._full_labels()
        need = sum(len(label) + TAB_PADDING for label in full.values())
        compact = self.size.width > 0 and need > self.content_region.width
        self.set_class(compact, "-compact-tabs")
        tabs = self.query_one(TabbedContent)
        for tab_id, label in full.items():
            if compact:
                title = next((t for i, t, _ in TABS if i == tab_id), label)
                label = SHORT_TITLES.get(tab_id, title)
            try:
                tab_widget = tabs.get_tab(tab_id)
            except NoMatches:  # not composed yet, or already going (the app is closing)
                return
            if str(tab_widget.label) != label:  # relabelling costs a layout pass
                tab_widget.label = label

    def on_resize(self) -> None:
        self._label_tabs()

    def _show_overview(self, contact: Obj | None) -> None:
        static = self.query_one("#overview-text", Static)
        self.overview_plain = ""
        if contact is None:
            static.update("")
            return
        facts = overview_facts(contact)
        self.overview_plain = "\n".join(f"{k}: {v}" for k, v in facts)
        if not facts:
            static.update(Text("Nothing here yet - press e to edit.", style="italic"))
            return
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, value in facts:
            grid.add_row(label, Text(value))
        static.update(grid)

    # ------------------------------------------------------------ selection

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active or "overview"

    def show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def list_for(self, tab: str) -> ChildList | None:
        """The list on ``tab`` that has (or last had) the cursor."""
        if tab == "gifts":
            lanes = self.query_one(GiftLanes)
            focused = self.screen.focused
            if isinstance(focused, ChildList) and focused.type_ == "gift":
                return focused
            return lanes.lane("idea")
        if tab not in TAB_TYPES:
            return None
        return self.query_one(f"#list-{tab}", ChildList)

    def focus_tab_list(self) -> None:
        child_list = self.list_for(self.active_tab)
        if child_list is not None:
            self.screen.set_focus(child_list)
