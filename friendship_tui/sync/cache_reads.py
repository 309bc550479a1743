"""The reads a sync backend answers from its cache alone: search, the agenda, the audit
log. Kept apart from ``backend.py`` (the writes, the pusher and the puller)."""

from __future__ import annotations

import builtins
from datetime import date, tzinfo
from typing import Any

from ..domain.agenda import Agenda, AgendaRow, PanelName
from ..store.audit import AuditQuery
from ..store.base import Obj, Page
from ..store.local import LocalBackend


class CacheReads:
    """Reads straight from ``self.local`` (the cache's LocalBackend)."""

    local: LocalBackend
    remote: Any  # the RemoteBackend: told the zone too, for what it reads itself

    @property
    def tz(self) -> tzinfo | None:
        """The user's zone: the cache's agenda counts due dates from its day."""
        return self.local.tz

    @tz.setter
    def tz(self, value: tzinfo | None) -> None:
        self.local.tz = value
        self.remote.tz = value

    async def search(self, text: str, limit: int = 20) -> builtins.list[Obj]:
        return await self.local.search(text, limit)

    async def agenda(
        self, today: date, horizon_days: int = 30, *, limit: int | None = None
    ) -> Agenda:
        return await self.local.agenda(today, horizon_days, limit=limit)

    async def agenda_rows(
        self, panel: PanelName, today: date, horizon_days: int, offset: int, limit: int
    ) -> builtins.list[AgendaRow]:
        return await self.local.agenda_rows(panel, today, horizon_days, offset, limit)

    async def audit(self, query: AuditQuery | None = None) -> Page:
        """The cache's audit log: local writes and what sync brought in (actor "sync")."""
        return await self.local.audit(query)
