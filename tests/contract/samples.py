"""Valid and invalid field values derived from the schema, for table-driven tests.

Nothing here is written per model: a new field or model gets covered automatically.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from friendship_tui.schema import MODELS, DateKind, Field, FieldType, Model


def valid_value(f: Field) -> Any:
    if f.date is DateKind.PARTIAL:
        return "1990-05-17"
    if f.date is DateKind.FULL:
        return "2026-03-01"
    if f.date is DateKind.TIMESTAMP:
        return "2026-01-02T03:04:05Z"
    if f.type is FieldType.ENUM:
        return f.choices[0]
    if f.type is FieldType.NUMBER:
        return 3
    if f.type is FieldType.BOOL:
        return True
    if f.type is FieldType.URL:
        return "https://example.com/x"
    if f.type is FieldType.TAGS:
        return ["alpha", "beta"]
    text = f"{f.name} value"
    return text[: f.max_length] if f.max_length else text


def valid_object(model: Model, refs: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every data field set to a valid value; refs (parent_id, target_id) from ``refs``."""
    out: dict[str, Any] = {}
    for f in model.fields:
        if f.ref is not None:
            if refs and f.name in refs:
                out[f.name] = refs[f.name]
            continue
        out[f.name] = valid_value(f)
    return out


def required_object(model: Model, refs: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Only the required fields."""
    full = valid_object(model, refs)
    return {f.name: full[f.name] for f in model.fields if f.required and f.name in full}


def invalid_values(f: Field) -> list[tuple[str, Any]]:
    """(rule, value) pairs that break a rule of ``f``; empty for unconstrained fields."""
    bad: list[tuple[str, Any]] = []
    if f.ref is not None:
        return [("ref", "no-such-contact")]
    if f.type is FieldType.STRING:
        bad.append(("type", 42))
        if f.max_length is not None:
            bad.append(("max_length", "x" * (f.max_length + 1)))
        if f.date is DateKind.PARTIAL:
            bad.append(("partial_date", "2021-02-30"))
        elif f.date is DateKind.FULL:
            bad.append(("full_date_only", "--03-01"))
            bad.append(("full_date_only", "2026"))
        elif f.date is DateKind.TIMESTAMP:
            bad.append(("timestamp", "yesterday-ish"))
            bad.append(("timestamp_digits", "２０２３-01-01"))
        if f.date is not None:
            bad.append(("year_range", "9999-12-31"))
            bad.append(("year_range", "0000-01-01"))
        if f.date is DateKind.PARTIAL:
            bad.append(("partial_date_shape", "20230101"))
            bad.append(("partial_date_shape", "2023-02-28T10:00"))
    elif f.type is FieldType.ENUM:
        bad.append(("enum", "not-a-choice"))
    elif f.type is FieldType.NUMBER:
        bad.append(("number", "three"))
        bad.append(("number", True))
        if f.minimum is not None:
            bad.append(("minimum", f.minimum - 1))
        if f.maximum is not None:
            bad.append(("maximum", f.maximum * 2 + 1))
            bad.append(("maximum", 1e308))
    elif f.type is FieldType.BOOL:
        bad.append(("bool", "yes"))
    elif f.type is FieldType.URL:
        bad.append(("url", "ftp://example.com/x"))
        bad.append(("url", "not a url"))
        bad.append(("url_length", "https://example.com/" + "x" * 2048))
    elif f.type is FieldType.TAGS:
        bad.append(("tags", "alpha,beta"))
        bad.append(("tags_count", [f"t{i}" for i in range(51)]))
        bad.append(("tag_length", ["x" * 65]))
        bad.append(("tag_empty", ["ok", "  "]))
    return bad


def invalid_cases() -> list[tuple[str, str, str, Any]]:
    """Every (type, field, rule, value) the validation must refuse, naming the field."""
    cases = []
    for model in MODELS.values():
        for f in model.fields:
            for rule, value in invalid_values(f):
                cases.append((model.name, f.name, rule, value))
    return cases


def patchable_probe(model: Model) -> tuple[str, Any]:
    """A patchable field and a new valid value different from ``valid_value``."""
    for f in model.fields:
        if not f.patchable or f.ref is not None:
            continue
        if f.type is FieldType.STRING and f.date is None:
            return f.name, "changed"
    raise AssertionError(f"{model.name} has no patchable text field")
