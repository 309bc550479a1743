"""The bulk import's generated row makers (store/bulk_rows.py) give the very row the
long way gives (full validation, server values, kept values, derived columns), or
the same error naming the same fields, for realistic and for hostile bodies."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from friendship_tui.schema import MODELS, FieldType, SchemaError
from friendship_tui.schema.validation import _clean
from friendship_tui.store.bulk_rows import keep_server_values, row_maker, server_values
from friendship_tui.store.sample_data import sample_rows
from friendship_tui.store.tables import DERIVED

NOW = "2026-11-25T10:00:00.000000Z"
HOSTILE: list[Any] = [
    None, "", " ", "x", " x ", "\x00", "a\ud800", "Zoë", "x" * 9000, 0, -1, 7, 2.5,
    float("nan"), float("-inf"), True, False, [], ["t"], ["t", "t"], [" t"], ["é"], [""],
    {"k": 1}, "2024-02-29", "2023-02-29", "--02-29", "0000", "0001", "9998", "9999", "2013",
    "2024-01-01T10:00:00Z", "2024-01-01T10:00:00.000000Z", "yesterday", "https://x.org",
    "2026-11-25T10:00:00.123456Z", "2026-13-01T00:00:00.000000Z", 10**20,
]  # fmt: skip
KEPT: list[Any] = [None, "id-1", "", "x" * 65, 5, True, "2020-01-01T00:00:00Z", "2020-01-01"]


def _derived(name: str, sqlite: bool) -> tuple[Any, ...]:
    return tuple(d for d in DERIVED.get(name, ()) if d.on_sqlite or not sqlite)


def long_way(name: str, keep_ids: bool, derived: tuple[Any, ...], body: Any) -> Any:
    """The row as the import made it before the row makers, from the full validator."""
    model = MODELS[name]
    clean = _clean(model, body, creating=True)
    row = server_values(model, "me", NOW)
    row.update(dict.fromkeys(f.name for f in model.fields))
    row.update(clean)
    if keep_ids:
        keep_server_values(row, body)
    for d in derived:
        row[d.column] = d.compute(row)
    return row


def outcome(make: Any, body: Any) -> tuple[str, Any]:
    try:
        return "ok", make(body)
    except SchemaError as err:
        return "error", err.fields


def bases() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for type_, data in sample_rows(40, date(2026, 11, 25), seed=5):
        out.setdefault(type_, data)
    return out


BASES = bases()


@pytest.mark.parametrize("name", list(MODELS))
@pytest.mark.parametrize("keep_ids", [True, False])
@pytest.mark.parametrize("sqlite", [True, False])
def test_generated_row_is_the_long_way_row(name: str, keep_ids: bool, sqlite: bool) -> None:
    model = MODELS[name]
    derived = _derived(name, sqlite)
    fast = row_maker(model, keep_ids, derived)("me", NOW)

    def slow(body: Any) -> Any:
        return long_way(name, keep_ids, derived, body)

    base = BASES[name]
    ok = outcome(fast, base)
    assert ok == outcome(slow, base) and ok[0] == "ok"
    assert list(ok[1]) == list(outcome(slow, base)[1])  # the same columns, same order
    rng = random.Random(name)
    compared = 0
    for f in model.fields:
        for value in [*HOSTILE, *f.choices]:
            for body in ({**base, f.name: value}, {k: v for k, v in base.items() if k != f.name}):
                assert outcome(fast, body) == outcome(slow, body), (name, f.name, value)
                compared += 1
        # random mixes: several fields changed at once, kept server values among them
        for _ in range(20):
            body = dict(base)
            for g in rng.sample(model.fields, k=min(3, len(model.fields))):
                body[g.name] = rng.choice([*HOSTILE, *g.choices])
            for key in ("id", "created_at", "updated_at", "is_archived"):
                body[key] = rng.choice(KEPT)
            assert outcome(fast, body) == outcome(slow, body), (name, body)
            compared += 1
    assert compared > 60 * len(model.fields)


def test_sample_book_rows_agree() -> None:
    makers: dict[str, Any] = {}
    for type_, data in sample_rows(80, date(2026, 11, 25), seed=2):
        model = MODELS[type_]
        if type_ not in makers:
            makers[type_] = row_maker(model, True, _derived(type_, True))("me", NOW)
        expected = long_way(type_, True, _derived(type_, True), data)
        assert makers[type_](data) == expected


def test_not_a_mapping_and_a_mapping_that_is_no_dict() -> None:
    model = MODELS["note"]
    make = row_maker(model, False, ())("me", NOW)
    with pytest.raises(SchemaError) as err:
        make(["not", "an", "object"])  # type: ignore[arg-type]
    assert err.value.fields == {"body": "must be a JSON object"}

    class Body(dict[str, Any]):
        """A dict subclass: the long way, same row."""

    row = make(Body(parent_id="c1", body="hello"))
    assert row["body"] == "hello" and row["parent_id"] == "c1" and row["owned_by"] == "me"


def test_tags_are_normalised_like_the_full_validator() -> None:
    make = row_maker(MODELS["contact"], False, ())("me", NOW)
    tags = ["a", "b"]
    row = make({"name": "A", "tags": tags})
    assert row["tags"] == ["a", "b"] and row["tags"] is not tags  # a copy, as check_value
    assert make({"name": "A", "tags": [" a", "a", "b "]})["tags"] == ["a", "b"]
    assert any(f.type is FieldType.TAGS for f in MODELS["contact"].fields)


def test_month_day_of_a_stored_date_is_the_parsers() -> None:
    """The derived ``MM-DD`` columns' shortcut for a stored date (tables._month_day)
    gives what the partial-date parser gives, for every shape."""
    from friendship_tui.schema import parse_partial_date
    from friendship_tui.store.tables import _month_day

    def parsed(raw: Any) -> str | None:
        pd = parse_partial_date(str(raw)) if raw else None
        return f"{pd.month:02d}-{pd.day:02d}" if pd is not None and pd.recurs else None

    for raw in [
        "2024-02-29", "2023-02-29", "2024-13-01", "0000-01-01", "0001-01-01", "9999-12-31",
        " 2024-01-01", "2024-01-01T10:00Z", "--02-29", "--0229", "2013", "20240101", "",
        None, "\u0662\u0660\u0662\u0664-01-01", "2024-1-011", "2024/01/01",
    ]:  # fmt: skip
        assert _month_day(raw) == parsed(raw), raw


# every --MM-DD shape near the stored one: real days, impossible ones, other spellings
MONTH_DAY_SHAPES = [
    *(f"--{m:02d}-{d:02d}" for m in range(0, 14) for d in range(0, 33)),
    "--0229", "--2-29", "--02-9", " --02-29", "--02-29 ", "--\u0660\u0662-29", "--02-29T00:00Z",
]  # fmt: skip


def test_a_day_of_unknown_year_is_checked_and_read_by_the_set() -> None:
    """``--MM-DD`` values the set ``MONTH_DAYS`` holds are the very ones the full
    validator keeps unchanged; their ``MM-DD`` is the parser's; every other near shape
    still goes the long way, to the same outcome (leap day, month 13, day 0 ...)."""
    from friendship_tui.schema import parse_partial_date
    from friendship_tui.schema.dates import MONTH_DAYS
    from friendship_tui.store.tables import _month_day

    make = row_maker(MODELS["contact"], False, _derived("contact", True))("me", NOW)
    kept = 0
    for raw in MONTH_DAY_SHAPES:
        body = {"name": "A", "birthday": raw}
        assert outcome(make, body) == outcome(
            lambda b: long_way("contact", False, _derived("contact", True), b), body
        ), raw
        pd = parse_partial_date(raw)
        assert _month_day(raw) == (f"{pd.month:02d}-{pd.day:02d}" if pd and pd.recurs else None)
        if raw in MONTH_DAYS:
            assert make(body)["birthday"] == raw and make(body)["birthday_md"] == raw[2:]
            kept += 1
    assert kept == 366 == len(MONTH_DAYS)  # Feb 29 included: the year is unknown


def test_tags_json_is_json_dumps() -> None:
    """The tags column's text (bind processor): json.dumps(ensure_ascii=False)'s text."""
    import json

    from friendship_tui.store.tables import tags_json

    for tags in [
        [], ["a"], ["a", "b"], ["Zoë", 'x"y', "a\\b", "\n\t", "\x00", "\ud800", "\u2028", "日本"],
        ("t", "u"), [1, "a"], [None], [2.5, True],
    ]:  # fmt: skip
        assert tags_json(tags) == json.dumps(list(tags), ensure_ascii=False), tags
    assert tags_json(iter(["q"])) == '["q"]'


def test_text_tested_joined_fails_for_any_one_field() -> None:
    """A contact's text fields' NUL and surrogate tests are one test of their joined
    text: a bad value in any one of them (and only one) still goes the long way, to
    the same error; non-ASCII text that is fine is kept."""
    model = MODELS["contact"]
    make = row_maker(model, False, ())("me", NOW)

    def slow(body: Any) -> Any:
        return long_way("contact", False, (), body)

    texts = [f.name for f in model.fields if f.type is FieldType.STRING and not f.date]
    assert len(texts) >= 8
    for name in texts:
        for bad in ["a\x00b", "x\ud800", "\udc00"]:
            body = {**BASES["contact"], "city": "Zürich", name: bad}
            assert outcome(make, body)[0] == "error", (name, bad)
            assert outcome(make, body) == outcome(slow, body), (name, bad)
    # a surrogate pair split across two fields is still two lone surrogates
    body = {**BASES["contact"], "nickname": "a\ud83d", "company": "\ude00b"}
    assert outcome(make, body) == outcome(slow, body) and outcome(make, body)[0] == "error"
    fine = {**BASES["contact"], "city": "Zürich", "notes": "日本 \u2028"}
    assert outcome(make, fine) == ("ok", slow(fine))
