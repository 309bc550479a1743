"""The messages of the contact list, the detail pane and the journal (messages.py has
the ones every screen posts, and still hands these out by name)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from textual.message import Message

from ..store.base import Obj


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
class JournalLoaded(Message):
    entries: list[Obj]
