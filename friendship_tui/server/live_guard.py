"""Which of the live channel's tokens still work: one query for all open sockets.

Run (in a worker thread) whenever the commit watch says tokens or users may have
changed; the hub closes the sockets of the tokens missing from the answer.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .accounts import tokens_table, users_table

BATCH = 500  # ids per IN (...): well under every database's parameter limit


def live_tokens(engine: Engine, token_ids: list[str]) -> dict[str, str]:
    """token id -> user id for those of ``token_ids`` not revoked and whose user still
    exists (a deleted user's tokens are deleted with it)."""
    t, u = tokens_table, users_table
    out: dict[str, str] = {}
    with engine.connect() as conn:
        for start in range(0, len(token_ids), BATCH):
            rows = conn.execute(
                sa.select(t.c.id, u.c.id.label("user_id"))
                .join(u, u.c.id == t.c.user_id)
                .where(t.c.id.in_(token_ids[start : start + BATCH]), t.c.revoked_at.is_(None))
            ).all()
            out.update({str(r.id): str(r.user_id) for r in rows})
    return out
