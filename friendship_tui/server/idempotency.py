"""Remembered answers to writes sent with an ``Idempotency-Key`` header.

A client that lost the response to a POST cannot know whether the object was made;
retrying with the same key returns the first answer instead of creating a twin. The
sync engine's outbox relies on this. Answers are kept in the database (a restart must
not forget them) for ``KEEP_SECONDS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from .accounts import begin_write, metadata

KEEP_SECONDS = 24 * 3600
MAX_KEY_LENGTH = 200

idempotency_table = sa.Table(
    "server_idempotency",
    metadata,
    sa.Column("user_name", sa.String(120), primary_key=True),
    sa.Column("key", sa.String(MAX_KEY_LENGTH), primary_key=True),
    sa.Column("method", sa.String(10), nullable=False),
    sa.Column("path", sa.String(400), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=True),
    sa.Column("created_at", sa.String(40), nullable=False, index=True),
)


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    method: str
    path: str
    status: int
    body: str | None


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


class IdempotencyStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writes = 0

    def lookup(self, user: str, key: str) -> StoredAnswer | None:
        t = idempotency_table
        cutoff = _stamp(datetime.now(UTC) - timedelta(seconds=KEEP_SECONDS))
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(t.c.method, t.c.path, t.c.status, t.c.body).where(
                    t.c.user_name == user, t.c.key == key, t.c.created_at >= cutoff
                )
            ).first()
        if row is None:
            return None
        return StoredAnswer(str(row.method), str(row.path), int(row.status), row.body)

    def remember(self, user: str, key: str, answer: StoredAnswer) -> None:
        t = idempotency_table
        now = datetime.now(UTC)
        try:
            with begin_write(self.engine) as conn:
                conn.execute(t.delete().where(t.c.user_name == user, t.c.key == key))
                conn.execute(
                    t.insert().values(
                        user_name=user,
                        key=key,
                        method=answer.method,
                        path=answer.path,
                        status=answer.status,
                        body=answer.body,
                        created_at=_stamp(now),
                    )
                )
                self._writes += 1
                if self._writes % 500 == 0:  # sweep expired answers now and then
                    cutoff = _stamp(now - timedelta(seconds=KEEP_SECONDS))
                    conn.execute(t.delete().where(t.c.created_at < cutoff))
        except IntegrityError:  # a concurrent twin stored first: its answer stands
            return
