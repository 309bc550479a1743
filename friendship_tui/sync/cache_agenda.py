"""The sync backend's agenda reads: the local cache's, as they are.

The cache is a local store, so its indexed agenda reads (first rows with exact counts,
further pages of a panel) answer offline and at once; kept apart so the backend module
stays about writing and syncing.
"""

from __future__ import annotations

from datetime import date

from ..domain.agenda import Agenda, AgendaRow, PanelName
from ..store.local import LocalBackend


class AgendaFromCache:
    """``agenda`` and ``agenda_rows`` of the Backend interface, read from ``self.local``."""

    local: LocalBackend

    async def agenda(
        self, today: date, horizon_days: int = 30, *, limit: int | None = None
    ) -> Agenda:
        return await self.local.agenda(today, horizon_days, limit=limit)

    async def agenda_rows(
        self, panel: PanelName, today: date, horizon_days: int, offset: int, limit: int
    ) -> list[AgendaRow]:
        return await self.local.agenda_rows(panel, today, horizon_days, offset, limit)
