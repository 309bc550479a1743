"""What a sync round did (its counts, as the CLI and the header show them), and the ids
given to objects made here before the server has answered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..store.ids import IdMaker

LOCAL_PREFIX = "local-"


class LocalIds(IdMaker):
    """Ids for objects made here: ``local-`` + a time-ordered id, until the server's."""

    def new(self, now: datetime) -> str:
        return LOCAL_PREFIX + super().new(now)


@dataclass(slots=True)
class SyncSummary:
    pushed: int = 0
    rejected: int = 0
    conflicts: int = 0
    pulled: int = 0
    deleted: int = 0
    pending: int = 0
    skipped: int = 0
    error: str | None = None
    held: bool = False  # the server refused to store (507): wait to be asked again

    @property
    def ok(self) -> bool:
        return self.error is None and self.rejected == 0 and self.skipped == 0

    def line(self) -> str:
        """The round's counts; conflicts, rejected and skipped are the log entries it
        added, so they always match ``sync conflicts``."""
        text = (
            f"pushed {self.pushed}, pulled {self.pulled} ({self.deleted} deleted), "
            f"{self.conflicts} conflicts, {self.rejected} rejected, {self.skipped} skipped, "
            f"{self.pending} pending"
        )
        return text + (f" - {self.error}" if self.error else "")
