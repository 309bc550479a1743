"""Keeping partial contacts out of the default contact list where archiving cannot.

A partial contact (``domain.reserved_fields.PARTIAL``) is hidden from the default list.
Where the book's server can archive, the importer archives them and the server's own
filter does it. A server with only the documented API cannot archive, and cannot filter
on a custom field either, so the list would show them (and a sync copy of such a server
holds them unarchived). There the default contact list is paged here instead: the whole
list read with the same filters, sort and search, the partial contacts taken out, and
the page cut from what is left, so offsets and totals stay those of what is shown.

That costs a read of the whole list per page, so it is done only when some partial
contact would otherwise show; a book without one lists as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace

from ..domain.reserved_fields import PARTIAL, partial_ids
from ..schema import MODELS, ListQuery
from .base import Obj, Page
from .errors import NotFound

ListPage = Callable[[str, ListQuery], Awaitable[Page]]
GetOne = Callable[[str, str], Awaitable[Obj]]
# Partial marks are bool custom fields: a documented filter narrows the read to them.
BOOL_FIELDS = ListQuery(filters={"kind": [PARTIAL.kind]}, sort="created_at", limit=200)
READ_SIZE = 200


def hides_partial(type_: str, query: ListQuery) -> bool:
    """Whether ``query`` is a default contact list, the one partial contacts leave. An
    explicit ``is_archived`` filter (an export, the agenda, sync) gets every contact."""
    return (
        type_ == "contact"
        and not query.filters.get("is_archived")
        and not query.include_deleted
        and query.updated_since is None
    )


async def _read_all(list_page: ListPage, type_: str, query: ListQuery) -> list[Obj]:
    out: list[Obj] = []
    offset = 0
    while True:
        page = await list_page(type_, replace(query, limit=READ_SIZE, offset=offset, after=None))
        out += page.items
        if len(page.items) < page.limit or not page.items:
            return out
        offset += len(page.items)


async def partial_contact_ids(list_page: ListPage) -> set[str]:
    """The contacts marked partial (live marks only); none from a server that does not
    serve custom fields at all."""
    try:
        return partial_ids(await _read_all(list_page, "custom_field", BOOL_FIELDS))
    except NotFound:
        return set()


def cut_page(visible: list[Obj], query: ListQuery) -> Page:
    """One page of ``visible`` as ``query`` asks (offset, or keyset after an id)."""
    model = MODELS["contact"]
    limit = min(query.limit or model.default_page_size, model.max_page_size)
    start = query.offset
    if query.after:
        ids = [str(c["id"]) for c in visible]
        start = ids.index(query.after) + 1 if query.after in ids else len(ids)
    items = visible[start : start + limit]
    more = start + limit < len(visible)
    return Page(
        items=items,
        limit=limit,
        offset=query.offset,
        total=len(visible),
        next_after=str(items[-1]["id"]) if items and more else None,
    )


async def list_without(list_page: ListPage, query: ListQuery, hidden: Iterable[str]) -> Page:
    """The default contact list with ``hidden`` taken out, paged here."""
    gone = set(hidden)
    base = replace(query, sort=query.sort or ("created_at" if query.after else None))
    every = await _read_all(list_page, "contact", base)
    return cut_page([c for c in every if str(c["id"]) not in gone], query)


async def list_hiding_partial(
    list_page: ListPage, type_: str, query: ListQuery | None, *, get: GetOne | None = None
) -> Page:
    """``list_page(type_, query)``, without the partial contacts of a default contact
    list. With ``get`` (a book that can archive) only the unarchived ones are taken
    out here (the archived ones the list leaves out itself)."""
    q = query or ListQuery()
    if not hides_partial(type_, q):
        return await list_page(type_, q)
    hidden = await partial_contact_ids(list_page)
    if get is not None:
        hidden = {i for i in hidden if not (await get(type_, i)).get("is_archived")}
    if not hidden:
        return await list_page(type_, q)
    return await list_without(list_page, q, hidden)
