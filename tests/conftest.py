"""Fixtures shared by every test area: the house rules every test runs under (below), a
settable clock, a real store on a temp file, and the project's real server on 127.0.0.1
(one per test module) with fresh users per test."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_clock import FakeClock
from server_sandbox import Sandbox, start_sandbox
from store_files import fresh_db

from friendship_tui.store.local import LocalBackend, Store


@pytest.fixture(autouse=True)
def house_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one place that keeps a test from the developer's machine and from timing noise.

    - XDG config, data, cache and state under the test's tmp_path (profiles, books and
      tokens never touch the real home; a test that needs them reads them there);
    - no system keyring: tokens go to the 0600 file, and any keyring call in this process
      or a child fails instead of prompting (tests/remote/test_profiles.py installs its
      own keyring where it tests one);
    - no ``$FRIENDSHIP_DB`` from the environment;
    - Textual without animations or blinking cursors, here and in child processes.
    """
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(name, str(tmp_path / sub))
    monkeypatch.setenv("FRIENDSHIP_NO_KEYRING", "1")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("FRIENDSHIP_DB", raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    if "textual" in sys.modules:  # read at import: set what this process already holds
        from textual import constants
        from textual.widgets import Input, TextArea

        monkeypatch.setattr(constants, "TEXTUAL_ANIMATIONS", "none")
        for widget in (Input, TextArea):
            monkeypatch.setattr(widget.cursor_blink, "_default", False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    opened = Store.open(fresh_db(tmp_path / "friendship.db"), clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def local(store: Store) -> LocalBackend:
    return store.backend("me")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The real xapi2 server on a free port, with its own database, for one test module."""
    made = start_sandbox(Path(tmp_path_factory.mktemp("server")), users=())
    try:
        yield made
    finally:
        made.stop()


@pytest.fixture
def users() -> tuple[str, str]:
    """Two fresh user names: owners are isolated, so a shared server is safe."""
    tag = uuid.uuid4().hex[:10]
    return (f"alice-{tag}", f"bob-{tag}")
