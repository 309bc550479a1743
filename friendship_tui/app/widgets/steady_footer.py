"""A footer that draws its keys again only when they change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """Textual's footer rebuilds every key widget each time its screen says the bindings
    may have changed: as the first screen mounts that is said several times over (focus
    set, the screen stack, the app's focus), each a new compose, style and layout of the
    keys before the first frame. The keys it would show are compared first; unchanged,
    the footer is left as it is."""

    _shown: Hashable = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        shown = self._keys(screen)
        if shown == self._shown:
            return
        self._shown = shown
        self.call_after_refresh(self.recompose)

    def _keys(self, screen: Screen) -> Hashable:
        palette = self.app.COMMAND_PALETTE_BINDING
        keys = [
            (key, binding.key, binding.action, binding.description, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        ]
        return (*keys, self.show_command_palette)
