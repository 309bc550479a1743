"""Radicale's storage plugin over our store: the collections a user has, made on demand.

The tree is fixed, nothing is stored twice:

- ``/``: the root; ``/<user>/``: the principal and the home of every collection;
- ``/<user>/contacts/``: the address book (read-write, one card per contact);
- ``/<user>/birthdays/``: yearly dates; ``/<user>/reminders/``: open reminders (both
  read-only, generated from the store at each request).

Another user's paths simply do not exist here (the gate answers 404 before Radicale
sees them). ``getctag`` and ``sync-token`` are the audit log's position (book.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from email.utils import formatdate
from typing import Any

from radicale import item as radicale_item
from radicale import pathutils
from radicale import storage as rstorage

from ...io.vcard_io import UID_LABEL
from ...store.local import Store
from ..accounts import Principal
from . import book as book_mod
from . import calendars, cards
from .context import current, refuse

SYNC_NS = "http://friendship-tui.invalid/ns/sync/"
BOOK, BIRTHDAYS, REMINDERS = "contacts", "birthdays", "reminders"
BOOK_TYPES = ("contact", "custom_field")  # a card is a contact and its UID/href fields
FEW = 50  # up to this many hrefs are fetched one by one rather than with the whole book


def _principal() -> Principal:
    req = current()
    if req is None:  # only the gate calls Radicale, and it always sets the request
        raise refuse(401, "not authenticated")
    return req.principal


class _Collection(rstorage.BaseCollection):
    meta: dict[str, str] = {}

    def __init__(self, store: Store, path: str) -> None:
        self._store = store
        self._path = path

    @property
    def path(self) -> str:
        return self._path

    def get_meta(self, key: str | None = None) -> Any:
        return dict(self.meta) if key is None else self.meta.get(key)

    def set_meta(self, props: Mapping[str, str]) -> None:
        raise refuse(403, "the collections of this server cannot be changed")

    @property
    def last_modified(self) -> str:
        return formatdate(usegmt=True)

    def get_all(self) -> Iterable[radicale_item.Item]:
        return ()

    def get_multi(self, hrefs: Iterable[str]) -> Iterable[tuple[str, radicale_item.Item | None]]:
        return [(h, None) for h in hrefs]

    def upload(self, href: str, item: radicale_item.Item) -> Any:
        raise refuse(403, "this collection is read-only")

    def delete(self, href: str | None = None) -> None:
        raise refuse(403, "this collection is read-only")

    def _item(self, href: str, text: str, uid: str, name: str, component: str) -> Any:
        return radicale_item.Item(
            collection=self,
            href=href,
            text=text,
            etag=radicale_item.get_etag(text),
            uid=uid,
            name=name,
            component_name=component,
            last_modified=self.last_modified,
        )


class AddressBook(_Collection):
    meta = {
        "tag": "VADDRESSBOOK",
        "D:displayname": "Friendship",
        "CR:addressbook-description": "Your contacts in friendship-tui",
    }

    def __init__(self, store: Store, path: str, owner: str) -> None:
        super().__init__(store, path)
        self._owner = owner
        self._book: book_mod.Book | None = None

    def _entries(self) -> book_mod.Book:
        if self._book is None:
            self._book = book_mod.read_book(self._store, self._owner)
        return self._book

    def _card(self, entry: book_mod.Entry) -> Any:
        req = current()
        version = req.vcard_version if req is not None else "3.0"
        text = cards.card_text(entry, version)
        return self._item(entry.href, text, entry.uid, "VCARD", "VCARD")

    def get_all(self) -> Iterable[radicale_item.Item]:
        return [self._card(e) for e in self._entries().entries.values()]

    def get_multi(self, hrefs: Iterable[str]) -> Iterable[tuple[str, radicale_item.Item | None]]:
        wanted = list(dict.fromkeys(hrefs))
        if self._book is not None or len(wanted) > FEW:
            entries = self._entries().entries
        else:  # a few changed cards: do not build the whole book for them
            entries = book_mod.read_some(self._store, self._owner, wanted).entries
        return [(h, self._card(entries[h]) if h in entries else None) for h in wanted]

    def has_uid(self, uid: str) -> bool:
        if self._book is None and not uid.startswith("urn:uuid:"):  # no derived UID: the
            links = book_mod.read_links(self._store, self._owner)  # stored ones suffice
            return any(str(m[UID_LABEL]["value"]) == uid for m in links.values() if UID_LABEL in m)
        return any(e.uid == uid for e in self._entries().entries.values())

    def _one(self, href: str) -> book_mod.Entry | None:
        if self._book is not None:
            return self._book.entries.get(href)
        return book_mod.read_some(self._store, self._owner, [href]).entries.get(href)

    @property
    def etag(self) -> str:
        return f'"{book_mod.position(self._store, self._owner, BOOK_TYPES)}"'

    def sync(self, old_token: str = "") -> tuple[str, Iterable[str]]:
        seq = book_mod.position(self._store, self._owner, BOOK_TYPES)
        token = f"{SYNC_NS}{seq}"
        if not old_token:
            return token, [h for h in self._entries().entries]
        if not old_token.startswith(SYNC_NS) or not old_token[len(SYNC_NS) :].isdigit():
            raise ValueError("not a sync token of this server")
        old = int(old_token[len(SYNC_NS) :])
        if old > seq:
            raise ValueError("a sync token from the future")
        if old == seq:
            return token, []
        changes = book_mod.changes_since(self._store, self._owner, old)
        links = book_mod.read_links(self._store, self._owner)
        hrefs = set()
        for cid in changes.contact_ids:
            if cid in changes.deleted_hrefs:
                hrefs.add(changes.deleted_hrefs[cid])
            elif book_mod.HREF_LABEL in links.get(cid, {}):
                hrefs.add(str(links[cid][book_mod.HREF_LABEL]["value"]))
            else:
                hrefs.add(book_mod.default_href(cid))
        return token, sorted(hrefs)

    def upload(self, href: str, item: radicale_item.Item) -> Any:
        existing = self._one(href)
        cards.put_card(self._store, _principal(), href, item.serialize(), existing)
        self._book = None
        entry = self._one(href)
        if entry is None:  # only if another writer deleted it in between
            raise refuse(409, "the card was deleted while it was written")
        return self._card(entry), (self._card(existing) if existing else None)

    def delete(self, href: str | None = None) -> None:
        if href is None:
            raise refuse(403, "the address book itself cannot be deleted")
        entry = self._one(href)
        if entry is None:
            raise rstorage.ComponentNotFoundError(href)
        cards.delete_card(self._store, _principal(), entry)
        self._book = None


class GeneratedCalendar(_Collection):
    """A read-only calendar computed from the store at each request."""

    def __init__(
        self,
        store: Store,
        path: str,
        owner: str,
        meta: dict[str, str],
        types: tuple[str, ...],
        source: Callable[[Store, Principal], Iterator[calendars.CalendarObject]],
    ) -> None:
        super().__init__(store, path)
        self.meta = meta
        self._owner = owner
        self._types = types
        self._source = source
        self._objects: dict[str, calendars.CalendarObject] | None = None

    def _all(self) -> dict[str, calendars.CalendarObject]:
        if self._objects is None:
            self._objects = {o.href: o for o in self._source(self._store, _principal())}
        return self._objects

    def _wrap(self, o: calendars.CalendarObject) -> Any:
        return self._item(o.href, o.text, o.uid, "VCALENDAR", o.component)

    def get_all(self) -> Iterable[radicale_item.Item]:
        return [self._wrap(o) for o in self._all().values()]

    def get_multi(self, hrefs: Iterable[str]) -> Iterable[tuple[str, radicale_item.Item | None]]:
        objs = self._all()
        return [(h, self._wrap(objs[h]) if h in objs else None) for h in hrefs]

    @property
    def etag(self) -> str:
        return f'"{book_mod.position(self._store, self._owner, self._types)}"'

    def sync(self, old_token: str = "") -> tuple[str, Iterable[str]]:
        token = f"{SYNC_NS}{book_mod.position(self._store, self._owner, self._types)}"
        if old_token and old_token != token:
            raise ValueError("changed: list the calendar again")  # the client re-lists
        return token, ([] if old_token else list(self._all()))


def _reminders(store: Store, principal: Principal) -> Iterator[calendars.CalendarObject]:
    req = current()
    return calendars.reminder_objects(store, principal, req is not None and req.tasks_as_events)


def _calendar(store: Store, owner: str, name: str) -> _Collection | None:
    path = f"{owner}/{name}"
    if name == BOOK:
        return AddressBook(store, path, owner)
    if name == BIRTHDAYS:
        meta = {
            "tag": "VCALENDAR",
            "D:displayname": "Birthdays and anniversaries",
            "C:supported-calendar-component-set": "VEVENT",
        }
        return GeneratedCalendar(
            store, path, owner, meta, calendars.YEARLY_TYPES, calendars.yearly_objects
        )
    if name == REMINDERS:
        meta = {
            "tag": "VCALENDAR",
            "D:displayname": "Reminders",
            "C:supported-calendar-component-set": "VTODO",
        }
        return GeneratedCalendar(store, path, owner, meta, calendars.REMINDER_TYPES, _reminders)
    return None


class Storage(rstorage.BaseStorage):
    """Built by ``mount.py`` with the server's Store (Radicale accepts a factory)."""

    def __init__(self, configuration: Any, store: Store) -> None:
        super().__init__(configuration)
        self.store = store

    def discover(
        self,
        path: str,
        depth: str = "0",
        child_context_manager: Any = None,
        user_groups: Any = frozenset(),
    ) -> Iterable[Any]:
        sane = pathutils.strip_path(path)
        parts = sane.split("/") if sane else []
        req = current()
        user = req.principal.user if req is not None else None
        if not parts:
            yield _Collection(self.store, "")
            if depth != "0" and user:
                yield _Collection(self.store, user)
            return
        if user is None or parts[0] != user or len(parts) > 3:
            return
        if len(parts) == 1:
            yield _Collection(self.store, user)
            if depth != "0":
                for name in (BOOK, BIRTHDAYS, REMINDERS):
                    yield _calendar(self.store, user, name)
            return
        coll = _calendar(self.store, user, parts[1])
        if coll is None:
            return
        if len(parts) == 2:
            yield coll
            if depth != "0":
                yield from coll.get_all()
            return
        for _href, found in coll.get_multi([parts[2]]):
            if found is not None:
                yield found

    def move(self, item: Any, to_collection: Any, to_href: str) -> None:
        raise refuse(403, "moving cards is not supported")

    def create_collection(self, href: str, items: Any = None, props: Any = None) -> Any:
        raise refuse(403, "the collections of this server are fixed")

    @contextlib.contextmanager
    def acquire_lock(self, mode: str, user: str = "", *args: Any, **kwargs: Any) -> Iterator[None]:
        yield  # the store serialises its own writes

    def verify(self) -> bool:
        return True
