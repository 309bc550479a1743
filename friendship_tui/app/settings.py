"""What the app is told from outside: the clock, the theme, the paging knobs.

Injected (not read from globals) so tests and screenshots can pin the date and the
bench can tune page sizes without touching the widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path

from ..domain.clock import LocalClock

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class AppSettings:
    """How the app runs: its clock and zone, the first screen, the horizon, the theme.

    (A docstring also spares dataclass its ``inspect.signature`` at import.)
    """

    clock: Callable[[], datetime] = field(default=_utc_now)  # the instant (UTC)
    tz: tzinfo | None = None  # the user's zone; None = the system's (TZ)
    theme: str = DARK_THEME
    light_theme: str = LIGHT_THEME
    dark_theme: str = DARK_THEME
    horizon_days: int = 30
    page_size: int = 100  # contacts fetched per page by the virtual list
    cache_pages: int = 12  # pages the virtual list keeps before evicting the farthest
    # Seconds from a filter keystroke to its query; none by default: a quick read lands
    # in the key's own frame and a slow one goes to a worker the next key cancels, so
    # waiting saves nothing, and 0.12 s of it was most of a real terminal's 129 ms from
    # key to results at 100k (bench/tmux_key_bench.py; the target is 16 ms).
    filter_debounce: float = 0.0
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

    @property
    def local_clock(self) -> LocalClock:
        """The clock the CLI uses too: same instant, same zone, same "today"."""
        return LocalClock(self.clock, self.tz)

    def now(self) -> datetime:
        """The instant, for what gets stored (UTC on the wire)."""
        return self.clock()

    def today(self) -> date:
        """The user's local date (not UTC's): due dates and ages count from it."""
        return self.local_clock.today()

    @classmethod
    def fixed(cls, today: date, tz: tzinfo | None = UTC, **kwargs: object) -> AppSettings:
        """Settings whose clock says noon on ``today`` in ``tz`` (tests, screenshots, bench)."""
        moment = datetime.combine(today, time(12, 0), tzinfo=tz or UTC).astimezone(UTC)
        return cls(clock=lambda: moment, tz=tz, **kwargs)  # type: ignore[arg-type]
