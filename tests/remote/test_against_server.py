"""RemoteBackend and the live-channel client against the project's real server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import date

import httpx
import pytest
from server_sandbox import Sandbox
from waiting import wait_until_async

from friendship_tui.remote import LiveChannel, RemoteBackend
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import ChangeEvent
from friendship_tui.store.errors import NotFound, PermissionDenied, Unauthorized, ValidationError


class LoseFirstResponse(httpx.AsyncBaseTransport):
    """Deliver each write to the server but lose the first answer, as a flaky network does."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and self.lost == 0:
            await response.aread()
            self.lost += 1
            raise httpx.ReadError("connection reset while reading the response")
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def _noop_sleep(_: float) -> None:
    return None


async def test_retry_after_a_lost_response_makes_no_twin(
    sandbox: Sandbox, users: tuple[str, str]
) -> None:
    transport = LoseFirstResponse()
    backend = RemoteBackend(
        sandbox.url, sandbox.token(users[0]), transport=transport, sleep=_noop_sleep
    )
    made = await backend.create("contact", {"name": "Only Once"})
    assert transport.lost == 1
    page = await backend.list("contact", ListQuery(filters={"name": ["Only Once"]}))
    assert [c["id"] for c in page.items] == [made["id"]]
    await backend.close()


async def test_errors_are_typed(sandbox: Sandbox, users: tuple[str, str]) -> None:
    backend = RemoteBackend(sandbox.url, sandbox.token(users[0], scopes=["contact:*"]))
    with pytest.raises(ValidationError) as info:
        await backend.create("contact", {"name": "", "gender": "robot"})
    assert set(info.value.fields) == {"name", "gender"}
    with pytest.raises(NotFound):
        await backend.get("contact", "01NOPE")
    with pytest.raises(PermissionDenied):
        await backend.list("note")
    await backend.close()
    bad = RemoteBackend(sandbox.url, "pat_nonsense")
    with pytest.raises(Unauthorized):
        await bad.list("contact")
    await bad.close()


async def test_a_non_finite_number_is_named_not_sent_as_broken_json(
    sandbox: Sandbox, users: tuple[str, str]
) -> None:
    """Python writes inf as ``Infinity``, which is not JSON: the server refused the whole
    body ("body is not valid JSON"); the field is named, as the schema names it."""
    backend = RemoteBackend(sandbox.url, sandbox.token(users[0]))
    ann = await backend.create("contact", {"name": "Ann Finite"})
    body = {"parent_id": ann["id"], "channel": "call", "duration_minutes": float("inf")}
    with pytest.raises(ValidationError) as info:
        await backend.create("conversation", body)
    assert info.value.fields == {"duration_minutes": "must be a finite number"}
    assert (await backend.list("conversation")).total == 0
    await backend.close()


async def test_extensions_are_used_when_the_server_has_them(
    sandbox: Sandbox, users: tuple[str, str]
) -> None:
    backend = RemoteBackend(sandbox.url, sandbox.token(users[0]))
    caps = await backend.probe_capabilities()
    assert caps.search and caps.server_agenda and caps.archive and caps.updated_since
    ann = await backend.create("contact", {"name": "Ann Agenda", "birthday": "--06-15"})
    await backend.create("contact", {"name": "Bert"})
    assert [c["name"] for c in await backend.search("agenda")] == ["Ann Agenda"]
    agenda = await backend.agenda(date(2026, 6, 1), 30)
    assert [(r.kind, r.contact_id, r.days) for r in agenda.events] == [("birthday", ann["id"], 14)]
    assert agenda.to_json()["totals"] == {"stay_in_touch": 0, "events": 1, "reminders": 0}
    top = await backend.agenda(date(2026, 6, 1), 30, limit=0)  # counts only
    assert top.events == [] and top.total("events") == 1
    assert await backend.agenda_rows("events", date(2026, 6, 1), 30, 0, 5) == agenda.events
    archived = await backend.set_archived("contact", ann["id"], True)
    assert archived["is_archived"] is True
    await backend.delete("contact", ann["id"])
    tomb = await backend.list(
        "contact", ListQuery(updated_since="2000-01-01", include_deleted=True, limit=200)
    )
    assert any(o["id"] == ann["id"] and o.get("deleted") for o in tomb.items)
    await backend.close()


async def _next(stream: object, timeout: float = 10) -> ChangeEvent:
    event: ChangeEvent = await asyncio.wait_for(stream.__anext__(), timeout)  # type: ignore[attr-defined]
    return event


async def test_changes_are_scoped_to_the_user(sandbox: Sandbox, users: tuple[str, str]) -> None:
    alice = RemoteBackend(sandbox.url, sandbox.token(users[0]))
    bob = RemoteBackend(sandbox.url, sandbox.token(users[1]))
    a_stream, b_stream = alice.changes(), bob.changes()
    await alice.create("contact", {"name": "A1"})
    await bob.create("contact", {"name": "B1"})
    got_b = await _next(b_stream)
    assert got_b.object["name"] == "B1" and got_b.action == "create"
    got_a = await _next(a_stream)
    assert got_a.object["name"] == "A1" and got_a.owner == users[0]
    await alice.close()
    await bob.close()


async def test_live_channel_reconnects_and_resubscribes(
    sandbox: Sandbox, users: tuple[str, str]
) -> None:
    token = sandbox.token(users[0])
    channel = LiveChannel(sandbox.server.ws_url + "/xapi2/ch", token, ["contact"], backoff=0.05)
    events = channel.events()
    backend = RemoteBackend(sandbox.url, token)

    async def first() -> ChangeEvent:
        return await events.__anext__()

    pending = asyncio.ensure_future(first())
    await asyncio.wait_for(channel.ready.wait(), 10)
    await backend.create("contact", {"name": "Before"})
    assert (await asyncio.wait_for(pending, 10)).object["name"] == "Before"

    sandbox.server.call_in_loop(sandbox.state.hub.disconnect_all)  # the server drops us
    pending = asyncio.ensure_future(first())
    await wait_until_async(
        lambda: channel.reconnects >= 1 and channel.ready.is_set(),
        "the channel to notice, reconnect and subscribe again",
    )
    assert channel.reconnects >= 1 and channel.subscribed == {"contact"}
    await backend.create("contact", {"name": "After"})
    assert (await asyncio.wait_for(pending, 10)).object["name"] == "After"
    assert isinstance(events, AsyncGenerator)  # events() is a generator: it can be closed
    await events.aclose()
    await backend.close()


async def test_live_channel_with_a_bad_token_raises(sandbox: Sandbox) -> None:
    channel = LiveChannel(sandbox.server.ws_url + "/xapi2/ch", "pat_bad", ["contact"])
    with pytest.raises(Unauthorized):
        await asyncio.wait_for(channel.events().__anext__(), 10)
