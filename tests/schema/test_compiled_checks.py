"""The compiled create checks (schema/compiled.py) never decide differently from the
full validator: for every model and field, across plain and awkward values, both
accept with the same normalised result or both reject with the same reasons."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from friendship_tui.schema import MODELS, FieldType, Model, SchemaError
from friendship_tui.schema.compiled import compile_create
from friendship_tui.schema.validation import _clean
from friendship_tui.store.sample_data import sample_rows

AWKWARD: list[Any] = [
    None, "", "   ", "plain", " padded ", "José Müller", "a\x00b", "\ud800", "x" * 5000,
    0, 1, -1, 2.5, float("nan"), float("inf"), 10**15, True, False, [], ["a", " a", "b"],
    ["", "x"], ["x\x00"], [1], {"a": 1}, "2024-02-29", "2023-02-29", "--04-15", "--0415",
    "1999", "0000-01-01", "2024-01-01T10:00:00Z", "2024-01-01T10:00", "9999-12-31T23:00-05:00",
    "https://example.org/x", " https://example.org ", "ftp://x", "text", "number", "date",
    "url", "bool", "12", "yes", "maybe", "friend", "phone", "2024-13-01", "2024-02-30",
    "9999-01-01", "9998-12-31", "0001-01-01", " 2024-01-01", "2024-01-01 ", "20240101",
    "2024-01-01T25:00Z", "\u0662\u0660\u0662\u0664-01-01", "2024-W01-1", "0001-01-01T00:00+01:00",
    "2024-01-01T10:00:00.123456Z", "2024-1-01", "2024-01-01T10:00Z", "2024-01-01T24:00:00Z",
    "9999-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "2024-01-01T10:00:00.1Z",
    "2024-01-01T10:00:00.1234567Z",
    "2024-02-30T10:00:00Z", "2024-01-01t10:00:00Z",
    # the generated code's own shortcuts: years alone, tag lists, number edges
    "0000", "0001", "9998", "9999", "2013", "\u0662\u0660\u0661\u0663", "+123", "12345",
    ["t", "t"], ["t", "T"], ["a" * 64], ["a" * 65], ["x"] * 50, [f"t{i}" for i in range(51)],
    ["tab\t"], ["é"], ("a",), 1e300, -0.0, 10**400, "--02-29", "--0229", "--13-01",
    "2024-02-29T23:59:59.999999Z", "9998-12-31T23:59:59Z", "\u00a0x", "x\u2028",
]  # fmt: skip


def outcome(model: Model, body: Any, validate: Any) -> tuple[str, Any]:
    try:
        return "ok", validate(body)
    except SchemaError as err:
        return "error", err.fields


def base_bodies() -> dict[str, dict[str, Any]]:
    """One valid body per model, from the sample data (every model appears)."""
    out: dict[str, dict[str, Any]] = {}
    for type_, data in sample_rows(40, date(2026, 11, 25), seed=3):
        out.setdefault(type_, data)
    return out


BASES = base_bodies()


@pytest.mark.parametrize("name", list(MODELS))
def test_every_field_and_value_agrees(name: str) -> None:
    model = MODELS[name]
    fast = compile_create(model)
    base = BASES[name]
    assert outcome(model, base, fast) == ("ok", _clean(model, base, creating=True))
    compared = 0
    for f in model.fields:
        values = [*AWKWARD, *f.choices]
        if f.type is FieldType.NUMBER:
            values += [f.minimum, f.maximum, (f.maximum or 0) + 1, (f.minimum or 0) - 1]
        for value in values:
            for body in ({**base, f.name: value}, {k: v for k, v in base.items() if k != f.name}):
                full = outcome(model, body, lambda b: _clean(model, b, creating=True))
                assert outcome(model, body, fast) == full, (name, f.name, value)
                compared += 1
    assert compared > 40 * len(model.fields)


@pytest.mark.parametrize("name", list(MODELS))
def test_random_mixes_agree(name: str) -> None:
    """Several fields hostile at once (the generated code checks them in one pass)."""
    model = MODELS[name]
    fast = compile_create(model)
    rng = random.Random(name)
    for _ in range(300):
        body = dict(BASES[name])
        for f in rng.sample(model.fields, k=min(3, len(model.fields))):
            if rng.random() < 0.2:
                body.pop(f.name, None)
            else:
                body[f.name] = rng.choice([*AWKWARD, *f.choices])
        full = outcome(model, body, lambda b: _clean(model, b, creating=True))
        assert outcome(model, body, fast) == full, (name, body)


def test_custom_field_cross_rule_still_applies() -> None:
    fast = compile_create(MODELS["custom_field"])
    body = {**BASES["custom_field"], "kind": "number", "value": "twelve"}
    with pytest.raises(SchemaError) as err:
        fast(body)
    assert "because kind is number" in err.value.fields["value"]


def test_sample_rows_agree() -> None:
    """A realistic book's rows: the fast path's output is the full validator's."""
    for type_, data in sample_rows(60, date(2026, 11, 25), seed=1):
        model = MODELS[type_]
        assert compile_create(model)(data) == _clean(model, data, creating=True)


def test_not_a_mapping_is_reported() -> None:
    fast = compile_create(MODELS["contact"])
    with pytest.raises(SchemaError) as err:
        fast(["not", "an", "object"])  # type: ignore[arg-type]
    assert err.value.fields == {"body": "must be a JSON object"}
