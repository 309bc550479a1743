"""A crash of the app is not a success: ``friendship`` exits non-zero (it exited 0)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from friendship_tui.app import AppSettings
from friendship_tui.app.launch import run_app
from friendship_tui.app.settle import settle_process
from friendship_tui.opening.options import GlobalOptions
from friendship_tui.store.local import Store

from .conftest import TODAY


def test_an_app_crash_exits_non_zero(tmp_path: Path) -> None:
    # A start screen that does not exist makes the app fail while mounting: a real crash
    # through the real launcher, on a real book.
    settings = AppSettings.fixed(TODAY, start_screen="no-such-screen")
    with pytest.raises(SystemExit) as exited:
        run_app(GlobalOptions(db=str(tmp_path / "book.db")), settings, headless=True)
    assert exited.value.code == 1


def test_the_collector_is_back_on_after_a_real_run_that_crashed(tmp_path: Path) -> None:
    """A real run turns the cycle collector off while it starts (app/launch.py); however
    the run ends, the collector is on again."""
    settings = AppSettings.fixed(TODAY, start_screen="no-such-screen", freeze_gc=True)
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        run_app(GlobalOptions(db=str(tmp_path / "book.db")), settings, headless=True)
    assert gc.isenabled()


def test_settling_turns_the_collector_back_on(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "book.db")
    gc.disable()
    try:
        settle_process(store.backend())
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
        store.close()
