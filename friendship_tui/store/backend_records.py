"""The records a backend hands out besides pages: change events, a sync round's
summary, the connection status and the handle on a book on this machine.

Importable from ``store.base`` as before (its ``__getattr__``); kept here so a short
read (``friendship today``, ``contact list``) does not pay for creating them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .base import Action, Obj
from .book_status import Status

__all__ = ["ChangeEvent", "LocalBook", "Status", "SyncSummary"]

if TYPE_CHECKING:
    from .local import Store


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    """A committed create, update or delete, as the live channel carries it.

    ``object`` is the full object after the change (for delete: at least ``id``, plus
    ``parent_id`` where the type has one). ``origin`` is "user" for the write that was
    asked for and "hook" for a hook's side effect (the bumped contact, the mirror
    relationship) or a cascade.
    """

    type: str
    action: Action
    object: Obj
    owner: str | None = None
    origin: Literal["user", "hook", "cascade"] = "user"
    changed: tuple[str, ...] = ()  # for updates: which fields changed
    # the object as it was before an update or delete (None for creates, or when the
    # writer could not know it); the audit log takes its old values from here
    before: Obj | None = None


@dataclass(frozen=True, slots=True)
class LocalBook:
    """The store that holds a backend's rows on this machine, for batches written in one
    transaction (io/writes.py). ``queued``: the writes also wait in an outbox for a
    server (a sync profile's copy), so they must be announced as events."""

    store: Store
    owner: str
    queued: bool = False


@dataclass(slots=True)
class SyncSummary:
    """What a sync round did (its counts, as the CLI and the header show them)."""

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
