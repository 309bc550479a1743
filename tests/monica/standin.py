"""A Monica v4 API stand-in built from Monica's public API docs: a real HTTP server on
127.0.0.1 serving paged JSON (``{"data", "links", "meta"}``), a bearer token, a small
page size so every list pages, and one 429 with ``Retry-After`` on the first contacts
page."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

TOKEN = "monica-secret"
PAGE_CAP = 2  # Monica pages; a small cap makes every list of 3+ items page


def _date(d: str | None, *, age: bool = False, no_year: bool = False) -> dict[str, Any]:
    return {
        "is_age_based": age if d else None,
        "is_year_unknown": no_year if d else None,
        "date": f"{d}T00:00:00Z" if d else None,
    }


def _short(cid: int, first: str, *, partial: bool = False, birth: str | None = None,
           no_year: bool = False) -> dict[str, Any]:  # fmt: skip
    return {
        "id": cid, "object": "contact", "first_name": first, "last_name": None,
        "is_partial": partial, "is_dead": False,
        "information": {"birthdate": _date(birth, no_year=no_year)},
        "account": {"id": 1},
    }  # fmt: skip


def _contact(cid: int, first: str, last: str | None = None, **extra: Any) -> dict[str, Any]:
    info = {
        "relationships": {
            k: {"total": 0, "contacts": []} for k in ("love", "family", "friend", "work")
        },
        "dates": {"birthdate": _date(None), "deceased_date": _date(None)},
        "career": {"job": None, "company": None},
        "avatar": {"url": None, "source": "default"},
        "food_preferences": None,
        "how_you_met": {"general_information": None, "first_met_date": _date(None),
                        "first_met_through_contact": None},
    }  # fmt: skip
    info.update(extra.pop("information", {}))
    base = {
        "id": cid, "object": "contact", "first_name": first, "last_name": last,
        "nickname": None, "gender": "Woman", "is_starred": False, "is_partial": False,
        "is_dead": False, "last_called": None, "last_activity_together": None,
        "stay_in_touch_frequency": None, "stay_in_touch_trigger_date": None,
        "information": info, "addresses": [], "tags": [], "contactFields": [],
        "account": {"id": 1}, "created_at": "2020-01-19T15:06:30Z",
        "updated_at": "2020-01-19T15:06:30Z",
    }  # fmt: skip
    base.update(extra)
    return base


def _cf(type_: str, name: str, content: str) -> dict[str, Any]:
    return {"content": content, "contact_field_type": {"name": name, "type": type_}}


def monica_book() -> dict[str, Any]:
    """Contacts with every special-date shape, partial and deceased people, relationships
    of several types, and one of each child list."""
    oscar = _short(2, "Oscar", partial=True, birth="2026-11-29", no_year=True)
    johnathon = _short(4, "Johnathon", partial=True)
    ann = _contact(
        1, "Ann", "Lindqvist",
        nickname="Annie", is_starred=True, stay_in_touch_frequency=30,
        last_called="2026-01-10 00:00:00",
        tags=[{"id": 1, "name": "book club"}, {"id": 2, "name": "school"}],
        contactFields=[
            _cf("email", "Email", "ann@example.org"), _cf("email", "Email", "ann@work.example"),
            _cf("email", "Email", "ann@old.example"), _cf("phone", "Phone", "+46 70 1"),
            _cf("twitter", "Twitter", "annl"), _cf("facebook", "Facebook", "ann.l"),
        ],
        addresses=[{"id": 9, "street": "Storgatan 1", "city": "Umeå", "postal_code": "90325",
                    "country": {"name": "Sweden", "iso": "se"}}],
        information={
            "dates": {"birthdate": _date("1981-10-29"), "deceased_date": _date(None)},
            "career": {"job": "Data lead", "company": "Fjord"},
            "food_preferences": "no coriander",
            "relationships": {
                "love": {"total": 0, "contacts": []},
                "family": {"total": 1, "contacts": [
                    {"relationship": {"id": 1, "name": "son"}, "contact": oscar}]},
                "friend": {"total": 1, "contacts": [
                    {"relationship": {"id": 2, "name": "friend"},
                     "contact": _short(3, "Makayla")}]},
                "work": {"total": 0, "contacts": []},
            },
            "how_you_met": {"general_information": "At the book club",
                            "first_met_date": _date("2026-03-04", no_year=True),
                            "first_met_through_contact": johnathon},
        },
        vcard_extra="kept by Monica only",
    )  # fmt: skip
    makayla = _contact(
        3, "Makayla", stay_in_touch_frequency=7, is_dead=True,
        information={"dates": {"birthdate": _date("1986-01-01", age=True),
                               "deceased_date": _date("2020-05-04")}},
    )  # fmt: skip
    fillers = [_contact(10 + i, f"Filler{i}", stay_in_touch_frequency=90) for i in range(3)]
    contacts = [ann, makayla, *fillers]
    per_contact: dict[int, dict[str, list[dict[str, Any]]]] = {
        1: {
            "notes": [{"id": 71, "body": "Loves hiking", "is_favorited": True},
                      {"id": 72, "body": "Moved flats", "is_favorited": False},
                      {"id": 73, "body": "Third note", "is_favorited": False}],
            "activities": [{"id": 5, "summary": "Dinner", "description": "Thai place",
                            "happened_at": "2026-02-01", "activity_type": {"name": "ate"}}],
            "calls": [{"id": 6, "content": "Talked about the move", "contact_called": True,
                       "called_at": "2026-01-10T18:00:00Z",
                       "emotions": [{"id": 1, "name": "happy"}]}],
            "reminders": [{"id": 7, "title": "Call about the trip", "initial_date": "2026-04-01",
                           "frequency_type": "year", "frequency_number": 1}],
            "gifts": [{"id": 8, "name": "Hiking map", "status": "offered", "value": "25",
                       "url": "https://maps.example/x", "comment": "for her birthday"}],
            "pets": [{"id": 9, "name": "Rex", "pet_category": {"name": "Dog"}}],
            "relationships": [{"id": 30, "contact_is": _short(10, "Filler0"),
                               "relationship_type": {"name": "colleague"},
                               "of_contact": _short(1, "Ann")}],
        },
    }  # fmt: skip
    account = {
        "lifeevents": [{"id": 40, "name": "Started at Fjord", "happened_at": "2019-09-01",
                        "life_event_type": {"name": "New job"}, "contact": {"id": 1}}],
        "journal": [{"id": 41, "title": "A good week", "post": "Saw Ann.",
                     "date": "2026-02-02"}],
        "debts": [{"id": 42, "in_debt": "no", "status": "inprogress", "amount": 20,
                   "reason": "concert tickets", "contact": {"id": 1}}],
        "tasks": [{"id": 43, "title": "Send photos", "completed": False,
                   "created_at": "2026-02-03T10:00:00Z", "contact": {"id": 1}}],
        "addresses": [],
    }  # fmt: skip
    return {"contacts": contacts, "per_contact": per_contact, "account": account}


@dataclass
class Standin:
    url: str
    book: dict[str, Any]
    hits: Counter[str] = field(default_factory=Counter)
    throttled: list[str] = field(default_factory=list)


def _page(items: list[Any], path: str, query: dict[str, list[str]]) -> dict[str, Any]:
    page = int(query.get("page", ["1"])[0])
    size = min(int(query.get("limit", ["15"])[0]), PAGE_CAP)
    last = max(1, -(-len(items) // size))
    chunk = items[(page - 1) * size : page * size]
    return {
        "data": chunk,
        "links": {"next": f"{path}?page={page + 1}" if page < last else None},
        "meta": {"current_page": page, "last_page": last, "per_page": size,
                 "total": len(items)},
    }  # fmt: skip


@contextmanager
def monica_standin(book: dict[str, Any] | None = None) -> Iterator[Standin]:
    state = Standin(url="", book=book or monica_book())

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parsed = urlparse(self.path)
            path, query = parsed.path, parse_qs(parsed.query)
            state.hits[path] += 1
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._send(401, {"error": {"message": "Unauthenticated."}})
                return
            if path == "/api/contacts" and not state.throttled:
                state.throttled.append(path)
                self._send(429, {"message": "Too Many Attempts."}, {"Retry-After": "1"})
                return
            parts = path.strip("/").split("/")
            b = state.book
            items: list[Any] | None = None
            if parts == ["api", "contacts"]:
                items = b["contacts"]
            elif len(parts) == 4 and parts[:2] == ["api", "contacts"]:
                items = b["per_contact"].get(int(parts[2]), {}).get(parts[3], [])
            elif len(parts) == 2 and parts[0] == "api" and parts[1] in b["account"]:
                items = b["account"][parts[1]]
            if items is None:
                self._send(404, {"error": {"message": "Not found"}})
                return
            self._send(200, _page(items, path, query))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def monica_dump() -> dict[str, Any]:
    """``monica_book`` as a saved dump (what ``import --from monica --save`` writes)."""
    book = monica_book()
    return {"format": "monica-json", "version": 1, "contacts": book["contacts"],
            "per_contact": {str(k): v for k, v in book["per_contact"].items()},
            "account": book["account"]}  # fmt: skip
