"""The CLI through its real entry point (``friendship_tui.cli.main:cli``) on a real file."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from friendship_tui.cli.main import cli
from friendship_tui.store.local import LocalBackend, Store

Run = Callable[..., Result]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "book.db"


@pytest.fixture
def run(db: Path) -> Run:
    """``run("contact", "list", input=None)``: invoke with ``--db`` pointing at the file."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, db_path: Path | None = None) -> Result:
        return runner.invoke(cli, ["--db", str(db_path or db), *args], input=input)

    return invoke


@pytest.fixture
def seed(db: Path) -> Iterator[Callable[[Callable[[LocalBackend], Coroutine[Any, Any, Any]]], Any]]:
    """Run ``await work(backend)`` on the same file, through the store's public API."""
    store = Store.open(db)

    def apply(work: Callable[[LocalBackend], Coroutine[Any, Any, Any]]) -> Any:
        return asyncio.run(work(store.backend()))

    yield apply
    store.close()
