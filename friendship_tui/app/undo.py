"""Undo (``u``): take back the last change of this session, whatever the backend.

Why a session record and not the audit table: undo has to work on every backend the app
runs on, and the audit trail is not everywhere (a documented-only server has none), it
clips long text to 500 characters (a restored 8,000-character note must come back
whole), and a contact's delete is logged as one row per cascaded child with no way to
put the mirrored relationships back in order. So the app keeps its own before-images:
``RecordingBackend`` wraps the session's backend, reads each object just before a write
and keeps what the reverse write needs. The audit trail still records the undo's own
writes, so the History tab shows both the change and its undoing.

A *change* is what one user action wrote: every write made by the same worker task
(saving an activity writes the activity and bumps the contact; a delete takes the
children with it). ``u`` reverses the newest change, newest write first.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import weakref
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any, Literal

from ..store.base import BULK_CHUNK_ROWS, Backend, Obj, iter_all
from ..store.errors import NotFound

if TYPE_CHECKING:  # types only: the app's start creates none of these records
    from ..domain.agenda import Agenda, AgendaRow, PanelName
    from ..schema import ListQuery, Model
    from ..store.audit import AuditQuery
    from ..store.base import (
        BusyHandler,
        Capabilities,
        ChangeEvent,
        LocalBook,
        Page,
        Status,
        StatusListener,
        SyncSummary,
    )
    from ..store.bulk import ImportResult, OnExisting

StepKind = Literal["created", "updated", "deleted", "archived"]

MAX_CHANGES = 50  # a session keeps this many changes to undo


class Step:
    """One backend write and what reversing it needs.

    Plain slotted classes, not dataclasses: the app imports this module as it starts,
    and creating the two dataclasses cost ~0.8 ms before its first frame."""

    __slots__ = ("before", "children", "id_", "kind", "name", "type_")

    def __init__(
        self,
        kind: StepKind,
        type_: str,
        id_: str,
        before: Obj | None = None,
        children: list[tuple[str, Obj]] | None = None,
        name: str = "",
    ) -> None:
        self.kind = kind
        self.type_ = type_
        self.id_ = id_
        # updated: the old values; deleted: the object
        self.before: Obj = {} if before is None else before
        self.children = [] if children is None else children  # a deleted contact's
        self.name = name  # what the object is called, for the notification


class Change:
    """What one user action wrote (the writes of one worker task), oldest first."""

    __slots__ = ("steps", "task")

    def __init__(self, task: int, steps: list[Step] | None = None) -> None:
        # the journal's own number for that task (never reused, unlike ``id()``)
        self.task = task
        self.steps = [] if steps is None else steps

    @property
    def label(self) -> str:
        """ "delete of contact "Ann Lee" (and 12 children)", from the first write."""
        first = self.steps[0]
        verb = {
            "created": "adding",
            "updated": "edit of",
            "deleted": "delete of",
            "archived": "archiving of" if not first.before.get("is_archived") else "restoring of",
        }[first.kind]
        text = f"{verb} {first.name}"
        if first.children:
            text += f" (and {len(first.children)} linked items)"
        return text


class UndoJournal:
    """The session's changes, newest last."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self._announce = False
        # A finished task's ``id()`` is handed to the next task made at that address, so a
        # task is known by a number the journal gives it (weakly held: no task kept alive).
        self._numbers: weakref.WeakKeyDictionary[asyncio.Task[Any], int] = (
            weakref.WeakKeyDictionary()
        )
        self._next_number = 1

    def record(self, step: Step) -> None:
        key = self._number(asyncio.current_task())
        if self.changes and self.changes[-1].task == key:
            self.changes[-1].steps.append(step)
        else:
            self.changes.append(Change(key, [step]))
            del self.changes[:-MAX_CHANGES]
        self._announce = True

    def _number(self, task: asyncio.Task[Any] | None) -> int:
        """The task's number; a write outside any task gets a fresh one (its own change)."""
        number = None if task is None else self._numbers.get(task)
        if number is None:
            number, self._next_number = self._next_number, self._next_number + 1
            if task is not None:
                self._numbers[task] = number
        return number

    def take_announcement(self) -> bool:
        """True once after a change was recorded: its notification says "u to undo"."""
        announce, self._announce = self._announce, False
        return announce

    def pop(self) -> Change | None:
        self._announce = False
        return self.changes.pop() if self.changes else None

    def __len__(self) -> int:
        return len(self.changes)


def _describe(type_: str, obj: Mapping[str, Any]) -> str:
    """How a message names ``obj``: imported at the first write, not with the app
    (the labels and the schema's models are not needed for the first screen)."""
    from .display import describe

    return describe(type_, obj)


def _model(type_: str) -> Model:
    from ..schema import get_model

    return get_model(type_)


def _data(type_: str, obj: Mapping[str, Any]) -> Obj:
    """The creatable fields of ``obj`` (what a re-create may send)."""
    return {
        f.name: obj[f.name]
        for f in _model(type_).fields
        if f.creatable and obj.get(f.name) is not None
    }


async def _children(backend: Backend, contact_id: str) -> list[tuple[str, Obj]]:
    """Every child of a contact, archived ones too, before a delete takes them."""
    from ..schema import CHILD_TYPES, ListQuery

    out: list[tuple[str, Obj]] = []
    for type_ in CHILD_TYPES:
        for archived in ("false", "true"):
            q = ListQuery(filters={"parent_id": [contact_id], "is_archived": [archived]})
            out += [(type_, obj) async for obj in iter_all(backend, type_, q)]
    return out


class RecordingBackend:
    """The session's backend, keeping before-images of the app's writes in a journal.

    Every other member of the Backend protocol is the wrapped backend's own, handed on
    one by one (no ``__getattr__``), so mypy checks this class against the protocol too.
    """

    def __init__(self, inner: Backend, journal: UndoJournal) -> None:
        self.inner = inner
        self.journal = journal

    @property
    def mode(self) -> str:
        return self.inner.mode

    @property
    def capabilities(self) -> Capabilities:
        return self.inner.capabilities

    @property
    def on_busy(self) -> BusyHandler | None:
        return self.inner.on_busy

    @on_busy.setter
    def on_busy(self, handler: BusyHandler | None) -> None:
        self.inner.on_busy = handler

    # ---------------------------------------------------------------- as is

    def status(self) -> Status:
        return self.inner.status()

    def on_status(self, callback: StatusListener) -> Callable[[], None]:
        return self.inner.on_status(callback)

    async def server_capabilities(self) -> Capabilities:
        return await self.inner.server_capabilities()

    def local_book(self) -> LocalBook | None:
        """The inner book: a batch written there in one transaction is not recorded."""
        return self.inner.local_book()

    async def bulk_import(
        self,
        rows: Iterable[tuple[str, Mapping[str, Any]]],
        *,
        chunk_size: int = BULK_CHUNK_ROWS,
        run_hooks: bool = True,
        keep_ids: bool = False,
        emit_events: bool = False,
        on_existing: OnExisting | None = None,
    ) -> ImportResult:
        return await self.inner.bulk_import(
            rows,
            chunk_size=chunk_size,
            run_hooks=run_hooks,
            keep_ids=keep_ids,
            emit_events=emit_events,
            on_existing=on_existing,
        )

    def warm_up(self) -> None:
        self.inner.warm_up()

    async def push_now(self) -> SyncSummary:
        return await self.inner.push_now()

    async def audit(self, query: AuditQuery | None = None) -> Page:
        return await self.inner.audit(query)

    @property
    def tz(self) -> tzinfo | None:
        return self.inner.tz

    @tz.setter
    def tz(self, value: tzinfo | None) -> None:
        self.inner.tz = value

    # ---------------------------------------------------------------- reads: as is

    async def list(self, type_: str, query: ListQuery | None = None) -> Page:
        return await self.inner.list(type_, query)

    async def get(self, type_: str, id_: str) -> Obj:
        return await self.inner.get(type_, id_)

    async def search(self, text: str, limit: int = 20) -> builtins.list[Obj]:
        return await self.inner.search(text, limit)

    async def agenda(
        self, today: date, horizon_days: int = 30, *, limit: int | None = None
    ) -> Agenda:
        return await self.inner.agenda(today, horizon_days, limit=limit)

    async def agenda_rows(
        self, panel: PanelName, today: date, horizon_days: int, offset: int, limit: int
    ) -> builtins.list[AgendaRow]:
        return await self.inner.agenda_rows(panel, today, horizon_days, offset, limit)

    def changes(self) -> AsyncIterator[ChangeEvent]:
        return self.inner.changes()

    async def close(self) -> None:
        await self.inner.close()

    # ---------------------------------------------------------------- writes: recorded

    async def create(self, type_: str, data: Mapping[str, Any]) -> Obj:
        # The writes that move the contact's last_contacted_at; imported here, at the
        # first write, not with the app (the hooks and relationships modules).
        from ..domain.hooks import BUMPING_TYPES

        parent: Obj | None = None
        parent_id = data.get("parent_id")
        if type_ in BUMPING_TYPES and parent_id:
            parent = await self._maybe_get("contact", str(parent_id))
        obj = await self.inner.create(type_, data)
        self.journal.record(
            Step("created", type_, str(obj["id"]), before=dict(obj), name=_describe(type_, obj))
        )
        if parent is not None:  # the conversation hook moved last_contacted_at
            after = await self._maybe_get("contact", str(parent["id"]))
            old = parent.get("last_contacted_at")
            if after is not None and after.get("last_contacted_at") != old:
                self.journal.record(
                    Step(
                        "updated",
                        "contact",
                        str(parent["id"]),
                        before={"last_contacted_at": old},
                        name=_describe("contact", parent),
                    )
                )
        return obj

    async def update(self, type_: str, id_: str, patch: Mapping[str, Any]) -> Obj:
        before = await self._maybe_get(type_, id_)
        obj = await self.inner.update(type_, id_, patch)
        if before is not None:
            old = {k: before.get(k) for k in patch if before.get(k) != obj.get(k)}
            if old:
                self.journal.record(
                    Step("updated", type_, id_, before=old, name=_describe(type_, before))
                )
        return obj

    async def delete(self, type_: str, id_: str) -> None:
        before = await self._maybe_get(type_, id_)
        children = await _children(self.inner, id_) if type_ == "contact" else []
        await self.inner.delete(type_, id_)
        if before is not None:
            self.journal.record(
                Step("deleted", type_, id_, before, children, name=_describe(type_, before))
            )

    async def set_archived(self, type_: str, id_: str, archived: bool) -> Obj:
        before = await self._maybe_get(type_, id_)
        obj = await self.inner.set_archived(type_, id_, archived)
        if before is not None and bool(before.get("is_archived")) != archived:
            self.journal.record(
                Step("archived", type_, id_, before=before, name=_describe(type_, before))
            )
        return obj

    async def _maybe_get(self, type_: str, id_: str) -> Obj | None:
        try:
            return await self.inner.get(type_, id_)
        except NotFound:
            return None


async def undo_change(backend: Backend, change: Change) -> None:
    """Reverse ``change`` on ``backend`` (the unwrapped one: an undo is not recorded)."""
    for step in reversed(change.steps):
        await _undo_step(backend, step)


async def _undo_step(backend: Backend, step: Step) -> None:
    if step.kind == "created":
        with contextlib.suppress(NotFound):  # already gone: nothing to take back
            await backend.delete(step.type_, step.id_)
    elif step.kind == "updated":
        model = _model(step.type_)
        patch = {
            k: v for k, v in step.before.items() if model.has_field(k) and model.field(k).patchable
        }
        if patch:
            await backend.update(step.type_, step.id_, patch)
    elif step.kind == "archived":
        await backend.set_archived(step.type_, step.id_, bool(step.before.get("is_archived")))
    else:
        await _restore(backend, step)


async def _restore(backend: Backend, step: Step) -> None:
    """Create the deleted object again, and a contact's children under its new id.

    Relationships come back through the create hook, which mirrors them again.
    """
    obj = await backend.create(step.type_, _data(step.type_, step.before))
    new_id = str(obj["id"])
    if step.before.get("is_archived"):
        await backend.set_archived(step.type_, new_id, True)
    for type_, child in step.children:
        made = await backend.create(type_, {**_data(type_, child), "parent_id": new_id})
        if child.get("is_archived"):
            await backend.set_archived(type_, str(made["id"]), True)
