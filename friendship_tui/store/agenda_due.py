"""How many stay-in-touch check-ins are due, counted by index ranges, never row by row.

The agenda counts a check-in from the user's LOCAL day of the last talk. For one
frequency a talk is due when its local day is at most ``due_by``, the latest day whose
step lands in the window (steps never go back). Where the zone keeps the UTC offset
``o``, that is ``talk < midnight(due_by + 1) - o``: one comparison of the stored UTC text
with a threshold. Far from the threshold the answer holds whatever the offset (no zone
is a day or more off UTC), so only the offsets of the two days around it matter, and a
change of offset there (a DST night) splits the due talks into a few ranges of text.
Each range is one count over ``ix_contact_due_shape``, whose leading expression says
whether a tracked talk is in the canonical UTC text (``YYYY-MM-DDTHH:MM:SS[.ffffff]Z``,
what the store writes) with a key that parsed (``next_due > ''``). Talks in other shapes
(an offset, a bare date) come from the same index (the expression false) and go to the
domain's ``next_due``, one look per distinct (talk, frequency); tracked contacts never
contacted (key ``''``) are due.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache

from ..domain.stay_in_touch import _FAST_STEPS

_D = "[0-9]"
_STAMP = f"{_D * 4}-{_D * 2}-{_D * 2}T{_D * 2}:{_D * 2}:{_D * 2}"
# The index predicates, per dialect; a query names them word for word (a planner uses
# a partial index only for a query whose WHERE holds the index's own terms).
CANON = {
    "sqlite": f"(last_contacted_at GLOB '{_STAMP}Z' "
    f"OR last_contacted_at GLOB '{_STAMP}.{_D * 6}Z')",
    "postgresql": "(last_contacted_at ~ "
    "'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{6})?Z$')",
}
# Whether a tracked talk is in the canonical UTC text (its key parsed: next_due > ''),
# else false; NULL for contacts not tracked or never contacted. An index expression, not
# a partial index: a partial index can be empty, and SQLite's ``PRAGMA optimize`` (run on
# close) re-analyses a table each time one of its indexes has no statistics.
SHAPE = {d: f"(CASE WHEN next_due > '' THEN {canon} END)" for d, canon in CANON.items()}
INDEX_COLUMNS = ("is_archived", SHAPE, "stay_in_touch_frequency", "last_contacted_at", "next_due")
INDEX_NAME = "due_shape"

Span = tuple[str | None, str | None]  # [from, to) of UTC text; None: unbounded
_WIDE = timedelta(hours=26)  # farther than any zone is from UTC
_SAMPLE = timedelta(hours=1)  # tzdata never changes an offset and back within an hour


def _shape(sqlite: bool) -> str:
    """The index expression as a query names it (on the contact ``c``)."""
    text = SHAPE["sqlite" if sqlite else "postgresql"]
    return text.replace("last_contacted_at", "c.last_contacted_at").replace(
        "next_due", "c.next_due"
    )


def spans_sql(
    live: str,
    spans: dict[str, list[Span]],
    sqlite: bool,
    bucket_sum: str | None = None,
) -> tuple[str, dict[str, str]]:
    """One statement summing a count per (frequency, span) over ``ix_contact_due_shape``.

    With ``bucket_sum`` (the counts table's SUM head, ``agenda_tallies.stay_sql``) a
    range open at its start (the years of talks before the boundary) is read as its
    whole days' buckets plus the boundary day's exact count, and an unbounded one as
    its buckets alone: the walk over those years' index entries was the cost."""
    where = f"{_shape(sqlite)} = TRUE"
    parts: list[str] = []
    params: dict[str, str] = {}
    for freq, ranges in spans.items():
        for start, end in ranges:
            n = len(params)
            params[f"s{n}"] = freq
            cond = f"c.stay_in_touch_frequency = :s{n}"
            if start is None and bucket_sum is not None:
                if end is None:
                    parts.append(f"{bucket_sum}'due ' || :s{n})")
                    continue
                start = end[:10]  # the boundary day's talks, counted exactly below
                parts.append(f"{bucket_sum}'due ' || :s{n} AND bucket < :s{n}a)")
            if start is not None:
                params[f"s{n}a"] = start
                cond += f" AND c.last_contacted_at >= :s{n}a"
            if end is not None:
                params[f"s{n}b"] = end
                cond += f" AND c.last_contacted_at < :s{n}b"
            parts.append(f"(SELECT count(*) FROM contact c WHERE {live} AND {cond} AND {where})")
    return "SELECT " + (" + ".join(parts) or "0"), params


def odd_sql(live: str, sqlite: bool) -> str:
    """Talks of other shapes with a key up to ``:hi`` (past it: certainly not due)."""
    where = f"{_shape(sqlite)} = FALSE"
    return (
        "SELECT c.last_contacted_at, c.stay_in_touch_frequency, count(*) FROM contact c "
        f"WHERE {live} AND c.next_due <= :hi AND {where} "
        "GROUP BY c.last_contacted_at, c.stay_in_touch_frequency"
    )


def _last_within(step: Callable[[date], date], bound: date) -> date:
    """The latest day whose step lands on or before ``bound`` (steps never go back)."""
    day = bound
    while step(day) > bound:  # a step of days or months: a few jumps back
        day -= timedelta(days=max(1, (step(day) - bound).days))
    while step(day + timedelta(days=1)) <= bound:
        day += timedelta(days=1)
    return day


def due_spans(last: date, tz: tzinfo | None) -> dict[str, list[Span]] | None:
    """Per frequency, the ranges of canonical UTC text whose talks are due by ``last``
    in the zone ``tz`` (None: the system's, which may change: never cached); None when
    the calendar's ends are too close or the zone's offsets are finer than a second
    (then the caller looks at the talks near the boundary one by one)."""
    return _spans_of(last, tz) if tz is None else _cached_spans(last, tz)


def _spans_of(last: date, tz: tzinfo | None) -> dict[str, list[Span]] | None:
    try:
        return {freq: _spans(_last_within(step, last), tz) for freq, step in _FAST_STEPS.items()}
    except (OverflowError, ValueError):
        return None


_cached_spans = lru_cache(maxsize=64)(_spans_of)


def _offset(moment: datetime, tz: tzinfo | None) -> timedelta:
    off = moment.astimezone(tz).utcoffset()
    if off is None or off.microseconds:
        raise ValueError("no whole-second offset")
    return off


def _change(lo: datetime, hi: datetime, tz: tzinfo | None) -> datetime:
    """The first second in (lo, hi] with hi's offset (lo's differs)."""
    want = _offset(hi, tz)
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) // 2
        mid -= timedelta(microseconds=mid.microsecond)
        if mid <= lo:
            break
        if _offset(mid, tz) == want:
            hi = mid
        else:
            lo = mid
    return hi


def _spans(due_by: date, tz: tzinfo | None) -> list[Span]:
    after = due_by + timedelta(days=1)
    midnight = datetime(after.year, after.month, after.day, tzinfo=UTC)  # local, as naive
    start, stop = midnight - _WIDE, midnight + _WIDE
    # pieces of one offset within [start, stop)
    pieces: list[tuple[datetime, timedelta]] = [(start, _offset(start, tz))]
    moment = start
    while moment < stop:
        nxt = min(moment + _SAMPLE, stop)
        if _offset(nxt, tz) != pieces[-1][1]:
            pieces.append((_change(moment, nxt, tz), _offset(nxt, tz)))
        moment = nxt
    spans: list[tuple[datetime | None, datetime]] = []
    for i, (begin, off) in enumerate(pieces):
        end = pieces[i + 1][0] if i + 1 < len(pieces) else stop
        cut = min(end, midnight - off)  # due in this piece: before the local midnight
        first: datetime | None = None if i == 0 else begin
        if first is not None and cut <= first:
            continue
        if spans and first is not None and spans[-1][1] == first:
            spans[-1] = (spans[-1][0], cut)  # continues the previous range
        else:
            spans.append((first, cut))
    return [(None if a is None else _text(a), _text(b)) for a, b in spans]


def _text(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")
