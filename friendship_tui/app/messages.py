"""Typed messages that carry worker results and data changes back to the widgets.

Workers never touch widgets directly: they post one of these, and the handler on the
UI side decides what to redraw. That keeps I/O and rendering apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from textual.message import Message

from ..domain.agenda import Agenda
from ..store.base import Obj


class DataChanged(Message):
    """Something was written (by us or, through ``changes()``, by someone else).

    ``type_`` and ``id_`` say what, when known; screens reload what they show.
    """

    def __init__(self, type_: str | None = None, id_: str | None = None) -> None:
        super().__init__()
        self.type_ = type_
        self.id_ = id_


@dataclass
class ContactPageLoaded(Message):
    """One page of the virtual contact list, for the query ``generation`` it was asked for."""

    generation: int
    page: int
    items: list[Obj]
    total: int | None
    snoozes: dict[str, date] = field(default_factory=dict)  # contact id -> back-on date


@dataclass
class DetailLoaded(Message):
    """A contact and every child list shown in the detail pane."""

    contact: Obj
    children: dict[str, list[Obj]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # relationship target id -> name


@dataclass
class AgendaLoaded(Message):
    agenda: Agenda


@dataclass
class JournalLoaded(Message):
    entries: list[Obj]


@dataclass
class StatusRead(Message):
    """The backend's mode and connection state, as the header shows it."""

    text: str
