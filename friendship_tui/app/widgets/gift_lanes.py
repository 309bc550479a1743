"""The Gifts tab: three lanes side by side, Idea / Given / Received."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from ..display import GIFT_LANES
from .child_list import ChildList


class GiftLanes(Horizontal):
    def compose(self) -> ComposeResult:
        for lane in GIFT_LANES:
            with Vertical(id=f"lane-{lane}"):
                yield Label(lane.capitalize())
                yield ChildList("gift", empty="—", id=f"gifts-{lane}")

    def set_gifts(self, gifts: list[dict[str, Any]]) -> None:
        for lane in GIFT_LANES:
            # Gifts without a status are ideas: that is where a new gift starts.
            items = [g for g in gifts if (g.get("status") or "idea") == lane]
            self.query_one(f"#gifts-{lane}", ChildList).set_items(items)

    def lane(self, name: str) -> ChildList:
        return self.query_one(f"#gifts-{name}", ChildList)
