"""``friendship serve --db postgresql+psycopg://...``: the real command, in its own process,
storing in a real PostgreSQL server; users and tokens made with ``friendship server``."""

from __future__ import annotations

import subprocess
import sys
import uuid

import httpx
from click.testing import CliRunner
from postgres_cluster import fresh_database
from waiting import wait_listening

from friendship_tui.cli.main import cli
from friendship_tui.server.running import free_port


def _wait_until_listening(port: int, proc: subprocess.Popen[bytes]) -> None:
    wait_listening(
        port, proc, why_it_died=lambda: proc.stderr.read().decode() if proc.stderr else ""
    )


def test_serve_stores_in_postgres() -> None:
    url = fresh_database()
    runner = CliRunner()
    assert runner.invoke(cli, ["server", "--db", url, "user", "add", "alice"]).exit_code == 0
    made = runner.invoke(
        cli,
        ["server", "--db", url, "token", "create", "--user", "alice", "--name", "t",
         "--scopes", "*:*"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("pat_")

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "friendship_tui.cli.main", "serve", "--db", url,
         "--port", str(port), "--no-access-log"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_until_listening(port, proc)
        h = {"Authorization": f"Bearer {secret}"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=h, timeout=10) as http:
            key = {"Idempotency-Key": uuid.uuid4().hex}
            first = http.post("/xapi2/data/contact", json={"name": "Zoë Müller"}, headers=key)
            again = http.post("/xapi2/data/contact", json={"name": "Zoë Müller"}, headers=key)
            assert first.status_code == 201, first.text
            assert again.json()["id"] == first.json()["id"]  # idempotency table on PG
            cid = first.json()["id"]
            talk = http.post("/xapi2/data/conversation", json={"parent_id": cid})
            assert talk.status_code == 201
            found = http.get("/xapi2/data/contact", params={"q": "zoe mull"}).json()
            assert [c["id"] for c in found["data"]] == [cid]
            assert http.get(f"/xapi2/data/contact/{cid}").json()["last_contacted_at"]
            bad = http.post("/xapi2/data/note", json={"parent_id": "nope", "body": "x"})
            assert bad.status_code == 400 and "parent_id" in bad.text
        listed = runner.invoke(cli, ["server", "--db", url, "token", "list", "--json"])
        assert '"last_used_at": "20' in listed.output  # the server wrote it to PostgreSQL
    finally:
        proc.terminate()
        proc.wait(30)


def test_serve_names_an_unusable_database() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "friendship_tui.cli.main", "serve", "--db",
         "oracle://scott@127.0.0.1/orcl", "--port", str(free_port())],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "SQLite or PostgreSQL" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_longest_user_name_can_write_on_postgres() -> None:
    """A user's name owns their rows; PostgreSQL enforces the column's length, so the
    name limit is that length (a longer name is refused up front, not a 500 later)."""
    url = fresh_database()
    runner = CliRunner()
    too_long = runner.invoke(cli, ["server", "--db", url, "user", "add", "x" * 65])
    assert too_long.exit_code == 2
    assert "1 to 64 characters" in too_long.output
    from server_sandbox import start_sandbox

    sandbox = start_sandbox(url, users=("y" * 64,))
    try:
        h = {"Authorization": f"Bearer {sandbox.tokens['y' * 64]}"}
        made = httpx.post(f"{sandbox.url}/xapi2/data/contact", json={"name": "Long"}, headers=h)
        assert made.status_code == 201, made.text
        assert made.json()["owned_by"] == "y" * 64
    finally:
        sandbox.stop()


async def test_a_database_restart_is_a_503_then_business_as_usual() -> None:
    """PostgreSQL restarts under a running server: requests in flight get 503 with
    Retry-After (never a 500), the RemoteBackend retries through it, and the server
    carries on with fresh connections."""
    from postgres_cluster import private_cluster
    from server_sandbox import start_sandbox

    pg = private_cluster()
    sandbox = None
    try:
        sandbox = start_sandbox(pg.url(), users=("alice",))
        remote = sandbox.backend("alice")
        made = await remote.create("contact", {"name": "Before Restart"})
        pg.restart()
        h = {"Authorization": f"Bearer {sandbox.tokens['alice']}"}
        statuses = []
        for _ in range(3):
            r = httpx.get(f"{sandbox.url}/xapi2/data/contact/{made['id']}", headers=h)
            statuses.append(r.status_code)
            if r.status_code == 503:
                assert r.headers["Retry-After"] == "1"
                assert r.json()["error"]["code"] == "unavailable"
        assert statuses[0] == 503  # the pooled connection died with the restart
        assert statuses[1:] == [200, 200]
        pg.restart()
        again = await remote.get("contact", made["id"])  # retried past the 503
        assert again["name"] == "Before Restart"
        await remote.close()
    finally:
        if sandbox is not None:
            sandbox.stop()
        pg.stop()


def test_servers_starting_together_on_a_new_database_do_not_race() -> None:
    """Migrations and the server's own tables are made under the write lock: four
    servers opening one empty PostgreSQL database at once all come up."""
    import threading

    from postgres_cluster import empty_database

    from friendship_tui.server import create_app

    url = empty_database()
    errors: list[BaseException] = []
    apps: list[object] = []
    start = threading.Barrier(4)

    def open_one() -> None:
        try:
            start.wait(30)
            apps.append(create_app(url, rate_limit=None))
        except BaseException as exc:  # reported below, with its type
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert len(apps) == 4
    for app in apps:
        app.state.server.store.close()  # type: ignore[attr-defined]
