"""Who may do what: each of the five endpoints against every way of being refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from server_sandbox import Sandbox
from waiting import wait_until

ENDPOINTS = ("list", "read", "create", "update", "delete")


def _call(
    client: httpx.Client, endpoint: str, token: str | None, obj_id: str, parent_id: str
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    if endpoint == "list":
        return client.get("/xapi2/data/note", headers=headers)
    if endpoint == "read":
        return client.get(f"/xapi2/data/note/{obj_id}", headers=headers)
    if endpoint == "create":
        body = {"parent_id": parent_id, "body": "hello"}
        return client.post("/xapi2/data/note", json=body, headers=headers)
    if endpoint == "update":
        return client.patch(f"/xapi2/data/note/{obj_id}", json={"body": "x"}, headers=headers)
    return client.delete(f"/xapi2/data/note/{obj_id}", headers=headers)


@pytest.fixture
def world(sandbox: Sandbox, users: tuple[str, str]) -> dict[str, Any]:
    """Alice owns a contact with a note; tokens of every kind for alice and bob."""
    alice, bob = users
    full = sandbox.token(alice)
    client = httpx.Client(base_url=sandbox.url, timeout=10)
    auth = {"Authorization": f"Bearer {full}"}
    contact = client.post("/xapi2/data/contact", json={"name": "Ann"}, headers=auth).json()
    note = client.post(
        "/xapi2/data/note", json={"parent_id": contact["id"], "body": "n"}, headers=auth
    ).json()
    revoked = sandbox.token(alice, name="old")
    assert (
        client.get("/xapi2/data/note", headers={"Authorization": f"Bearer {revoked}"}).status_code
        == 200
    )
    prefix = revoked[:12]
    sandbox.state.accounts.revoke(prefix)
    return {
        "client": client,
        "alice": full,
        "bob": sandbox.token(bob),
        "revoked": revoked,
        "no_scope": sandbox.token(alice, scopes=["contact:*", "*:read"], name="narrow"),
        "note": note,
        "contact": contact,
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_missing_bad_and_revoked_tokens_are_401(world: dict[str, Any], endpoint: str) -> None:
    client, note = world["client"], world["note"]
    for token in (None, "pat_not-a-real-token-at-all", "garbage", world["revoked"]):
        r = _call(client, endpoint, token, note["id"], world["contact"]["id"])
        assert r.status_code == 401, (token, r.text)
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert r.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_missing_scope_is_403(world: dict[str, Any], endpoint: str) -> None:
    # "*:read" covers read only; every other note action is missing.
    r = _call(
        world["client"], endpoint, world["no_scope"], world["note"]["id"], world["contact"]["id"]
    )
    if endpoint == "read":
        assert r.status_code == 200
    else:
        assert r.status_code == 403, r.text
        assert f"note:{endpoint}" in r.json()["error"]["message"]


@pytest.mark.parametrize("endpoint", ("read", "update", "delete"))
def test_other_users_object_is_404(world: dict[str, Any], endpoint: str) -> None:
    client = world["client"]
    r = _call(client, endpoint, world["bob"], world["note"]["id"], "")
    assert r.status_code == 404, r.text
    # and it is untouched for its owner
    mine = client.get(
        f"/xapi2/data/note/{world['note']['id']}",
        headers={"Authorization": f"Bearer {world['alice']}"},
    )
    assert mine.status_code == 200 and mine.json()["body"] == "n"


def test_other_users_objects_are_not_listed(world: dict[str, Any]) -> None:
    r = _call(world["client"], "list", world["bob"], "", "")
    assert r.status_code == 200
    assert r.json()["data"] == []


def test_other_users_contact_as_parent_or_target_is_400(world: dict[str, Any]) -> None:
    client, bob = world["client"], {"Authorization": f"Bearer {world['bob']}"}
    theirs = world["contact"]["id"]
    r = client.post("/xapi2/data/note", json={"parent_id": theirs, "body": "x"}, headers=bob)
    assert r.status_code == 400
    assert set(r.json()["error"]["fields"]) == {"parent_id"}
    own = client.post("/xapi2/data/contact", json={"name": "Bob's"}, headers=bob).json()
    r = client.post(
        "/xapi2/data/relationship",
        json={"parent_id": own["id"], "target_id": theirs, "kind": "friend"},
        headers=bob,
    )
    assert r.status_code == 400
    assert set(r.json()["error"]["fields"]) == {"target_id"}


def test_wildcard_scopes(sandbox: Sandbox, users: tuple[str, str]) -> None:
    client = httpx.Client(base_url=sandbox.url, timeout=10)
    type_wild = {"Authorization": f"Bearer {sandbox.token(users[0], scopes=['contact:*'])}"}
    action_wild = {"Authorization": f"Bearer {sandbox.token(users[0], scopes=['*:list'])}"}
    assert client.get("/xapi2/data/contact", headers=type_wild).status_code == 200
    assert (
        client.post("/xapi2/data/contact", json={"name": "A"}, headers=type_wild).status_code == 201
    )
    assert client.get("/xapi2/data/note", headers=type_wild).status_code == 403
    assert client.get("/xapi2/data/note", headers=action_wild).status_code == 200
    assert (
        client.post("/xapi2/data/contact", json={"name": "A"}, headers=action_wild).status_code
        == 403
    )


def test_token_list_shows_last_use_but_never_the_secret(
    sandbox: Sandbox, users: tuple[str, str]
) -> None:
    secret = sandbox.token(users[0], scopes=["contact:list"], name="probe")
    httpx.get(sandbox.url + "/xapi2/data/contact", headers={"Authorization": f"Bearer {secret}"})
    [info] = [t for t in sandbox.state.accounts.tokens(users[0]) if t.name == "probe"]
    assert info.last_used_at is not None
    assert info.prefix == secret[:12]
    assert secret not in repr(info)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_revoke_or_user_deletion_from_another_process_takes_effect_at_once(
    tmp_path: Path, database: str
) -> None:
    """Checked tokens are remembered only until the database says something changed, and
    a commit by another process (the CLI) counts: the next request is refused."""
    from click.testing import CliRunner
    from postgres_cluster import fresh_database
    from server_sandbox import start_sandbox

    from friendship_tui.cli.main import cli

    db = str(tmp_path / "server.db") if database == "sqlite" else fresh_database()
    sandbox = start_sandbox(db, users=("carol", "dave"))
    try:
        with httpx.Client(base_url=sandbox.url, timeout=10) as client:

            def status(user: str) -> int:
                h = {"Authorization": f"Bearer {sandbox.tokens[user]}"}
                return client.get("/xapi2/data/contact", headers=h).status_code

            def refused(user: str) -> bool:
                """SQLite: the very next request. PostgreSQL: as soon as the NOTIFY has
                arrived (it travels on its own; milliseconds), bounded by the suite's wait limit."""
                if database == "sqlite":
                    return status(user) == 401
                wait_until(lambda: status(user) == 401, f"{user} refused", every=0.05)
                return True

            for _ in range(3):  # remembered now
                assert status("carol") == 200 and status("dave") == 200
            assert sandbox.state.accounts._watch.look() is not None  # the watch is working
            runner = CliRunner()
            revoke = runner.invoke(
                cli, ["server", "--db", str(db), "token", "revoke", sandbox.tokens["carol"][:12]]
            )
            assert revoke.exit_code == 0, revoke.output
            assert refused("carol")
            assert status("dave") == 200
            gone = runner.invoke(
                cli, ["server", "--db", str(db), "user", "delete", "dave", "--yes"]
            )
            assert gone.exit_code == 0, gone.output
            assert refused("dave")
    finally:
        sandbox.stop()
