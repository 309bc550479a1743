"""Row counts per (owner, type, archived), kept by triggers.

A list's ``total`` is a COUNT over every matching row; for the plain, unfiltered list
(the contact list the app opens on) that is a scan of 100k index entries on every page.
These counts answer that case in one lookup. Triggers keep them exact on every write
path (the store, bulk imports, the sync cache writing rows directly).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, select
from sqlalchemy import func as sql_func

from ..schema import MODELS
from .tables import ID_LENGTH

COUNT_METADATA = MetaData()
ROW_COUNTS = Table(
    "row_count",
    COUNT_METADATA,
    Column("owned_by", String(ID_LENGTH), primary_key=True),
    Column("type", String(32), primary_key=True),
    Column("is_archived", Integer, primary_key=True),
    Column("n", Integer, nullable=False),
)


def _bump(owner: str, type_: str, archived: str, delta: int) -> str:
    return (
        f"INSERT INTO row_count(owned_by, type, is_archived, n) "
        f"VALUES ({owner}, '{type_}', {archived}, {delta}) "
        f"ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + ({delta}); "
    )


def counts_ddl() -> list[str]:
    out: list[str] = []
    for t in MODELS:
        out += [
            f"CREATE TRIGGER {t}_count_ai AFTER INSERT ON {t} BEGIN "
            + _bump("new.owned_by", t, "new.is_archived", 1)
            + "END",
            f"CREATE TRIGGER {t}_count_ad AFTER DELETE ON {t} BEGIN "
            + _bump("old.owned_by", t, "old.is_archived", -1)
            + "END",
            f"CREATE TRIGGER {t}_count_au AFTER UPDATE OF is_archived, owned_by ON {t} BEGIN "
            + _bump("old.owned_by", t, "old.is_archived", -1)
            + _bump("new.owned_by", t, "new.is_archived", 1)
            + "END",
        ]
    return out


def count(conn: Connection, owner: str, type_: str, archived: Iterable[bool]) -> int:
    wanted = [int(a) for a in archived]
    total = conn.execute(
        select(sql_func.coalesce(sql_func.sum(ROW_COUNTS.c.n), 0)).where(
            ROW_COUNTS.c.owned_by == owner,
            ROW_COUNTS.c.type == type_,
            ROW_COUNTS.c.is_archived.in_(wanted),
        )
    ).scalar_one()
    return int(total)


def whole(conn: Connection, type_: str) -> int:
    """Every row of ``type_``, of every owner, archived or not (one small sum)."""
    total = conn.execute(
        select(sql_func.coalesce(sql_func.sum(ROW_COUNTS.c.n), 0)).where(ROW_COUNTS.c.type == type_)
    ).scalar_one()
    return int(total)
