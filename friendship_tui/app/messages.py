"""Typed messages that carry worker results and data changes back to the widgets.

Workers never touch widgets directly: they post one of these, and the handler on the
UI side decides what to redraw. That keeps I/O and rendering apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

from ..domain.agenda import Agenda

if TYPE_CHECKING:
    from .list_messages import ContactPageLoaded, DetailLoaded, JournalLoaded

__all__ = [
    "AgendaLoaded",
    "ContactPageLoaded",
    "DataChanged",
    "DetailLoaded",
    "JournalLoaded",
    "StatusRead",
]

# The messages of the first screen are plain classes: a dataclass costs ~1 ms to create
# (its methods are compiled as it is made) and a message needs only its fields. The
# other screens' (list_messages.py) are still importable from here, created when used.
LIST_MESSAGES = frozenset({"ContactPageLoaded", "DetailLoaded", "JournalLoaded"})


def __getattr__(name: str) -> Any:
    if name in LIST_MESSAGES:
        from . import list_messages

        return getattr(list_messages, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class DataChanged(Message):
    """Something was written (by us or, through ``changes()``, by someone else).

    ``type_`` and ``id_`` say what, when known; screens reload what they show.
    """

    def __init__(self, type_: str | None = None, id_: str | None = None) -> None:
        super().__init__()
        self.type_ = type_
        self.id_ = id_


class AgendaLoaded(Message):
    """The dashboard's agenda, read by its worker."""

    def __init__(self, agenda: Agenda) -> None:
        super().__init__()
        self.agenda = agenda


class StatusRead(Message):
    """The backend's mode and connection state, as the header shows it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
