"""A filter's query once typing pauses for the debounce setting, or at once without one.

The contact list's filter and the journal's tag filter share this, so the setting means
the same in both and a zero cannot reach Textual's timer, which divides by its
interval (``set_timer(0)`` raises ``ZeroDivisionError`` as the screen closes).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class AfterTyping:
    """Runs an action ``delay`` seconds after its key, unless a newer key's comes
    first (it drops the one waiting), or in the key's own call when ``delay`` is 0."""

    def __init__(self, owner: MessagePump) -> None:
        self._owner = owner
        self._timer: Timer | None = None

    def __call__(self, delay: float, action: Callable[[], object]) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if delay <= 0:
            action()
        else:
            self._timer = self._owner.set_timer(delay, action)
