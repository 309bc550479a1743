"""The check-in review and the snooze dialog for ``python -m friendship_tui.screenshots``
(``screenshots/checkin.svg``, ``screenshots/snooze.svg``), on the same demo book and date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ..store.base import Backend
from . import make_app
from .settings import AppSettings


async def take_review(
    out_dir: Path,
    backend: Backend,
    today: date,
    size: tuple[int, int],
    settle: Callable[..., Any],
) -> list[Path]:
    from .screens.checkin import CheckinScreen
    from .screens.snooze import SnoozeScreen

    written: list[Path] = []
    app = make_app(backend, AppSettings.fixed(today, start_screen="checkin"))

    def save(name: str) -> None:
        app.save_screenshot(filename=f"{name}.svg", path=str(out_dir))
        written.append(out_dir / f"{name}.svg")

    def review_ready() -> bool:
        screen = app.screen
        return isinstance(screen, CheckinScreen) and screen.brief is not None

    async with app.run_test(size=size) as pilot:
        await settle(pilot, review_ready)
        save("checkin")
        await pilot.press("z")
        await settle(pilot, lambda: isinstance(app.screen, SnoozeScreen))
        save("snooze")
        await pilot.press("escape")
        await settle(pilot, review_ready)
    return written
