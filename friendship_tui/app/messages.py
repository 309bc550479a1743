"""Typed messages that carry worker results and data changes back to the widgets.

Workers never touch widgets directly: they post one of these, and the handler on the
UI side decides what to redraw. That keeps I/O and rendering apart.
"""

from __future__ import annotations

from dataclasses import dataclass
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

# The other screens' messages (list_messages.py), still importable from here: each
# record class costs ~1 ms to create and the dashboard's first frame needs none of them.
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


@dataclass
class AgendaLoaded(Message):
    agenda: Agenda


@dataclass
class StatusRead(Message):
    """The backend's mode and connection state, as the header shows it."""

    text: str
