"""Profiles and token storage, and the CLI that manages them and the server."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from click.testing import CliRunner
from keyring.backend import KeyringBackend
from keyring.backends import fail
from server_sandbox import Sandbox
from waiting import wait_until

from friendship_tui.cli.main import cli
from friendship_tui.profiles import ProfileError, Profiles

SECRET = "pat_s3cret-token-value-0123456789"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # tests/conftest.py points XDG at tmp_path and turns the keyring off: turn it on here
    monkeypatch.delenv("FRIENDSHIP_NO_KEYRING", raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # a headless machine: every call raises
    yield tmp_path / "config" / "friendship-tui"
    keyring.set_keyring(before)


def test_without_a_keyring_the_token_goes_to_a_0600_file(config_home: Path) -> None:
    profile = Profiles().add("work", "remote", url="https://example.org/", token=SECRET)
    assert profile.token_store == "file" and profile.url == "https://example.org"
    tokens = config_home / "tokens.json"
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o600
    assert stat.S_IMODE(config_home.stat().st_mode) == 0o700
    assert SECRET not in (config_home / "profiles.json").read_text()
    assert Profiles().token(Profiles().get("work")) == SECRET
    Profiles().remove("work")
    assert SECRET not in tokens.read_text()


def test_with_a_keyring_no_file_holds_the_token(config_home: Path) -> None:
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    profile = Profiles().add("home", "remote", url="http://127.0.0.1:9", token=SECRET)
    assert profile.token_store == "keyring"
    assert ring.items == {("friendship-tui", "home"): SECRET}
    assert not (config_home / "tokens.json").exists()
    assert Profiles().token(Profiles().get("home")) == SECRET
    Profiles().remove("home")
    assert ring.items == {}


@pytest.mark.parametrize(
    "name, mode, url, reason",
    [
        ("bad name!", "remote", "http://x", "name"),
        ("ok", "cloud", "http://x", "mode"),
        ("ok", "remote", None, "--url"),
        ("ok", "remote", "ftp://x", "url"),
    ],
)
def test_bad_profiles_are_refused_with_the_rule(
    config_home: Path, name: str, mode: str, url: str | None, reason: str
) -> None:
    with pytest.raises(ProfileError, match=reason):
        Profiles().add(name, mode, url=url, token=SECRET)


def test_cli_profile_add_reads_stdin_and_list_never_shows_the_token(config_home: Path) -> None:
    runner = CliRunner()
    added = runner.invoke(
        cli, ["profile", "add", "work", "--url", "http://127.0.0.1:1"], input=SECRET + "\n"
    )
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli, ["profile", "list"])
    as_json = runner.invoke(cli, ["profile", "list", "--json"])
    for result in (added, listed, as_json):
        assert SECRET not in result.output
    assert "work" in listed.output and "remote" in listed.output
    assert json.loads(as_json.stdout)[0]["token"] == "file"
    # no command-line option carries a token
    help_text = runner.invoke(cli, ["profile", "add", "--help"]).output
    assert "--token" not in help_text


def test_cli_administers_the_server_and_uses_it_through_a_profile(
    config_home: Path, tmp_path: Path, sandbox: Sandbox
) -> None:
    runner = CliRunner()
    db = str(sandbox.state.store.engine.url.database)
    user = f"cli-{tmp_path.name[-8:]}"
    assert runner.invoke(cli, ["server", "--db", db, "user", "add", user]).exit_code == 0
    made = runner.invoke(
        cli,
        ["server", "--db", db, "token", "create", "--user", user, "--name", "cli",
         "--scopes", "contact:*"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("pat_")
    listed = runner.invoke(cli, ["server", "--db", db, "token", "list", "--user", user])
    assert secret[:12] in listed.output and secret not in listed.output

    assert (
        runner.invoke(
            cli, ["profile", "add", "srv", "--url", sandbox.url], input=secret + "\n"
        ).exit_code
        == 0
    )
    created = runner.invoke(cli, ["--profile", "srv", "contact", "create", "--name", "Via CLI"])
    assert created.exit_code == 0, created.output
    got = runner.invoke(cli, ["--profile", "srv", "contact", "list", "--json"])
    doc = json.loads(got.stdout)
    rows = doc["data"] if isinstance(doc, dict) else doc
    assert [c["name"] for c in rows] == ["Via CLI"]
    denied = runner.invoke(cli, ["--profile", "srv", "note", "list"])
    assert denied.exit_code == 4

    revoked = runner.invoke(cli, ["server", "--db", db, "token", "revoke", secret[:12]])
    assert revoked.exit_code == 0
    sandbox.state.accounts._cache.clear()  # the server's few-second cache, as if time passed
    after = runner.invoke(cli, ["--profile", "srv", "contact", "list"])
    assert after.exit_code == 4


def test_unknown_profile_is_a_clear_error(config_home: Path) -> None:
    result = CliRunner().invoke(cli, ["--profile", "nope", "contact", "list"])
    assert result.exit_code == 2
    assert "no profile named 'nope'" in result.output


def test_serve_runs_the_server_from_the_command_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    import httpx

    from friendship_tui.server import free_port

    port = free_port()
    db = tmp_path / "srv.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "friendship_tui.cli.main", "serve", "--db", str(db),
         "--port", str(port)],
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:

        def answer() -> int:
            try:
                return httpx.get(
                    f"http://127.0.0.1:{port}/xapi2/data/contact", timeout=2
                ).status_code
            except httpx.TransportError:
                return 0  # not listening yet

        assert wait_until(answer, "serve to answer") == 401
        doc = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).json()
        assert "/xapi2/data/contact" in doc["paths"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    users = CliRunner().invoke(cli, ["server", "--db", str(db), "user", "add", "zoe"])
    assert users.exit_code == 0
    listed = CliRunner().invoke(cli, ["server", "--db", str(db), "user", "list"])
    assert listed.output.startswith("zoe\t")
    again = CliRunner().invoke(cli, ["server", "--db", str(db), "user", "add", "zoe"])
    assert again.exit_code == 2 and "already exists" in again.output
