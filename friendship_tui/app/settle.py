"""What the app does once its first screen shows its data, off the UI thread.

The first screen is drawn from the fast read path (store/sqlite_book.py): SQLAlchemy is
not imported for it. The first write would then pay for that import and the engine, so
once the screen is up a thread builds them (``warm_up``) while the person reads. Then
the start-up heap is moved out of the collector's way (``gc.freeze``): a full pass over
it would otherwise cost tens of milliseconds in the middle of a later keystroke. The
collector is off from the start of a real run until then (app/launch.py).
"""

from __future__ import annotations

import gc

from ..store.base import Backend

# Seconds after the start screen is chosen when the app settles, if no screen said
# earlier that its data is on screen (the dashboard does: AgendaLoaded).
SETTLE_AFTER = 1.0
# Seconds the settling waits once the first screen shows its data, so its imports do not
# hold up the screen's next frames (the footer's keys, a first key press).
SETTLE_QUIET = 0.5


def settle_process(backend: Backend) -> None:
    """Build the backend's engine if it has one to build, then freeze the heap."""
    try:
        backend.warm_up()
    finally:  # a failed warm-up (reported by the worker) still turns the collector on
        gc.collect()
        gc.freeze()
        gc.enable()  # off since start-up (app/launch.py)
