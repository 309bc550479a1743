"""What every screen of the app shares: typed access to the backend and the clock,
and a reload when data changed while the screen was out of sight."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.screen import Screen

from ...store.base import Backend
from ..dialog_styles import SCREEN_STYLES
from ..messages import DataChanged
from ..settings import AppSettings
from ..worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from ..app import FriendshipApp


class AppScreen(ReportsWorkerErrors, Screen[Any]):
    """A main screen (contacts, dashboard, journal) that reloads when data changes."""

    # The contacts and journal screens' styles: read by the app before its first frame
    # unless it opens on the dashboard, then read ahead once that is up (dialog_styles).
    CSS_PATH: ClassVar[list[str | PurePath]] = list(SCREEN_STYLES)
    # The widget the screen's reload reads (a selector), so ``_composed`` can tell the
    # widgets are really there: a screen's children mount and go one container at a time.
    RELOAD_READS: ClassVar[str | None] = None
    loaded_version = -1

    @property
    def friendship(self) -> FriendshipApp:
        return cast("FriendshipApp", self.app)

    @property
    def backend(self) -> Backend:
        return self.friendship.backend

    @property
    def settings(self) -> AppSettings:
        return self.friendship.settings

    def _compositor_refresh(self) -> None:
        """Draw the screen, unless the app is in a batch of updates, when Textual would
        draw it and throw the frame away (``App._display`` writes nothing in a batch).

        The first screen is laid out while the app starts inside such a batch: its first
        frame (every line of every panel, ~35 ms of CPU) was drawn for nothing, and the
        screen's first resize drew it again (issue "Instant"). Left undrawn, the screen
        stays marked for a full repaint, which its next update (that resize) makes."""
        app = self.app
        if app._batch_count and not app.is_inline and self is app.screen:
            self._repaint_required = True
            return
        super()._compositor_refresh()

    def reload(self) -> None:
        """Fetch what the screen shows again (overridden by each screen)."""

    def mark_loaded(self) -> None:
        self.loaded_version = self.friendship.data_version

    def _composed(self) -> bool:
        """Whether the screen's widgets are there to reload: a screen can resume, or hear
        of a change, before it is composed (its mount then loads it) or as the app closes
        and its children are already gone (reloading then raised ``NoMatches``). Its
        children come and go a container at a time, so the widget the reload reads
        (``RELOAD_READS``) is asked for itself; a closing app reloads nothing."""
        if not self.children or self.app._exit or not self.app.is_running:
            return False
        return self.RELOAD_READS is None or bool(self.query(self.RELOAD_READS))

    def on_screen_resume(self) -> None:
        if self.loaded_version != self.friendship.data_version and self._composed():
            self.mark_loaded()
            self.reload()

    def on_data_changed(self, message: DataChanged) -> None:
        message.stop()
        if self._composed():
            self.mark_loaded()
            self.reload()
