"""The agenda's SQL text (``agenda_sql.py`` reads with it): each panel's scan, the
counts derived from the scans, and the columns and constants they share. Plain text with
``:name`` parameters, run on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from ..domain.agenda import (
    DUE_SOON_DAYS,
    AgendaRow,
    event_order,
    reminder_order,
    reminder_row,
    stay_order,
    stay_row,
    yearly_row,
)

Row = tuple[Any, ...]

# What each scan reads of a contact: no column its WHERE fixes (``is_archived``), and
# of the yearly dates only the scan's own (each value read costs sqlite3 an object).
STAY_COLS = ("id", "name", "stay_in_touch_frequency", "last_contacted_at", "stay_in_touch_topic")
_C_STAY = ", ".join(f"c.{n}" for n in STAY_COLS)
# A child row's contact: its name (what the domain shows of it), from
# ``ix_contact_agenda_name`` (migration 0010): no contact row read. Its id is the
# child's ``parent_id`` and it is live (the scan's WHERE), so neither is read again.

_LIVE = "c.owned_by = :owner AND c.is_archived = :no"
_TRACKED = f"{_LIVE} AND c.next_due IS NOT NULL"

SQL = {
    # Reserved fields that may leave a contact out (deceased, partial, snoozed): read by
    # the indexed kind, so the cost follows how many such fields there are; which ones
    # count is the domain's rule (reserved_fields, snooze).
    "flags": "SELECT f.parent_id, f.label, f.kind, f.value, f.is_archived FROM custom_field f "
    "{HINT} WHERE f.owned_by = :owner AND f.kind IN (:date_kind, :bool_kind) "
    "AND f.is_archived = :no",
    # stay in touch: candidates in key order, the certain counts, the boundary rows
    "due_rows": f"SELECT {_C_STAY} FROM contact c WHERE {_TRACKED} "
    "AND c.next_due <= :hi {EXTRA} ORDER BY c.next_due LIMIT :n",
    # due: never contacted; and, when agenda_due.py has no ranges for the zone, by the
    # key's slack: certainly (the key <= lo) or per distinct pair near the boundary
    "due_never": f"SELECT count(*) FROM contact c WHERE {_TRACKED} AND c.next_due = ''",
    "due_certain": f"SELECT count(*) FROM contact c WHERE {_TRACKED} "
    "AND c.next_due > '' AND c.next_due <= :lo",
    "due_edge": "SELECT c.last_contacted_at, c.stay_in_touch_frequency, count(*) "
    f"FROM contact c WHERE {_TRACKED} AND c.next_due > :lo AND c.next_due <= :hi "
    "GROUP BY c.last_contacted_at, c.stay_in_touch_frequency",
    # yearly dates: one indexed month-day range scan per column
    "birthday": f"SELECT c.id, c.name, c.birthday, c.birthday_md FROM contact c WHERE {_LIVE} "
    "AND c.birthday_md BETWEEN :lo AND :hi {EXTRA} ORDER BY c.birthday_md LIMIT :n",
    "anniversary": "SELECT c.id, c.name, c.anniversary, c.anniversary_md FROM contact c "
    f"WHERE {_LIVE} "
    "AND c.anniversary_md BETWEEN :lo AND :hi {EXTRA} ORDER BY c.anniversary_md LIMIT :n",
    "life_event": "SELECT e.id, e.parent_id, e.title, e.kind, e.occurred_at, c.name, "
    "e.occurred_md FROM life_event e JOIN contact c ON c.id = e.parent_id "
    f"WHERE e.owned_by = :owner AND e.is_archived = :no AND e.recurring = :yes AND {_LIVE} "
    "AND e.occurred_md BETWEEN :lo AND :hi {EXTRA} ORDER BY e.occurred_md LIMIT :n",
    "reminder": "SELECT r.id, r.parent_id, r.message, c.name, r.due_date "
    "FROM reminder r JOIN contact c ON c.id = r.parent_id "
    "WHERE r.owned_by = :owner AND r.is_archived = :no "
    "AND (r.completed = :no OR r.completed IS NULL) AND c.owned_by = :owner "
    "AND c.is_archived = :no AND r.due_date <= :hi {EXTRA} ORDER BY r.due_date LIMIT :n",
}
# Counts of a child panel without the join, so the covering indexes (migration 0007)
# answer them alone: every live row in the window, less those of archived contacts
# (read from the few archived contacts by ``parent_id``). ``parent_id`` is required,
# set once and names a contact of the same owner (store/writes.check_refs, foreign
# keys on), so these are exactly the rows the join leaves out.
CHILD_WINDOW = {
    "life_event": ("e", "e.recurring = :yes AND e.occurred_md BETWEEN :lo AND :hi"),
    "reminder": ("r", "(r.completed = :no OR r.completed IS NULL) AND r.due_date <= :hi"),
}
CHILD_COUNTS = {
    "all": "SELECT count(*) FROM {table} {a} "
    "WHERE {a}.owned_by = :owner AND {a}.is_archived = :no AND {window} {EXTRA}",
    # CROSS JOIN: from the (few) archived contacts to their rows, never the other way
    "archived_parent": "SELECT count(*) FROM contact c CROSS JOIN {table} {a} "
    "WHERE c.owned_by = :owner AND c.is_archived = :yes AND {a}.owned_by = :owner "
    "AND {a}.parent_id = c.id AND {a}.is_archived = :no AND {window} {EXTRA}",
}
# SQLite's birthday count as a pure index range (no test per entry: about half the
# walk's cost), less the Feb 29 birthdays (the domain places them) and less those dated
# after the range's year, found from the birthday's own sort index (a few, if any): the
# rows ``_plain``'s tests keep, counted without evaluating them on every entry.
BIRTHDAY_COUNT = (
    "SELECT (SELECT count(*) FROM contact c WHERE {live} "
    "AND c.birthday_md BETWEEN :lo AND :hi) "
    "- (SELECT count(*) FROM contact c WHERE {live} AND c.birthday_md = '{feb29}' "
    "AND c.birthday_md BETWEEN :lo AND :hi) "
    "- (SELECT count(*) FROM contact c INDEXED BY ix_contact_s_birthday WHERE {live} "
    "AND c.birthday >= :year || CAST(x'FF' AS TEXT) "
    "AND c.birthday_md BETWEEN :lo AND :hi AND c.birthday_md <> '{feb29}')"
)
# the scans also run as counts, as "this key only" (a tie group) and for a few ids
ID_CHUNK = 500  # ids per IN (...): under every database's parameter limit
YEARLY_MD = {"birthday": "c.birthday_md", "anniversary": "c.anniversary_md"}
YEARLY_MD["life_event"] = "e.occurred_md"
RAW = {"birthday": "c.birthday", "anniversary": "c.anniversary", "life_event": "e.occurred_at"}
ALL = 2**62  # LIMIT for "every row" (SQLite and PostgreSQL alike)
ORDER_COL = {**YEARLY_MD, "reminder": "r.due_date"}
# a row by its integer key (``agenda_order.DAY_COLS`` reads it with the sort keys)
ROW_ID = {"birthday": "c.seq", "anniversary": "c.seq", "life_event": "e.seq", "reminder": "r.seq"}
TABLE = {"birthday": "contact c", "anniversary": "contact c", "life_event": "life_event e"}
TABLE["reminder"] = "reminder r"
FEB29 = "02-29"  # falls on Feb 28 in common years: placed by the domain, never by SQL


def id_chunks(values: list[Any], prefix: str) -> Iterator[tuple[dict[str, Any], str]]:
    """``values`` as named parameters and their ``:name`` list for ``IN (...)``, in
    chunks of ``ID_CHUNK`` (under every database's parameter limit)."""
    for start in range(0, len(values), ID_CHUNK):
        chunk = values[start : start + ID_CHUNK]
        keys, marks = _marks(prefix, len(chunk))
        yield dict(zip(keys, chunk, strict=True)), marks


@lru_cache(maxsize=256)
def _marks(prefix: str, n: int) -> tuple[tuple[str, ...], str]:
    """The ``n`` parameter names of a chunk and their ``:name`` list: the same few
    lengths every read, so built once each, not per read."""
    keys = tuple(f"{prefix}{i}" for i in range(n))
    return keys, ", ".join(f":{k}" for k in keys)


# The rest of a kept row, by ``seq``: its tie-day read (``agenda_order.DAY_COLS``) has
# the name (and a life event's title as shown) and passed the scan's WHERE in this same
# read, so the row alone is read, no contact joined and no filter tested again.
REST = {
    "birthday": "c.id, c.birthday",
    "anniversary": "c.id, c.anniversary",
    "life_event": "e.id, e.parent_id, e.occurred_at",
    "reminder": "r.id, r.parent_id, r.message",  # its due date: the tie day's
}


def rest_sql(key: str, marks: str) -> str:
    """``seq`` and ``REST`` of the rows of scan ``key``'s table with these ``seq``."""
    return f"SELECT {ROW_ID[key]}, {REST[key]} FROM {TABLE[key]} WHERE {ROW_ID[key]} IN ({marks})"


def whole_rows(rows: Callable[..., list[Row]], key: str, keys: dict[Any, Row]) -> list[Row]:
    """The scan rows (``SQL[key]``'s columns) of kept tie-day rows, ``keys`` by ``seq``
    (``DAY_COLS`` and the order column): the rest of each row read by its ``seq`` alone
    (``rest_sql``: the ``seq`` and ``REST``), joined here to its keys ``k``, one
    comprehension a chunk (no call per row)."""
    out: list[Row] = []
    for names, marks in id_chunks(list(keys), "r"):
        got = rows(rest_sql(key, marks), **names)
        if key == "life_event":  # keys: name, title shown (the kind then unread), seq, day
            out += [(r[1], r[2], k[1], None, r[3], k[0], k[3]) for r in got for k in (keys[r[0]],)]
        elif key == "reminder":  # keys: name, seq, day (its due date: the read's ``= :last``)
            out += [(r[1], r[2], r[3], k[0], k[2]) for r in got for k in (keys[r[0]],)]
        else:  # a contact's date; keys: name, seq, day
            out += [(r[1], k[0], r[2], k[2]) for r in got for k in (keys[r[0]],)]
    return out


def ids_of(rows: Callable[..., list[Row]], key: str, seqs: list[Any]) -> dict[Any, Any]:
    """{seq: id} of these rows of scan ``key`` (a tie day's group of equal names)."""
    out: dict[Any, Any] = {}
    for names, marks in id_chunks(seqs, "r"):
        out.update(rows(ids_sql(key, marks), **names))
    return out


def ids_sql(key: str, marks: str) -> str:
    """(seq, id) of the rows of scan ``key``'s table with these ``seq`` (``marks``)."""
    alias = TABLE[key][-1]
    return f"SELECT {ROW_ID[key]}, {alias}.id FROM {TABLE[key]} WHERE {ROW_ID[key]} IN ({marks})"


# The SQL texts below are built from constants and the clauses a read adds (parameter
# names, never values): the same few dozen every read, so each is built once per process.
@lru_cache(maxsize=256)
def _scan(key: str, extra: str = "") -> str:
    return SQL[key].replace("{EXTRA}", extra)


@lru_cache(maxsize=256)
def _count(key: str, extra: str = "") -> str:
    body = _scan(key, extra)
    body = body[body.index(" FROM ") : body.index(" ORDER BY ")]
    return "SELECT count(*)" + body


@lru_cache(maxsize=256)
def _child_counts(key: str, extra: str = "") -> tuple[tuple[int, str], ...]:
    """(sign, SQL) of the counts whose sum is ``_count(key, extra)`` for a child panel."""
    alias, window = CHILD_WINDOW[key]
    texts = {
        part: sql.format(table=key, a=alias, window=window, EXTRA=extra)
        for part, sql in CHILD_COUNTS.items()
    }
    return (1, texts["all"]), (-1, texts["archived_parent"])


BIRTHDAY_COUNT_SQL = BIRTHDAY_COUNT.format(live=_LIVE, feb29=FEB29)


def _md(d: date) -> str:
    return f"{d.month:02d}-{d.day:02d}"


def _iso_capped(start: date, days: int) -> str:
    """``start + days`` as ISO text; past the calendar's end, the last day there is."""
    try:
        return (start + timedelta(days=days)).isoformat()
    except OverflowError:
        return date.max.isoformat()


def _contact(row: Row) -> dict[str, Any]:
    """A ``due_rows`` row as the contact the domain's stay-in-touch rows read."""
    return dict(zip(STAY_COLS, row, strict=True))


@lru_cache(maxsize=64)
def md_ranges(today: date, horizon_days: int) -> tuple[tuple[str, str, str], ...]:
    """Month-day ranges covering ``[today, today+horizon]`` in date order, each with
    the year its days fall in (split at New Year; a year or more is every day once,
    from today round to yesterday). Cached: a read asks a dozen times, and the
    dashboard asks again for the same day."""
    this, nxt = f"{today.year:04d}", f"{today.year + 1:04d}"
    if horizon_days >= 365:
        if (today.month, today.day) == (1, 1):
            return (("01-01", "12-31", this),)
        yesterday = _md(today - timedelta(1))
        return (_md(today), "12-31", this), ("01-01", yesterday, nxt)
    end = today + timedelta(days=horizon_days)
    if end.year == today.year:
        return ((_md(today), _md(end), this),)
    return (_md(today), "12-31", this), ("01-01", _md(end), nxt)


def events_of(
    found: Iterable[tuple[str, Row]], inactive: set[str], today: date, horizon_days: int
) -> list[AgendaRow]:
    """The domain's rows of scan rows (key, row) of the yearly sources, those of
    ``inactive`` people (deceased, partial) left out, in the panel's order.

    A scan reads what the domain's rows show and nothing its WHERE fixes: a birthday
    scan's contact has only its birthday (the anniversary scan yields the anniversary,
    in its own order), a life event is recurring and its contact (``parent_id``) live.
    So each row is the domain's ``yearly_row`` of its columns: no dict per row."""
    rows: list[AgendaRow] = []
    for key, row in found:
        if key == "life_event":
            eid, parent, title, kind, occurred, name, _ = row  # SQL["life_event"]
            if parent in inactive:
                continue
            title = str(title or kind or "Life event")
            cid, raw, otype, oid = str(parent), occurred, "life_event", str(eid)
        else:
            parent, name, raw, _ = row  # SQL["birthday"], SQL["anniversary"]
            if parent in inactive:
                continue
            cid = oid = str(parent)
            title, otype = _TITLES[key], "contact"
        built = yearly_row(
            key,  # type: ignore[arg-type]
            title, raw, today, horizon_days, cid, str(name or "(no name)"), otype, oid,
        )  # fmt: skip
        if built is not None:
            rows.append(built)
    rows.sort(key=event_order)
    return rows


_TITLES = {"birthday": "Birthday", "anniversary": "Anniversary"}  # domain.event_rows'


def stays_of(
    found: Iterable[Row], left_out: set[str], today: date, tz: tzinfo | None
) -> list[AgendaRow]:
    """The domain's stay-in-touch rows (``stay_row``) of ``due_rows``-shaped rows (id,
    name, frequency, talk, topic) of live contacts, those ``left_out`` left out, in the
    panel's order: no dict per row."""
    rows = [
        row
        for cid, name, freq, last, topic in found
        if cid not in left_out
        and (row := stay_row(cid, name, freq, last, topic, today, DUE_SOON_DAYS, tz))
    ]
    rows.sort(key=stay_order)
    return rows


def reminders_of(found: Iterable[Row], today: date, horizon_days: int) -> list[AgendaRow]:
    """The domain's rows (``reminder_row``) of reminder scan rows, in the panel's order:
    the scan's rows are open and their contacts live (its WHERE), so no dict per row."""
    limit = today + timedelta(days=horizon_days)
    rows = [
        row
        for rid, parent, message, name, due in found
        if (row := reminder_row(rid, parent, str(name or "(no name)"), message, due, today, limit))
    ]
    rows.sort(key=reminder_order)
    return rows
