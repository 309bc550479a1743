"""The Backend interface every store implements: local, remote and sync.

Objects travel as plain flat dicts, exactly as on the wire (API.md "Objects on the
wire"): the server-managed fields plus every data field, null when unset. That keeps
the UI, the CLI, the server and the sync engine free of per-model classes.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import date, tzinfo
from typing import Any, Literal, Protocol, runtime_checkable

from ..domain.agenda import Agenda, AgendaRow, PanelName
from ..schema import ListQuery

Obj = dict[str, Any]  # one object as on the wire; every module imports this one
Action = Literal["create", "update", "delete"]


@dataclass(slots=True)
class Page:
    """One page of a list. ``next_after`` is the keyset cursor for the next page."""

    items: list[Obj]
    limit: int
    offset: int = 0
    total: int | None = None
    next_after: str | None = None


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
class Capabilities:
    """Optional features; the UI and the sync engine read these instead of guessing."""

    search: bool = True
    updated_since: bool = True
    live: bool = True
    archive: bool = True
    audit: bool = True
    server_agenda: bool = True


@runtime_checkable
class Backend(Protocol):
    """What the app, the CLI and the server's routes need from a store.

    Every method may raise the errors of ``store.errors``. ``type_`` is a model name of
    ``schema.MODELS``; an unknown one is a ValidationError on ``type``.
    """

    mode: str  # "local" | "remote" | "sync": shown in the app header
    capabilities: Capabilities
    # The user's zone (None: the system's): the agenda counts due dates from the local
    # day of the last talk. The app and the CLI set it from their clock when they open.
    tz: tzinfo | None

    async def list(self, type_: str, query: ListQuery | None = None) -> Page: ...

    async def get(self, type_: str, id_: str) -> Obj: ...

    async def create(self, type_: str, data: Mapping[str, Any]) -> Obj: ...

    async def update(self, type_: str, id_: str, patch: Mapping[str, Any]) -> Obj: ...

    async def delete(self, type_: str, id_: str) -> None: ...

    async def search(self, text: str, limit: int = 20) -> builtins.list[Obj]:
        """Contacts matching ``text`` (full-text, prefix, diacritics-insensitive)."""
        ...

    async def agenda(
        self, today: date, horizon_days: int = 30, *, limit: int | None = None
    ) -> Agenda:
        """The agenda on ``today``: every row (``limit=None``), or each panel's first
        ``limit`` rows in panel order; ``totals`` always holds each panel's exact size."""
        ...

    async def agenda_rows(
        self, panel: PanelName, today: date, horizon_days: int, offset: int, limit: int
    ) -> builtins.list[AgendaRow]:
        """Rows ``[offset, offset+limit)`` of one panel, in the same order (a panel
        that scrolls pulls more)."""
        ...

    async def set_archived(self, type_: str, id_: str, archived: bool) -> Obj: ...

    def changes(self) -> AsyncIterator[ChangeEvent]:
        """Every committed change, as it happens (also other clients', where possible)."""
        ...

    async def close(self) -> None: ...


@dataclass(slots=True)
class Status:
    """Connection state for the header: "local", "online", "offline", "syncing"."""

    state: str = "local"
    pending: int = 0
    conflicts: int = 0
    last_sync: str | None = None
    detail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


async def iter_all(
    backend: Backend, type_: str, query: ListQuery | None = None, page_size: int = 200
) -> AsyncIterator[Obj]:
    """Every object of a list, following pages (keyset when possible, else offset)."""
    base = query or ListQuery()
    sort = base.sort
    use_keyset = sort in (None, "created_at") and base.q is None
    after: str | None = base.after
    offset = base.offset
    while True:
        q = ListQuery(
            filters=base.filters,
            sort="created_at" if use_keyset else sort,
            limit=page_size,
            offset=0 if use_keyset else offset,
            after=after if use_keyset else None,
            q=base.q,
            updated_since=base.updated_since,
            include_deleted=base.include_deleted,
        )
        page = await backend.list(type_, q)
        for obj in page.items:
            yield obj
        if len(page.items) < page.limit or not page.items:
            return
        if use_keyset:
            after = page.next_after or str(page.items[-1]["id"])
        else:
            offset += len(page.items)
