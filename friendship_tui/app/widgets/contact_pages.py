"""One read of the contact list: a page of contacts and the snoozes of its due people.

The list's "● due" marker needs the snoozes of the page's overdue contacts. Read through
the backend that is two awaits, two trips to a worker thread and back to the event loop
per filter keystroke, the second one queued behind whatever the loop is drawing (the
keystroke's own echo). On a book on this machine both reads run in one thread trip;
elsewhere (a server, a sync profile's queued copy) through the documented list API.
"""

from __future__ import annotations

import asyncio
from datetime import date

from ...domain.snooze import SNOOZE_KIND, snooze_by_contact
from ...schema import ListQuery
from ...store.base import Backend, LocalBook, Obj, Page, iter_all
from ...store.errors import BookLocked
from ..display import overdue_days

SNOOZE_IDS_PER_READ = 50  # contact ids per custom-field list read (a short query string)
FIELDS_PER_READ = 200


def due_ids(items: list[Obj], today: date) -> list[str]:
    """The ids of the contacts overdue for stay-in-touch: the only ones whose snooze
    changes what the list shows."""
    return [str(c["id"]) for c in items if overdue_days(c, today) is not None]


def _snooze_queries(contact_ids: list[str]) -> list[ListQuery]:
    return [
        ListQuery(filters={"kind": [SNOOZE_KIND], "parent_id": ids})
        for ids in (
            contact_ids[start : start + SNOOZE_IDS_PER_READ]
            for start in range(0, len(contact_ids), SNOOZE_IDS_PER_READ)
        )
    ]


async def snoozes_of(backend: Backend, contact_ids: list[str]) -> dict[str, date]:
    """{contact id: back-on date} of these contacts' snoozes, read through the documented
    list API (custom fields by ``kind`` and ``parent_id``), so every backend answers."""
    fields: list[Obj] = []
    for query in _snooze_queries(contact_ids):
        fields += [f async for f in iter_all(backend, "custom_field", query)]
    return snooze_by_contact(fields)


def _read_local(book: LocalBook, query: ListQuery, today: date) -> tuple[Page, dict[str, date]]:
    """Both reads on the store, in the calling (worker) thread."""
    page = book.store.list(book.owner, "contact", query)
    fields: list[Obj] = []
    for base in _snooze_queries(due_ids(page.items, today)):
        offset = 0
        while True:
            part = book.store.list(
                book.owner,
                "custom_field",
                ListQuery(
                    filters=base.filters, sort="created_at", limit=FIELDS_PER_READ, offset=offset
                ),
            )
            fields += part.items
            if len(part.items) < FIELDS_PER_READ:
                break
            offset += FIELDS_PER_READ
    return page, snooze_by_contact(fields)


async def read_contacts(
    backend: Backend, query: ListQuery, today: date
) -> tuple[Page, dict[str, date]]:
    """The contacts of ``query`` and {contact id: back-on date} of its due people."""
    book = backend.local_book()
    if book is not None and not book.queued:
        try:
            return await asyncio.to_thread(_read_local, book, query, today)
        except BookLocked:
            pass  # the backend's own reads wait for the lock (and say so: app on_busy)
    page = await backend.list("contact", query)
    return page, await snoozes_of(backend, due_ids(page.items, today))
