"""The local store's agenda reads: the plain SQL of ``agenda_sql.py`` inside one read.

On a current SQLite book it runs straight on a ``sqlite3`` connection, so the first
screen and ``friendship today`` never build SQLAlchemy's engine; on PostgreSQL (or a
store made from an engine) the same SQL text goes through SQLAlchemy. Kept apart from
``local.py``, which is about opening the book and writing to it.
"""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any

from ..domain.agenda import (
    PANELS,
    Agenda,
    AgendaRow,
    PanelName,
    limit_problems,
    window_problems,
)
from .errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from .agenda_sql import AgendaReader


class AgendaReads:
    """``agenda`` and ``agenda_rows`` of ``Store``, over its ``read``/``raw_read``."""

    if TYPE_CHECKING:

        def read(self) -> AbstractContextManager[Connection]: ...

        def raw_read(self) -> AbstractContextManager[sqlite3.Connection | None]: ...

    def agenda(
        self,
        owner: str,
        today: date,
        horizon_days: int = 30,
        *,
        tz: tzinfo | None = None,
        limit: int | None = None,
    ) -> Agenda:
        """The agenda on ``today``, due dates counted in the user's zone ``tz`` (None:
        the system's); ``limit``: each panel's first rows only, with exact totals."""
        if problems := window_problems(today, horizon_days) | limit_problems(limit):
            raise ValidationError(problems)
        with self._agenda_reader(owner, today, horizon_days, tz) as reader:
            return reader.agenda(limit)

    @contextmanager
    def _agenda_reader(
        self, owner: str, today: date, horizon_days: int, tz: tzinfo | None
    ) -> Iterator[AgendaReader]:
        """The agenda's plain-SQL reader (store/agenda_sql.py) inside one read: on a
        current SQLite book straight on a ``sqlite3`` connection, so the first screen
        and ``friendship today`` never build the engine; elsewhere the same SQL text
        through SQLAlchemy."""
        from .agenda_sql import AgendaReader, sqlite_runner

        with self.raw_read() as db:
            if db is not None:
                # a book on the plain path is at the newest revision: it has the counts
                run = sqlite_runner(db)
                yield AgendaReader(run, owner, today, horizon_days, tz, tallied=True)
                return
        with self.read() as conn:
            if conn.dialect.name == "sqlite":
                run = sqlite_runner(conn.connection.driver_connection)
                yield AgendaReader(run, owner, today, horizon_days, tz)
                return
            from sqlalchemy import text

            def on_sqlalchemy(
                sql: str, params: Mapping[str, Any]
            ) -> builtins.list[tuple[Any, ...]]:
                return [tuple(r) for r in conn.execute(text(sql), dict(params)).all()]

            yield AgendaReader(on_sqlalchemy, owner, today, horizon_days, tz, sqlite=False)

    def agenda_rows(
        self,
        owner: str,
        panel: PanelName,
        today: date,
        horizon_days: int,
        offset: int,
        limit: int,
        *,
        tz: tzinfo | None = None,
    ) -> builtins.list[AgendaRow]:
        """Rows ``[offset, offset+limit)`` of one panel, in the panel's order."""
        if panel not in PANELS:
            raise ValidationError({"panel": "must be one of: " + ", ".join(PANELS)})
        if problems := limit_problems(limit, offset):
            raise ValidationError(problems)
        if problems := window_problems(today, horizon_days):
            raise ValidationError(problems)
        with self._agenda_reader(owner, today, horizon_days, tz) as reader:
            return reader.panel(panel, offset + limit)[offset : offset + limit]
