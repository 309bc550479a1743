"""The hot reads' short way (``server/fast_path.py``, ``store/quick_reads.py``): GET a
page and GET one object answer exactly as the store reads them, whether they ran on the
server's loop or in a thread, and their refusals are API.md's; a GET that carries a
body, an unknown type, any other method still go through the framework."""

from __future__ import annotations

from typing import Any

import httpx
from server_sandbox import Sandbox

from friendship_tui.schema import MODELS, ListQuery, check_query, query_from_params
from friendship_tui.server.routes import page_body
from friendship_tui.store import quick_reads

QUERIES = [
    "",
    "?limit=2",
    "?limit=3&offset=1",
    "?sort=-name",
    "?sort=birthday&limit=4",  # computed per row
    "?city=Lisbon&city=Oslo",
    "?favorite=true",
    "?is_archived=true",
    "?q=ann",  # a search: always in a thread
]


def _client(sandbox: Sandbox, token: str) -> httpx.Client:
    return httpx.Client(base_url=sandbox.url, headers={"Authorization": f"Bearer {token}"})


def _fill(c: httpx.Client) -> list[dict[str, Any]]:
    made = []
    for i, (name, city) in enumerate([("Ann", "Lisbon"), ("bob", "Oslo"), ("Cleo", "Rome")]):
        body = {"name": name, "city": city, "favorite": i % 2 == 0, "birthday": f"--0{i + 1}-15"}
        made.append(c.post("/xapi2/data/contact", json=body).json())
    c.post(f"/xapi2/data/contact/{made[2]['id']}/archive")
    c.post("/xapi2/data/note", json={"parent_id": made[0]["id"], "body": "hello"})
    return made


def test_reads_answer_as_the_store_does_on_the_loop_and_in_a_thread(
    sandbox: Sandbox, users: tuple[str, str]
) -> None:
    state = sandbox.state
    assert state.store.book is not None  # served from a current book: quick reads apply
    user = users[0]
    with _client(sandbox, sandbox.token(user)) as c:
        made = _fill(c)
        answers: dict[int, list[Any]] = {}
        cache, state.read_cache = state.read_cache, None
        try:
            for steps in (quick_reads.BUDGET, 1, 0):  # loop; most out of steps; thread
                state.quick_read_steps = steps
                quick_reads.SLOW.clear()
                got = [c.get(f"/xapi2/data/contact{q}") for q in QUERIES]
                got += [c.get(f"/xapi2/data/contact/{o['id']}") for o in made]
                got.append(c.get("/xapi2/data/note"))
                assert all(r.status_code == 200 for r in got), [r.text for r in got]
                answers[steps] = [r.json() for r in got]
        finally:
            state.read_cache = cache
            state.quick_read_steps = quick_reads.BUDGET
    assert answers[quick_reads.BUDGET] == answers[1] == answers[0]
    for query, body in zip(QUERIES, answers[0], strict=False):
        params = httpx.QueryParams(query.lstrip("?"))
        checked: ListQuery = check_query(MODELS["contact"], query_from_params(params.multi_items()))
        expected = page_body(state.store.list(user, "contact", checked))
        assert body == expected, query
    assert [b["name"] for b in answers[0][len(QUERIES) : len(QUERIES) + 3]] == [
        "Ann",
        "bob",
        "Cleo",
    ]


def test_refusals_on_the_short_way_are_api_md_s(sandbox: Sandbox, users: tuple[str, str]) -> None:
    token = sandbox.token(users[0])
    notes_only = sandbox.token(users[0], scopes=("note:list",))
    with _client(sandbox, token) as c:
        bad = c.get("/xapi2/data/contact?sort=nope&limit=0")
        assert bad.status_code == 400
        error = bad.json()["error"]
        assert error["code"] == "validation_error" and {"sort", "limit"} <= set(error["fields"])
        missing = c.get("/xapi2/data/contact/01NOSUCHID")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
        unknown = c.get("/xapi2/data/no_such_type")
        assert unknown.status_code == 404 and "contact" in unknown.json()["error"]["message"]
        # a GET that declares a body larger than the limit is refused before it is read
        big = c.request("GET", "/xapi2/data/contact", content=b"x" * (1024 * 1024 + 1))
        assert big.status_code == 413
        assert big.json()["error"]["code"] == "payload_too_large"
    anonymous = httpx.get(f"{sandbox.url}/xapi2/data/contact")
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.json()["error"]["code"] == "unauthorized"
    with _client(sandbox, notes_only) as c:
        assert c.get("/xapi2/data/note").status_code == 200
        denied = c.get("/xapi2/data/contact/01NOSUCHID")
        assert denied.status_code == 403
        assert "contact:read" in denied.json()["error"]["message"]
