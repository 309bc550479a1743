"""A short list of one contact's children of one type (notes, gifts, pets, ...).

A contact has tens of children, not thousands, so an ``OptionList`` is the right tool
here; the virtual list is only needed for the contacts themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...store.base import Obj
from ..display import object_line


class ChildList(OptionList):
    """Rows of ``type_`` objects; remembers the objects behind the options."""

    class Chosen(Message):
        """Enter on a row: the screen edits it (or, for relationships, jumps)."""

        def __init__(self, child_list: ChildList, type_: str, obj: Obj) -> None:
            super().__init__()
            self.child_list = child_list
            self.type_ = type_
            self.obj = obj

    def __init__(
        self, type_: str, *, empty: str = "Nothing yet. Press + to add one.", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.type_ = type_
        self.empty = empty
        self.items: list[Obj] = []
        self.names: Mapping[str, str] = {}

    def set_items(
        self,
        items: list[Obj],
        names: Mapping[str, str] | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        keep = self.selected_object
        self.items = list(items)
        self.names = names or {}
        self.clear_options()
        if not self.items:
            self.add_option(Option(self.empty, disabled=True))
            return
        self.add_options(
            Option(object_line(self.type_, o, names=self.names, tz=tz), id=str(o["id"]))
            for o in self.items
        )
        index = 0
        if keep is not None:
            for i, o in enumerate(self.items):
                if o["id"] == keep["id"]:
                    index = i
        self.highlighted = index

    @property
    def selected_object(self) -> Obj | None:
        if not self.items or self.highlighted is None:
            return None
        if 0 <= self.highlighted < len(self.items):
            return self.items[self.highlighted]
        return None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        obj = self.selected_object
        if obj is not None:
            self.post_message(self.Chosen(self, self.type_, obj))
