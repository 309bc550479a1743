"""Applying a batch of validated creates and updates: atomically where the backend can.

On a local book the whole batch is one transaction: creates stream through the store's
bulk path (``store.bulk.import_rows``: chunked inserts, hooks kept) with ids handed out
up front, so later writes of the batch can point at earlier ones (``NewRef``), and
updates go through the store's normal update in the same transaction. Any other backend
(remote, sync) gets one request per object, in order, which is not atomic: if it fails
part-way, ``PartialWrite`` says how many were written.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..store.base import Backend
from ..store.errors import BackendError
from .progress import NoProgress, Progress


@dataclass(frozen=True, slots=True)
class NewRef:
    """A ref to an object created earlier in the same batch (its ``Write.key``)."""

    key: str


@dataclass(slots=True)
class Write:
    type: str
    data: dict[str, Any]
    id: str | None = None  # None: create; else: update this object with ``data``
    key: str | None = None  # lets later writes refer to this create through NewRef(key)


class PartialWrite(BackendError):
    """A non-atomic backend failed part-way through a batch."""

    title = "Import stopped part-way"
    code = "partial_write"

    def __init__(self, done: int, total: int, cause: BaseException) -> None:
        self.done = done
        self.cause = cause
        super().__init__(
            f"{done} of {total} objects were written before the backend failed: {cause}"
        )


def local_store(backend: Backend) -> Any | None:
    """The local ``Store`` behind ``backend`` when it is a LocalBackend, else None."""
    if getattr(backend, "mode", None) != "local":
        return None
    store = getattr(backend, "store", None)
    return store if store is not None and hasattr(store, "write") else None


def _resolve(data: Mapping[str, Any], ids: Mapping[str, str]) -> dict[str, Any]:
    return {k: ids[v.key] if isinstance(v, NewRef) else v for k, v in data.items()}


def _apply_local(store: Any, owner: str, writes: Sequence[Write], progress: Progress) -> list[str]:
    from ..store import writes as store_writes
    from ..store.bulk import import_rows

    out: list[str] = []
    with store.write(owner) as tx:
        ids: dict[str, str] = {}
        creates: list[tuple[str, dict[str, Any]]] = []
        for w in writes:
            if w.id is None:
                new_id = tx.ids.new(tx.now_dt)
                if w.key is not None:
                    ids[w.key] = new_id
                creates.append((w.type, {**_resolve(w.data, ids), "id": new_id}))
                out.append(new_id)
            else:
                out.append(w.id)

        def stream() -> Iterator[tuple[str, dict[str, Any]]]:
            for item in creates:
                yield item
                progress.advance()

        import_rows(tx, stream(), keep_ids=True, run_hooks=True)
        for w in writes:
            if w.id is not None:
                store_writes.update(tx, w.type, w.id, _resolve(w.data, ids))
                progress.advance()
    return out


async def apply_writes(
    backend: Backend, writes: Sequence[Write], progress: Progress | None = None
) -> list[str]:
    """Create/update every write, in order; returns the ids, in order."""
    progress = progress or NoProgress()
    if not writes:
        return []
    progress.start("Writing", len(writes))
    try:
        store = local_store(backend)
        if store is not None:
            owner = str(getattr(backend, "owner", "me"))
            return await asyncio.to_thread(_apply_local, store, owner, writes, progress)
        out: list[str] = []
        ids: dict[str, str] = {}
        for i, w in enumerate(writes):
            try:
                data = _resolve(w.data, ids)
                if w.id is None:
                    obj = await backend.create(w.type, data)
                else:
                    obj = await backend.update(w.type, w.id, data)
            except BackendError as exc:
                if i == 0:
                    raise
                raise PartialWrite(i, len(writes), exc) from exc
            out.append(str(obj["id"]))
            if w.key is not None:
                ids[w.key] = str(obj["id"])
            progress.advance()
        return out
    finally:
        progress.finish()
