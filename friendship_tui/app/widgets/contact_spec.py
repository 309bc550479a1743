"""What the contact list shows (``ListSpec``: search, favourites, sort, archived) and
how a row's text fits its cells; the list widget itself is ``contact_list.py``."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

from ...schema import ListQuery


def fit_cells(text: str, width: int) -> str:
    """``text`` in at most ``width`` terminal cells, ending in "…" when cut."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    return set_cell_size(text, width - 1).rstrip() + "…"


SORTS: tuple[tuple[str, str], ...] = (
    ("name", "name"),
    ("-last_contacted_at", "last contacted"),
    ("birthday", "next birthday"),
)


@dataclass(frozen=True, slots=True)
class ListSpec:
    """What the list shows: the search text, favourites only, the sort key, and whether
    archived contacts are shown too (they are left out by default)."""

    q: str = ""
    favorites: bool = False
    sort: str = "name"
    archived: bool = False

    def empty_hint(self) -> str:
        """What an empty list says: how to add the first contact, or why nothing matches."""
        if self.q:
            return f"Nobody matches “{self.q}”."
        if self.favorites:
            return "No favourites yet. Press f to show everyone."
        return "No contacts yet: press c."

    def query(self, limit: int, offset: int) -> ListQuery:
        filters = {"favorite": ["true"]} if self.favorites else {}
        if self.archived:
            filters["is_archived"] = ["true", "false"]
        return ListQuery(
            filters=filters, sort=self.sort, limit=limit, offset=offset, q=self.q or None
        )
