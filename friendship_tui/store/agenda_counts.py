"""The agenda's counts per bucket, kept by triggers (migration 0009, SQLite books).

The dashboard's totals are exact counts over windows of a 100k book: walking those
index ranges on every read cost ~4 ms. Instead each row that can enter a window adds 1
to its bucket in ``agenda_count`` (owner, panel, bucket), and a total is a SUM over the
window's buckets plus, where the window's edge falls inside a bucket, one small exact
count of that bucket alone (``agenda_tallies.py``). The buckets hold exactly the rows
the agenda's scans would find by their own columns (store/agenda_queries.py):

- ``birthday`` / ``anniversary``: live contacts per month-day; ``<col>_y``: the same
  per (the date's first four characters, month-day), so the rows dated after a window's
  year (a few, if any) are subtracted from the few buckets past that year;
- ``life_event`` / ``life_event_y``: live recurring events likewise (their contact's
  archiving is not here: the reader subtracts the few rows of archived contacts);
- ``reminder``: live incomplete reminders per day due;
- ``due <frequency>``: live tracked contacts whose talk is canonical UTC text (the
  index expression of ``agenda_due.py``) per day of the talk (UTC); ``due_never``: tracked,
  never contacted.

Every write path (the store, bulk imports, the sync cache) goes through the triggers.
Code that drops them around a big import calls ``drop_sql()``, then ``create_sql()``
and ``REBUILD_SQL`` after: one place for the whole design.
"""

from __future__ import annotations

from .agenda_due import SHAPE

TABLE = "agenda_count"
TABLE_SQL = (
    "CREATE TABLE agenda_count (\n"
    "\towned_by VARCHAR(64) NOT NULL, \n"
    "\tpanel VARCHAR(64) NOT NULL, \n"
    "\tbucket VARCHAR(64) NOT NULL, \n"
    "\tn INTEGER NOT NULL, \n"
    "\tPRIMARY KEY (owned_by, panel, bucket)\n"
    ") WITHOUT ROWID"
)  # the key is the table: a window's buckets are one range of it, ``n`` beside them

# (panel, bucket, condition) per table, over the row's columns with the prefix "{r}."
_MD = "{r}.is_archived = 0 AND {r}.{md} IS NOT NULL"
_CANON_TALK = SHAPE["sqlite"].replace("last_contacted_at", "{r}.last_contacted_at")
_CANON_TALK = _CANON_TALK.replace("next_due", "{r}.next_due")


def _yearly(panel: str, md: str, raw: str) -> list[tuple[str, str, str]]:
    cond = _MD.replace("{md}", md)
    dated = f"substr({{r}}.{raw}, 1, 4) || {{r}}.{md}"
    return [
        (f"'{panel}'", "{r}." + md, cond),
        (f"'{panel}_y'", dated, cond + f" AND {{r}}.{raw} IS NOT NULL"),
    ]


BUCKETS: dict[str, list[tuple[str, str, str]]] = {
    "contact": [
        *_yearly("birthday", "birthday_md", "birthday"),
        *_yearly("anniversary", "anniversary_md", "anniversary"),
        ("'due_never'", "''", "{r}.is_archived = 0 AND {r}.next_due = ''"),
        (
            "'due ' || {r}.stay_in_touch_frequency",
            "substr({r}.last_contacted_at, 1, 10)",
            "{r}.is_archived = 0 AND {r}.stay_in_touch_frequency IS NOT NULL "
            f"AND {_CANON_TALK} = 1",
        ),
    ],
    "life_event": [
        (p, b, c + " AND {r}.recurring = 1")
        for p, b, c in _yearly("life_event", "occurred_md", "occurred_at")
    ],
    "reminder": [
        (
            "'reminder'",
            "substr({r}.due_date, 1, 10)",
            "{r}.is_archived = 0 AND ({r}.completed = 0 OR {r}.completed IS NULL) "
            "AND {r}.due_date IS NOT NULL",
        )
    ],
}
# the columns a bucket depends on: an update of none of them fires nothing
COLUMNS = {
    "contact": (
        "owned_by", "is_archived", "birthday", "birthday_md", "anniversary",
        "anniversary_md", "next_due", "stay_in_touch_frequency", "last_contacted_at",
    ),
    "life_event": ("owned_by", "is_archived", "recurring", "occurred_at", "occurred_md"),
    "reminder": ("owned_by", "is_archived", "completed", "due_date"),
}  # fmt: skip


def _bump(row: str, delta: int, panel: str, bucket: str, cond: str) -> str:
    fill = {"{r}": row}
    sub = panel, bucket, cond
    p, b, c = (_fill(x, fill) for x in sub)
    return (
        f"INSERT INTO agenda_count(owned_by, panel, bucket, n) SELECT {row}.owned_by, {p}, {b}, "
        f"{delta} WHERE {c} ON CONFLICT(owned_by, panel, bucket) DO UPDATE SET n = n + ({delta}); "
    )


def _fill(text: str, fill: dict[str, str]) -> str:
    for k, v in fill.items():
        text = text.replace(k, v)
    return text


def create_sql() -> list[str]:
    """The triggers (insert, delete, and update of a bucket's columns) of each table."""
    out: list[str] = []
    for table, buckets in BUCKETS.items():
        old = "".join(_bump("old", -1, *b) for b in buckets)
        new = "".join(_bump("new", 1, *b) for b in buckets)
        cols = COLUMNS[table]
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in cols)
        out += [
            f"CREATE TRIGGER {table}_agenda_ai AFTER INSERT ON {table} BEGIN {new}END",
            f"CREATE TRIGGER {table}_agenda_ad AFTER DELETE ON {table} BEGIN {old}END",
            f"CREATE TRIGGER {table}_agenda_au AFTER UPDATE OF {', '.join(cols)} ON {table} "
            f"WHEN {changed} BEGIN {old}{new}END",
        ]
    return out


def drop_sql() -> list[str]:
    """The triggers' DROP statements (a bulk import may run without them, then rebuild)."""
    return [
        f"DROP TRIGGER IF EXISTS {table}_agenda_{when}"
        for table in BUCKETS
        for when in ("ai", "ad", "au")
    ]


def _counted(table: str, panel: str, bucket: str, cond: str, where: str = "") -> str:
    """One bucket kind's rows of ``table`` (as ``t``), as (owned_by, panel, bucket)."""
    p, b, c = (_fill(x, {"{r}": "t"}) for x in (panel, bucket, cond))
    head = f"SELECT t.owned_by AS owned_by, {p} AS panel, {b} AS bucket"
    return f"{head} FROM {table} t WHERE {c}{where}"


def _rebuild() -> str:
    parts = [_counted(table, *b) for table, buckets in BUCKETS.items() for b in buckets]
    return (
        "SELECT owned_by, panel, bucket, count(*) "
        f"FROM ({' UNION ALL '.join(parts)}) GROUP BY owned_by, panel, bucket"
    )


def refill_sql(table: str) -> list[str]:
    """What ``<table>_agenda_ai`` adds, for the rows above ``?`` (a ``seq``) at once: a
    bulk import that ran without the INSERT trigger (store/bulk_schema.py)."""
    return [
        "INSERT INTO agenda_count(owned_by, panel, bucket, n) SELECT owned_by, panel, bucket, "
        f"count(*) FROM ({_counted(table, *b, ' AND t.seq > ?')}) GROUP BY 1, 2, 3 "
        "ON CONFLICT(owned_by, panel, bucket) DO UPDATE SET n = n + excluded.n"
        for b in BUCKETS[table]
    ]


# every bucket's count from the rows themselves (what the triggers must always equal)
COUNTED_SQL = _rebuild()
# every count from scratch: after an import that ran without the triggers
REBUILD_SQL = [
    "DELETE FROM agenda_count",
    f"INSERT INTO agenda_count(owned_by, panel, bucket, n) {COUNTED_SQL}",
]


def ddl() -> list[str]:
    """What migration 0009 froze: the table, its triggers, its first counts."""
    return [TABLE_SQL, *create_sql(), *REBUILD_SQL]
