"""The agenda's tie days read from indexes alone (issue 14: the agenda <= 5 ms at 100k).

The first day of an agenda window holds hundreds of birthdays and life events at 100k,
and the panel's first rows need every one's sort key (the contact's name folded, the
title, the id: store/agenda_order.py), so each was a row read from the table, and the
process's first agenda read paid a cold page for most of them. The month-day indexes
are rebuilt under their names with those columns after their sources (a birthday's and
an anniversary's name and id; a life event's parent, title, kind and id), reminders'
``ix_reminder_agenda`` with the parent and id, and ``ix_contact_agenda_name`` (owner,
id, archived, name) gives a child's contact name from the index. Indexes only: no
table or row changes.

Revision ID: 0010_agenda_ties
Revises: 0009_agenda_counts
Create Date: 2026-11-28

The statements are frozen in ``frozen/0010.<dialect>.sql``: this revision does the
same thing forever, whatever today's declarations say.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from friendship_tui.store import frozen
from friendship_tui.store.migrate import FROZEN

revision: str = "0010_agenda_ties"
down_revision: str | None = "0009_agenda_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    frozen.run(op.get_bind(), FROZEN, "0010")


def downgrade() -> None:
    raise NotImplementedError("revisions only go forward; restore the .bak copy instead")
