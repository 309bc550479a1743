"""Covering indexes for the agenda's exact counts (issue 14: the agenda <= 5 ms at 100k).

The month-day and due-key indexes are rebuilt under their names with the columns they
are derived from (a birthday's year, a life event's ``occurred_at`` and ``recurring``,
the last talk and step of ``next_due``), and reminders get ``ix_reminder_agenda``
(owner, archived, due date, completed): the counts of store/agenda_sql.py then read the
index alone, never the table. Indexes only: no table or row changes.

Revision ID: 0007_agenda_indexes
Revises: 0006_search_doc
Create Date: 2026-11-27

The statements are frozen in ``frozen/0007.<dialect>.sql``: this revision does the
same thing forever, whatever today's declarations say.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from friendship_tui.store import frozen
from friendship_tui.store.migrate import FROZEN

revision: str = "0007_agenda_indexes"
down_revision: str | None = "0006_search_doc"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    frozen.run(op.get_bind(), FROZEN, "0007")


def downgrade() -> None:
    raise NotImplementedError("revisions only go forward; restore the .bak copy instead")
