"""An action once input pauses: the latest one wins, an older one waiting is dropped.

The contact list's filter and the journal's tag filter run their query this way (the
debounce setting), and the contacts screen its detail pane (once the cursor rests or
typing pauses; at once for a contact opened from elsewhere). One mechanism, so that
whatever runs now also drops what was waiting: a wait begun before and ended later
would otherwise load another contact over the one asked for. A zero delay runs in the
caller's own call and never reaches Textual's timer, which divides by its interval
(``set_timer(0)`` raises ``ZeroDivisionError`` as the screen closes).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class AfterPause:
    """Runs an action ``delay`` seconds on, unless a newer one comes first (it drops
    the one waiting), or in the caller's own call when ``delay`` is 0."""

    def __init__(self, owner: MessagePump) -> None:
        self._owner = owner
        self._timer: Timer | None = None

    @property
    def pending(self) -> bool:
        """Whether an action is waiting."""
        return self._timer is not None

    def __call__(self, delay: float, action: Callable[[], object]) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if delay <= 0:
            action()
        else:
            self._timer = self._owner.set_timer(delay, self._fire(action))

    def _fire(self, action: Callable[[], object]) -> Callable[[], object]:
        def fire() -> object:
            self._timer = None  # (before the action: it may ask for another)
            return action()

        return fire
