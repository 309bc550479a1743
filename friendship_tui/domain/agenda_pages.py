"""The agenda a panel at a time: its first rows with exact counts, then further pages.

The dashboard and ``friendship today`` show a screenful of each panel and the exact
number of rows it has; the rest is read as the user scrolls. A backend that can only
compute the whole agenda serves those reads by slicing it here, so every backend
answers ``agenda(limit=)`` and ``agenda_rows`` the same way (same order, same totals).
"""

from __future__ import annotations

from dataclasses import replace

from .agenda import PANELS, Agenda, AgendaRow, PanelName

SCREENFUL = 50  # rows of each panel a first read takes: about one full-height panel


def limited(agenda: Agenda, limit: int | None) -> Agenda:
    """``agenda`` with each panel's first ``limit`` rows and its exact total
    (``limit=None``: every row, totals filled in)."""
    if limit is not None and limit < 0:
        raise ValueError("limit must be at least 0")
    totals: dict[str, int] = {panel: agenda.total(panel) for panel in PANELS}
    if limit is None:
        return replace(agenda, totals=totals)
    return replace(
        agenda,
        stay_in_touch=agenda.stay_in_touch[:limit],
        events=agenda.events[:limit],
        reminders=agenda.reminders[:limit],
        totals=totals,
    )


def rows_page(agenda: Agenda, panel: PanelName, offset: int, limit: int) -> list[AgendaRow]:
    """Rows ``[offset, offset + limit)`` of one panel of a whole agenda, in panel order."""
    if panel not in PANELS:
        raise ValueError(f"panel must be one of {', '.join(PANELS)}")
    if offset < 0 or limit < 0:
        raise ValueError("offset and limit must be at least 0")
    rows: list[AgendaRow] = getattr(agenda, panel)
    return rows[offset : offset + limit]
