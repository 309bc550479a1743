"""The HTTP surface as API.md states it: bodies, errors, lists, idempotency, limits."""

from __future__ import annotations

import logging
import uuid

import httpx
import pytest
from server_sandbox import Sandbox, sandbox_server

from friendship_tui.schema import MODELS
from friendship_tui.server import RateLimit


@pytest.fixture
def client(sandbox: Sandbox, users: tuple[str, str]) -> httpx.Client:
    token = sandbox.token(users[0])
    return httpx.Client(
        base_url=sandbox.url, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )


@pytest.mark.parametrize(
    "raw, field",
    [
        (b"{not json", "body"),
        (b"", "body"),
        (b"[1, 2]", "body"),
        (b'"a string"', "body"),
        (b"NaN", "body"),
        (b'{"name": NaN}', "body"),
        (b'{"name": "A", "favorite": "yes"}', "favorite"),
        (b'{"name": "A", "favorite": 1e999}', "favorite"),
        (b'{"name": "A", "tags": [' + b"[" * 5000 + b"]" * 5000 + b"]}", "body"),
        (b'{"name": "\\ud800"}', "name"),
        (
            b'{"name": "A", "stay_in_touch_frequency": 100000000000000000000000}',
            "stay_in_touch_frequency",
        ),
    ],
)
def test_bad_bodies_are_400_with_the_field(client: httpx.Client, raw: bytes, field: str) -> None:
    r = client.post(
        "/xapi2/data/contact", content=raw, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400, r.text
    err = r.json()["error"]
    assert err["code"] == "validation_error"
    assert field in err["fields"], err


def test_validation_names_every_bad_field(client: httpx.Client) -> None:
    r = client.post("/xapi2/data/contact", json={"gender": "robot", "website": "ftp://x"})
    assert r.status_code == 400
    assert set(r.json()["error"]["fields"]) == {"name", "gender", "website"}


def test_patch_with_bad_json_is_400_and_changes_nothing(client: httpx.Client) -> None:
    c = client.post("/xapi2/data/contact", json={"name": "Keep"}).json()
    r = client.patch(f"/xapi2/data/contact/{c['id']}", content=b"{oops")
    assert r.status_code == 400
    assert client.get(f"/xapi2/data/contact/{c['id']}").json()["name"] == "Keep"


def test_unknown_filter_and_sort_are_400(client: httpx.Client) -> None:
    r = client.get("/xapi2/data/note", params={"colour": "red"})
    assert r.status_code == 400 and "colour" in r.json()["error"]["fields"]
    r = client.get("/xapi2/data/note", params={"sort": "-shoe_size"})
    assert r.status_code == 400 and "sort" in r.json()["error"]["fields"]
    r = client.get("/xapi2/data/note", params={"limit": "many"})
    assert r.status_code == 400 and "limit" in r.json()["error"]["fields"]


def test_list_shape_limit_cap_and_paging(client: httpx.Client) -> None:
    c = client.post("/xapi2/data/contact", json={"name": "Pager"}).json()
    for i in range(25):
        client.post("/xapi2/data/note", json={"parent_id": c["id"], "body": f"n{i}"})
    r = client.get("/xapi2/data/note")
    body = r.json()
    assert set(body) == {"data", "meta"}
    assert set(body["meta"]) == {"limit", "offset", "next_after", "total"}
    assert body["meta"]["limit"] == 20 and len(body["data"]) == 20
    assert client.get("/xapi2/data/note", params={"limit": 100000}).json()["meta"]["limit"] == (
        MODELS["note"].max_page_size
    )
    first = client.get("/xapi2/data/note", params={"sort": "created_at", "limit": 10}).json()
    nxt = client.get(
        "/xapi2/data/note",
        params={"sort": "created_at", "limit": 10, "after": first["data"][-1]["id"]},
    ).json()
    ids = [o["id"] for o in first["data"] + nxt["data"]]
    assert len(set(ids)) == 20
    repeated = client.get(
        "/xapi2/data/note", params=[("parent_id", c["id"]), ("parent_id", "nobody")]
    ).json()
    assert repeated["meta"]["total"] == 25


def test_delete_is_204_then_404(client: httpx.Client) -> None:
    c = client.post("/xapi2/data/contact", json={"name": "Gone"}).json()
    r = client.delete(f"/xapi2/data/contact/{c['id']}")
    assert r.status_code == 204 and r.content == b""
    assert client.get(f"/xapi2/data/contact/{c['id']}").status_code == 404
    assert client.delete(f"/xapi2/data/contact/{c['id']}").status_code == 404


def test_idempotency_key_replays_the_first_answer(client: httpx.Client) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = client.post("/xapi2/data/contact", json={"name": "Once"}, headers=key)
    again = client.post("/xapi2/data/contact", json={"name": "Once"}, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert again.headers.get("idempotent-replayed") == "true"
    listed = client.get("/xapi2/data/contact", params={"name": "Once"}).json()
    assert len(listed["data"]) == 1
    # the same key on another request is a conflict, not a silent replay
    other = client.post("/xapi2/data/contact", json={"name": "Twice"}, headers=key)
    assert (
        client.delete(f"/xapi2/data/contact/{first.json()['id']}", headers=key).status_code == 409
    )
    assert other.status_code == 201  # same method and path: replayed
    assert other.json()["id"] == first.json()["id"]


def test_idempotent_delete_retry_is_not_404(client: httpx.Client) -> None:
    c = client.post("/xapi2/data/contact", json={"name": "Del"}).json()
    key = {"Idempotency-Key": uuid.uuid4().hex}
    assert client.delete(f"/xapi2/data/contact/{c['id']}", headers=key).status_code == 204
    assert client.delete(f"/xapi2/data/contact/{c['id']}", headers=key).status_code == 204


def test_archive_extension(client: httpx.Client) -> None:
    c = client.post("/xapi2/data/contact", json={"name": "Old"}).json()
    r = client.post(f"/xapi2/data/contact/{c['id']}/archive")
    assert r.status_code == 200 and r.json()["is_archived"] is True
    r = client.post(f"/xapi2/data/contact/{c['id']}/unarchive")
    assert r.json()["is_archived"] is False


def test_unknown_route_is_a_json_404(client: httpx.Client) -> None:
    r = client.get("/xapi2/data/unicorn")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


async def test_rate_limit_is_429_with_retry_after(tmp_path: object) -> None:
    async with sandbox_server(
        str(tmp_path), users=("rl",), rate_limit=RateLimit(rate=0.001, burst=3)
    ) as sb:
        async with httpx.AsyncClient(
            base_url=sb.url, headers={"Authorization": f"Bearer {sb.tokens['rl']}"}
        ) as c:
            codes = [(await c.get("/xapi2/data/contact")).status_code for _ in range(4)]
            assert codes == [200, 200, 200, 429]
            r = await c.get("/xapi2/data/contact")
            assert r.status_code == 429
            assert int(r.headers["retry-after"]) >= 1
            assert r.json()["error"]["code"] == "rate_limited"
        # buckets are per token: another token is not held back
        fresh = sb.token("rl")
        r2 = httpx.get(sb.url + "/xapi2/data/contact", headers={"Authorization": f"Bearer {fresh}"})
        assert r2.status_code == 200


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


async def test_tokens_never_reach_the_logs(sandbox: Sandbox, users: tuple[str, str]) -> None:
    from websockets.asyncio.client import connect

    secret = sandbox.token(users[0])
    collect = _Collect()
    loggers = [logging.getLogger(n) for n in ("uvicorn.access", "uvicorn.error")]
    saved = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(collect)
        lg.setLevel(logging.DEBUG)
    try:
        url = sandbox.server.ws_url + f"/xapi2/ch?token={secret}"
        async with connect(url, proxy=None) as ws:
            await ws.send('{"op": "subscribe", "id": "s", "dataType": "note"}')
            await ws.recv()
        async with httpx.AsyncClient() as c:
            await c.get(sandbox.url + f"/xapi2/data/note?token={secret}")
            await c.get(
                sandbox.url + "/xapi2/data/note", headers={"Authorization": f"Bearer {secret}"}
            )
    finally:
        for lg, level in zip(loggers, saved, strict=True):
            lg.removeHandler(collect)
            lg.setLevel(level)
    text = "\n".join(collect.lines)
    assert "/xapi2/ch?token=***" in text  # the request line was logged, redacted
    assert secret not in text


def test_openapi_describes_every_type(client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    for name, model in MODELS.items():
        title = "".join(p.capitalize() for p in name.split("_"))
        for suffix in ("Object", "Create", "Patch", "Page"):
            assert f"{title}{suffix}" in schemas
        create = schemas[f"{title}Create"]
        assert set(create["required"]) == {f.name for f in model.fields if f.required}
        assert set(schemas[f"{title}Patch"]["properties"]) == {
            f.name for f in model.fields if f.patchable
        }
        ops = doc["paths"][f"/xapi2/data/{name}"]
        assert set(ops) == {"get", "post"}
        assert ops["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
            f"{title}Create"
        )
        assert "400" in ops["post"]["responses"] and "401" in ops["get"]["responses"]
        params = {p["name"] for p in ops["get"]["parameters"]}
        assert set(model.filter_keys) <= params
        assert set(doc["paths"][f"/xapi2/data/{name}/{{id}}"]) == {"get", "patch", "delete"}
    assert "422" not in str(doc["paths"]["/xapi2/data/contact"]["post"]["responses"])
    assert "ErrorBody" in schemas
