"""Things the store must tell the person once, without knowing who is listening.

Opening a book can do something the user should hear about (an upgrade, and the copy
made before it). The store cannot print (it runs under the app, the CLI and the server
alike), so it hands the sentence to a sink: the CLI sets one that writes to stderr, the
app one that shows a notification. Until a sink is set, sentences wait in ``pending``.
"""

from __future__ import annotations

from collections.abc import Callable

Sink = Callable[[str], None]

_sink: Sink | None = None
pending: list[str] = []


def set_sink(sink: Sink | None) -> None:
    """Route notices to ``sink`` (``None``: keep them); ones already waiting go first."""
    global _sink
    _sink = sink
    if sink is not None:
        waiting = pending[:]
        pending.clear()
        for text in waiting:
            sink(text)


def emit(text: str) -> None:
    if _sink is None:
        pending.append(text)
    else:
        _sink(text)
