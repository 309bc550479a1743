"""Ids: 26 Crockford base-32 characters, strictly increasing within a process, whether
made one by one (``new``) or a chunk at a time (``new_many``, a bulk import's)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from friendship_tui.store.ids import IdMaker

ULID = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")
T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_new_many_increasing_and_shaped() -> None:
    ids = IdMaker()
    made = ids.new_many(T0, 5000)
    assert len(made) == len(set(made)) == 5000
    assert made == sorted(made)
    assert all(ULID.fullmatch(i) for i in made)
    assert made[0][:10] == made[-1][:10]  # this millisecond's prefix
    assert ids.new(T0) > made[-1]  # the one-by-one path continues above the chunk


def test_interleaved_with_a_frozen_or_backward_clock() -> None:
    """A stopped clock (the fake test clock) or one stepping back: still increasing,
    the chunk stepped above the last id like ``new`` steps."""
    ids = IdMaker()
    seen: list[str] = []
    for step in range(40):
        now = T0 - timedelta(milliseconds=step % 3)  # stands still, goes back
        seen += ids.new_many(now, step % 7)
        seen.append(ids.new(now))
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    assert all(ULID.fullmatch(i) for i in seen)


def test_the_random_digits_are_uniform() -> None:
    """Every digit of the random part is used, about equally (the low five bits of a
    random byte)."""
    made = IdMaker().new_many(T0, 4000)
    counts: dict[str, int] = {}
    for i in made:
        for ch in i[10:]:
            counts[ch] = counts.get(ch, 0) + 1
    assert len(counts) == 32
    expected = 4000 * 16 / 32
    assert all(abs(c - expected) < expected * 0.15 for c in counts.values())


def _value(id_: str) -> int:
    digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    value = 0
    for ch in id_:
        value = value * 32 + digits.index(ch)
    return value


def test_chunks_of_one_clock_reading_count_on() -> None:
    """An import's chunks all share its clock reading: the first chunk's random parts
    are sorted, each later chunk counts on from the last id (as ``new`` steps to the
    last + 1), across the 1024-id blocks whose heads are encoded once."""
    ids = IdMaker()
    first = ids.new_many(T0, 3000)
    later = ids.new_many(T0, 3000) + ids.new_many(T0, 2500)
    values = [_value(i) for i in first + later]
    assert values == sorted(values) and len(set(values)) == len(values)
    start = values[len(first)]
    assert start == values[len(first) - 1] + 1
    assert values[len(first) :] == list(range(start, start + len(later)))
    assert all(ULID.fullmatch(i) for i in later)
    assert {i[:10] for i in first + later} == {first[0][:10]}  # still this millisecond
    assert _value(ids.new(T0)) == values[-1] + 1
