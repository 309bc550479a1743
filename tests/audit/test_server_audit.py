"""The server: HTTP writes leave one audit row each with the token's name as actor;
``GET /xapi2/audit`` is scoped, paged and owner-isolated (also on the live channel);
``GET /xapi2/export`` is the caller's own backup; the remote client reads the log."""

from __future__ import annotations

import asyncio
import io
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from server_sandbox import Sandbox
from websockets.asyncio.client import ClientConnection, connect

from friendship_tui.io.json_io import export_json
from friendship_tui.remote import RemoteBackend
from friendship_tui.schema import MODELS
from friendship_tui.store.audit import AuditQuery, contact_history, describe
from friendship_tui.store.errors import NotSupported

from .helpers import audit_rows, brief

TIMEOUT = 10


@pytest.fixture
async def http(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=TIMEOUT) as client:
        yield client


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_http_writes_are_audited_with_the_token_name(
    sandbox: Sandbox, users: tuple[str, str], http: httpx.AsyncClient
) -> None:
    alice = users[0]
    h = _auth(sandbox.token(alice, name="phone-app"))
    ann = (await http.post("/xapi2/data/contact", json={"name": "Ann"}, headers=h)).json()
    r = await http.patch(f"/xapi2/data/contact/{ann['id']}", json={"company": "Acme"}, headers=h)
    assert r.status_code == 200
    key = {**h, "Idempotency-Key": "k-" + uuid.uuid4().hex}
    conv = (
        await http.post(
            "/xapi2/data/conversation",
            json={"parent_id": ann["id"], "channel": "call", "occurred_at": "2026-03-01"},
            headers=key,
        )
    ).json()
    replay = await http.post(
        "/xapi2/data/conversation",
        json={"parent_id": ann["id"], "channel": "call", "occurred_at": "2026-03-01"},
        headers=key,
    )
    assert replay.headers.get("Idempotent-Replayed") == "true"  # no second write, no row
    bad = await http.patch(f"/xapi2/data/contact/{ann['id']}", json={"gender": "x"}, headers=h)
    assert bad.status_code == 400  # refused before the database: no row
    assert (await http.post(f"/xapi2/data/contact/{ann['id']}/archive", headers=h)).is_success
    assert (await http.delete(f"/xapi2/data/conversation/{conv['id']}", headers=h)).is_success

    rows = audit_rows(sandbox.state.store.engine, alice)
    assert brief(rows) == [
        ("contact", "create", "user", ann["id"]),
        ("contact", "update", "user", ann["id"]),
        ("conversation", "create", "user", conv["id"]),
        ("contact", "update", "hook", ann["id"]),
        ("contact", "update", "user", ann["id"]),
        ("conversation", "delete", "user", conv["id"]),
    ]
    assert {r["actor"] for r in rows} == {"phone-app"}
    assert rows[1]["changes"] == {"company": [None, "Acme"]}
    assert rows[3]["changes"] == {"last_contacted_at": [None, "2026-03-01"]}
    assert rows[4]["changes"] == {"is_archived": [False, True]}


async def test_audit_endpoint_filters_pages_and_needs_its_scope(
    sandbox: Sandbox, users: tuple[str, str], http: httpx.AsyncClient
) -> None:
    alice = users[0]
    writer = _auth(sandbox.token(alice, name="laptop"))
    ann = (await http.post("/xapi2/data/contact", json={"name": "Ann"}, headers=writer)).json()
    note = (
        await http.post(
            "/xapi2/data/note", json={"parent_id": ann["id"], "body": "hi"}, headers=writer
        )
    ).json()
    await http.patch(f"/xapi2/data/contact/{ann['id']}", json={"company": "X"}, headers=writer)
    other = (await http.post("/xapi2/data/contact", json={"name": "Ben"}, headers=writer)).json()

    reader = _auth(sandbox.token(alice, ["audit:list"], name="auditor"))
    body = (await http.get("/xapi2/audit", headers=reader)).json()
    assert body["meta"]["total"] == 4
    assert [e["object_id"] for e in body["data"]] == [other["id"], ann["id"], note["id"], ann["id"]]
    assert body["data"][1]["changes"] == {"company": {"old": None, "new": "X"}}
    assert body["data"][1]["actor"] == "laptop"

    hist = (await http.get("/xapi2/audit", params={"contact_id": ann["id"]}, headers=reader)).json()
    assert [describe(e) for e in hist["data"]] == [
        "set company to X",
        "created note “hi”",
        "created contact “Ann”",
    ]
    by_parent = await http.get("/xapi2/audit", params={"parent_id": ann["id"]}, headers=reader)
    assert [e["object_id"] for e in by_parent.json()["data"]] == [note["id"]]
    by_type = await http.get("/xapi2/audit", params={"type": "note"}, headers=reader)
    assert by_type.json()["meta"]["total"] == 1
    page2 = await http.get("/xapi2/audit", params={"limit": 3, "offset": 3}, headers=reader)
    assert page2.json()["meta"] == {"limit": 3, "offset": 3, "next_after": None, "total": 4}
    assert [e["object_id"] for e in page2.json()["data"]] == [ann["id"]]
    future = await http.get("/xapi2/audit", params={"since": "2999-01-01"}, headers=reader)
    assert future.json()["data"] == []

    bad = await http.get("/xapi2/audit", params={"type": "gadget", "limit": "x"}, headers=reader)
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"type", "limit"}
    bad = await http.get("/xapi2/audit", params={"since": "soon", "color": "red"}, headers=reader)
    assert set(bad.json()["error"]["fields"]) == {"since", "color"}

    no_scope = _auth(sandbox.token(alice, ["contact:list"], name="lister"))
    assert (await http.get("/xapi2/audit", headers=no_scope)).status_code == 403
    assert (await http.get("/xapi2/audit")).status_code == 401
    wildcard = _auth(sandbox.token(alice, ["*:list"], name="all-lists"))
    assert (await http.get("/xapi2/audit", headers=wildcard)).status_code == 200


async def test_the_log_cannot_be_edited_through_the_data_api(
    sandbox: Sandbox, users: tuple[str, str], http: httpx.AsyncClient
) -> None:
    h = _auth(sandbox.token(users[0]))
    await http.post("/xapi2/data/contact", json={"name": "Ann"}, headers=h)
    entry = (await http.get("/xapi2/audit", headers=h)).json()["data"][0]
    for method, path in (
        ("GET", "/xapi2/data/audit"),
        ("POST", "/xapi2/data/audit"),
        ("PATCH", f"/xapi2/data/audit/{entry['id']}"),
        ("DELETE", f"/xapi2/data/audit/{entry['id']}"),
    ):
        r = await http.request(method, path, json={"action": "forged"}, headers=h)
        assert r.status_code == 404, (method, path)
    for method in ("POST", "PATCH", "DELETE", "PUT"):
        r = await http.request(method, "/xapi2/audit", headers=h)
        assert r.status_code == 405, method
    assert (await http.get("/xapi2/audit", headers=h)).json()["data"] == [entry]


async def _ws(sandbox: Sandbox, token: str) -> ClientConnection:
    return await connect(sandbox.server.ws_url + f"/xapi2/ch?token={token}", proxy=None)


async def _frame(ws: ClientConnection) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
    return frame


async def test_one_user_never_sees_anothers_audit(
    sandbox: Sandbox, users: tuple[str, str], http: httpx.AsyncClient
) -> None:
    alice, bob = users
    ha, hb = _auth(sandbox.token(alice)), _auth(sandbox.token(bob))
    async with await _ws(sandbox, sandbox.token(bob)) as ws_bob:
        for i, t in enumerate(MODELS):
            await ws_bob.send(json.dumps({"op": "subscribe", "id": f"s{i}", "dataType": t}))
            assert (await _frame(ws_bob))["op"] == "subscribed"
        await ws_bob.send(json.dumps({"op": "subscribe", "id": "a", "dataType": "audit"}))
        assert (await _frame(ws_bob))["op"] == "error"  # the log is not a channel type

        ann = (await http.post("/xapi2/data/contact", json={"name": "Ann"}, headers=ha)).json()
        await http.post("/xapi2/data/note", json={"parent_id": ann["id"], "body": "x"}, headers=ha)
        await http.patch(f"/xapi2/data/contact/{ann['id']}", json={"company": "Y"}, headers=ha)
        mine = (await http.post("/xapi2/data/contact", json={"name": "Bo"}, headers=hb)).json()
        first = await _frame(ws_bob)  # commit order: a leak would arrive before this
        assert first["object"]["id"] == mine["id"]
        await ws_bob.send(json.dumps({"op": "ping", "id": "p"}))
        assert await _frame(ws_bob) == {"op": "pong", "id": "p"}

    seen = (await http.get("/xapi2/audit", headers=hb)).json()
    assert [e["object_id"] for e in seen["data"]] == [mine["id"]]
    for params in ({"object_id": ann["id"]}, {"contact_id": ann["id"]}, {"parent_id": ann["id"]}):
        got = (await http.get("/xapi2/audit", params=params, headers=hb)).json()
        assert got["data"] == [] and got["meta"]["total"] == 0
    assert (await http.get("/xapi2/audit", headers=ha)).json()["meta"]["total"] == 3


async def test_export_endpoint_is_the_callers_backup(
    sandbox: Sandbox, users: tuple[str, str], http: httpx.AsyncClient
) -> None:
    alice, bob = users
    ha, hb = _auth(sandbox.token(alice)), _auth(sandbox.token(bob))
    ann = (await http.post("/xapi2/data/contact", json={"name": "Ann"}, headers=ha)).json()
    await http.post("/xapi2/data/pet", json={"parent_id": ann["id"], "name": "Rex"}, headers=ha)
    await http.post("/xapi2/data/contact", json={"name": "Bob's friend"}, headers=hb)

    got = await http.get("/xapi2/export", headers=ha)
    assert got.status_code == 200
    out = io.StringIO()
    await export_json(sandbox.state.store.backend(alice), out)

    def without_stamp(text: str) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(text)
        doc.pop("exported_at")
        return doc

    assert without_stamp(got.text) == without_stamp(out.getvalue())
    doc = without_stamp(got.text)
    assert [c["name"] for c in doc["data"]["contact"]] == ["Ann"]
    assert [p["name"] for p in doc["data"]["pet"]] == ["Rex"]
    narrow = _auth(sandbox.token(alice, ["contact:list"], name="narrow"))
    assert (await http.get("/xapi2/export", headers=narrow)).status_code == 403


async def test_remote_backend_reads_the_log(sandbox: Sandbox, users: tuple[str, str]) -> None:
    remote = RemoteBackend(sandbox.url, sandbox.token(users[0], name="tui"))
    try:
        ann = await remote.create("contact", {"name": "Ann", "company": "Acme"})
        await remote.update("contact", ann["id"], {"company": "Initech"})
        assert (await remote.probe_capabilities()).audit is True
        entries = await contact_history(remote, ann["id"])
        assert [describe(e) for e in entries] == [
            "changed company from Acme to Initech",
            "created contact “Ann”",
        ]
        assert {e["actor"] for e in entries} == {"tui"}
        page = await remote.audit(AuditQuery(object_id=ann["id"], limit=1))
        assert page.total == 2 and len(page.items) == 1
    finally:
        await remote.close()


async def _doc_only_server(
    requests: list[str],
) -> asyncio.Server:
    """A server with only the documented endpoints: anything else is a 404."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        requests.append(head.split(" ", 2)[1])
        body = b'{"error": {"code": "not_found", "message": "no such route"}}'
        writer.write(
            b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()

    return await asyncio.start_server(serve, "127.0.0.1", 0)


async def test_remote_audit_on_a_server_without_it_is_not_supported() -> None:
    requests: list[str] = []
    server = await _doc_only_server(requests)
    port = server.sockets[0].getsockname()[1]
    remote = RemoteBackend(f"http://127.0.0.1:{port}", "pat_x", max_retries=0)
    try:
        with pytest.raises(NotSupported, match="not supported by this server"):
            await remote.audit()
        assert not any(r.startswith("/xapi2/audit") for r in requests)  # probed, not asked
    finally:
        await remote.close()
        server.close()
        await server.wait_closed()
