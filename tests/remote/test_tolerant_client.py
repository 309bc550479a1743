"""RemoteBackend against a server that only has the documented parts, and odd habits:
bare-array lists, no ``meta``, fields nested under ``data``, unknown fields, a 429, a
503, a dropped connection. The client must read it all and retry only what is safe."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from friendship_tui.remote import RemoteBackend
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import iter_all
from friendship_tui.store.errors import (
    Conflict,
    NotFound,
    NotSupported,
    PermissionDenied,
    RateLimited,
    Unauthorized,
    Unavailable,
    ValidationError,
)

from .conftest import DROP, Reply, Request, StartRaw

CONTACTS = [
    {
        "id": f"c{i}",
        "created_at": f"2026-01-0{i + 1}T00:00:00Z",
        "owned_by": "u1",
        "data": {"name": name, "birthday": bday, "favourite_colour": "teal"},
    }
    for i, (name, bday) in enumerate(
        [("Ann", "--01-20"), ("Ben", None), ("Cleo", None), ("Dan", None), ("Eve", None)]
    )
]
PAGE_CAP = 2  # this server caps pages at 2 and never says so


class OddServer:
    """Scripted answers, counting attempts per route."""

    def __init__(self) -> None:
        self.post_attempts = 0
        self.reminder_attempts = 0

    def __call__(self, req: Request) -> Reply:
        path, q = req.path, dict(req.query)
        if req.headers.get("authorization") != "Bearer pat_good":
            return (401, {}, {"error": {"code": "unauthorized", "message": "who are you"}})
        if path == "/xapi2/data/contact" and req.method == "GET":
            rows = CONTACTS
            if "after" in q:
                idx = [c["id"] for c in rows].index(q["after"])
                rows = rows[idx + 1 :]
            return (200, {}, rows[:PAGE_CAP])  # bare array, no meta
        if path == "/xapi2/data/contact" and req.method == "POST":
            self.post_attempts += 1
            if self.post_attempts == 1:
                return (429, {"Retry-After": "3"}, {"error": {"message": "slow down"}})
            if self.post_attempts == 2:
                return DROP
            body = req.json()
            return (201, {}, {"data": {"id": "new1", "data": body, "server_only": True}})
        if path.startswith("/xapi2/data/contact/"):
            cid = path.rsplit("/", 1)[1]
            for c in CONTACTS:
                if c["id"] == cid:
                    return (200, {}, {"data": c})  # envelope + nested data
            return (404, {}, {"error": {"code": "not_found", "message": "nope"}})
        if path == "/xapi2/data/note":
            return (200, {}, {"items": [{"id": "n1", "body": "hi", "parent_id": "c0"}]})
        if path == "/xapi2/data/pet":
            return (200, {}, {"results": [{"id": "p1", "name": "Rex"}], "total": 1})
        if path == "/xapi2/data/life_event":
            return (200, {}, {"data": [], "meta": {"limit": 20, "offset": 0}})
        if path == "/xapi2/data/reminder":
            self.reminder_attempts += 1
            if self.reminder_attempts <= 2:
                return (503, {}, None)
            return (200, {}, [])
        if path == "/xapi2/data/gift":
            return (
                400,
                {},
                {
                    "error": {
                        "code": "validation_error",
                        "message": "bad",
                        "fields": {"sort": "unknown"},
                    }
                },
            )
        if path == "/xapi2/data/activity":
            return (403, {}, {"error": {"message": "scope"}})
        if path == "/xapi2/data/relationship":
            return (409, {}, {"error": {"message": "clash"}})
        if path == "/xapi2/data/journal_entry":
            return (502, {}, None)
        return (404, {}, {"detail": "Not Found"})


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


async def _backend(
    raw_server: StartRaw, token: str = "pat_good"
) -> tuple[RemoteBackend, OddServer, Sleeps, Any]:
    odd = OddServer()
    raw = await raw_server(odd)
    sleeps = Sleeps()
    return RemoteBackend(raw.url, token, sleep=sleeps, max_retries=3), odd, sleeps, raw


async def test_bare_arrays_without_meta_are_paged_to_the_end(raw_server: StartRaw) -> None:
    backend, _, _, raw = await _backend(raw_server)
    got = [c async for c in iter_all(backend, "contact")]
    assert [c["id"] for c in got] == ["c0", "c1", "c2", "c3", "c4"]
    # nested data is flattened, unknown fields are kept
    assert got[0]["name"] == "Ann" and got[0]["favourite_colour"] == "teal"
    assert got[0]["owned_by"] == "u1"
    afters = [dict(r.query).get("after") for r in raw.requests if r.path == "/xapi2/data/contact"]
    assert afters == [None, "c1", "c3", "c4"]
    await backend.close()


async def test_items_and_results_envelopes(raw_server: StartRaw) -> None:
    backend, *_ = await _backend(raw_server)
    assert (await backend.list("note")).items == [{"id": "n1", "body": "hi", "parent_id": "c0"}]
    pets = await backend.list("pet")
    assert pets.items[0]["name"] == "Rex" and pets.total == 1
    await backend.close()


async def test_single_object_envelope_and_nested_data(raw_server: StartRaw) -> None:
    backend, *_ = await _backend(raw_server)
    c = await backend.get("contact", "c2")
    assert c["id"] == "c2" and c["name"] == "Cleo" and c["favourite_colour"] == "teal"
    assert "data" not in c
    with pytest.raises(NotFound):
        await backend.get("contact", "zzz")
    await backend.close()


async def test_429_then_dropped_connection_then_success(raw_server: StartRaw) -> None:
    backend, odd, sleeps, raw = await _backend(raw_server)
    made = await backend.create("contact", {"name": "Zoe"})
    assert made["id"] == "new1" and made["name"] == "Zoe" and made["server_only"] is True
    assert odd.post_attempts == 3
    assert sleeps.delays[0] == 3.0  # Retry-After honoured
    keys = {r.headers.get("idempotency-key") for r in raw.requests if r.method == "POST"}
    assert len(keys) == 1 and None not in keys  # one key for every attempt: no twins
    await backend.close()


async def test_503_is_retried_with_growing_backoff(raw_server: StartRaw) -> None:
    backend, odd, sleeps, _ = await _backend(raw_server)
    assert (await backend.list("reminder")).items == []
    assert odd.reminder_attempts == 3
    assert len(sleeps.delays) == 2 and sleeps.delays[1] > sleeps.delays[0] * 0.9
    await backend.close()


async def test_persistent_5xx_becomes_unavailable_after_the_retries(raw_server: StartRaw) -> None:
    backend, _, _, raw = await _backend(raw_server)
    with pytest.raises(Unavailable):
        await backend.list("journal_entry")
    assert len([r for r in raw.requests if r.path == "/xapi2/data/journal_entry"]) == 4
    await backend.close()


@pytest.mark.parametrize(
    "type_, error",
    [("gift", ValidationError), ("activity", PermissionDenied), ("relationship", Conflict)],
)
async def test_4xx_is_mapped_and_never_retried(
    raw_server: StartRaw, type_: str, error: type[Exception]
) -> None:
    backend, _, sleeps, raw = await _backend(raw_server)
    with pytest.raises(error) as info:
        await backend.list(type_)
    assert len(raw.requests) == 1 and sleeps.delays == []
    if isinstance(info.value, ValidationError):
        assert info.value.fields == {"sort": "unknown"}
    await backend.close()


async def test_bad_token_is_unauthorized(raw_server: StartRaw) -> None:
    backend, *_ = await _backend(raw_server, token="pat_bad")
    with pytest.raises(Unauthorized):
        await backend.list("contact")
    await backend.close()


async def test_rate_limit_that_never_ends_is_rate_limited(raw_server: StartRaw) -> None:
    raw = await raw_server(lambda req: (429, {"Retry-After": "1"}, None))
    sleeps = Sleeps()
    backend = RemoteBackend(raw.url, "pat_good", sleep=sleeps, max_retries=2)
    with pytest.raises(RateLimited) as info:
        await backend.list("contact")
    assert info.value.retry_after == 1.0 and sleeps.delays == [1.0, 1.0]
    await backend.close()


async def test_unreachable_server_is_unavailable() -> None:
    from friendship_tui.server import free_port

    sleeps = Sleeps()
    backend = RemoteBackend(f"http://127.0.0.1:{free_port()}", "pat_x", sleep=sleeps, max_retries=2)
    with pytest.raises(Unavailable):
        await backend.get("contact", "c1")
    assert len(sleeps.delays) == 2
    await backend.close()


async def test_doc_only_server_gets_client_side_search_agenda_and_no_archive(
    raw_server: StartRaw,
) -> None:
    backend, *_ = await _backend(raw_server)
    found = await backend.search("cle")
    assert [c["id"] for c in found] == ["c2"]
    assert backend.capabilities.search is False and backend.capabilities.server_agenda is False
    agenda = await backend.agenda(date(2026, 1, 10), 30)
    assert [(r.kind, r.contact_name) for r in agenda.events] == [("birthday", "Ann")]
    with pytest.raises(NotSupported, match="not supported by this server"):
        await backend.set_archived("contact", "c1", True)
    with pytest.raises(NotSupported):
        await backend.list("contact", ListQuery(updated_since="2026-01-01"))
    await backend.close()


async def test_writes_do_not_wait_for_a_server_without_a_live_channel(
    raw_server: StartRaw, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from friendship_tui.remote import backend as backend_module

    # Were writes to wait for the channel until a timeout, this one would hang the test.
    monkeypatch.setattr(backend_module, "STREAM_READY_TIMEOUT", 3600.0)
    odd = OddServer()
    odd.post_attempts = 2  # skip the scripted 429 and drop: answer at once
    raw = await raw_server(odd)
    backend = RemoteBackend(raw.url, "pat_good")
    stream = backend.changes()
    made = await asyncio.wait_for(backend.create("contact", {"name": "Now"}), 60)
    assert made["id"] == "new1"
    assert stream.channel.settled.is_set() and not stream.channel.ready.is_set()
    assert any(r.path == "/xapi2/ch" for r in raw.requests)  # it did try the channel
    await backend.close()
