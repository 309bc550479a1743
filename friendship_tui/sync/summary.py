"""The ids given to objects made here before the server has answered; ``SyncSummary``
(what a round did) lives with the Backend protocol, whose ``push_now`` returns it."""

from __future__ import annotations

from datetime import datetime

from ..store.base import SyncSummary  # the Backend protocol's push_now returns it
from ..store.ids import IdMaker

LOCAL_PREFIX = "local-"


class LocalIds(IdMaker):
    """Ids for objects made here: ``local-`` + a time-ordered id, until the server's."""

    def new(self, now: datetime) -> str:
        return LOCAL_PREFIX + super().new(now)


__all__ = ["LOCAL_PREFIX", "LocalIds", "SyncSummary"]
