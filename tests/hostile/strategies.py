"""Hypothesis strategies for the value of any field, derived from its declaration.

Each mixes ordinary values with the extremes that used to break something: numbers at
and beyond the declared range, NaN and infinities, years 1, 9998 and 9999, offsets that
leave the calendar in UTC, digits that are not ASCII, lone surrogates, NUL and texts of
ten thousand characters.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from friendship_tui.schema import DateKind, Field, FieldType, Model

HOSTILE_TEXT = ["\ud800", "a\udfffb", "x\x00y", "x" * 10_000, "", " ", "２０２３", "é\u200b\n\t"]
HOSTILE_NUMBERS: list[Any] = [
    1e308, -1e308, 5e-324, -5e-324, -0.0, 2**53 + 1, 2**63, 2**64, -(2**63) - 1, 1.9e19,
    -9.3e18, float("nan"), float("inf"), float("-inf"), "NaN", "1e400", "12", True, None,
]  # fmt: skip
DATE_TEXTS = {
    DateKind.PARTIAL: ["0001-01-01", "9998-12-31", "9999-12-31", "0000", "0001", "9998",
                       "9999", "--02-29", "--12-31", "2023-02-29", "20230101", "--0415",
                       "2023-02-28T10:00", "２０２３-01-01", "1984-03-12 "],
    DateKind.FULL: ["0001-01-01", "9998-12-31", "9999-12-31", "2024-02-29", "2023-02-29",
                    "--03-01", "2026", "20260101"],
    DateKind.TIMESTAMP: ["0001-01-01", "0001-01-01T00:00:00+01:00",
                         "0001-01-01T00:00:00-01:00", "9998-12-31T23:59:59+00:00",
                         "9998-12-31T23:59:59-14:00", "9999-12-31T23:59:59Z",
                         "2026-01-01 10:00", "2026-01-01T10:00:00.123456789Z",
                         "2026-W01-1", "20260101T1000", "2026-01-01T24:00"],
}  # fmt: skip


def _text(f: Field) -> st.SearchStrategy[Any]:
    size = f.max_length or 300
    ordinary = st.text(
        st.characters(codec=None, categories=None), max_size=min(size + 2, 60)
    )  # every code point, surrogates included
    return st.one_of(
        ordinary,
        st.sampled_from(HOSTILE_TEXT),
        st.sampled_from(["y" * size, "y" * (size + 1)]),
    )


def _date(f: Field) -> st.SearchStrategy[Any]:
    assert f.date is not None
    kind = f.date
    days = st.dates().map(lambda d: d.isoformat())
    if kind is DateKind.TIMESTAMP:
        days = st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat())
    elif kind is DateKind.PARTIAL:
        days = st.one_of(days, days.map(lambda s: "--" + s[5:]), days.map(lambda s: s[:4]))
    return st.one_of(days, st.sampled_from(DATE_TEXTS[kind]))


def _number(f: Field) -> st.SearchStrategy[Any]:
    lo, hi = f.minimum, f.maximum
    assert lo is not None and hi is not None, f"{f.name} has no declared range"
    edges = [lo, hi, lo - 1, hi + 1, hi * 2, (lo + hi) / 2]
    return st.one_of(
        st.floats(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(min_value=lo, max_value=hi),
        st.sampled_from(edges + HOSTILE_NUMBERS),
    )


def value_of(f: Field) -> st.SearchStrategy[Any]:
    """Any value, good or bad, a body may hold for ``f``."""
    if f.type is FieldType.NUMBER:
        return _number(f)
    if f.type is FieldType.BOOL:
        return st.one_of(st.booleans(), st.sampled_from(["yes", 1, None]))
    if f.type is FieldType.ENUM:
        return st.one_of(st.sampled_from(f.choices), st.sampled_from(["", "nope", "\ud800"]))
    if f.type is FieldType.URL:
        return st.one_of(
            st.text(max_size=30).map(lambda s: "https://example.com/" + s),
            st.sampled_from(["https://example.com/" + "x" * 3000, "ftp://x", "https://e.x/\ud800"]),
        )
    if f.type is FieldType.TAGS:
        return st.lists(_text(f), max_size=4)
    if f.date is not None:
        return _date(f)
    return _text(f)


def body_of(model: Model, refs: dict[str, str]) -> st.SearchStrategy[dict[str, Any]]:
    """A create body: refs pointing at real contacts, a plain value for each required
    field (so most bodies get as far as the store), any values for the others."""
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for f in model.fields:
        if f.ref is not None:
            required[f.name] = st.just(refs[f.name])
        elif f.required:
            plain = st.just("2026-05-01") if f.date else st.text("abc", min_size=1, max_size=5)
            required[f.name] = st.one_of(plain, plain, value_of(f))
        else:
            optional[f.name] = value_of(f)
    return st.fixed_dictionaries(required, optional=optional)
