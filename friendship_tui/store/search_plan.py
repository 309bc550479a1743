"""Contact search on SQLite, written once as SQL text and plan rules, without SQLAlchemy.

``search`` answers ``Store.search`` on the book's plain ``sqlite3`` connection (the hot
read path: a person typing into the palette at 100k contacts); ``fts_search`` runs the
same statements through SQLAlchemy for a store made from an engine. Both follow the
rule ``reads.search`` documents (see ``fts_search`` for why each plan is chosen):
archived and partial contacts left out; at most ``BROAD_MATCHES`` hits ranked by bm25
(name hits first), a broader query in name order; no words: the first contacts by name.
``tests/store/test_search_at_scale.py`` holds the two paths to the same answers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from ..domain.reserved_fields import partial_ids
from ..schema import MODELS
from . import fast_reads
from .base import Obj
from .columns import WIRE_COLUMNS, raw_row_to_obj
from .fts_query import PREFIX_INDEXES, fts_table, match_expression, query_words
from .text_search import search_fields

BROAD_MATCHES = 200  # more hits than this: name order, not bm25
# A walk in name order passes every row before the first hits. When they sit late in
# that order ("sar" at 100k: Sara, Sarah, ... begin four fifths of the way down) it
# passes nearly every row, 12-15 ms, where listing the hits and sorting them costs
# ~1 us a hit (1.5 ms for 1,491). So a walk goes no further than that would cost:
# WALK_PER_HIT rows a hit (a walked row ~0.17 us, a listed hit ~1.15 us, measured at
# 100k); past it the hits are listed (``walk_bound``). At worst about twice the cheaper
# plan, never the whole table for a few hits.
WALK_PER_HIT = 3
# A search counts its hits this far (~0.1 ms for 3,000 at 100k), so the walk's budget
# is known; a word with more hits than this walks as before (they are spread out).
WALK_CAP = 10_000
# Per walked row, an EXISTS probe costs about this many times what one hit costs the
# IN list (measured at 100k contacts: ~30-80 us against ~0.2 us). At 100k, "m" (48k
# hits) then probes for a search's 20 rows (3 ms, not 10) and lists for a page of 100.
EXISTS_PER_IN = 400
SEARCH_WEIGHTS = {"name": 10.0, "nickname": 8.0, "email": 4.0, "company": 3.0, "tags": 3.0}
PREFIX_LENGTHS = {int(n) for n in PREFIX_INDEXES.get("contact", "").split()}

_MODEL = MODELS["contact"]
FTS = fts_table(_MODEL)
COLUMNS = ", ".join(f"contact.{c}" for c in WIRE_COLUMNS["contact"])
LIVE = "contact.owned_by = ? AND contact.is_archived = 0"
NAME_ORDER = "ORDER BY contact.name COLLATE NOCASE, contact.seq LIMIT ?"
WEIGHTS = ", ".join(str(SEARCH_WEIGHTS.get(f, 1.0)) for f in search_fields(_MODEL))

# (expr, cap): how many rows of every owner match, counting no further than cap
HITS_UP_TO = f"SELECT count(*) FROM (SELECT 1 FROM {FTS} WHERE {FTS} MATCH ? LIMIT ?)"
# (owner, limit): a search with no words filters nothing, as q= on a list
FIRST_BY_NAME = f"SELECT {COLUMNS} FROM contact WHERE {LIVE} {NAME_ORDER}"
# (expr, owner, limit): live matching contacts by bm25 (name hits weigh most), then name
RANKED = (
    f"SELECT {COLUMNS} FROM (SELECT rowid AS seq, bm25({FTS}, {WEIGHTS}) AS rank "
    f"FROM {FTS} WHERE {FTS} MATCH ?) AS m JOIN contact ON contact.seq = m.seq "
    f"WHERE {LIVE} ORDER BY m.rank, contact.name COLLATE NOCASE LIMIT ?"
)
PROBE = f"EXISTS (SELECT 1 FROM {FTS} WHERE {FTS} MATCH ? AND rowid = contact.seq)"
# unary +: SQLite walks the name index, not the hits by rowid
IN_HITS = f"+contact.seq IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH ?)"


# The walk's stop as a WHERE term on the name index's column, by whether the order
# is descending: a range, so SQLite stops reading there (``walk_bound``'s name)
WALK_STOP = {False: "contact.name COLLATE NOCASE <= ?", True: "contact.name COLLATE NOCASE >= ?"}
# (owner, expr, stop name, limit): the walk, as far as the stop
BOUNDED_WALK = (
    f"SELECT {COLUMNS} FROM contact WHERE {LIVE} AND {IN_HITS} AND {WALK_STOP[False]} {NAME_ORDER}"
)
# (owner, expr, limit): the hits looked up by rowid, then sorted (unary +: not a walk)
HITS_BY_NAME = (
    f"SELECT {COLUMNS} FROM contact WHERE +contact.owned_by = ? AND +contact.is_archived = 0 "
    f"AND contact.seq IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH ?) {NAME_ORDER}"
)
# (owner, offset): the name of the row that far down the owner's live contacts
_NTH_NAME = {
    way: f"SELECT contact.name FROM contact WHERE {LIVE} ORDER BY contact.name COLLATE "
    f"NOCASE {way}, contact.seq {way} LIMIT 1 OFFSET ?"
    for way in ("ASC", "DESC")
}

Rows = Sequence[Sequence[Any]]
Run = Callable[[str, tuple[Any, ...]], Rows]  # a statement and its parameters: its rows


def name_order_sql(probe: bool) -> str:
    """(owner, expr, limit): the first live matching contacts in name order."""
    test = PROBE if probe else IN_HITS
    return f"SELECT {COLUMNS} FROM contact WHERE {LIVE} AND {test} {NAME_ORDER}"


def walk_bound(
    run: Run, owner: str, hits: int, want: int, rows: int, desc: bool = False
) -> str | None:
    """The name a name-order walk for ``want`` of ``hits`` rows stops at (its budget,
    ``WALK_PER_HIT``), or None: walk to the end.

    Only for a budget within the first quarter of the owner's ``rows``: finding the
    stop walks that far down the name index (~0.02 us a row), and so many hits ("j":
    29k of 100k) are spread through the order, where the walk ends early anyway.
    """
    budget = want + WALK_PER_HIT * hits
    if budget * 4 > rows:
        return None
    found = run(_NTH_NAME["DESC" if desc else "ASC"], (owner, budget))
    return str(found[0][0]) if found else None


def found_rows(
    run: Run, owner: str, expr: str, words: Sequence[str], limit: int, rows: int
) -> Rows:
    """The rows of a search with words (``reads.search``'s rule), through ``run``: a
    plain connection's or SQLAlchemy's, so both take the same plan."""
    probe = probes_cheap(words)
    cap = max(WALK_CAP, exists_cap(rows, limit) if probe else 0)
    hits = int(run(HITS_UP_TO, (expr, cap))[0][0])
    if hits <= BROAD_MATCHES:
        return run(RANKED, (expr, owner, limit))
    if probe and dense_enough(hits, rows, limit):
        return run(name_order_sql(True), (owner, expr, limit))
    bound = walk_bound(run, owner, hits, limit, rows) if hits < cap else None
    if bound is None:
        return run(name_order_sql(False), (owner, expr, limit))
    walked = run(BOUNDED_WALK, (owner, expr, bound, limit))
    if len(walked) == limit:
        return walked
    return run(HITS_BY_NAME, (owner, expr, limit))  # the hits lie past the walk's budget


def dense_enough(hits: int, rows: int, want: int) -> bool:
    """Whether walking with per-row probes beats listing the hits: the walk is about
    ``want * rows / hits`` rows long, each probe ``EXISTS_PER_IN`` times a hit."""
    return hits * hits > EXISTS_PER_IN * want * max(rows, 1)


def exists_cap(rows: int, want: int) -> int:
    """The hit count above which ``dense_enough`` holds (so counting can stop there)."""
    return int((EXISTS_PER_IN * want * max(rows, 1)) ** 0.5) + 1


def probes_cheap(words: Sequence[str]) -> bool:
    """Every word is as long as a prefix index: a per-row probe is a seek."""
    return bool(words) and all(len(w) in PREFIX_LENGTHS for w in words)


def _objects(rows: Rows) -> list[Obj]:
    return [raw_row_to_obj(_MODEL, r) for r in rows]


def found(db: sqlite3.Connection, owner: str, text: str, limit: int) -> list[Obj]:
    """``reads.search``'s answer on SQLite, partial contacts still in."""
    expr = match_expression(text)
    limit = max(1, min(limit, _MODEL.max_page_size))
    if expr is None:
        return _objects(db.execute(FIRST_BY_NAME, (owner, limit)).fetchall())
    rows = fast_reads.row_total(db, owner, "contact", {False, True})
    got = found_rows(
        lambda sql, args: db.execute(sql, args).fetchall(),
        owner,
        expr,
        query_words(text),
        limit,
        rows,
    )
    return _objects(got)


def search(db: sqlite3.Connection, owner: str, text: str, limit: int) -> list[Obj]:
    """``Store.search`` on a plain connection: ``found`` without partial contacts."""
    out = found(db, owner, text, limit)
    if not out:
        return out
    ids = sorted({str(o["id"]) for o in out})
    marks = ", ".join("?" for _ in ids)
    sql = (
        "SELECT parent_id, label, value FROM custom_field WHERE owned_by = ? "
        f"AND is_archived = 0 AND parent_id IN ({marks})"
    )
    rows = db.execute(sql, (owner, *ids)).fetchall()
    hidden = partial_ids({"parent_id": p, "label": lbl, "value": v} for p, lbl, v in rows)
    return [o for o in out if str(o["id"]) not in hidden]
