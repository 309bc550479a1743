"""Applying a batch of validated creates and updates: atomically where the backend can,
resumably everywhere.

First every write is checked against what the book holds (``matching.py``): a create
whose object is there already (made by an earlier run of the same import, killed part
way) and an update that would change nothing are "unchanged" and not sent. Then:

- a local book: the rest in ONE transaction - creates through the store's bulk path
  (``store.bulk.import_rows``, hooks kept) with ids handed out up front so later writes
  can point at earlier ones (``NewRef``), updates and archive flags in the same
  transaction. All or nothing.
- a sync profile: the same single transaction on the profile's local copy, with every
  change queued in its outbox in that transaction; the outbox then sends them (each
  with its own Idempotency-Key, kept across restarts). Killed while sending, the copy
  holds the whole import and the next run or ``friendship sync`` sends the rest once.
- a remote profile: one request per object, in order: not atomic. A refusal of one
  object (400, 409...) fails that object (and what points at it) and the import goes
  on; losing the server stops it with ``PartialWrite``. Re-running the same import then
  finds what was written by content and creates only the rest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..schema import MODELS
from ..store.base import Backend
from ..store.errors import (
    BackendError,
    StorageFull,
    Unauthorized,
    Unavailable,
    ValidationError,
)
from .contacted import after_logging, bump_in_tx
from .matching import ContentIndex
from .progress import NoProgress, Progress
from .report import ImportReport

if TYPE_CHECKING:
    from ..store.local import Store


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
    current: Mapping[str, Any] | None = None  # update: the object now (equal: unchanged)
    archived: bool | None = None  # create: the archive flag it must end with
    counted: bool = True  # in the report's created/updated/unchanged totals


class PartialWrite(BackendError):
    """A non-atomic backend failed part-way through a batch; re-running resumes it."""

    title = "Import stopped part-way"
    code = "partial_write"

    def __init__(self, report: ImportReport, total: int, cause: BaseException) -> None:
        self.report = report
        self.cause = cause
        done = report.created + report.updated + report.unchanged
        super().__init__(
            f"{done} of {total} objects are in the book ({report.created} created, "
            f"{report.updated} updated, {report.unchanged} unchanged) when the server "
            f"failed: {cause}. Run the same import again to finish it: what is already "
            "there is recognised and not created twice."
        )


def _resolve(data: Mapping[str, Any], ids: Mapping[str, str]) -> dict[str, Any]:
    return {k: ids.get(v.key, v) if isinstance(v, NewRef) else v for k, v in data.items()}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return sorted(map(str, a or [])) == sorted(map(str, b or []))
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return float(a) == float(b)
    return bool(a == b)


def _count(report: ImportReport, w: Write, outcome: str) -> None:
    if outcome == "created" and w.key is not None:
        report.made.add(w.key)
    if not w.counted:
        return
    if outcome == "created":
        report.created += 1
        report.created_by_type[w.type] += 1
    elif outcome == "updated":
        report.updated += 1
    else:
        report.unchanged += 1


async def _sort_out(
    backend: Backend, writes: Sequence[Write], report: ImportReport
) -> tuple[list[Write], dict[str, str]]:
    """The writes still needed (the rest counted unchanged), and the ids of matched keys."""
    index = ContentIndex(backend)
    ids: dict[str, str] = {}
    todo: list[Write] = []
    for w in writes:
        data = _resolve(w.data, ids)
        if w.id is None:
            if not any(isinstance(v, NewRef) for v in data.values()):
                found = await index.take(w.type, data)
                if found is not None:
                    if w.key is not None:
                        ids[w.key] = str(found["id"])
                    if w.archived is not None and bool(found.get("is_archived")) != w.archived:
                        todo.append(Write(w.type, {}, id=str(found["id"]), archived=w.archived))
                        _count(report, w, "updated")
                    else:
                        _count(report, w, "unchanged")
                    continue
            todo.append(Write(w.type, data, key=w.key, archived=w.archived, counted=w.counted))
        elif w.current is not None and all(_same(w.current.get(k), v) for k, v in data.items()):
            _count(report, w, "unchanged")
        else:
            todo.append(Write(w.type, data, id=w.id, current=w.current, counted=w.counted))
    return todo, ids


def _apply_in_one_tx(
    store: Store,
    owner: str,
    writes: Sequence[Write],
    ids: dict[str, str],
    progress: Progress,
    report: ImportReport,
    *,
    emit_events: bool,
    client_rules: bool = True,
) -> None:
    from ..store import writes as store_writes
    from ..store.bulk import import_rows

    with store.write(owner) as tx:
        creates: list[tuple[str, dict[str, Any]]] = []
        archive: list[tuple[str, str]] = []
        for w in writes:
            if w.id is None:
                new_id = tx.ids.new(tx.now_dt)
                if w.key is not None:
                    ids[w.key] = new_id
                creates.append((w.type, {**_resolve(w.data, ids), "id": new_id}))
                if w.archived:
                    archive.append((w.type, new_id))

        def stream() -> Iterator[tuple[str, dict[str, Any]]]:
            for item in creates:
                yield item
                progress.advance()

        import_rows(tx, stream(), keep_ids=True, run_hooks=True, emit_events=emit_events)
        for w in writes:
            if w.id is None:
                _count(report, w, "created")
                continue
            data = _resolve(w.data, ids)
            if data:
                store_writes.update(tx, w.type, w.id, data)
            if w.archived is not None:
                store_writes.set_archived(tx, w.type, w.id, w.archived)
            _count(report, w, "updated")
            progress.advance()
        for type_, oid in archive:
            store_writes.set_archived(tx, type_, oid, True)
        if client_rules:  # an imported activity moves "last contacted", as the app's does
            bump_in_tx(tx, creates)


async def _apply_one_by_one(
    backend: Backend,
    writes: Sequence[Write],
    ids: dict[str, str],
    progress: Progress,
    report: ImportReport,
    total: int,
    client_rules: bool = True,
) -> None:
    failed: set[str] = set()
    for w in writes:
        where = f"{w.type} {w.key}" if w.key else f"{w.type} {w.id or ''}".strip()
        lost = [v.key for v in w.data.values() if isinstance(v, NewRef) and v.key in failed]
        if lost:
            report.fail(where, f"not written: {lost[0]} could not be written")
            if w.key is not None:
                failed.add(w.key)
            continue
        try:
            data = _resolve(w.data, ids)
            if w.id is None:
                obj = await backend.create(w.type, data)
                if w.key is not None:
                    ids[w.key] = str(obj["id"])
                if client_rules:
                    await after_logging(backend, w.type, obj)
                if w.archived:
                    await backend.set_archived(w.type, str(obj["id"]), True)
            else:
                if data:
                    await backend.update(w.type, w.id, data)
                if w.archived is not None:
                    await backend.set_archived(w.type, w.id, w.archived)
        except (Unavailable, Unauthorized) as exc:
            raise PartialWrite(report, total, exc) from exc
        except BackendError as exc:
            if isinstance(exc, StorageFull):  # no room (the server's disk): stop
                raise PartialWrite(report, total, exc) from exc
            fields = exc.fields if isinstance(exc, ValidationError) else None  # field: rule
            detail = "; ".join(f"{k} {v}" for k, v in fields.items()) if fields else str(exc)
            report.fail(where, f"{exc.title}: {detail}")
            if w.key is not None:
                failed.add(w.key)
            continue
        _count(report, w, "created" if w.id is None else "updated")
        progress.advance()


async def apply_writes(
    backend: Backend,
    writes: Sequence[Write],
    progress: Progress | None = None,
    report: ImportReport | None = None,
    *,
    client_rules: bool = True,
) -> dict[str, str]:
    """Create/update every write not already done, counting each outcome in ``report``;
    returns the id of every keyed write (made now or found made before). The keys of the
    creates made by this call are added to ``report.made``. ``client_rules``: an
    imported activity moves its contact's "last contacted" (``io/contacted.py``); a
    backup's restore, which carries that value itself, turns it off."""
    progress = progress or NoProgress()
    report = report if report is not None else ImportReport()
    if not writes:
        return {}
    unknown = sorted({w.type for w in writes} - set(MODELS))
    if unknown:
        raise ValueError(f"not a type: {', '.join(unknown)}")  # a bug of the caller
    todo, ids = await _sort_out(backend, writes, report)
    if todo:
        await _apply(backend, todo, ids, progress, report, len(writes), client_rules)
    if backend.capabilities.outbox:  # a re-run also sends what a killed run queued
        await send_queued(backend, report)
    return ids


async def _apply(
    backend: Backend,
    todo: Sequence[Write],
    ids: dict[str, str],
    progress: Progress,
    report: ImportReport,
    total: int,
    client_rules: bool,
) -> None:
    progress.start("Writing", len(todo))
    try:
        book = backend.local_book()
        if book is not None:
            await asyncio.to_thread(
                _apply_in_one_tx,
                book.store,
                book.owner,
                todo,
                ids,
                progress,
                report,
                emit_events=book.queued,  # the outbox must see every change
                client_rules=client_rules,
            )
        else:
            await _apply_one_by_one(backend, todo, ids, progress, report, total, client_rules)
    finally:
        progress.finish()


async def send_queued(backend: Backend, report: ImportReport) -> None:
    """A sync profile: send what the import queued now, and say how that went."""
    summary = await backend.push_now()
    if summary.rejected:  # made in the copy, then refused: failed, not created
        report.created -= min(report.created, summary.rejected)
        report.failed += summary.rejected
        report.notes.append(
            f"{summary.rejected} refused by the server and taken out of the book: "
            "see `friendship sync conflicts`"
        )
    if summary.pending:
        why = f" ({summary.error})" if summary.error else ""
        report.notes.append(
            f"{summary.pending} change(s) saved here wait for the server{why}; "
            "`friendship sync` (or the next run) sends them, each once"
        )
