"""Logging an activity moves the contact's "last contacted", on every client path.

The rule itself is ``domain.hooks.last_contacted_after``; the server and the stores run
it for conversations (the documented hook), so only ``CLIENT_BUMPS`` (activities) are
applied here: through any backend after a create (the app's form, ``friendship activity
create``, an import written object by object), or inside an import's one transaction
(``bump_in_tx``), where the contact's update is an ordinary write a sync outbox sends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..domain.hooks import CLIENT_BUMPS, last_contacted_after
from ..store.base import Backend

if TYPE_CHECKING:
    from ..store.writes import Tx


async def after_logging(
    backend: Backend, type_: str, item: Mapping[str, Any], now: datetime | None = None
) -> None:
    """Apply the client-side bump once ``item`` of ``type_`` was created in ``backend``."""
    parent_id = item.get("parent_id")
    if type_ not in CLIENT_BUMPS or not parent_id:
        return
    contact = await backend.get("contact", str(parent_id))
    new = last_contacted_after(contact, type_, item, now or datetime.now(UTC))
    if new is not None:
        await backend.update("contact", str(parent_id), {"last_contacted_at": new})


def bump_in_tx(tx: Tx, items: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
    """The same inside a local write transaction, for a batch (the store's clock is
    ``now``): each contact is read and updated at most once, to the latest of its items."""
    from ..store import reads
    from ..store import writes as store_writes
    from ..store.errors import NotFound

    latest: dict[str, tuple[str, str | None]] = {}  # contact id -> (type, latest so far)
    for type_, item in items:
        parent_id = item.get("parent_id")
        if type_ not in CLIENT_BUMPS or not parent_id:
            continue
        pid = str(parent_id)
        so_far = latest.get(pid, (type_, None))[1]
        later = last_contacted_after({"last_contacted_at": so_far}, type_, item, tx.now_dt)
        latest[pid] = (type_, later or so_far)
    for pid, (type_, when) in latest.items():
        if when is None:  # no item gave a time it can be read as
            continue
        try:
            contact = reads.get(tx.conn, tx.owner, "contact", pid)
        except NotFound:
            continue
        new = last_contacted_after(contact, type_, {"occurred_at": when}, tx.now_dt)
        if new is not None:
            store_writes.update(tx, "contact", pid, {"last_contacted_at": new})
