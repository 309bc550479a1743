"""What every screen of the app shares: typed access to the backend and the clock,
and a reload when data changed while the screen was out of sight."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from ...store.base import Backend
from ..messages import DataChanged
from ..settings import AppSettings
from ..worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from ..app import FriendshipApp


class AppScreen(ReportsWorkerErrors, Screen[Any]):
    """A main screen (contacts, dashboard, journal) that reloads when data changes."""

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

    def reload(self) -> None:
        """Fetch what the screen shows again (overridden by each screen)."""

    def mark_loaded(self) -> None:
        self.loaded_version = self.friendship.data_version

    def on_screen_resume(self) -> None:
        if self.loaded_version != self.friendship.data_version:
            self.mark_loaded()
            self.reload()

    def on_data_changed(self, message: DataChanged) -> None:
        message.stop()
        self.mark_loaded()
        self.reload()
