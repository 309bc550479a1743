"""A real server on 127.0.0.1 for this directory's tests; each test gets fresh users."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from friendship_tui.server.sandbox import Sandbox, start_sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    made = start_sandbox(Path(tmp_path_factory.mktemp("server")), users=())
    try:
        yield made
    finally:
        made.stop()


@pytest.fixture
def users() -> tuple[str, str]:
    """Two fresh user names: owners are isolated, so a shared database is safe."""
    tag = uuid.uuid4().hex[:10]
    return (f"alice-{tag}", f"bob-{tag}")
