"""A crash of the app is not a success: ``friendship`` exits non-zero (it exited 0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from friendship_tui.app import AppSettings
from friendship_tui.app.launch import run_app
from friendship_tui.cli.options import GlobalOptions

from .conftest import TODAY


def test_an_app_crash_exits_non_zero(tmp_path: Path) -> None:
    # A start screen that does not exist makes the app fail while mounting: a real crash
    # through the real launcher, on a real book.
    settings = AppSettings.fixed(TODAY, start_screen="no-such-screen")
    with pytest.raises(SystemExit) as exited:
        run_app(GlobalOptions(db=str(tmp_path / "book.db")), settings, headless=True)
    assert exited.value.code == 1
