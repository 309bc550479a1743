"""What the app is told from outside: the clock, the theme, the paging knobs.

Injected (not read from globals) so tests and screenshots can pin the date and the
bench can tune page sizes without touching the widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class AppSettings:
    clock: Callable[[], datetime] = field(default=_utc_now)
    theme: str = DARK_THEME
    light_theme: str = LIGHT_THEME
    dark_theme: str = DARK_THEME
    horizon_days: int = 30
    page_size: int = 100  # contacts fetched per page by the virtual list
    cache_pages: int = 12  # pages the virtual list keeps before evicting the farthest
    filter_debounce: float = 0.12  # seconds between the last keystroke and the query
    status_interval: float = 5.0  # seconds between header status refreshes
    start_screen: str | None = None  # "contacts" / "dashboard"; None = dashboard if due
    # Move the start-up heap out of the collector's way once loaded: a full GC pass over
    # it would cost ~20 ms in the middle of a keystroke (DESIGN.md). Off in tests.
    freeze_gc: bool = False
    # From the settings file (app/settings_file.py): where ``t`` saves the theme (None:
    # nowhere), Textual keymap overrides, and the values the file had wrong.
    settings_file: Path | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    settings_problems: tuple[str, ...] = ()

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    @classmethod
    def fixed(cls, today: date, **kwargs: object) -> AppSettings:
        """Settings whose clock says noon UTC on ``today`` (tests, screenshots, bench)."""
        moment = datetime(today.year, today.month, today.day, 12, 0, tzinfo=UTC)
        return cls(clock=lambda: moment, **kwargs)  # type: ignore[arg-type]
