"""The server's accounts (users, tokens, idempotency keys; PostgreSQL: the auth NOTIFY
triggers) as 0.1.0 made them.

Server databases made before these tables had a revision are stamped at this one (see
``server.accounts.ACCOUNTS``), so their rows are kept as they are.

Revision ID: a0001_accounts
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from friendship_tui.store import frozen

revision: str = "a0001_accounts"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FROZEN = Path(__file__).parent.parent / "frozen"


def upgrade() -> None:
    frozen.run(op.get_bind(), FROZEN, "a0001")


def downgrade() -> None:
    raise NotImplementedError("revisions only go forward; restore the .bak copy instead")
